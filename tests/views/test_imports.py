"""views.imports: the import page and its limits."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from annotations.models import Article, ImportBatch
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
