"""selectors.reading: an article's reading view and one quote's page."""

import pytest

from annotations.models import Annotation, Article
from annotations.selectors import reading
from tests.factories import ArticleFactory, EntityFactory
from tests.selectors.helpers import review

pytestmark = pytest.mark.django_db


def test_the_reader_has_the_article_its_highlights_in_text_order_and_their_tags(
    make_quote, actor, editor
):
    article = ArticleFactory()
    inner = make_quote(article, start=10, end=20, themes=["Énergie"])
    outer = make_quote(article, start=10, end=30, speaker=actor, actors=[actor])
    first = make_quote(article, start=0, end=8, themes=["Sanctions", "Diplomatie"])
    review(first, editor, "rejected", reason="Hors sujet")
    make_quote(themes=["Ailleurs"])  # another article's

    reader = reading.article_for_reading(pk=article.pk)

    assert reader.article == article
    assert [a.pk for a in reader.annotations] == [first.pk, outer.pk, inner.pk]
    row = reader.annotations[0]
    assert (row.start, row.end, row.exact) == (0, 8, article.text[0:8])
    assert (row.status, row.get_status_display(), row.review_reason) == (
        "rejected",
        "Rejected",
        "Hors sujet",
    )
    assert (row.author_id, row.author_name, row.speaker_name) == (first.author_id, "ana", None)
    assert (reader.annotations[1].speaker_name, reader.annotations[1].speaker_slug) == (
        actor.name,
        actor.slug,
    )
    assert {pk: [t.name for t in tags] for pk, tags in reader.themes_by_annotation.items()} == {
        first.pk: ["Diplomatie", "Sanctions"],
        inner.pk: ["Énergie"],
    }
    assert {pk: [a.name for a in tags] for pk, tags in reader.actors_by_annotation.items()} == {
        outer.pk: [actor.name]
    }


@pytest.mark.parametrize("highlights", [1, 6])
def test_the_reader_takes_six_queries_however_many_highlights(
    make_quote, highlights, django_assert_num_queries
):
    article = ArticleFactory()
    speaker = EntityFactory()
    for n in range(highlights):
        make_quote(article, start=n, end=n + 5, themes=[f"Theme {n}"], actors=[speaker])
    with django_assert_num_queries(6):
        reader = reading.article_for_reading(pk=article.pk)
    assert len(reader.annotations) == highlights


def test_the_reader_of_a_missing_article_raises_does_not_exist():
    with pytest.raises(Article.DoesNotExist):
        reading.article_for_reading(pk=987654)


def test_a_quote_comes_with_its_people_tags_and_history(
    make_quote, actor, editor, django_assert_num_queries
):
    quote = make_quote(themes=["Sanctions"], actors=[actor], speaker=actor)
    review(quote, editor, "approved")
    review(quote, editor, "pending")
    review(quote, editor, "rejected", reason="Hors sujet")  # a reopened quote has no reviewer
    with django_assert_num_queries(5):  # the quote joined, themes, actors, events, their actors
        detail = reading.annotation_detail(pk=quote.pk)
    with django_assert_num_queries(0):
        seen = {
            "outlet": detail.article.outlet.name,
            "speaker": detail.speaker.name,
            "reviewer": detail.reviewer.username,
            "themes": [theme.name for theme in detail.themes.all()],
            "actors": [entity.name for entity in detail.actors.all()],
            "history": [
                (e.actor.username, e.from_status, e.to_status) for e in detail.review_events.all()
            ],
        }
    assert seen == {
        "outlet": quote.article.outlet.name,
        "speaker": actor.name,
        "reviewer": "eddie",
        "themes": ["Sanctions"],
        "actors": [actor.name],
        "history": [
            ("eddie", "pending", "approved"),
            ("eddie", "approved", "pending"),
            ("eddie", "pending", "rejected"),
        ],
    }


def test_a_missing_quote_raises_does_not_exist():
    with pytest.raises(Annotation.DoesNotExist):
        reading.annotation_detail(pk=987654)
