"""Background work, run by `manage.py db_worker` (or RQ workers) through Django's Tasks API."""

from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from annotations.models import ImportBatch
from annotations.services import imports, mentions


@task()
def run_import_batch(batch_id: int) -> dict[str, int]:
    """Import an uploaded batch of files and URLs; the batch's page polls its progress."""
    batch = imports.import_batch_run(batch=ImportBatch.objects.get(pk=batch_id))
    return batch.counts()


def queue_import_batch(batch: ImportBatch) -> None:
    """Hand a batch to the task worker, remembering the run's id to ask after it."""
    result = run_import_batch.enqueue(batch.pk)
    imports.import_batch_queued(batch=batch, task_id=str(result.id))


def import_batch_task_failed(batch: ImportBatch) -> bool:
    """Whether the task backend says the batch's background run failed (RQ notices a
    killed worker; the database backend, an error outside the import)."""
    if not batch.task_id:
        return False
    try:
        result = run_import_batch.get_result(batch.task_id)
    except (TaskResultDoesNotExist, ValueError):
        return False
    return result.status == TaskResultStatus.FAILED


@task()
def tag_every_mention(tagging_id: int) -> dict[str, int]:
    """Tag every mention of an actor over a dossier or the corpus; its page polls progress."""
    from annotations.models import MentionTagging

    tagging = mentions.mention_tagging_run(tagging=MentionTagging.objects.get(pk=tagging_id))
    return {"created": tagging.created_count, "tagged_existing": tagging.tagged_existing}
