"""Background jobs and their progress: import batches and tag-every-mention runs."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from annotations.models.articles import Dossier
from annotations.models.base import BackgroundRun
from annotations.models.tags import Entity


class ImportBatch(BackgroundRun):
    """One import run from the web page: its files or URLs, progress and per-item report."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches"
    )
    dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.SET_NULL)
    language = models.CharField(max_length=12, blank=True)
    # Staff only: backups come back with their authors and reviews (services.restore).
    full_restore = models.BooleanField(default=False)
    # Uploaded files wait in the default storage under this folder until the task reads them.
    storage_folder = models.CharField(max_length=255, blank=True)
    file_names = models.JSONField(default=list)
    urls = models.JSONField(default=list)
    processed = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, help_text="One entry per item: source, status, ...")
    # The run's last sign of life: a batch still "running" long after it was killed (for
    # its memory or time) is marked failed by whoever looks at it next.
    heartbeat = models.DateTimeField(null=True, blank=True)
    # The task backend's id for the background run, to ask whether that run failed.
    task_id = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"Import #{self.pk} ({self.get_status_display()})"

    @property
    def can_retry(self) -> bool:
        """A failed batch can run again while it still has what it needs: its uploads are
        kept for a batch whose worker died, and removed once a run ends."""
        return self.status == self.Status.FAILED and not self.uploads_removed

    @property
    def uploads_removed(self) -> bool:
        # The storage folder is forgotten once its files are deleted.
        return bool(self.file_names) and not self.storage_folder

    def get_absolute_url(self):
        return reverse("import_batch_detail", args=[self.pk])

    def counts(self) -> dict[str, int]:
        totals = {"imported": 0, "duplicate": 0, "failed": 0}
        for entry in self.report:
            totals[entry["status"]] = totals.get(entry["status"], 0) + 1
        return totals


class MentionTagging(BackgroundRun):
    """A "tag every mention" run over a dossier or the whole corpus, and its progress."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="taggings")
    dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.SET_NULL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    articles_total = models.PositiveIntegerField(default=0)
    articles_done = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    tagged_existing = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(
        default=0,
        help_text="Mentions already highlighted by others, which the starter may not edit.",
    )

    def __str__(self):
        return f"Tag every mention of {self.entity} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("mention_tagging_detail", args=[self.pk])
