"""views.imports: the import page and its limits."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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
