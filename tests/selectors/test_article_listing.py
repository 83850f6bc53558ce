"""selectors.article_listing: the articles page's selection, top tags and snippets."""

import datetime

import pytest

from annotations.selectors import article_listing
from tests.factories import ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db


def _published(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 1, day, tzinfo=datetime.UTC)


def test_the_selection_counts_quotes_leaves_the_text_behind_newest_published_first(make_quote):
    older, newer = ArticleFactory(published=_published(1)), ArticleFactory(published=_published(9))
    make_quote(older)
    make_quote(older, start=10, end=20)
    rows = list(article_listing.articles_for_listing())
    assert [(row, row.annotation_count) for row in rows] == [(newer, 0), (older, 2)]
    assert "text" in rows[0].get_deferred_fields()


def test_a_filter_joining_quotes_does_not_change_the_count(make_quote):
    article = ArticleFactory(published=_published(1))
    make_quote(article, themes=["Sanctions"])
    make_quote(article, start=10, end=20, themes=["Énergie"])
    (row,) = article_listing.articles_for_listing().filter(annotations__themes__name="Énergie")
    assert row.annotation_count == 2


def test_top_tags_are_each_article_s_most_used_first(make_quote):
    tagged, bare = ArticleFactory(), ArticleFactory()
    iran, putin = EntityFactory(name="Iran"), EntityFactory(name="Vladimir Putin")
    make_quote(tagged, themes=["Sanctions", "Énergie"], actors=[putin])
    make_quote(tagged, start=10, end=20, themes=["Énergie"], actors=[iran, putin])
    make_quote(tagged, start=20, end=30, themes=["Énergie", "Diplomatie", "Défense"])

    top = article_listing.top_tags_of_articles([tagged, bare], per_article=2)

    assert [theme.name for theme in top[tagged.pk]["themes"]][0] == "Énergie"
    assert len(top[tagged.pk]["themes"]) == 2
    assert [entity.name for entity in top[tagged.pk]["actors"]] == ["Vladimir Putin", "Iran"]
    assert top[bare.pk] == {"themes": [], "actors": []}


@pytest.mark.parametrize("articles", [1, 6])
def test_top_tags_take_four_queries_however_many_articles(
    make_quote, articles, django_assert_num_queries
):
    actor = EntityFactory()
    page = [ArticleFactory() for _ in range(articles)]
    for article in page:
        make_quote(article, themes=["Sanctions", "Énergie"], actors=[actor])
    with django_assert_num_queries(4):
        top = article_listing.top_tags_of_articles(page)
    assert all(len(top[article.pk]["themes"]) == 2 for article in page)


def test_snippets_mark_the_search_in_each_article(django_assert_num_queries):
    article = ArticleFactory(text="Le ministre a parlé des sanctions contre Téhéran hier.")
    ArticleFactory(text="Rien à voir.")
    snippets = article_listing.article_snippets([article], "teheran")
    assert list(snippets) == [article.pk] and "<mark>Téhéran</mark>" in snippets[article.pk]
    with django_assert_num_queries(0):
        assert article_listing.article_snippets([article], " ") == {}
        assert article_listing.article_snippets([], "teheran") == {}
