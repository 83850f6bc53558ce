"""Annotations (highlights, quotes once listed and reviewed), their trigger-kept tag lists
and their review history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from taggit.managers import TaggableManager

from annotations.models.articles import Article
from annotations.models.tags import Entity, TaggedActor, TaggedTheme


class Annotation(models.Model):
    """A highlighted passage of an article; a *quote* once tagged and reviewed.

    Anchored by a TextPositionSelector (`start`, `end`: code points into `article.text`)
    and a TextQuoteSelector (`exact`, `prefix`, `suffix`) that re-anchors it when the text changes.
    `exact == article.text[start:end]` holds for every annotation that is not `orphaned`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="annotations")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    exact = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    orphaned = models.BooleanField(
        default=False, help_text="The quote could not be placed after the text changed."
    )
    note = models.TextField(blank=True, help_text="Markdown.")
    note_html = models.TextField(blank=True, editable=False)
    themes = TaggableManager(through=TaggedTheme, related_name="annotations", blank=True)
    actors = TaggableManager(
        through=TaggedActor, related_name="annotations", blank=True, verbose_name="actors"
    )
    speaker = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes_spoken"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_annotations",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every write (optimistic locking)."
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article_id", "start", "-end", "id"]
        permissions = [
            ("review_annotation", "Can approve or reject annotations"),
            ("edit_any_annotation", "Can edit and delete anyone's annotations"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(start__lt=F("end")), name="annotation_valid_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected"]),
                name="annotation_known_status",
            ),
        ]
        indexes = [
            models.Index(fields=["article", "start"], name="annotation_article_start_idx"),
            models.Index(fields=["status", "created"], name="annotation_status_created_idx"),
        ]

    def __str__(self):
        return f"«{self.exact[:60]}»"

    def get_absolute_url(self):
        return reverse("quote_detail", args=[self.pk])

    def clean(self):
        super().clean()
        located = self.article_id is not None and None not in (self.start, self.end)
        if located and self.article.text[self.start : self.end] != self.exact:
            raise ValidationError("The quote does not match the article text at these offsets.")


class AnnotationTagLists(models.Model):
    """An annotation's themes and actors as the CSV export writes them: names escaped as
    `exports.csv_writer.join_names` does and joined by "; " in name order, the actors'
    kinds and Wikidata ids in the same order, neutralised as `csv_writer.neutralize` does;
    NULL if empty.

    Written only by database triggers (annotations/db/tag_lists.py), whenever a tagging,
    a theme's name or an actor's name, kind or Wikidata id changes, whatever the code
    path: exporting a million rows then reads one row per annotation instead of
    aggregating every tagging.
    """

    annotation = models.OneToOneField(
        Annotation,
        primary_key=True,
        # The triggers remove the row with its annotation: no constraint, no ORM cascade.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    themes = models.TextField(null=True)
    actors = models.TextField(null=True)
    actor_kinds = models.TextField(null=True)
    actor_wikidata_ids = models.TextField(null=True)

    class Meta:
        db_table = "annotations_annotation_tag_lists"

    def __str__(self):
        return f"tag lists of annotation {self.annotation_id}"


class ReviewEvent(models.Model):
    """One state change of an annotation: who, when, from, to, why."""

    annotation = models.ForeignKey(
        Annotation, on_delete=models.CASCADE, related_name="review_events"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=10, choices=Annotation.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Annotation.Status.choices)
    reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["annotation_id", "created", "id"]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"
