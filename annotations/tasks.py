"""Background work, run by `manage.py db_worker` (or RQ workers) through Django's Tasks API."""

from django_tasks import task

from annotations import services
from annotations.models import ImportBatch


@task()
def run_import_batch(batch_id: int) -> dict[str, int]:
    """Import an uploaded batch of files and URLs; the batch's page polls its progress."""
    batch = services.import_batch_run(batch=ImportBatch.objects.get(pk=batch_id))
    return batch.counts()
