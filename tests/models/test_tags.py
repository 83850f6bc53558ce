"""models.tags: names unique once folded (themes, spellings); theme and actor URLs."""

import pytest
from django.db import IntegrityError, transaction

from annotations.models import EntityAlias, Theme
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("variant", ["PATROUCHEV", "patrouchev", "Pâtrouchev", " Patrouchev "])
def test_alias_normal_form_is_unique_across_case_and_accents(variant):
    entity = EntityFactory(name="Nikolai Patrushev")
    EntityAlias.objects.create(entity=entity, name="Patrouchev")
    with pytest.raises(IntegrityError), transaction.atomic():
        EntityAlias.objects.create(entity=entity, name=variant)


def test_theme_names_collide_whatever_their_case_and_accents():
    Theme.objects.create(name="Élysée")
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(name="ELYSEE")


def test_theme_and_actor_urls_use_their_slugs():
    theme = Theme.objects.create(name="Sanctions")
    entity = EntityFactory(name="Téhéran")
    assert theme.get_absolute_url() == "/themes/sanctions/"
    assert entity.get_absolute_url() == "/actors/t%C3%A9h%C3%A9ran/"
