"""services.names: rows found by their folded name, and new rows added with a clean name."""

import pytest
from django.core.exceptions import ValidationError

from annotations.models import Entity, EntityAlias, Outlet, Theme
from annotations.services import names
from tests.factories import EntityFactory, OutletFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed", ["L’Élysée", "l'elysee", "  L'ÉLYSÉE ", "l‘Elysée", "L\u2019E\u0301lyse\u0301e"]
)
def test_find_ignores_case_accents_apostrophes_and_spacing(typed):
    elysee = OutletFactory(name="L'Élysée")
    OutletFactory(name="Élysée Matin")
    assert names.find(Outlet.objects, typed) == elysee


def test_find_matches_a_dash_variant_of_a_spaced_name():
    actor = EntityFactory(name="Jean-Marie   Le Pen")
    assert names.find(Entity.objects, "jean–marie le pen") == actor


def test_find_looks_only_among_the_rows_given():
    putin, other = EntityFactory(name="Vladimir Putin"), EntityFactory(name="Autre")
    alias = EntityAlias.objects.create(entity=putin, name="Poutine")
    assert names.find(EntityAlias.objects.filter(entity=putin), "POUTINE") == alias
    assert names.find(EntityAlias.objects.filter(entity=other), "POUTINE") is None


def test_find_without_a_match_is_none():
    ThemeFactory(name="Sanctions")
    assert names.find(Theme.objects, "Sanction") is None


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_a_blank_name_matches_nothing(blank):
    # Even a row saved without validation, whose folded name is empty.
    Outlet.objects.create(name="")
    assert names.find(Outlet.objects, blank) is None


def test_add_collapses_whitespace_and_stores_the_folded_name():
    outlet = names.add(Outlet, name="  Le   Monde\n diplomatique ", domain="monde-diplomatique.fr")
    outlet.refresh_from_db()
    assert outlet.name == "Le Monde diplomatique"
    assert outlet.normalized == "le monde diplomatique"
    assert outlet.domain == "monde-diplomatique.fr"


def test_add_validates_before_saving():
    names.add(Outlet, name="Le Monde")
    with pytest.raises(ValidationError, match="already exists"):
        names.add(Outlet, name="LE MONDE")
    with pytest.raises(ValidationError, match="A name is required"):
        names.add(Outlet, name=" ")
    with pytest.raises(ValidationError, match="colour"):
        names.add(Theme, name="Énergie", colour="red", exclude=["slug"])
    assert list(Outlet.objects.values_list("name", flat=True)) == ["Le Monde"]
    assert not Theme.objects.exists()


def test_add_skips_validating_only_the_fields_excluded():
    with pytest.raises(ValidationError, match="slug"):
        names.add(Theme, name="Énergie", colour="#e4572e")
    theme = names.add(Theme, name="Énergie", colour="#e4572e", exclude=("slug",))
    assert (theme.colour, theme.slug) == ("#e4572e", "énergie")
