"""Newsroom's data, one module per subject. Django finds models through this package, and the
rest of the code imports them from here (`from annotations.models import Article`).

- `base`: abstract bases (names unique once folded; a background job's progress).
- `articles`: Outlet, Article, ArticleRevision (its history of changes), Dossier,
  DossierChange (who changed a dossier, how, when).
- `tags`: Theme, Entity (an actor) and EntityAlias (a spelling), the taggings TaggedTheme and
  TaggedActor with the article facts triggers copy onto them, EntityMerge, DismissedMention.
- `quotes`: Annotation, AnnotationTagLists (kept by triggers), ReviewEvent.
- `search`: SQLite's FTS5 index tables.
- `jobs`: ImportBatch, MentionTagging.
"""

from annotations.models.articles import Article, ArticleRevision, Dossier, DossierChange, Outlet
from annotations.models.base import BackgroundRun, FoldedNameModel
from annotations.models.jobs import ImportBatch, MentionTagging
from annotations.models.quotes import Annotation, AnnotationTagLists, ReviewEvent
from annotations.models.search import (
    AnnotationSearchEntry,
    ArticleSearchEntry,
    FullTextDocument,
    FullTextMatch,
    SQLiteSearchEntry,
)
from annotations.models.tags import (
    ArticleFacts,
    DismissedMention,
    Entity,
    EntityAlias,
    EntityMerge,
    TaggedActor,
    TaggedTheme,
    Theme,
)

__all__ = [
    "Annotation",
    "AnnotationSearchEntry",
    "AnnotationTagLists",
    "Article",
    "ArticleRevision",
    "ArticleFacts",
    "ArticleSearchEntry",
    "BackgroundRun",
    "DismissedMention",
    "Dossier",
    "DossierChange",
    "Entity",
    "EntityAlias",
    "EntityMerge",
    "FoldedNameModel",
    "FullTextDocument",
    "FullTextMatch",
    "ImportBatch",
    "MentionTagging",
    "Outlet",
    "ReviewEvent",
    "SQLiteSearchEntry",
    "TaggedActor",
    "TaggedTheme",
    "Theme",
]
