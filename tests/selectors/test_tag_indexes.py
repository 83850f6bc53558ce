"""selectors.tag_indexes: every theme and actor with its number of quotes."""

import pytest

from annotations.models import Entity
from annotations.selectors import tag_indexes
from tests.factories import EntityFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_the_theme_index_is_busiest_first_then_by_name(make_quote):
    ThemeFactory(name="Aucun")
    make_quote(themes=["Sanctions", "Énergie"])
    make_quote(themes=["Énergie"])
    make_quote(themes=["Diplomatie"])
    index = tag_indexes.theme_index()
    assert [(theme.name, theme.quotes) for theme in index["themes"]] == [
        ("Énergie", 2),
        ("Diplomatie", 1),
        ("Sanctions", 1),
        ("Aucun", 0),
    ]
    assert index["counts_at"] is not None


def test_the_actor_index_ranks_ids_busiest_first_then_by_name_of_one_kind(make_quote):
    putin, iran = EntityFactory(name="Vladimir Putin"), EntityFactory(name="Iran", kind="country")
    idle, berlin = EntityFactory(name="Ali Ahmadian"), EntityFactory(name="Berlin", kind="place")
    make_quote(actors=[putin, iran])
    make_quote(actors=[putin, berlin])
    index = tag_indexes.actor_index()
    assert index["ranking"] == [putin.pk, berlin.pk, iran.pk, idle.pk]
    assert index["uses"] == {putin.pk: 2, iran.pk: 1, berlin.pk: 1}
    assert tag_indexes.actor_index(kind="person")["ranking"] == [putin.pk, idle.pk]


def test_counts_are_cached_names_are_not(make_quote):
    putin = EntityFactory(name="Vladimir Putin")
    make_quote(actors=[putin])
    first = tag_indexes.actor_index()
    make_quote(actors=[putin], themes=["Sanctions"])
    newcomer = EntityFactory(name="Zelensky")
    again = tag_indexes.actor_index()
    assert again["uses"] == {putin.pk: 1} and again["counts_at"] == first["counts_at"]
    assert again["ranking"] == [putin.pk, newcomer.pk]


@pytest.mark.parametrize("actors", [1, 6])
def test_the_actors_shown_load_in_one_query_in_the_order_given(actors, django_assert_num_queries):
    ids = [EntityFactory().pk for _ in range(actors)][::-1]
    with django_assert_num_queries(1):
        ranked = tag_indexes.actors_ranked(ids, {ids[0]: 7})
    assert [entity.pk for entity in ranked] == ids
    assert [entity.quotes for entity in ranked] == [7] + [0] * (actors - 1)


def test_actors_are_counted_by_kind():
    EntityFactory(kind=Entity.Kind.PERSON)
    EntityFactory(kind=Entity.Kind.PERSON)
    EntityFactory(kind=Entity.Kind.COUNTRY)
    assert tag_indexes.actor_kind_counts() == [
        {"kind": "country", "total": 1},
        {"kind": "person", "total": 2},
    ]


@pytest.mark.parametrize("tags", [1, 6])
def test_the_indexes_take_two_queries_then_one_while_counts_are_cached(
    make_quote, tags, django_assert_num_queries
):
    for n in range(tags):
        make_quote(themes=[f"Theme {n}"], actors=[EntityFactory()])
    for index in (tag_indexes.theme_index, tag_indexes.actor_index):
        with django_assert_num_queries(2):  # the counts, the names
            index()
        with django_assert_num_queries(1):
            index()
