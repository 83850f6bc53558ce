"""SQLite's full-text index tables (FTS5), seen as unmanaged models joined to what they index."""

from django.db import models

from annotations.models.articles import Article
from annotations.models.quotes import Annotation


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
