"""Writers of annotation sets to any file-like object; views stream them."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from annotations.models import Annotation

CSV_COLUMNS = [
    "annotation_id",
    "annotation_url",
    "article_id",
    "article_title",
    "article_url",
    "outlet",
    "article_author",
    "published",
    "language",
    "quote",
    "prefix",
    "suffix",
    "start",
    "end",
    "note",
    "themes",
    "actors",
    "actor_kinds",
    "actor_wikidata_ids",
    "speaker",
    "author",
    "status",
    "reviewer",
    "reviewed_at",
    "review_reason",
    "created",
    "modified",
]

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
LIST_SEPARATOR = "; "


def neutralize(value: str) -> str:
    """Prefix `'` to text a spreadsheet would otherwise evaluate as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def join_names(names: Iterable[str]) -> str:
    """Join a multi-valued cell; `\\` and `;` inside a name are escaped with a backslash."""
    return LIST_SEPARATOR.join(name.replace("\\", "\\\\").replace(";", "\\;") for name in names)


def _iso(value) -> str:
    return value.isoformat() if value else ""


def annotation_row(annotation: Annotation, *, base_url: str) -> list[str]:
    """One CSV row; expects themes and actors prefetched (see selectors.annotations_with_tags)."""
    article = annotation.article
    actors = sorted(annotation.actors.all(), key=lambda actor: actor.name)
    themes = sorted(annotation.themes.all(), key=lambda theme: theme.name)
    text_cells = [
        article.title,
        article.url,
        article.outlet.name if article.outlet else "",
        article.author,
    ]
    quote_cells = [annotation.exact, annotation.prefix, annotation.suffix]
    return [
        str(annotation.pk),
        base_url + annotation.get_absolute_url(),
        str(article.pk),
        *map(neutralize, text_cells),
        _iso(article.published),
        article.language,
        *map(neutralize, quote_cells),
        str(annotation.start),
        str(annotation.end),
        neutralize(annotation.note),
        neutralize(join_names(theme.name for theme in themes)),
        neutralize(join_names(actor.name for actor in actors)),
        join_names(actor.kind for actor in actors),
        join_names(actor.wikidata_id for actor in actors),
        neutralize(annotation.speaker.name if annotation.speaker else ""),
        neutralize(annotation.author.get_username()),
        annotation.status,
        neutralize(annotation.reviewer.get_username() if annotation.reviewer else ""),
        _iso(annotation.reviewed_at),
        neutralize(annotation.review_reason),
        _iso(annotation.created),
        _iso(annotation.modified),
    ]


class _Passthrough:
    """A file-like object whose write() hands the text back, for streaming."""

    def write(self, value: str) -> str:
        return value


def iter_csv(
    annotations: Iterable[Annotation], *, base_url: str, bom: bool = False, delimiter: str = ","
) -> Iterator[str]:
    """CSV text of `annotations`, row by row, header first."""
    writer = csv.writer(_Passthrough(), delimiter=delimiter)
    if bom:
        yield "\ufeff"
    yield writer.writerow(CSV_COLUMNS)
    for annotation in annotations:
        yield writer.writerow(annotation_row(annotation, base_url=base_url))


def write_csv(annotations: Iterable[Annotation], out, **options) -> int:
    """Write the CSV to a text file-like object; returns the number of annotation rows."""
    rows = -1
    for chunk in iter_csv(annotations, **options):
        if chunk != "\ufeff":
            rows += 1
        out.write(chunk)
    return rows
