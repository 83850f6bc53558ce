"""Outlets, articles (the canonical plain text) with their history of changes, and dossiers
(named sets of articles) with the record of theirs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from annotations.models.base import FoldedNameModel
from annotations.normalization import name_refusal


class Outlet(FoldedNameModel):
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(models.Model):
    title = models.CharField(max_length=500)
    title_derived = models.BooleanField(
        default=False,
        help_text="The source had no title line: the title is made from the first sentence.",
    )
    text = models.TextField(
        help_text="Canonical plain text: NFC, paragraphs separated by a blank line."
    )
    url = models.URLField(max_length=2000, blank=True)
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    author = models.CharField(max_length=300, blank=True)
    published = models.DateTimeField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=12, blank=True, db_index=True)
    text_hash = models.CharField(max_length=64, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imported_articles",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published", "-created"]
        constraints = [
            models.UniqueConstraint(fields=["text_hash"], name="article_unique_text_hash"),
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_unique_url_when_set"
            ),
        ]
        indexes = [models.Index(fields=["-created"], name="article_created_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("article_detail", args=[self.pk])


class ArticleRevision(models.Model):
    """One change of an article after its import: its details (title, outlet, author, date,
    URL, language) or its text, who made it and when.

    `changes` maps each changed field to its [old, new] values as shown to users (an
    outlet's name, a date in ISO form); a text correction records its length before and
    after and how its highlights were placed, not the texts themselves.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["article", "-created"], name="revision_article_idx")]

    def __str__(self):
        return f"{self.article_id} at {self.created:%Y-%m-%d %H:%M}"


class Dossier(models.Model):
    """A named set of articles an analyst works on."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    articles = models.ManyToManyField(Article, blank=True, related_name="dossiers")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dossier_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if refusal := name_refusal(self.name):
            raise ValidationError({"name": refusal})
        if refusal := name_refusal(self.description, what="A description"):
            raise ValidationError({"description": refusal})


class DossierChange(models.Model):
    """Who changed a dossier, how and when. It outlives the dossier (its name is kept), so
    that a deleted or emptied dossier still says who did it."""

    class Action(models.TextChoices):
        CREATE = "create", "created"
        RENAME = "rename", "renamed"
        DESCRIBE = "describe", "described"
        ADD = "add", "added articles"
        REMOVE = "remove", "removed articles"
        DELETE = "delete", "deleted"

    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    dossier_name = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=Action.choices)
    detail = models.CharField(max_length=500, blank=True)
    article_ids = models.JSONField(default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.dossier_name}: {self.get_action_display()}"
