"""services.articles: storing an article (normalised, deduplicated), correcting its text and
its details."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict

from annotations import search
from annotations.filters import QuoteFilter
from annotations.models import Annotation, Article, ArticleRevision
from annotations.services import articles, highlights, review

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


# Correcting an article's details ------------------------------------------------------

MARCH = datetime.datetime(2026, 3, 4, tzinfo=datetime.UTC)


def _imported_by(user, **fields):
    return articles.article_create(
        title="Titre mal lu",
        text="Le texte de l'article, assez long pour être un texte.",
        created_by=user,
        **fields,
    )


def _details(article, **changes):
    current = {
        "title": article.title,
        "url": article.url,
        "outlet_name": article.outlet.name if article.outlet else "",
        "author": article.author,
        "published": article.published,
        "language": article.language,
    }
    return {**current, **changes}


def test_whoever_imported_an_article_corrects_its_details_and_the_history_says_what(analyst):
    article = _imported_by(analyst, outlet_name="Gazette", language="fr")
    revision = articles.article_update_details(
        article=article,
        user=analyst,
        expected_modified=article.modified,
        **_details(article, title="Le vrai titre", outlet_name="Le Monde", published=MARCH),
    )
    article.refresh_from_db()
    assert (article.title, article.outlet.name, article.published) == (
        "Le vrai titre",
        "Le Monde",
        MARCH,
    )
    assert revision.user == analyst and revision.article == article
    assert revision.changes == {
        "title": ["Titre mal lu", "Le vrai titre"],
        "outlet": ["Gazette", "Le Monde"],
        "published": ["", "2026-03-04"],
    }


def test_editors_correct_any_article_other_analysts_none(analyst, other_analyst, editor):
    article = _imported_by(analyst)
    with pytest.raises(PermissionDenied):
        articles.article_update_details(
            article=article,
            user=other_analyst,
            expected_modified=article.modified,
            **_details(article, title="Pris"),
        )
    assert not ArticleRevision.objects.exists()
    articles.article_update_details(
        article=article,
        user=editor,
        expected_modified=article.modified,
        **_details(article, author="Anne Rédactrice"),
    )
    assert Article.objects.get(pk=article.pk).author == "Anne Rédactrice"


def test_a_correction_made_on_outdated_details_writes_nothing(analyst, editor):
    article = _imported_by(analyst)
    opened = article.modified
    articles.article_update_details(
        article=article, user=editor, expected_modified=opened, **_details(article, title="A")
    )
    with pytest.raises(articles.ArticleConflict) as conflict:
        articles.article_update_details(
            article=article, user=analyst, expected_modified=opened, **_details(article, title="B")
        )
    assert conflict.value.current.title == "A"
    assert Article.objects.get(pk=article.pk).title == "A"
    assert ArticleRevision.objects.count() == 1


def test_a_url_another_article_has_is_a_duplicate_and_nothing_changes(analyst):
    taken = _imported_by(analyst, url="https://example.org/pris")
    article = articles.article_create(title="Autre", text="Un autre texte.", created_by=analyst)
    with pytest.raises(articles.DuplicateArticle) as duplicate:
        articles.article_update_details(
            article=article,
            user=analyst,
            expected_modified=article.modified,
            **_details(article, url="https://example.org/pris"),
        )
    assert duplicate.value.existing == taken
    assert Article.objects.get(pk=article.pk).url == ""


def test_unchanged_details_record_nothing_and_a_title_is_required(analyst):
    article = _imported_by(analyst)
    assert (
        articles.article_update_details(
            article=article, user=analyst, expected_modified=article.modified, **_details(article)
        )
        is None
    )
    with pytest.raises(ValidationError):
        articles.article_update_details(
            article=article,
            user=analyst,
            expected_modified=article.modified,
            **_details(article, title="   "),
        )
    assert not ArticleRevision.objects.exists()


def test_a_new_date_and_outlet_move_the_article_s_quotes_in_filters_and_search(analyst):
    article = _imported_by(analyst, outlet_name="Gazette")
    quote = highlights.annotation_create(
        article=article, author=analyst, start=3, end=8, themes=["Sanctions"]
    )
    articles.article_update_details(
        article=article,
        user=analyst,
        expected_modified=article.modified,
        **_details(article, title="Embargo pétrolier", outlet_name="Le Monde", published=MARCH),
    )
    in_march = QuoteFilter(
        QueryDict("theme=Sanctions&since=2026-03-01&until=2026-03-31&outlet=Le Monde"),
        queryset=Annotation.objects.all(),
    ).qs
    assert list(in_march) == [quote]
    assert list(search.search_articles(Article.objects.all(), "embargo")) == [article]


def test_a_corrected_text_is_in_the_history_too(editor, analyst):
    article = _imported_by(analyst)
    highlights.annotation_create(article=article, author=analyst, start=3, end=8)
    articles.article_update_text(
        article=article, text="Un texte de l'article, corrigé et plus long.", user=editor
    )
    (revision,) = ArticleRevision.objects.all()
    assert revision.user == editor
    assert revision.changes["text"] == [53, 44]
    assert sum(revision.changes["highlights"].values()) == 1


TOO_LONG = "Un mot de plus. " * 10


@pytest.fixture
def small_limit(settings):
    settings.NEWSROOM_MAX_ARTICLE_CHARS = 100


def test_a_text_over_the_limit_is_refused_before_the_database(analyst, small_limit):
    with pytest.raises(ValidationError, match="160 characters long; an article holds at most 100"):
        articles.article_create(text=TOO_LONG, created_by=analyst)
    assert not Article.objects.exists()


def test_a_correction_over_the_limit_is_refused(editor, article, small_limit):
    before = Article.objects.get(pk=article.pk).text
    with pytest.raises(ValidationError, match="at most 100"):
        articles.article_update_text(article=article, text=TOO_LONG, user=editor)
    assert Article.objects.get(pk=article.pk).text == before


def test_an_import_reports_the_oversized_item_and_imports_the_rest(analyst, small_limit):
    from annotations.importers.base import ArticleDraft, ImportItem
    from annotations.services import imports

    items = [
        ImportItem(source="long.txt", draft=ArticleDraft(title="Long", text=TOO_LONG)),
        ImportItem(source="short.txt", draft=ArticleDraft(title="Court", text="Un texte court.")),
    ]
    outcomes = list(imports.articles_import(items=items, created_by=analyst))
    by_name = {outcome.source: outcome for outcome in outcomes}
    assert by_name["long.txt"].status == "failed"
    assert "an article holds at most 100" in by_name["long.txt"].message
    assert by_name["short.txt"].status == "imported"


def test_article_create_refuses_a_language_that_is_no_code(analyst):
    with pytest.raises(ValidationError) as refusal:
        articles.article_create(text="Titre\n\nCorps.", created_by=analyst, language="zzz")
    assert "Unknown language code 'zzz'" in refusal.value.message_dict["language"][0]
    article = articles.article_create(text="Titre\n\nCorps.", created_by=analyst, language="FR")
    assert article.language == "fr"


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


def test_a_title_typed_by_someone_is_no_longer_derived(analyst):
    article = articles.article_create(
        text="Une phrase sans titre qui continue assez longtemps, et qui se termine ici. Suite.",
        created_by=analyst,
    )
    assert article.title_derived
    articles.article_update_details(
        article=article,
        user=analyst,
        expected_modified=article.modified,
        **_details(article, title="Le vrai titre"),
    )
    article.refresh_from_db()
    assert (article.title, article.title_derived) == ("Le vrai titre", False)
