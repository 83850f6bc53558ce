"""Abstract bases: names unique once folded, and the progress record of a background job."""

from django.core.exceptions import ValidationError
from django.db import models

from annotations.normalization import name_refusal, normalize_name


class FoldedNameModel(models.Model):
    """A model whose `name` is unique once folded (case and accents ignored)."""

    normalized = models.CharField(max_length=255, unique=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if refusal := name_refusal(self.name):
            raise ValidationError({"name": refusal})
        self.normalized = normalize_name(self.name)
        if not self.normalized:
            raise ValidationError({"name": "A name is required."})


class BackgroundRun(models.Model):
    """What every background job records for the page that follows its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created"]

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
