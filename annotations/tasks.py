"""Background work, run by `manage.py db_worker` (or RQ workers) through Django's Tasks API."""

from django_tasks import task

from annotations.models import ImportBatch
from annotations.services import imports, mentions


@task()
def run_import_batch(batch_id: int) -> dict[str, int]:
    """Import an uploaded batch of files and URLs; the batch's page polls its progress."""
    batch = imports.import_batch_run(batch=ImportBatch.objects.get(pk=batch_id))
    return batch.counts()


@task()
def tag_every_mention(tagging_id: int) -> dict[str, int]:
    """Tag every mention of an actor over a dossier or the corpus; its page polls progress."""
    from annotations.models import MentionTagging

    tagging = mentions.mention_tagging_run(tagging=MentionTagging.objects.get(pk=tagging_id))
    return {"created": tagging.created_count, "tagged_existing": tagging.tagged_existing}
