"""models.tags: theme and actor URLs (their folded names: tests/models/test_base.py)."""

import importlib

import pytest

from annotations.models import Entity, Theme
from annotations.models.tags import fallback_slug
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_theme_and_actor_urls_use_their_slugs():
    theme = Theme.objects.create(name="Sanctions")
    entity = EntityFactory(name="Téhéran")
    assert theme.get_absolute_url() == "/themes/sanctions/"
    assert entity.get_absolute_url() == "/actors/t%C3%A9h%C3%A9ran/"


@pytest.mark.parametrize("name", ["!!!", "🇷🇺", "—", "_"])
def test_a_name_without_slug_characters_gets_a_stable_fallback_slug(name):
    theme = Theme.objects.create(name=name)
    actor = EntityFactory(name=name)
    assert theme.slug == fallback_slug("theme", name) and actor.slug.startswith("actor-")
    assert theme.get_absolute_url() == f"/themes/{theme.slug}/"
    assert actor.get_absolute_url() == f"/actors/{actor.slug}/"


def test_names_whose_slugs_clash_get_distinct_slugs_within_the_fields_length():
    long_names = ["x" * 200, "x" * 199 + "!", "X" * 199 + "?"]
    themes = [Theme.objects.create(name=name) for name in long_names]
    slugs = {theme.slug for theme in themes}
    assert len(slugs) == 3 and all(len(slug) <= 200 for slug in slugs)
    assert all(theme.get_absolute_url() for theme in themes)


def test_a_blanked_slug_is_filled_again_on_save():
    theme = Theme.objects.create(name="Sanctions")
    theme.slug = ""
    theme.save()
    assert theme.slug == "sanctions"


def test_migration_0016_gives_empty_slugs_their_fallback():
    from django.apps import apps

    fill = importlib.import_module("annotations.migrations.0016_tag_slug_fallback")
    theme, actor = Theme.objects.create(name="!!!"), EntityFactory(name="???")
    Theme.objects.filter(pk=theme.pk).update(slug="")
    Entity.objects.filter(pk=actor.pk).update(slug="")
    fill.fill_empty_slugs(apps, None)
    theme.refresh_from_db()
    actor.refresh_from_db()
    assert theme.slug == fallback_slug("theme", "!!!")
    assert actor.slug == fallback_slug("actor", "???")
