"""selectors.export_sets: what the exports and the JSONL backup write."""

import pytest

from annotations.models import Annotation
from annotations.selectors import export_sets
from tests.factories import ArticleFactory, EntityFactory
from tests.selectors.helpers import review

pytestmark = pytest.mark.django_db


def _tags(quote) -> tuple:
    return (
        sorted(theme.name for theme in quote.themes.all()),
        sorted(entity.name for entity in quote.actors.all()),
    )


@pytest.mark.parametrize("quotes", [1, 6])
def test_an_export_set_is_by_id_with_everything_in_three_queries(
    make_quote, actor, editor, quotes, django_assert_num_queries
):
    made = [make_quote(themes=["Sanctions"], actors=[actor], speaker=actor) for _ in range(quotes)]
    review(made[0], editor, "approved")
    with django_assert_num_queries(3):
        rows = list(export_sets.annotations_for_export(Annotation.objects.order_by("-id")))
        seen = [
            (row.article.outlet.name, row.author.username, row.speaker.name, _tags(row))
            for row in rows
        ]
    assert rows == sorted(made, key=lambda quote: quote.pk)
    assert seen[0] == (
        made[0].article.outlet.name,
        "ana",
        actor.name,
        (["Sanctions"], [actor.name]),
    )
    assert rows[0].reviewer == editor


def test_an_article_s_quotes_in_text_order_with_their_tags(make_quote, actor):
    article = ArticleFactory()
    later = make_quote(article, start=10, end=20, themes=["Énergie"])
    longer = make_quote(article, start=0, end=12, actors=[actor])
    shorter = make_quote(article, start=0, end=8)
    make_quote()
    rows = list(export_sets.annotations_of_article(article=article))
    assert rows == [longer, shorter, later]
    assert _tags(rows[2]) == (["Énergie"], [])


def test_the_whole_backup_has_every_article_annotated_or_not(make_quote, actor):
    annotated, bare = ArticleFactory(), ArticleFactory()
    second = make_quote(annotated, start=10, end=20)
    first = make_quote(annotated, start=0, end=8, themes=["Sanctions"], actors=[actor])
    pairs = list(export_sets.articles_for_backup(None))
    assert pairs == [(annotated, [first, second]), (bare, [])]


def test_a_filtered_backup_has_only_the_selected_quotes_and_their_articles(make_quote):
    article = ArticleFactory()
    kept = make_quote(article, themes=["Sanctions"])
    make_quote(article, start=10, end=20, themes=["Énergie"])
    make_quote(themes=["Énergie"])
    ArticleFactory()
    selected = Annotation.objects.filter(themes__name="Sanctions")
    assert list(export_sets.articles_for_backup(selected)) == [(article, [kept])]


@pytest.mark.parametrize("articles", [1, 5])
def test_the_backup_reads_everything_it_writes_in_six_queries(
    make_quote, articles, django_assert_num_queries
):
    speaker = EntityFactory(name="Vladimir Putin")
    speaker.aliases.create(name="Poutine")
    for _ in range(articles):
        make_quote(ArticleFactory(), themes=["Sanctions"], actors=[speaker], speaker=speaker)
    # Articles with outlets, their quotes with people, themes, actors, the actors' and the
    # speakers' spellings.
    with django_assert_num_queries(6):
        for article, quotes in export_sets.articles_for_backup(None):
            assert article.outlet.name
            for quote in quotes:
                assert (quote.author.username, quote.reviewer) == ("ana", None)
                assert [alias.name for alias in quote.speaker.aliases.all()] == ["Poutine"]
                assert [a.aliases.all()[0].name for a in quote.actors.all()] == ["Poutine"]
                assert [theme.name for theme in quote.themes.all()] == ["Sanctions"]
