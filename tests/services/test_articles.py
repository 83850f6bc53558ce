"""services.articles: storing an article (normalised, deduplicated) and correcting its text."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.services import articles, highlights, review

pytestmark = pytest.mark.django_db


TEXT = "Sanctions : Téhéran répond.\r\n\r\n\r\nLe ministre  a parlé  hier.\n\n"


def test_article_create_normalises_text_and_takes_first_line_as_title(analyst):
    article = articles.article_create(text=TEXT, created_by=analyst, outlet_name="Le Monde")
    assert article.title == "Sanctions : Téhéran répond."
    assert article.text == "Le ministre a parlé hier."
    assert article.outlet.name == "Le Monde"
    assert article.imported_by == analyst


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


DECISIVE = (
    "Le ministre a salué une étape décisive pour la coopération entre les deux pays voisins."
    "\n\nFin de l’article."
)


def _approved(article, words, author, editor):
    start = article.text.index(words)
    quote = highlights.annotation_create(
        article=article, author=author, start=start, end=start + len(words)
    )
    return review.annotation_review(annotation=quote, reviewer=editor, to_status="approved")


def test_a_quote_whose_words_change_goes_back_to_review_with_old_and_new_wording(analyst, editor):
    article = articles.article_create(title="T", text=DECISIVE, created_by=editor)
    changed = _approved(article, "une étape décisive pour la coopération", analyst, editor)
    moved = _approved(article, "Fin de l’article.", analyst, editor)
    counts = articles.article_update_text(
        article=article,
        text="Un chapeau.\n\n" + DECISIVE.replace("décisive", "funeste"),
        user=editor,
    )
    assert counts["fuzzy"] == 1
    changed.refresh_from_db()
    moved.refresh_from_db()
    assert changed.exact == "une étape funeste pour la coopération"
    assert (changed.status, changed.version, changed.reviewer) == ("pending", 3, None)
    event = changed.review_events.last()
    assert (event.actor, event.from_status, event.to_status) == (editor, "approved", "pending")
    assert event.reason == (
        "Words changed when the text was corrected: "
        "“une étape décisive pour la coopération” → “une étape funeste pour la coopération”"
    )
    # The same words, only moved: the approval holds, the move is recorded.
    assert (moved.status, moved.version, moved.exact) == ("approved", 3, "Fin de l’article.")
    assert moved.review_events.last().reason == "Moved with the corrected text, words unchanged"


def test_an_approved_quote_no_longer_in_the_text_goes_back_to_review(analyst, editor):
    article = articles.article_create(title="T", text=DECISIVE, created_by=editor)
    lost = _approved(article, "Fin de l’article.", analyst, editor)
    articles.article_update_text(article=article, text=DECISIVE.split("\n\n")[0], user=editor)
    lost.refresh_from_db()
    assert (lost.orphaned, lost.status, lost.version) == (True, "pending", 3)
    assert lost.review_events.last().reason == (
        "No longer found in the corrected text: “Fin de l’article.”"
    )


def test_a_correction_that_leaves_a_quote_in_place_does_not_touch_it(analyst, editor):
    article = articles.article_create(title="T", text=DECISIVE, created_by=editor)
    quote = _approved(article, "une étape décisive", analyst, editor)
    articles.article_update_text(
        article=article, text=DECISIVE.replace("Fin de", "Fin de tout"), user=editor
    )
    quote.refresh_from_db()
    assert (quote.status, quote.version, quote.review_events.count()) == ("approved", 2, 2)
