"""intake: import items gathered from URLs, paths and uploads, within the configured limits."""

import http.server
import io
import json
import time
import zipfile

import pytest

from annotations import intake
from tests.helpers import serve

ARTICLE_FR = (
    "<html lang='fr'><head><title>Le tram</title></head><body><article><h1>Le tram</h1>"
    "<p>La première ligne de tramway de Port-Ardent sera mise en service le 6 avril, a "
    "confirmé mardi soir le conseil communautaire, au terme d’une séance animée.</p>"
    "</article></body></html>"
).encode()
# Too few letters for language detection, and no language declared.
SCORES = (
    b"<html><head><title>Scores</title></head><body><article><h1>Scores</h1>"
    b"<p>12 - 7, 21 - 14, 3 - 0 : 45 / 12 ; 88 - 4, 17 - 2 ; 2026.</p>"
    b"<p>9 - 1, 10 - 3 ; 6 - 6.</p></article></body></html>"
)
# No language a detector could tell: the one given shows through.
NUMBERS_TXT = b"Scores\n\n12 - 7, 21 - 14, 3 - 0 : 45 / 12 ; 88 - 4, 17 - 2 ; 2026."
TEXT_FR = "Titre {}\n\nLe conseil municipal a adopté mardi soir le projet de piétonnisation."


class _Pages(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        if self.path == "/slow":
            time.sleep(0.6)
        body = {"/fr": ARTICLE_FR, "/scores": SCORES, "/slow": ARTICLE_FR}.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        body = body or b"<html>nope</html>"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    yield from serve(_Pages)


@pytest.fixture
def loopback(settings):
    """URL imports may reach the local test server."""
    settings.NEWSROOM_URL_IMPORT_ALLOW_LOOPBACK = True


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("https://news.example.org/a", True),
        ("http://news.example.org/a", True),
        ("HTTPS://news.example.org/a", False),
        ("ftp://news.example.org/a", False),
        ("news.example.org/a", False),
        ("/tmp/http://a", False),
    ],
)
def test_is_url_knows_web_addresses_from_paths(source, url):
    assert intake.is_url(source) is url


def test_a_fetched_page_becomes_an_item_named_by_its_url(server, loopback):
    item = intake.items_from_url(f"{server}/fr")
    assert (item.source, item.error) == (f"{server}/fr", None)
    assert (item.draft.title, item.draft.language) == ("Le tram", "fr")
    assert item.draft.text.startswith("La première ligne de tramway")


def test_the_language_given_serves_only_when_none_is_detected(server, loopback):
    assert intake.items_from_url(f"{server}/fr", language="de").draft.language == "fr"
    assert intake.items_from_url(f"{server}/scores").draft.language == ""
    assert intake.items_from_url(f"{server}/scores", language="de").draft.language == "de"


def test_a_failed_fetch_is_an_item_with_the_reason(server, loopback):
    item = intake.items_from_url(f"{server}/missing")
    assert (item.source, item.draft) == (f"{server}/missing", None)
    assert item.error == "The server answered HTTP 404 Not Found"


def test_loopback_addresses_are_refused_unless_the_setting_allows_them(server, settings):
    settings.NEWSROOM_URL_IMPORT_ALLOW_LOOPBACK = False
    item = intake.items_from_url(f"{server}/fr")
    assert (item.draft, item.error) == (None, "Refused: 127.0.0.1 is a loopback address")


def test_the_configured_page_size_and_timeout_apply(server, loopback, settings):
    settings.NEWSROOM_URL_IMPORT_MAX_BYTES = 100
    assert intake.items_from_url(f"{server}/fr").error == "Page larger than 100 bytes"
    settings.NEWSROOM_URL_IMPORT_MAX_BYTES = 5_000_000
    settings.NEWSROOM_URL_IMPORT_TIMEOUT = 0.2
    assert intake.items_from_url(f"{server}/slow").error == "Timed out after 0.2 s"


def test_sources_give_urls_files_and_folders_in_order(server, loopback, tmp_path):
    folder = tmp_path / "lot"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "b.txt").write_text(TEXT_FR.format("B"), encoding="utf-8")
    (folder / "a.txt").write_text(TEXT_FR.format("A"), encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "lot.zip", "w") as archive:
        archive.writestr("c.md", TEXT_FR.format("C"))
    single = tmp_path / "d.txt"
    single.write_text(TEXT_FR.format("D"), encoding="utf-8")
    missing = str(tmp_path / "absent.txt")
    sources = [f"{server}/fr", str(folder), missing, str(tmp_path / "lot.zip"), str(single)]
    items = list(intake.items_from_sources(sources))
    assert [item.source for item in items] == [
        f"{server}/fr",
        str(folder / "a.txt"),
        str(folder / "sub" / "b.txt"),
        missing,
        f"{tmp_path / 'lot.zip'}/c.md",
        str(single),
    ]
    assert [item.draft.title if item.draft else item.error for item in items] == [
        "Le tram",
        "Titre A",
        "Titre B",
        "No such file or folder",
        "Titre C",
        "Titre D",
    ]


def test_sources_apply_the_file_size_limit_and_the_language(server, loopback, tmp_path, settings):
    settings.NEWSROOM_IMPORT_MAX_FILE_BYTES = 100
    big = tmp_path / "big.txt"
    big.write_text("Titre\n\n" + "Un paragraphe de texte. " * 10, encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_bytes(NUMBERS_TXT)
    sources = [str(big), str(small), f"{server}/scores"]
    (too_big, fine, page) = intake.items_from_sources(sources, language="de")
    assert (too_big.draft, too_big.error) == (None, "File larger than the 100 bytes limit")
    assert (fine.error, fine.draft.language) == (None, "de")
    assert (page.error, page.draft.language) == (None, "de")


def test_no_sources_give_no_items():
    assert list(intake.items_from_sources([])) == []


def test_an_upload_gives_its_items_within_the_file_size_limit(settings):
    records = b'{"title": "Un", "text": "Premier texte."}\n{"title": "Deux", "text": "Second."}\n'
    items = list(intake.items_from_upload("lot.jsonl", records, language="fr"))
    assert [(item.source, item.draft.title, item.draft.language) for item in items] == [
        ("lot.jsonl:1", "Un", "fr"),
        ("lot.jsonl:2", "Deux", "fr"),
    ]
    settings.NEWSROOM_IMPORT_MAX_FILE_BYTES = 20
    (refused,) = intake.items_from_upload("lot.jsonl", records)
    assert (refused.source, refused.draft) == ("lot.jsonl", None)
    assert refused.error == "File larger than the 20 bytes limit"


_BODY = "Le conseil \x02municipal\x03 a adopté mardi soir le projet de piétonnisation du centre."
_HOSTILE_UPLOADS = {
    "txt": ("note\u202etxt.exe.txt", f"Ti\u202etre\x07\n\n{_BODY}".encode()),
    "md": ("note\x1b.md", f"# Ti\u202etre\x07\n\n{_BODY}".encode()),
    "html": (
        "page\u2066.html",
        (
            "<html lang='fr'><head><title>Ti\u202etre</title>"
            "<meta name='author' content='Jean\u202e Dupont'></head><body><article>"
            f"<h1>Ti\u202etre</h1><p>{_BODY}</p></article></body></html>"
        ).encode(),
    ),
    "jsonl": (
        "lot\u202e.jsonl",
        json.dumps(
            {
                "title": "Ti\u202etre\x07",
                "text": _BODY,
                "author": "Jean\x02 Dupont",
                "outlet": "\u2067Gazette\u2069",
            }
        ).encode(),
    ),
    "jsonl html": (
        "pages\u202e.jsonl",
        json.dumps(
            {
                "title": "Ti\u202etre\x07",
                "html": f"<html><body><article><h1>T</h1><p>{_BODY}</p></article></body></html>",
                "author": "Jean\x02 Dupont",
                "outlet": "\u2067Gazette\u2069",
            }
        ).encode(),
    ),
    "csv": (
        "lot\u202e.csv",
        (
            "title,text,author,outlet\n"
            f'"Ti\u202etre\x07","{_BODY}","Jean\x02 Dupont","\u2067Gazette"\n'
        ).encode(),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [*_HOSTILE_UPLOADS, "zip", "path"])
def test_every_entry_stores_no_controls_or_bidi_overrides(kind, analyst, tmp_path):
    from annotations.models import Article
    from annotations.services import imports

    if kind == "zip":
        name, data = "lot\u202e.zip", io.BytesIO()
        with zipfile.ZipFile(data, "w") as archive:
            archive.writestr("dans\u202e/note\x07.txt", _HOSTILE_UPLOADS["txt"][1])
        items = list(intake.items_from_upload(name, data.getvalue()))
    elif kind == "path":
        path = tmp_path / "note\u202e\x07.txt"
        path.write_bytes(_HOSTILE_UPLOADS["txt"][1])
        items = list(intake.items_from_sources([str(path)]))
    else:
        items = list(intake.items_from_upload(*_HOSTILE_UPLOADS[kind]))
    outcomes = list(imports.articles_import(items=items, created_by=analyst))
    assert [outcome.status for outcome in outcomes] == ["imported"]
    article = Article.objects.select_related("outlet").get()
    stored = [
        article.title,
        article.text,
        article.author,
        article.outlet.name if article.outlet else "",
    ]
    stored.append(outcomes[0].source)
    for value in stored:
        assert not any(char in value for char in "\x02\x03\x07\x1b\u202e\u2066\u2067\u2069"), value
    assert article.title == "Titre"
    assert "conseil municipal a adopté" in article.text


def test_a_zip_of_many_small_members_is_held_to_the_zip_budget(settings):
    """Members under the compression-ratio check's floor add up: 1,000 x 1 MB of text
    passed in a 4.8 MB zip."""
    settings.NEWSROOM_IMPORT_MAX_ZIP_BYTES = 2_000_000
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(30):
            archive.writestr(f"{n}.txt", TEXT_FR.format(n).encode() + b" du texte" * 11_000)
    assert len(data.getvalue()) < 100_000
    (item,) = intake.items_from_upload("lot.zip", data.getvalue())
    assert item.error == "The archive expands to more than 2 MB"


def test_a_zip_member_reads_stop_at_the_batch_budget():
    budget = intake.batch_budget()
    budget.remaining = 1_000
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", TEXT_FR.format(1).encode())
        archive.writestr("b.txt", TEXT_FR.format(2).encode() + b" suite" * 200)
    first, second = intake.items_from_upload("lot.zip", data, budget=budget)
    assert first.draft is not None
    assert second.error.startswith("Not imported: the import is over its ")


def test_a_url_item_that_raises_anything_fails_that_item_in_plain_words(server, loopback, settings):
    settings.NEWSROOM_URL_IMPORT_TIMEOUT = "soon"  # a misconfiguration: the fetch raises TypeError
    item = intake.items_from_url(f"{server}/fr")
    assert (item.source, item.draft) == (f"{server}/fr", None)
    assert item.error == "This page could not be read."


PASTED = (
    "Le ministre russe a reçu mercredi son homologue iranien à Moscou pour parler de "
    "coopération économique et de sécurité, selon l'agence Tass.\nad\n- Advertisement -\n"
    "Les deux pays veulent contourner les sanctions occidentales, a-t-il ajouté.\n"
    "LEAVE A REPLY\nPlease enter your comment!\nDerniers articles\nUn autre sujet."
)


def test_a_paste_is_drafted_exactly_like_an_uploaded_text_file():
    (uploaded,) = intake.items_from_upload("article.txt", PASTED.encode())
    pasted = intake.item_from_paste(PASTED)
    assert pasted.draft == uploaded.draft
    assert pasted.draft.language == "fr" and pasted.draft.title_derived
    assert "LEAVE A REPLY" not in pasted.draft.text and "\nad\n" not in pasted.draft.text


def test_a_paste_keeps_the_metadata_typed_and_reports_a_failure_as_an_item():
    item = intake.item_from_paste(
        PASTED, title=" Un  titre ", url="https://example.org/a", outlet="Tass", language="fr-FR"
    )
    assert (item.draft.title, item.draft.title_derived) == ("Un titre", False)
    assert (item.draft.url, item.draft.outlet, item.draft.language) == (
        "https://example.org/a",
        "Tass",
        "fr",
    )
    failed = intake.item_from_paste("ad\n\nLEAVE A REPLY")
    assert failed.draft is None and failed.error == "No article text found"
    assert failed.source == intake.PASTED
