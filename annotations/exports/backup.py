"""The JSONL backup: one line per article, with everything about its annotations.

`import_articles` reads a backup back (README, "JSONL backup"): a change of the fields here
needs the same change there. Dates are written as `csv_writer.iso` writes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from annotations.exports.csv_writer import iso

if TYPE_CHECKING:
    from annotations.models import Annotation


def article_backup(article, annotations: list[Annotation]) -> dict:
    """An article and everything about its annotations, as `import_articles` reads it back."""
    return {
        "title": article.title,
        "text": article.text,
        "url": article.url,
        "outlet": article.outlet.name if article.outlet else "",
        "author": article.author,
        "published": iso(article.published),
        "language": article.language,
        "annotations": [_annotation_backup(annotation) for annotation in annotations],
    }


def _actor_backup(actor) -> dict:
    return {
        "name": actor.name,
        "kind": actor.kind,
        "wikidata_id": actor.wikidata_id,
        "description": actor.description,
        "aliases": sorted(alias.name for alias in actor.aliases.all()),
    }


def _annotation_backup(annotation: Annotation) -> dict:
    return {
        "start": annotation.start,
        "end": annotation.end,
        "exact": annotation.exact,
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
        "note": annotation.note,
        "themes": [
            {"name": theme.name, "colour": theme.colour, "description": theme.description}
            for theme in sorted(annotation.themes.all(), key=lambda theme: theme.name)
        ],
        "actors": [
            _actor_backup(actor)
            for actor in sorted(annotation.actors.all(), key=lambda actor: actor.name)
        ],
        "speaker": _actor_backup(annotation.speaker) if annotation.speaker else None,
        "author": annotation.author.get_username(),
        "status": annotation.status,
        "reviewer": annotation.reviewer.get_username() if annotation.reviewer else "",
        "reviewed_at": iso(annotation.reviewed_at),
        "review_reason": annotation.review_reason,
        "created": iso(annotation.created),
        "orphaned": annotation.orphaned,
    }


def iter_jsonl(articles_with_annotations: Iterable[tuple]) -> Iterator[str]:
    """One JSON line per article."""
    for article, quotes in articles_with_annotations:
        yield json.dumps(article_backup(article, quotes), ensure_ascii=False) + "\n"
