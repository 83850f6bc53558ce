"""tasks: an import batch run by the database task worker."""

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from annotations import tasks
from annotations.models import Article, ImportBatch
from annotations.services import imports

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_batch_runs_through_the_database_task_worker(analyst):
    batch = imports.import_batch_create(
        user=analyst,
        uploads=[
            ("premier.txt", b"Premier titre\n\nLe texte du premier."),
            ("vide.txt", b""),
            ("second.md", b"# Second titre\n\nLe *texte* du second."),
        ],
    )
    result = tasks.run_import_batch.enqueue(batch.pk)
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.counts() == {"imported": 2, "duplicate": 0, "failed": 1}
    assert [entry["source"] for entry in batch.report] == ["premier.txt", "vide.txt", "second.md"]
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"imported": 2, "duplicate": 0, "failed": 1}
    assert set(Article.objects.values_list("title", flat=True)) == {"Premier titre", "Second titre"}
