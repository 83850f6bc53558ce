"""models.tags: theme and actor URLs (their folded names: tests/models/test_base.py)."""

import pytest

from annotations.models import Theme
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_theme_and_actor_urls_use_their_slugs():
    theme = Theme.objects.create(name="Sanctions")
    entity = EntityFactory(name="Téhéran")
    assert theme.get_absolute_url() == "/themes/sanctions/"
    assert entity.get_absolute_url() == "/actors/t%C3%A9h%C3%A9ran/"
