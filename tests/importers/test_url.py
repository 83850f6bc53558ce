"""Importers: text, Markdown, HTML, URL, JSONL/CSV, uploads, zips and folders (no database)."""

import datetime as dt
import http.server
import io
import json
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest

from annotations.importers import url as url_module
from annotations.importers.base import ImportFailure
from annotations.importers.bulk import iter_csv, iter_jsonl
from annotations.importers.files import drafts_from_path, drafts_from_upload
from annotations.importers.html import decode_html, draft_from_html
from annotations.importers.text import draft_from_markdown, draft_from_text
from annotations.importers.url import fetch_article, vet_address
from tests.helpers import FIXTURES as ALL_FIXTURES
from tests.helpers import SEEDS

FIXTURES = ALL_FIXTURES / "importers"

BOILERPLATE_PAGE = (FIXTURES / "article_boilerplate.html").read_bytes()
PAGE_PARAGRAPHS = [
    "Après trois ans de chantier, la première ligne de tramway de Port-Ardent sera mise en "
    "service le 6 avril, a confirmé mardi soir le conseil communautaire, au terme d’une "
    "séance animée.",
    "La ligne, longue de 9,4 kilomètres, reliera la gare maritime au quartier des "
    "Hauts-de-Lanvaux en desservant dix-sept stations.",
    "« Nous tenons enfin la promesse faite aux habitants des quartiers nord », a déclaré la "
    "présidente de l’agglomération, Odile Marchetti,",
    "Une tarification unique",
    "Le ticket à l’unité restera fixé à 1,70 euro et sera valable une heure sur l’ensemble "
    "du réseau, bus et tramway confondus.",
    "L’opposition municipale a dénoncé sur Twitter un calendrier « dicté par les élections »",
    "Les riverains de la rue des Cordiers, dont les commerces ont souffert pendant les travaux,",
    "Les premiers essais à vide débuteront lundi.",
]
PAGE_JUNK = [
    "cookies",
    "Tout accepter",
    "Accueil",
    "Économie",
    "Rechercher",
    "Facebook",
    "WhatsApp",
    "Partager",
    "Imprimer",
    "Lire aussi",
    "Pont levant",
    "Grève des bus",
    "Publicité",
    "Mots-clés",
    "newsletter",
    "Je m’abonne",
    "À lire aussi",
    "coquille Saint-Jacques",
    "140 embauches",
    "Laisser un commentaire",
    "Annuler la réponse",
    "Enregistrer mon nom",
    "Mentions légales",
    "Tous droits réservés",
    "dataLayer",
]


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def _assert_canonical(text: str) -> None:
    assert text == text.strip()
    assert "\n\n\n" not in text
    assert "\r" not in text


# --- plain text and Markdown -------------------------------------------------------------------


def test_draft_from_text_first_line_is_title():
    draft = draft_from_text(
        "\n\n  Le  port   s’agrandit \nLe conseil a voté l’extension du port de commerce.\n"
    )
    assert draft.title == "Le port s’agrandit"
    assert draft.text == "Le conseil a voté l’extension du port de commerce."
    assert draft.language == "fr"
    assert draft.published is None and draft.annotations == []


def test_draft_from_text_language_override():
    draft = draft_from_text("Title\n\nLe conseil a voté l’extension du port.", language="en-GB")
    assert draft.language == "en"


@pytest.mark.parametrize("raw", ["", "  \n\n ", "\ufeff"])
def test_draft_from_text_empty(raw):
    with pytest.raises(ImportFailure, match="empty"):
        draft_from_text(raw)


def test_markdown_is_reduced_to_plain_text():
    draft = draft_from_markdown((FIXTURES / "article.md").read_text(encoding="utf-8"))
    assert draft.title == "Les ostréiculteurs de la baie inquiets pour la saison"
    assert draft.author == "Jeanne Morvan"
    assert draft.published == dt.datetime(2024, 2, 9, tzinfo=dt.UTC)
    assert draft.language == "fr"
    assert _paragraphs(draft.text) == [
        "Les ostréiculteurs de la baie de Penlan redoutent une mauvaise saison après les "
        "fortes pluies de janvier, qui ont fait baisser la salinité de l’eau.",
        "Des pertes déjà constatées",
        "Selon le comité régional, les pertes atteindraient 20 % dans certains parcs. "
        "Les professionnels demandent une aide d’urgence.",
        "Première demande : un report des cotisations.",
        "Seconde demande : une indemnisation rapide.",
        "« Nous n’avons jamais vu ça en trente ans de métier », témoigne un producteur.",
    ]
    for syntax in ("#", "**", "](", "![", "parcs.jpg", "> "):
        assert syntax not in draft.text


def test_markdown_leading_heading_is_the_title():
    draft = draft_from_markdown("# Un *titre* avec [lien](https://x.example)\n\nLe `corps`.")
    assert draft.title == "Un titre avec lien"
    assert draft.text == "Le corps."


def test_markdown_bad_front_matter_date_is_ignored():
    draft = draft_from_markdown("---\ndate: March 3\n---\n# Titre\n\nLe corps du texte.")
    assert draft.published is None and draft.title == "Titre"


# --- HTML ---------------------------------------------------------------------------------------


def test_html_page_full_of_boilerplate():
    draft = draft_from_html(BOILERPLATE_PAGE, url="https://www.gazette-littoral.example/x?a=1")
    assert draft.title == "Le tramway de Port-Ardent ouvrira au printemps"
    assert draft.author == "Maëlle Kervadec"
    assert draft.outlet == "La Gazette du Littoral"
    assert draft.url == "https://www.gazette-littoral.example/region/tramway-port-ardent-printemps"
    assert draft.published == dt.datetime(2024, 3, 14, 7, 30, tzinfo=dt.UTC)
    assert draft.language == "fr"
    _assert_canonical(draft.text)
    for paragraph in PAGE_PARAGRAPHS:
        assert paragraph in draft.text
    for junk in PAGE_JUNK:
        assert junk not in draft.text, junk
    # The title is not repeated as the first paragraph; one paragraph per block.
    assert not draft.text.startswith(draft.title)
    assert len(_paragraphs(draft.text)) == 8


def test_broken_html_still_gives_the_article():
    draft = draft_from_html((FIXTURES / "broken.html").read_bytes())
    assert draft.title == "Storm closes the ferry line for a third day"
    assert draft.author == "Tom Ashdown"
    assert draft.language == "en"
    paragraphs = _paragraphs(draft.text)
    assert paragraphs[0].startswith("The ferry link between the mainland")
    assert "harbour master said in a statement late on Wednesday." in paragraphs[1]
    assert paragraphs[2].startswith("The operator said the first crossing")
    assert "Copyright" not in draft.text


@pytest.mark.parametrize(
    "html",
    [
        "<<<>>>",
        "<html><head><title>Rien</title></head><body></body></html>",
        b"\x00\x01\x02 not html",
        "   ",
        "<html><body><script>var a = '<p>no</p>';</script></body></html>",
    ],
)
def test_html_without_article_text_fails_clearly(html):
    with pytest.raises(ImportFailure) as failure:
        draft_from_html(html)
    assert str(failure.value)


def test_html_tables_and_lists_become_plain_paragraphs():
    body = "Un paragraphe assez long pour que l’extracteur le garde comme texte principal. " * 3
    html = (
        f"<html><body><article><p>{body}</p><table><tr><th>Ville</th><th>Votes</th></tr>"
        "<tr><td>Brest</td><td>1 200</td></tr></table><ul><li>Premier point</li>"
        "<li>Second point</li></ul><p>Ligne<br>coupée</p></article></body></html>"
    )
    draft = draft_from_html(html, url="https://example.org/a")
    assert _paragraphs(draft.text)[-5:] == [
        "Ville | Votes",
        "Brest | 1 200",
        "Premier point",
        "Second point",
        "Ligne\ncoupée",
    ]
    assert draft.url == "https://example.org/a"


def test_decode_html_uses_declared_charset_then_falls_back():
    page = "<html><head><meta charset='windows-1252'></head><body>L’été</body></html>"
    assert "L’été" in decode_html(page.encode("cp1252"))
    assert "L’été" in decode_html(page.encode("cp1252"), "iso-8859-1")
    # A wrong declaration (UTF-8 claimed, cp1252 sent) falls back instead of garbling.
    assert "L’été" in decode_html(page.encode("cp1252"), "utf-8")
    assert "L’été" in decode_html(page.replace("windows-1252", "utf-8").encode())


# --- JSONL and CSV ------------------------------------------------------------------------------


def test_jsonl_items_with_a_bad_line():
    items = list(iter_jsonl((FIXTURES / "articles.jsonl").read_bytes(), source="lot.jsonl"))
    assert [item.source for item in items] == [
        "lot.jsonl:1",
        "lot.jsonl:2",
        "lot.jsonl:3",
        "lot.jsonl:5",
        "lot.jsonl:6",
        "lot.jsonl:7",
    ]
    first, bad, with_notes, no_text, from_html, bad_date = items
    assert first.draft.title == "Le port de Kerlann s’agrandit"
    assert first.draft.text.endswith("\n\nLes travaux commenceront à l’automne.")
    assert first.draft.outlet == "Gazette du Nord" and first.draft.author == "Jeanne Morvan"
    assert first.draft.published == dt.datetime(2024, 3, 1, 8, 15, tzinfo=dt.UTC)
    assert first.draft.url == "https://news.example.org/kerlann-port"
    assert first.draft.language == "fr"
    assert bad.draft is None and bad.error.startswith("Invalid JSON")
    notes = with_notes.draft.annotations
    assert notes == [{"start": 0, "end": 9, "exact": "The offsh", "note": "kept as is"}]
    assert with_notes.draft.text[notes[0]["start"] : notes[0]["end"]] == notes[0]["exact"]
    assert with_notes.draft.language == "en"
    assert no_text.draft is None and "text" in no_text.error
    assert from_html.draft.title == "La médiathèque s’agrandit"
    assert from_html.draft.outlet == "Le Courrier du Val"
    assert from_html.draft.url == "https://courrier-val.example/mediatheque"
    assert bad_date.draft is None and "published date" in bad_date.error


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('["not", "an", "object"]', "JSON object"),
        ('{"text": 12}', '"text" must be a string'),
        ('{"text": "Titre\\n\\nCorps.", "annotations": "x"}', "annotations"),
    ],
)
def test_jsonl_record_errors(line, message):
    (item,) = iter_jsonl(line.encode(), source="x.jsonl")
    assert item.draft is None and message in item.error


def test_jsonl_language_fallback_and_binary():
    data = b'{"title": "T", "text": "Court."}\n{"title": "U", "text": "Bref.", "language": "de"}'
    languages = [item.draft.language for item in iter_jsonl(data, source="x", language="fr")]
    assert languages == ["fr", "de"]
    (item,) = iter_jsonl(b"\x00\x01\x02", source="x.jsonl")
    assert item.error == "Binary file, not text"


def test_csv_with_semicolons_in_cp1252():
    items = list(iter_csv((FIXTURES / "articles_semicolon.csv").read_bytes(), source="lot.csv"))
    assert [item.source for item in items] == ["lot.csv:2", "lot.csv:5", "lot.csv:6"]
    gare, ferry, empty = items
    assert gare.draft.title == "La gare routière déménage"
    assert _paragraphs(gare.draft.text)[1].startswith("Les usagers dénoncent « un éloignement")
    assert gare.draft.author == "Paul Le Goff" and gare.draft.language == "fr"
    assert gare.draft.published == dt.datetime(2024, 4, 2, tzinfo=dt.UTC)
    assert ferry.draft.text.startswith("From May, the island ferry will run twice a day")
    assert ferry.draft.language == "en" and ferry.draft.outlet == "Carrow Weekly"
    assert empty.draft is None and "text" in empty.error


def test_csv_with_commas_and_annotations_column():
    data = (
        b'title,text,annotations\n"Un titre","Un texte, avec une virgule.",'
        b'"[{""start"": 0, ""end"": 2}]"\n"Deux","Texte deux.","not json"\n'
    )
    first, second = iter_csv(data, source="c.csv")
    assert first.draft.text == "Un texte, avec une virgule."
    assert first.draft.annotations == [{"start": 0, "end": 2}]
    assert second.draft is None and "annotations" in second.error


def test_csv_without_text_column_is_one_clear_error():
    (item,) = iter_csv(b"titre;corps\nA;B\n", source="c.csv")
    assert item.draft is None
    assert item.error == "The CSV header must name a text or html column (found: titre, corps)"


# --- uploads and dispatch ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("fr_cp1252.txt", "Le marché couvert de Saint-Aubin-des-Landes rouvre ses portes"),
        ("fr_latin1.txt", "La fête de la moisson attire les foules"),
        ("fr_utf8_bom.txt", "Le conseil départemental vote son budget"),
        ("en_utf16_bom.txt", "City council approves riverside cycle path"),
        ("article.md", "Les ostréiculteurs de la baie inquiets pour la saison"),
        ("article_boilerplate.html", "Le tramway de Port-Ardent ouvrira au printemps"),
    ],
)
def test_upload_dispatch_by_extension(name, title):
    (item,) = drafts_from_upload(name, (FIXTURES / name).read_bytes())
    assert item.error is None and item.source == name
    assert item.draft.title == title
    _assert_canonical(item.draft.text)


def test_cp1252_upload_text_is_exact():
    (item,) = drafts_from_upload("a.txt", (FIXTURES / "fr_cp1252.txt").read_bytes())
    source = (FIXTURES / "fr_cp1252.txt").read_bytes().decode("cp1252")
    assert item.draft.text == source.split("\n\n", 1)[1].strip()


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("empty.txt", b"", "The file is empty"),
        ("blank.md", b"  \n\n  ", "The file is empty"),
        ("binary.txt", (FIXTURES / "binary.txt").read_bytes(), "Binary file, not text"),
        ("photo.html", (FIXTURES / "binary.txt").read_bytes(), "Binary file, not text"),
        ("report.pdf", b"%PDF-1.7", "Unsupported file type .pdf"),
        ("README", b"hello", "Unsupported file type (no extension)"),
        ("broken.zip", b"PK\x03\x04 not really", "Not a valid zip archive"),
    ],
)
def test_upload_errors(name, data, error):
    (item,) = drafts_from_upload(name, data)
    assert item.draft is None and item.error == error and item.source == name


def test_upload_over_the_limit():
    (item,) = drafts_from_upload("big.txt", b"a" * 2001, max_bytes=2000)
    assert item.error == "File larger than the 2 kB limit"


def test_upload_language_overrides_detection():
    (item,) = drafts_from_upload("a.txt", (FIXTURES / "fr_cp1252.txt").read_bytes(), language="br")
    assert item.draft.language == "br"


def test_upload_jsonl_and_csv_give_many_items():
    items = list(drafts_from_upload("lot.jsonl", (FIXTURES / "articles.jsonl").read_bytes()))
    assert len(items) == 6 and sum(item.draft is not None for item in items) == 3
    items = list(drafts_from_upload("lot.CSV", (FIXTURES / "articles_semicolon.csv").read_bytes()))
    assert [item.source for item in items] == ["lot.CSV:2", "lot.CSV:5", "lot.CSV:6"]


# --- zip archives -------------------------------------------------------------------------------

ARTICLE = "Un titre\n\nUn paragraphe de texte assez long pour être un article.\n"


def _zip(members, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_imports_members_and_skips_junk():
    data = _zip(
        [
            ("lot/", b""),
            ("lot/b.txt", ARTICLE.encode()),
            ("lot/a.md", b"# Titre A\n\nLe *texte* A."),
            ("lot/page.html", BOILERPLATE_PAGE),
            ("lot/set.jsonl", b'{"title": "J", "text": "Texte J."}\n{bad'),
            ("__MACOSX/lot/._b.txt", b"\x00\x05\x16\x07"),
            ("lot/.DS_Store", b"\x00\x00\x00\x01Bud1"),
            ("lot/notes.pdf", b"%PDF-1.4"),
        ]
    )
    items = list(drafts_from_upload("envoi.zip", data))
    assert [(item.source, item.error) for item in items] == [
        ("envoi.zip/lot/b.txt", None),
        ("envoi.zip/lot/a.md", None),
        ("envoi.zip/lot/page.html", None),
        ("envoi.zip/lot/set.jsonl:1", None),
        ("envoi.zip/lot/set.jsonl:2", items[4].error),
        ("envoi.zip/lot/notes.pdf", "Unsupported file type .pdf"),
    ]
    assert items[4].error.startswith("Invalid JSON")
    assert items[1].draft.title == "Titre A" and items[1].draft.text == "Le texte A."
    assert items[2].draft.outlet == "La Gazette du Littoral"


@pytest.mark.parametrize("name", ["../evil.txt", "lot/../../evil.txt", "/etc/evil.txt", "C:/x.txt"])
def test_zip_refuses_unsafe_paths_and_imports_the_rest(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = _zip([(name, ARTICLE.encode()), ("ok.txt", ARTICLE.encode())])
    bad, good = drafts_from_upload("envoi.zip", data)
    assert bad.draft is None and bad.error == "Refused: unsafe path in the archive"
    assert good.draft is not None and good.source == "envoi.zip/ok.txt"
    # Nothing is ever written out.
    assert list(tmp_path.iterdir()) == [] and not Path("/etc/evil.txt").exists()


def test_zip_bomb_member_is_refused_by_ratio():
    data = _zip([("bomb.txt", b"a" * 5_000_000), ("ok.txt", ARTICLE.encode())])
    assert len(data) < 50_000
    bomb, ok = drafts_from_upload("bomb.zip", data)
    assert bomb.draft is None and "compressed more than 100 times" in bomb.error
    assert ok.draft is not None


def test_zip_member_over_the_size_limit_is_refused():
    data = _zip([("big.txt", b"Titre\n\n" + b"x" * 30_000), ("ok.txt", ARTICLE.encode())])
    big, ok = drafts_from_upload("lot.zip", data, max_bytes=20_000)
    assert big.error == "File larger than the 20 kB limit"
    assert ok.draft is not None


def test_zip_total_expansion_is_capped():
    members = [(f"{n}.txt", ARTICLE.encode() + b"x" * 900) for n in range(6)]
    (item,) = drafts_from_upload("lot.zip", _zip(members), max_bytes=1000)
    assert item.error == "The archive expands to more than 5 kB"


def test_zip_with_too_many_members(monkeypatch):
    monkeypatch.setattr("annotations.importers.files.ZIP_MAX_MEMBERS", 3)
    members = [(f"{n}.txt", ARTICLE.encode()) for n in range(4)]
    (item,) = drafts_from_upload("lot.zip", _zip(members))
    assert item.error == "Too many files in the archive (4; at most 3)"


def test_zip_corrupt_member_fails_alone():
    data = bytearray(
        _zip([("a.txt", ARTICLE.encode()), ("b.txt", ARTICLE.encode())], zipfile.ZIP_STORED)
    )
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("a.txt")
    # Local header is 30 bytes + name + extra; flip a byte of the stored content.
    position = info.header_offset + 30 + len(info.filename) + len(info.extra) + 12
    data[position] ^= 0xFF
    corrupt, good = drafts_from_upload("lot.zip", bytes(data))
    assert corrupt.draft is None and corrupt.error.startswith("Corrupt file in the archive")
    assert good.draft is not None and good.source == "lot.zip/b.txt"


def test_nested_zip_is_refused():
    inner = _zip([("a.txt", ARTICLE.encode())])
    nested, ok = drafts_from_upload("lot.zip", _zip([("inner.zip", inner), ("b.txt", ARTICLE)]))
    assert nested.error == "Archives inside archives are not imported"
    assert ok.draft is not None


def test_drafts_from_path_walks_a_folder_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.md").write_text("# Titre\n\nCorps du texte.", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / ".hidden" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    (tmp_path / "lot.zip").write_bytes(_zip([("in.txt", ARTICLE.encode())]))
    items = list(drafts_from_path(tmp_path))
    assert [Path(item.source).relative_to(tmp_path).as_posix() for item in items] == [
        "a.md",
        "b/z.txt",
        "c.txt",
        "lot.zip/in.txt",
    ]
    assert [item.error for item in items] == [None, None, "The file is empty", None]
    (single,) = drafts_from_path(tmp_path / "b" / "z.txt", language="fr")
    assert single.draft.title == "Un titre" and single.draft.language == "fr"
    (big,) = drafts_from_path(tmp_path / "b" / "z.txt", max_bytes=10)
    assert big.error == "File larger than the 10 bytes limit"


# --- seeds: real scraped articles --------------------------------------------------------------

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not available")
SEED_JUNK = [
    "\nad\n",
    "Articles Liés",
    "LEAVE A REPLY",
    "Please enter your comment!",
    "Please enter your name here",
    "Advertisement",
    "Derniers articles",
    "Votre commentaire",
]


@needs_seeds
@pytest.mark.parametrize(
    ("prefix", "title_start", "snippets"),
    [
        (
            "000_",
            "L’Iran et la Russie renforcent leur partenariat",
            [
                "Moscou et Téhéran renforceront leur partenariat en matière de sécurité",
                "Patrouchev était auparavant chef des principaux services secrets russes",
                "mais aucune date n’a encore été fixée, a déclaré le ministère des Affaires "
                "étrangères à Moscou, selon Tass.",
            ],
        ),
        (
            "001_",
            "Le site Internet du réseau américain a cité",
            [
                "Peskov a déclaré : « Nous avons développé notre coopération avec l'Iran",
                "Il a ajouté : Cette coopération n'est en aucun cas dirigée contre les pays tiers.",
                "saluant sa position « précieuse et constructive ».",
            ],
        ),
    ],
)
def test_seed_articles_keep_paragraphs_and_lose_the_junk(prefix, title_start, snippets):
    (path,) = SEEDS.glob(f"{prefix}*.txt")
    draft = draft_from_text(path.read_text(encoding="utf-8"), source=path.name)
    assert draft.title.startswith(title_start)
    assert draft.language == "fr"
    _assert_canonical(draft.text)
    text = f"\n{draft.text}\n"
    for snippet in snippets:
        assert snippet in text
    for junk in SEED_JUNK:
        assert junk not in text, junk
    assert draft.text.endswith(snippets[-1])
    # One paragraph per blank-line-separated block, even where the seed used single newlines.
    assert all("\n" not in paragraph for paragraph in _paragraphs(draft.text))
    assert len(_paragraphs(draft.text)) >= 12


# --- URL: address vetting ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.0.0.5", "private"),
        ("172.16.3.4", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.10", "private"),
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 (refused here, never bound)
        ("::", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.1.2.3", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("64:ff9b::a00:1", "private"),
        ("2002:c0a8:0101::1", "private"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
        ("100.127.255.254", "shared (carrier-grade NAT)"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("240.0.0.1", "private"),
        ("198.18.0.1", "private"),
    ],
)
def test_vet_address_refuses_non_public_addresses(address, reason):
    with pytest.raises(ImportFailure) as failure:
        vet_address(address)
    assert str(failure.value) == f"Refused: {address} is a {reason} address"


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2a00:1450:4007:80e::200e"])
def test_vet_address_accepts_public_addresses(address):
    vet_address(address)  # no exception; nothing is contacted


def test_vet_address_loopback_allowance_is_loopback_only():
    vet_address("127.0.0.1", allow_loopback=True)
    vet_address("::1", allow_loopback=True)
    vet_address("::ffff:127.0.0.1", allow_loopback=True)
    unspecified = "0.0.0.0"  # noqa: S104 (refused here, never bound)
    for address in ("10.0.0.5", "169.254.169.254", unspecified, "192.168.0.1"):
        with pytest.raises(ImportFailure, match="Refused"):
            vet_address(address, allow_loopback=True)


# --- URL: fetching from a local server ---------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    hosts_seen: list[str] = []

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        _Handler.hosts_seen.append(self.headers.get("Host", ""))
        routes = {
            "/article": lambda: self._send(200, "text/html; charset=utf-8", BOILERPLATE_PAGE),
            "/latin": lambda: self._send(
                200,
                "text/html; charset=windows-1252",
                "<html><head><title>Travaux</title></head><body><article><p>"
                "L’été dernier, la commune a rénové l’église et le théâtre municipal, "
                "pour un coût total de quatre cent mille euros.</p></article></body></html>".encode(
                    "cp1252"
                ),
            ),
            "/redirect-ok": lambda: self._redirect("/article"),
            "/redirect-private": lambda: self._redirect("http://10.0.0.1/admin"),
            "/redirect-metadata": lambda: self._redirect("http://169.254.169.254/latest/"),
            "/redirect-file": lambda: self._redirect("file:///etc/passwd"),
            "/redirect-loop": lambda: self._redirect("/redirect-loop"),
            "/pdf": lambda: self._send(200, "application/pdf", b"%PDF-1.7 ..."),
            "/big": lambda: self._send(200, "text/html", b"<html>" + b"x" * 200_000),
            "/big-unannounced": self._big_unannounced,
            "/slow": self._slow,
            "/trickle": self._trickle,
            "/missing": lambda: self._send(404, "text/html", b"<html>nope</html>"),
        }
        routes.get(self.path, routes["/missing"])()

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _big_unannounced(self):
        # No Content-Length: only counting while streaming can stop it.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(100):
                self.wfile.write(b"<p>" + b"y" * 10_000 + b"</p>")
        except OSError:
            pass  # the client hung up, as it should

    def _slow(self):
        time.sleep(1.5)
        self._send(200, "text/html", BOILERPLATE_PAGE)

    def _trickle(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(20):
                self.wfile.write(b"<p>" + b"z" * 100 + b"</p>")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture(scope="module")
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _fetch(url, **options):
    return fetch_article(url, allow_loopback=True, timeout=0.5, **options)


def test_fetch_article_from_loopback(server):
    draft = _fetch(f"{server}/article")
    assert draft.title == "Le tramway de Port-Ardent ouvrira au printemps"
    assert draft.url == "https://www.gazette-littoral.example/region/tramway-port-ardent-printemps"
    assert draft.author == "Maëlle Kervadec" and draft.language == "fr"
    for paragraph in PAGE_PARAGRAPHS:
        assert paragraph in draft.text


def test_fetch_article_uses_the_http_charset(server):
    draft = _fetch(f"{server}/latin")
    assert draft.text.startswith("L’été dernier, la commune a rénové l’église")


def test_fetch_follows_safe_redirects(server):
    assert _fetch(f"{server}/redirect-ok").title.startswith("Le tramway de Port-Ardent")


def test_loopback_refused_without_the_allowance(server):
    with pytest.raises(ImportFailure, match=r"^Refused: 127\.0\.0\.1 is a loopback address$"):
        fetch_article(f"{server}/article", timeout=0.5)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/redirect-private", "Refused: 10.0.0.1 is a private address"),
        ("/redirect-metadata", "Refused: 169.254.169.254 is a link-local address"),
        ("/redirect-file", "Refused: only http and https URLs are imported, not 'file'"),
        ("/redirect-loop", "Too many redirects (more than 5)"),
        ("/pdf", "Not an HTML page (application/pdf)"),
        ("/missing", "The server answered HTTP 404 Not Found"),
    ],
)
def test_fetch_refusals(server, path, message):
    with pytest.raises(ImportFailure) as failure:
        _fetch(f"{server}{path}")
    assert str(failure.value) == message


@pytest.mark.parametrize("path", ["/big", "/big-unannounced"])
def test_fetch_caps_the_size(server, path):
    with pytest.raises(ImportFailure, match=r"^Page larger than 100 kB$"):
        _fetch(f"{server}{path}", max_bytes=100_000)


@pytest.mark.parametrize("path", ["/slow", "/trickle"])
def test_fetch_times_out(server, path):
    started = time.monotonic()
    with pytest.raises(ImportFailure, match=r"^Timed out after 0\.5 s$"):
        _fetch(f"{server}{path}")
    assert time.monotonic() - started < 1.4


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/a", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http:///nohost", "no host name"),
        ("http://[::1/", "Invalid URL"),
    ],
)
def test_fetch_refuses_bad_urls_before_any_connection(url, message, monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", _no_network)
    with pytest.raises(ImportFailure, match=message):
        fetch_article(url)


def _no_network(*args, **kwargs):
    raise AssertionError("must not resolve")


def _fake_dns(answers):
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answers[host]]

    return getaddrinfo


@pytest.mark.parametrize(
    ("addresses", "message"),
    [
        (["10.0.0.5"], "Refused: 10.0.0.5 is a private address"),
        (["93.184.215.14", "192.168.0.7"], "Refused: 192.168.0.7 is a private address"),
        (["127.0.0.1"], "Refused: 127.0.0.1 is a loopback address"),
    ],
)
def test_fetch_vets_every_resolved_address(addresses, message, monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", _fake_dns({"news.test": addresses}))
    with pytest.raises(ImportFailure) as failure:
        fetch_article("http://news.test/article", timeout=0.5)
    assert str(failure.value) == message


def test_fetch_connects_to_the_vetted_address_with_the_real_host_header(server, monkeypatch):
    port = server.rsplit(":", 1)[1]
    lookups = []

    def getaddrinfo(host, *args, **kwargs):
        lookups.append(host)
        # urllib3 passes the vetted literal through getaddrinfo too: no DNS involved.
        return _fake_dns({"news.test": ["127.0.0.1"], "127.0.0.1": ["127.0.0.1"]})(
            host, *args, **kwargs
        )

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    _Handler.hosts_seen.clear()
    draft = _fetch(f"http://news.test:{port}/article")
    assert draft.title.startswith("Le tramway")
    # One lookup of the name, by us: the connection went to the vetted address.
    assert lookups == ["news.test", "127.0.0.1"]
    assert _Handler.hosts_seen == [f"news.test:{port}"]


def test_unresolvable_host(monkeypatch):
    def getaddrinfo(*args, **kwargs):
        raise socket.gaierror("no such host")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(ImportFailure, match="Could not resolve host nowhere.test"):
        fetch_article("https://nowhere.test/")


def test_redirect_limit_is_five():
    assert url_module.MAX_REDIRECTS == 5


def test_jsonl_roundtrip_sources_are_stable():
    data = "\n".join(
        json.dumps({"title": f"T{n}", "text": f"Texte numéro {n}."}) for n in range(3)
    ).encode()
    assert [item.source for item in iter_jsonl(data, source="s.jsonl")] == [
        "s.jsonl:1",
        "s.jsonl:2",
        "s.jsonl:3",
    ]
