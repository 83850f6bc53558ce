"""importers.html: a news page to a draft (the article without the boilerplate), decoding."""

import datetime as dt

import pytest

from annotations.importers.base import ImportFailure
from annotations.importers.html import decode_html, draft_from_html
from tests.importers.helpers import (
    BOILERPLATE_PAGE,
    FIXTURES,
    PAGE_PARAGRAPHS,
    assert_canonical_shape,
    paragraphs_of,
)

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


def test_html_page_full_of_boilerplate():
    draft = draft_from_html(BOILERPLATE_PAGE, url="https://www.gazette-littoral.example/x?a=1")
    assert draft.title == "Le tramway de Port-Ardent ouvrira au printemps"
    assert draft.author == "Maëlle Kervadec"
    assert draft.outlet == "La Gazette du Littoral"
    assert draft.url == "https://www.gazette-littoral.example/region/tramway-port-ardent-printemps"
    assert draft.published == dt.datetime(2024, 3, 14, 7, 30, tzinfo=dt.UTC)
    assert draft.language == "fr"
    assert_canonical_shape(draft.text)
    for paragraph in PAGE_PARAGRAPHS:
        assert paragraph in draft.text
    for junk in PAGE_JUNK:
        assert junk not in draft.text, junk
    # The title is not repeated as the first paragraph; one paragraph per block.
    assert not draft.text.startswith(draft.title)
    assert len(paragraphs_of(draft.text)) == 8


def test_broken_html_still_gives_the_article():
    draft = draft_from_html((FIXTURES / "broken.html").read_bytes())
    assert draft.title == "Storm closes the ferry line for a third day"
    assert draft.author == "Tom Ashdown"
    assert draft.language == "en"
    paragraphs = paragraphs_of(draft.text)
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
    assert paragraphs_of(draft.text)[-5:] == [
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


def test_a_large_page_gets_the_fast_extraction_and_still_its_article():
    draft = draft_from_html(BOILERPLATE_PAGE, full_extraction_chars=1_000)
    assert draft.title == "Le tramway de Port-Ardent ouvrira au printemps"
    for paragraph in PAGE_PARAGRAPHS:
        assert paragraph in draft.text
    assert "Tous droits réservés" not in draft.text


@pytest.mark.parametrize("as_bytes", [True, False])
def test_a_page_over_the_size_limit_is_refused_with_what_to_do(as_bytes):
    page = BOILERPLATE_PAGE if as_bytes else BOILERPLATE_PAGE.decode()
    with pytest.raises(ImportFailure) as refusal:
        draft_from_html(page, max_chars=len(BOILERPLATE_PAGE) // 5)
    assert str(refusal.value).startswith("This page is too large to extract an article from (")
    assert "Save its text as a .txt file and import that." in str(refusal.value)


def test_a_page_without_title_or_heading_keeps_its_lede_and_derives_the_title():
    lede = (
        "Le site Internet du réseau américain a cité mercredi les propos de Dimitri Peskov, "
        "attaché de presse du Kremlin, selon lesquels la Russie a l'intention d'approfondir "
        "ses liens avec l'Iran, quoi qu'il arrive dans les mois à venir."
    )
    page = (
        f"<html><body><article><p>{lede}</p><p>Peskov a déclaré : « Nous avons développé "
        "notre coopération avec l'Iran dans divers domaines ».</p><p>Il a ajouté que cette "
        "coopération n'est en aucun cas dirigée contre des pays tiers, lors d'une conférence "
        "de presse au Kremlin.</p></article></body></html>"
    )
    draft = draft_from_html(page)
    assert draft.text.startswith(lede + "\n\n")
    assert draft.title_derived and draft.title.endswith("…")
    assert lede.startswith(draft.title.removesuffix("…"))
