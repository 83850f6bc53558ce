"""selectors.tag_suggestions: what the theme and actor fields suggest as one types."""

import pytest

from annotations.models import EntityAlias, Theme
from annotations.selectors import tag_suggestions
from tests.factories import EntityFactory, OutletFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_themes_containing_the_typed_text_prefix_matches_first():
    for name in ("Sécurité énergétique", "Énergie", "Sanctions", "Transition énergétique"):
        ThemeFactory(name=name)
    names = [row["name"] for row in tag_suggestions.theme_suggestions(query="ENERG")]
    assert names == ["Énergie", "Sécurité énergétique", "Transition énergétique"]
    (row,) = tag_suggestions.theme_suggestions(query="sanct")
    assert row == {"name": "Sanctions", "colour": Theme.objects.get(name="Sanctions").colour}


def test_theme_suggestions_are_limited_and_blank_asks_nothing(django_assert_num_queries):
    for n in range(5):
        ThemeFactory(name=f"Énergie {n}")
    assert len(tag_suggestions.theme_suggestions(query="energie", limit=3)) == 3
    with django_assert_num_queries(0):
        assert tag_suggestions.theme_suggestions(query="  ") == []
        assert tag_suggestions.actor_suggestions(query="") == []


def test_actors_are_found_by_name_or_spelling_and_say_which_spelling():
    putin = EntityFactory(name="Vladimir Putin", kind="person")
    putin.aliases.create(name="Poutine")
    EntityFactory(name="Poutine Corp", kind="organisation")
    EntityFactory(name="Iran", kind="country")
    rows = tag_suggestions.actor_suggestions(query="poutine")
    assert rows == [
        {"name": "Poutine Corp", "kind": "organisation", "alias": ""},
        {"name": "Vladimir Putin", "kind": "person", "alias": "Poutine"},
    ]


def test_an_actor_found_by_name_and_spelling_comes_once_by_its_name():
    putin = EntityFactory(name="Vladimir Putin")
    putin.aliases.create(name="Putin Vladimir")
    EntityFactory(name="Ilya Putinov")
    rows = tag_suggestions.actor_suggestions(query="putin", limit=5)
    assert [(row["name"], row["alias"]) for row in rows] == [
        ("Ilya Putinov", ""),
        ("Vladimir Putin", ""),
    ]
    assert len(tag_suggestions.actor_suggestions(query="putin", limit=1)) == 1


def test_outlets_are_suggested_like_themes():
    for name in ("L'Écho de Kestra", "Le Courrier de l'Est", "Écho du Nord"):
        OutletFactory(name=name)
    names = [row["name"] for row in tag_suggestions.outlet_suggestions(query="echo")]
    assert names == ["Écho du Nord", "L'Écho de Kestra"]
    assert tag_suggestions.outlet_suggestions(query=" ") == []


def test_new_actor_kinds_lists_unknown_names_once_with_their_guess_or_choice(
    django_assert_num_queries,
):
    EntityFactory(name="Nikolai Patrushev", kind="person")
    EntityAlias.objects.create(entity=EntityFactory(name="Vladimir Putin"), name="Poutine")
    names = ["Iran", "iran ", "Lavrov", "Nikolai  Patrushev", "POUTINE", "Kestra", "OTAN"]
    # No language: the guess does not depend on whether the recogniser is installed here.
    with django_assert_num_queries(2):
        rows = tag_suggestions.new_actor_kinds(names=names, chosen={"kestra": "group"})
    assert [(row.name, row.kind, row.guessed) for row in rows] == [
        ("Iran", "country", "country"),
        ("Lavrov", "person", "person"),
        ("Kestra", "group", "person"),
        ("OTAN", "organisation", "organisation"),
    ]
    with django_assert_num_queries(0):
        assert tag_suggestions.new_actor_kinds(names=[" ", "a\x00b"]) == []
