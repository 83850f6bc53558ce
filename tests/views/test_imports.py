"""views.imports: the import page and its limits."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from annotations.models import Annotation, Article, ImportBatch
from annotations.services import imports
from tests.factories import UserFactory
from tests.helpers import uploads

pytestmark = pytest.mark.django_db


def test_an_oversized_file_is_named_and_the_others_import(client, analyst, settings):
    settings.NEWSROOM_IMPORT_MAX_FILE_BYTES = 1_000
    client.force_login(analyst)
    files = uploads(("huge.txt", 5_000), ("fine.txt", 400))
    response = client.post(reverse("import_start"), {"files": files}, follow=True)
    page = response.content.decode()
    assert "huge.txt" in page and "File larger than the 1 kB limit" in page
    assert Article.objects.count() == 1


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(("size", "status"), [(900, "done"), (3_000, "queued")])
def test_a_batch_runs_inline_only_while_its_files_are_small(
    client, analyst, settings, _media, size, status
):
    settings.NEWSROOM_INLINE_IMPORT_MAX_BYTES = 2_000
    client.force_login(analyst)
    client.post(reverse("import_start"), {"files": uploads(("one.txt", size))})
    batch = ImportBatch.objects.get()
    assert batch.status == status
    # A batch left to the worker remembers its task, to ask after it.
    assert bool(batch.task_id) == (status == "queued")


def _dead_batch(client, user, settings) -> ImportBatch:
    settings.NEWSROOM_INLINE_IMPORT_LIMIT = 0
    client.force_login(user)
    client.post(reverse("import_start"), {"files": uploads(("one.txt", 400), ("two.txt", 500))})
    batch = ImportBatch.objects.get()
    long_ago = timezone.now() - datetime.timedelta(minutes=settings.NEWSROOM_IMPORT_STALE_MINUTES)
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", heartbeat=long_ago)
    return batch


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_a_dead_batch_shows_failed_stops_polling_and_can_be_retried(
    client, analyst, settings, _media
):
    batch = _dead_batch(client, analyst, settings)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "Failed:" in page and "worker stopped answering" in page
    assert "hx-trigger" not in page and "Retry this import" in page
    response = client.post(reverse("import_batch_retry", args=[batch.pk]))
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    batch.refresh_from_db()
    assert batch.status == "queued" and batch.task_id
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.counts()["imported"] == 2
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "Retry this import" not in page


def test_only_the_owner_or_staff_retries_a_batch(client, analyst, other_analyst, settings, _media):
    batch = _dead_batch(client, analyst, settings)
    client.get(batch.get_absolute_url())
    client.force_login(other_analyst)
    assert client.post(reverse("import_batch_retry", args=[batch.pk])).status_code == 403
    batch.refresh_from_db()
    assert batch.status == "failed"


def test_a_batch_whose_task_failed_in_the_backend_shows_failed(client, analyst, settings, _media):
    from django_tasks_db.models import DBTaskResult

    settings.NEWSROOM_INLINE_IMPORT_LIMIT = 0
    client.force_login(analyst)
    client.post(reverse("import_start"), {"files": uploads(("one.txt", 400))})
    batch = ImportBatch.objects.get()
    DBTaskResult.objects.filter(pk=batch.task_id).update(status="FAILED")
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "Failed:" in page and "Retry this import" in page


def test_the_import_page_refuses_a_language_that_is_no_code(client, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("import_start"), {"files": uploads(("a.txt", 300)), "language": "zz"}
    )
    assert response.status_code == 200 and not ImportBatch.objects.exists()
    assert "Unknown language code" in response.content.decode()


BACKUP_LINE = json.dumps(
    {
        "title": "Gaz",
        "text": "Gaz\n\nLe ministre a déclaré : « Nous coopérerons. »",
        "language": "",
        "annotations": [
            {"start": 5, "end": 12, "exact": "Le mini", "author": "eddie", "status": "approved",
             "reviewer": "admin2", "reviewed_at": "2020-01-02T03:04:05Z"}
        ],
    }
).encode()  # fmt: skip


@pytest.mark.parametrize(
    ("role", "staff"), [("analyst", False), ("editor", False), ("editor", True)]
)
def test_only_staff_may_restore_a_backup_in_full_from_the_import_page(client, role, staff, editor):
    user = UserFactory(username="importer", role=role, is_staff=staff)
    client.force_login(user)
    page = client.get(reverse("import_start")).content.decode()
    assert ('name="restore"' in page) is staff
    upload = SimpleUploadedFile("backup.jsonl", BACKUP_LINE)
    client.post(reverse("import_start"), {"files": [upload], "restore": "on"})
    batch = ImportBatch.objects.get()
    assert batch.full_restore is staff
    imports.import_batch_run(batch=batch)
    annotation = Annotation.objects.get()
    if staff:
        assert (annotation.status, annotation.author, annotation.reviewer.username) == (
            "approved",
            editor,
            "admin2",
        )
    else:
        assert (annotation.status, annotation.author, annotation.reviewer) == (
            "pending",
            user,
            None,
        )
        assert not get_user_model().objects.filter(username="admin2").exists()
    batch.refresh_from_db()
    page = client.get(batch.get_absolute_url()).content.decode()
    assert f"annotations: 1 {annotation.status}" in page
    assert ("Backups restored in full" in page) is staff
