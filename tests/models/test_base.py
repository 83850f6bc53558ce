"""models.base: names unique once folded (FoldedNameModel)."""

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
