"""models.jobs: import batches and tag-every-mention runs, their pages and their tallies."""

import pytest

from annotations.models import ImportBatch, MentionTagging
from tests.factories import EntityFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_batch_names_its_number_and_status_and_has_its_page():
    batch = ImportBatch.objects.create(created_by=UserFactory(), status="running")
    assert str(batch) == f"Import #{batch.pk} (Running)"
    assert batch.get_absolute_url() == f"/import/{batch.pk}/"


def test_a_batch_tallies_its_report_by_status():
    batch = ImportBatch(
        report=[
            {"source": "a.txt", "status": "imported"},
            {"source": "b.txt", "status": "failed"},
            {"source": "c.txt", "status": "imported"},
            {"source": "d.txt", "status": "duplicate"},
            {"source": "e.txt", "status": "updated"},
        ]
    )
    assert batch.counts() == {"imported": 2, "duplicate": 1, "failed": 1, "updated": 1}


def test_an_empty_report_still_names_the_three_outcomes():
    assert ImportBatch().counts() == {"imported": 0, "duplicate": 0, "failed": 0}


def test_a_tagging_names_its_actor_and_status_and_has_its_page():
    tagging = MentionTagging.objects.create(
        entity=EntityFactory(name="Vladimir Putin"), created_by=UserFactory(), status="done"
    )
    assert str(tagging) == "Tag every mention of Vladimir Putin (Done)"
    assert tagging.get_absolute_url() == f"/taggings/{tagging.pk}/"
