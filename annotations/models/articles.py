"""Outlets, articles (the canonical plain text) and dossiers (named sets of articles)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from annotations.models.base import FoldedNameModel


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
