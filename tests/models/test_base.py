"""models.base: names unique once folded (FoldedNameModel); a background job's progress."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from annotations.models import EntityAlias, ImportBatch, MentionTagging, Outlet, Theme
from tests.factories import EntityFactory, UserFactory

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


def test_saving_stores_the_folded_name_again_after_a_rename():
    outlet = Outlet.objects.create(name="L’Écho  du Nord")
    assert Outlet.objects.get(pk=outlet.pk).normalized == "l'echo du nord"
    outlet.name = "Écho-Sud"
    outlet.save()
    assert Outlet.objects.get(pk=outlet.pk).normalized == "echo-sud"


def test_validating_folds_the_name_and_finds_a_taken_one():
    Outlet.objects.create(name="Le Monde")
    twin = Outlet(name="LE  MONDE")
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert twin.normalized == "le monde"
    assert "normalized" in refused.value.message_dict


@pytest.mark.parametrize("blank", ["   ", "\u0301", "\t\n"])
def test_a_name_that_folds_to_nothing_is_refused(blank):
    with pytest.raises(ValidationError) as refused:
        Outlet(name=blank).full_clean()
    assert refused.value.message_dict["name"] == ["A name is required."]


@pytest.mark.parametrize(
    ("status", "finished"),
    [("queued", False), ("running", False), ("done", True), ("failed", True)],
)
def test_a_job_is_finished_once_done_or_failed(status, finished):
    assert ImportBatch(status=status).is_finished is finished
    assert MentionTagging(status=status).is_finished is finished


def test_jobs_start_queued_and_list_newest_first():
    user = UserFactory()
    first, second = (ImportBatch.objects.create(created_by=user) for _ in range(2))
    ImportBatch.objects.filter(pk=first.pk).update(
        created=second.created + datetime.timedelta(seconds=1)
    )
    assert (second.status, second.error, second.finished) == ("queued", "", None)
    assert list(ImportBatch.objects.all()) == [first, second]
