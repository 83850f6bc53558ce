"""Themes and actors (the model Entity) with their spellings, the taggings that tie them to
annotations, and the registry's records: merges of actors and dismissed mentions."""

import hashlib

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from taggit.models import TagBase, TaggedItemBase

from annotations.models.articles import Article, Outlet
from annotations.models.base import FoldedNameModel

# Room left in the slug field for taggit's clash suffix ("_12").
SLUG_BASE_LENGTH = 190


def fallback_slug(prefix: str, name: str) -> str:
    """A slug for a name that has none of its own ("!!!", "🇷🇺"): stable for the name, so
    its page keeps its address. Migration 0015 holds a frozen copy."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:10]
    return f"{prefix}-{digest}"


class SluggedTag(TagBase):
    """A tag whose slug is never empty nor too long, whatever its name: its pages, and every
    list that links to it, reverse() with it."""

    slug_prefix = "tag"

    class Meta:
        abstract = True

    def slugify(self, tag, i=None):
        slug = super().slugify(tag)[:SLUG_BASE_LENGTH].strip("-_") or fallback_slug(
            self.slug_prefix, tag
        )
        return slug if i is None else f"{slug}_{i}"

    def save(self, *args, **kwargs):
        # taggit fills the slug when adding (with its clash suffixes); an existing row's
        # blanked slug would break every link to it.
        if not self._state.adding and not self.slug:
            self.slug = self.slugify(self.name)
        super().save(*args, **kwargs)


class Theme(FoldedNameModel, SluggedTag):
    slug_prefix = "theme"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    colour = models.CharField(
        max_length=7,
        default="#f2c94c",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #e4572e.")],
        help_text="Highlight colour, #rrggbb.",
    )
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="theme_colour_hex"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("theme_detail", args=[self.slug])


class Entity(FoldedNameModel, SluggedTag):
    """An actor: a person, organisation, country... known under several spellings."""

    slug_prefix = "actor"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        COUNTRY = "country", "Country"
        PLACE = "place", "Place"
        GROUP = "group", "Group"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    description = models.TextField(blank=True)
    wikidata_id = models.CharField(
        max_length=20,
        blank=True,
        # The check constraint below names itself in its message; this says it plainly.
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata id looks like Q7747.")],
        help_text="e.g. Q7747",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "actor"
        verbose_name_plural = "actors"
        constraints = [
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="entity_wikidata_id_format",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actor_detail", args=[self.slug])


class EntityAlias(FoldedNameModel):
    """A spelling variant or transliteration of an actor's name (Patrouchev for Patrushev)."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=255)
    language = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entity aliases"

    def __str__(self):
        return self.name


class ArticleFacts(models.Model):
    """The tagged quote's article, publication date and outlet on each tagging, copied by
    database triggers (migration 0014) and never written by us: a tag's quotes filtered by
    date or outlet, or its articles, are read from the tagging index alone, instead of
    visiting each of a theme's 25,000 quotes and their articles."""

    article = models.ForeignKey(
        Article, null=True, editable=False, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )  # fmt: skip
    published = models.DateTimeField(null=True, editable=False)
    outlet = models.ForeignKey(
        Outlet, null=True, editable=False, on_delete=models.DO_NOTHING, db_constraint=False,
        db_index=False, related_name="+",
    )  # fmt: skip

    class Meta:
        abstract = True


class TaggedTheme(TaggedItemBase, ArticleFacts):  # noqa: DJ008 - taggit gives __str__
    content_object = models.ForeignKey("Annotation", on_delete=models.CASCADE)
    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tagged_annotations")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_theme_per_annotation"
            )
        ]
        # A tag's quotes read from the index alone (counts, co-occurring tags).
        indexes = [models.Index(fields=["tag", "content_object"], name="theme_tag_quote_idx")]


class TaggedActor(TaggedItemBase, ArticleFacts):  # noqa: DJ008 - taggit gives __str__
    content_object = models.ForeignKey("Annotation", on_delete=models.CASCADE)
    tag = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="tagged_annotations")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_actor_per_annotation"
            )
        ]
        # A tag's quotes read from the index alone (counts, co-occurring tags).
        indexes = [models.Index(fields=["tag", "content_object"], name="actor_tag_quote_idx")]


class EntityMerge(models.Model):
    """The record of two actors merged into one: who, when, and what moved."""

    survivor = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="merges")
    merged_name = models.CharField(max_length=200)
    merged_kind = models.CharField(max_length=20)
    merged_wikidata_id = models.CharField(max_length=20, blank=True)
    moved = models.JSONField(default=dict, help_text="Counts of what moved to the survivor.")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.merged_name} → {self.survivor}"


class DismissedMention(models.Model):
    """A suggested mention an analyst turned down; it is not suggested again."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="dismissed_mentions"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=255)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="unique_dismissed_mention"
            )
        ]

    def __str__(self):
        return f"{self.text} ({self.start}–{self.end})"
