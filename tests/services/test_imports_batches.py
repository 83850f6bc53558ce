"""services.imports: the life of an import batch (heartbeat, a dead run marked failed,
retry, stored uploads removed) and its byte budget."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from annotations.models import Article, ImportBatch
from annotations.services import imports

pytestmark = pytest.mark.django_db

TEXT = "Titre {n}\n\nLe conseil municipal a adopté mardi soir le projet numéro {n} du centre."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _batch(user, count=2) -> ImportBatch:
    uploads = [(f"{n}.txt", TEXT.format(n=n).encode()) for n in range(count)]
    return imports.import_batch_create(user=user, uploads=uploads)


def test_a_run_removes_its_uploads_and_their_folder(analyst, _media):
    batch = _batch(analyst)
    folder = _media / batch.storage_folder
    assert len(list(folder.iterdir())) == 2
    batch = imports.import_batch_run(batch=batch)
    assert batch.status == ImportBatch.Status.DONE and batch.heartbeat is not None
    assert not folder.exists() and list((_media / "imports").iterdir()) == []
    assert batch.uploads_removed and not batch.can_retry


def test_a_running_batch_without_heartbeat_is_marked_failed_and_keeps_its_files(
    analyst, settings, _media
):
    settings.NEWSROOM_IMPORT_STALE_MINUTES = 10
    batch = _batch(analyst)
    old = timezone.now() - datetime.timedelta(minutes=11)
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", heartbeat=old, processed=1)
    batch.refresh_from_db()
    batch = imports.import_batch_expire(batch=batch)
    assert batch.status == ImportBatch.Status.FAILED and batch.finished is not None
    assert "stopped after 1 items" in batch.error and "Retry" in batch.error
    assert batch.can_retry and len(list((_media / batch.storage_folder).iterdir())) == 2


def test_a_live_or_queued_batch_is_left_alone(analyst):
    running = _batch(analyst)
    ImportBatch.objects.filter(pk=running.pk).update(status="running", heartbeat=timezone.now())
    running.refresh_from_db()
    assert imports.import_batch_expire(batch=running).status == ImportBatch.Status.RUNNING
    queued = _batch(analyst, count=1)
    ImportBatch.objects.filter(pk=queued.pk).update(
        created=timezone.now() - datetime.timedelta(days=1)
    )
    queued.refresh_from_db()
    assert imports.import_batch_expire(batch=queued).status == ImportBatch.Status.QUEUED


def test_a_batch_whose_task_failed_is_marked_failed(analyst):
    batch = _batch(analyst)
    assert imports.import_batch_expire(batch=batch, task_failed=True).status == "failed"


def test_a_retried_batch_runs_again_and_then_removes_its_files(analyst, other_analyst, _media):
    batch = _batch(analyst)
    ImportBatch.objects.filter(pk=batch.pk).update(status="failed", error="The import stopped")
    batch.refresh_from_db()
    with pytest.raises(PermissionDenied):
        imports.import_batch_retry(batch=batch, user=other_analyst)
    batch = imports.import_batch_retry(batch=batch, user=analyst)
    assert (batch.status, batch.error, batch.finished) == (ImportBatch.Status.QUEUED, "", None)
    with pytest.raises(ValidationError, match="Only a failed import"):
        imports.import_batch_retry(batch=batch, user=analyst)
    batch = imports.import_batch_run(batch=batch)
    assert batch.counts()["imported"] == 2 == Article.objects.count()
    assert not (_media / "imports").exists() or list((_media / "imports").iterdir()) == []


def test_a_batch_whose_files_were_removed_cannot_be_retried(analyst):
    batch = imports.import_batch_run(batch=_batch(analyst))
    ImportBatch.objects.filter(pk=batch.pk).update(status="failed")
    batch.refresh_from_db()
    with pytest.raises(ValidationError, match="Import them again"):
        imports.import_batch_retry(batch=batch, user=analyst)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_batch_reads_no_more_than_its_budget_and_says_so_file_by_file(analyst, settings):
    settings.NEWSROOM_IMPORT_MAX_BATCH_BYTES = 200
    texts = [TEXT.format(n=n).encode() for n in range(4)]
    assert all(70 < len(text) < 100 for text in texts)
    uploads = [
        ("a.txt", texts[0]),
        ("lot.zip", _zip([("b.txt", texts[1]), ("c.txt", texts[2])])),
        ("d.txt", texts[3]),
    ]
    batch = imports.import_batch_create(user=analyst, uploads=uploads)
    batch = imports.import_batch_run(batch=batch)
    report = {entry["source"]: entry for entry in batch.report}
    assert report["a.txt"]["status"] == report["lot.zip/b.txt"]["status"] == "imported"
    for source in ("lot.zip/c.txt", "d.txt"):
        assert report[source]["status"] == "failed"
        assert report[source]["message"] == (
            "Not imported: the import is over its 200 bytes limit in all "
            "(import this file on its own)"
        )
