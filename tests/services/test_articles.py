"""services.articles: storing an article (normalised, deduplicated) and correcting its text."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.services import articles, highlights

pytestmark = pytest.mark.django_db


TEXT = "Sanctions : Téhéran répond\r\n\r\n\r\nLe ministre  a parlé  hier.\n\n"


def test_article_create_normalises_text_and_takes_first_line_as_title(analyst):
    article = articles.article_create(text=TEXT, created_by=analyst, outlet_name="Le Monde")
    assert article.title == "Sanctions : Téhéran répond"
    assert article.text == "Le ministre a parlé hier."
    assert article.outlet.name == "Le Monde"
    assert article.imported_by == analyst
    assert not article.title_derived


def test_article_create_keeps_a_first_sentence_in_the_text_and_derives_the_title(analyst):
    text = "Le ministre a parlé hier.\n\nIl a ajouté que rien ne changerait."
    article = articles.article_create(text=text, created_by=analyst)
    assert article.text == text
    assert (article.title, article.title_derived) == ("Le ministre a parlé hier.", True)


def test_article_create_reports_duplicates_by_text_and_by_url(analyst):
    first = articles.article_create(
        title="A", text="Un texte.", url="https://example.org/a", created_by=analyst
    )
    with pytest.raises(articles.DuplicateArticle) as by_text:
        articles.article_create(title="B", text="  UN   texte. ", created_by=analyst)
    with pytest.raises(articles.DuplicateArticle) as by_url:
        articles.article_create(
            title="C", text="Autre texte.", url="https://example.org/a", created_by=analyst
        )
    assert by_text.value.existing == first == by_url.value.existing


def test_article_create_refuses_empty_text(analyst):
    with pytest.raises(ValidationError):
        articles.article_create(title="Vide", text=" \n\n ", created_by=analyst)


def test_outlets_are_matched_case_and_accent_insensitively(analyst):
    a = articles.article_create(
        title="A", text="Un.", outlet_name="Le Télégramme", created_by=analyst
    )
    b = articles.article_create(
        title="B", text="Deux.", outlet_name="LE TELEGRAMME", created_by=analyst
    )
    assert a.outlet == b.outlet


def test_article_text_change_reanchors_or_orphans(editor):
    article = articles.article_create(
        title="T",
        text="Premier paragraphe sur le gaz.\n\nLe ministre a dit : « Nous coopérerons. »\n\n"
        "Un passage qui sera supprimé entièrement.",
        created_by=editor,
    )
    quote = "Nous coopérerons."
    start = article.text.index(quote)
    kept = highlights.annotation_create(
        article=article, author=editor, start=start, end=start + len(quote)
    )
    doomed_start = article.text.index("Un passage")
    doomed = highlights.annotation_create(
        article=article, author=editor, start=doomed_start, end=len(article.text)
    )
    counts = articles.article_update_text(
        article=article,
        text="Un chapeau ajouté.\n\nPremier paragraphe sur le gaz.\n\n"
        "Le ministre a dit : « Nous coopérerons. »",
        user=editor,
    )
    kept.refresh_from_db()
    doomed.refresh_from_db()
    article.refresh_from_db()
    assert article.text[kept.start : kept.end] == quote and not kept.orphaned
    assert doomed.orphaned
    assert counts["orphaned"] == 1 and counts["position"] == 0


def test_analyst_cannot_change_article_text(analyst, article):
    with pytest.raises(PermissionDenied):
        articles.article_update_text(article=article, text="Autre", user=analyst)
