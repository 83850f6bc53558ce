"""selectors.quote_rows: quotes with their related rows joined and their tags attached."""

import pytest

from annotations.models import Annotation, TaggedTheme, Theme
from annotations.selectors import quote_rows
from tests.factories import ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db


def test_joined_quotes_bring_article_outlet_people_in_one_query(
    make_quote, actor, editor, django_assert_num_queries
):
    quote = make_quote(speaker=actor)
    Annotation.objects.filter(pk=quote.pk).update(reviewer=editor)
    with django_assert_num_queries(1):
        (row,) = quote_rows.annotations_joined()
        seen = (row.article.outlet.name, row.author.username, row.speaker.name, row.reviewer)
    assert seen == (quote.article.outlet.name, "ana", "Vladimir Putin", editor)


def test_joined_quotes_keep_the_given_selection():
    assert quote_rows.annotations_joined(Annotation.objects.none()).count() == 0


@pytest.mark.parametrize("quotes", [1, 5])
def test_quotes_with_tags_prefetch_them_in_three_queries(
    make_quote, actor, quotes, django_assert_num_queries
):
    for _ in range(quotes):
        make_quote(themes=["Sanctions", "Énergie"], actors=[actor])
    with django_assert_num_queries(3):
        rows = list(quote_rows.annotations_with_tags())
        tags = [
            (sorted(t.name for t in row.themes.all()), [a.name for a in row.actors.all()])
            for row in rows
        ]
    assert tags == [(["Sanctions", "Énergie"], ["Vladimir Putin"])] * quotes


@pytest.mark.parametrize("quotes", [1, 5])
def test_tag_lists_are_by_name_in_four_queries(
    make_quote, actor, quotes, django_assert_num_queries
):
    other = EntityFactory(name="Ali Ahmadian")
    rows = [make_quote(themes=["Énergie", "Diplomatie"], actors=[actor, other])]
    rows += [make_quote() for _ in range(quotes - 1)]
    with django_assert_num_queries(4):
        quote_rows.with_tag_lists(rows)
    assert [theme.name for theme in rows[0].theme_list] == ["Diplomatie", "Énergie"]
    assert [entity.name for entity in rows[0].actor_list] == ["Ali Ahmadian", "Vladimir Putin"]
    assert all(row.theme_list == [] and row.actor_list == [] for row in rows[1:])


def test_tags_by_annotation_groups_the_selected_taggings_loading_each_tag_once(make_quote):
    article = ArticleFactory()
    first = make_quote(article, themes=["Sanctions", "Énergie"])
    second = make_quote(article, start=10, end=20, themes=["Sanctions"])
    make_quote(themes=["Ailleurs"])
    grouped = quote_rows.tags_by_annotation(TaggedTheme, Theme, content_object__article=article)
    assert {pk: [tag.name for tag in tags] for pk, tags in grouped.items()} == {
        first.pk: ["Sanctions", "Énergie"],
        second.pk: ["Sanctions"],
    }
    assert grouped[first.pk][0] is grouped[second.pk][0]


def test_tags_by_annotation_of_nothing_is_empty():
    assert quote_rows.tags_by_annotation(TaggedTheme, Theme, content_object__in=[]) == {}
