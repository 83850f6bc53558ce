"""Newsroom's data: outlets, articles, annotations and their tags, actors, the review trail."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from annotations.normalization import normalize_name


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
        self.normalized = normalize_name(self.name)
        if not self.normalized:
            raise ValidationError({"name": "A name is required."})


class Outlet(FoldedNameModel):
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(models.Model):
    title = models.CharField(max_length=500)
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


class Theme(FoldedNameModel, TagBase):
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


class Entity(FoldedNameModel, TagBase):
    """An actor: a person, organisation, country... known under several spellings."""

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
    wikidata_id = models.CharField(max_length=20, blank=True, help_text="e.g. Q7747")

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
        return reverse("entity_detail", args=[self.slug])


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
        return reverse("annotation_detail", args=[self.pk])

    def clean(self):
        super().clean()
        located = self.article_id is not None and None not in (self.start, self.end)
        if located and self.article.text[self.start : self.end] != self.exact:
            raise ValidationError("The quote does not match the article text at these offsets.")


class AnnotationTagLists(models.Model):
    """An annotation's themes and actors as the CSV export writes them: names escaped as
    `exports.join_names` does and joined by "; " in name order, the actors' kinds and
    Wikidata ids in the same order, neutralised as `exports.neutralize` does; NULL if empty.

    Written only by database triggers (migration 0010), whenever a tagging, a theme's name
    or an actor's name, kind or Wikidata id changes, whatever the code path: exporting a
    million rows then reads one row per annotation instead of aggregating every tagging.
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


class FullTextDocument(models.TextField):
    """The hidden column of an SQLite FTS5 table that is named after the table itself:
    `document__match="..."` compiles to its `MATCH` operator."""


@FullTextDocument.register_lookup
class FullTextMatch(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SQLiteSearchEntry(models.Model):
    """A row of an SQLite full-text index (migration 0008), joined to what it indexes so
    that search filters and ranks in the same query. PostgreSQL stores its search vector
    in the indexed table and never touches these models; only `search.py` uses them."""

    rank = models.FloatField(help_text="FTS5's bm25 score: lower is better.")

    class Meta:
        abstract = True
        managed = False

    def __str__(self):
        return f"search entry {self.pk}"


class ArticleSearchEntry(SQLiteSearchEntry):
    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,  # the index follows its table by trigger
        related_name="search_entry",
    )
    document = FullTextDocument(db_column="annotations_article_fts")

    class Meta(SQLiteSearchEntry.Meta):
        db_table = "annotations_article_fts"


class AnnotationSearchEntry(SQLiteSearchEntry):
    annotation = models.OneToOneField(
        Annotation,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="search_entry",
    )
    document = FullTextDocument(db_column="annotations_annotation_fts")

    class Meta(SQLiteSearchEntry.Meta):
        db_table = "annotations_annotation_fts"


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


class ImportBatch(BackgroundRun):
    """One import run from the web page: its files or URLs, progress and per-item report."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches"
    )
    dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.SET_NULL)
    language = models.CharField(max_length=12, blank=True)
    # Uploaded files wait in the default storage under this folder until the task reads them.
    storage_folder = models.CharField(max_length=255, blank=True)
    file_names = models.JSONField(default=list)
    urls = models.JSONField(default=list)
    processed = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, help_text="One entry per item: source, status, ...")

    def __str__(self):
        return f"Import #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("import_batch_detail", args=[self.pk])

    def counts(self) -> dict[str, int]:
        totals = {"imported": 0, "duplicate": 0, "failed": 0}
        for entry in self.report:
            totals[entry["status"]] = totals.get(entry["status"], 0) + 1
        return totals


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

    def __str__(self):
        return f"Tag every mention of {self.entity} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("mention_tagging_detail", args=[self.pk])
