"""Annotations as W3C Web Annotation JSON-LD: one self-contained collection, or the pages
and collection document of a large, paged set.

The writer reads plain rows (`quote_records`: QuoteRecords, in the CSV's order, by id)
rather than model instances, and writes dates as `csv_writer.iso` does. Two extensions live
in the app's own namespace: `newsroom:status` and `newsroom:speaker`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import orjson

from annotations.exports.csv_writer import sql_iso
from annotations.models import Annotation, TaggedActor, TaggedTheme

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


def jsonld_context(base_url: str) -> list:
    # Our two extensions (review status, speaker) live in the app's own namespace.
    return [ANNO_CONTEXT, {"newsroom": f"{base_url}/ns#"}]


class QuoteRecord(NamedTuple):
    """What the JSON-LD writer needs of an annotation: a plain row, ten times cheaper than
    a model instance with its prefetched tags (and a tuple: quicker to build than a
    frozen dataclass)."""

    pk: int
    article_id: int
    article_url: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    note: str
    status: str
    created: str  # ISO 8601, as csv_writer.iso() writes it
    modified: str
    author: str
    speaker: str | None
    themes: tuple[str, ...]
    actors: tuple[tuple[str, str], ...]  # (name, wikidata id), by name


_RECORD_FIELDS = (
    "pk", "article_id", "article__url", "start", "end", "exact", "prefix", "suffix", "note",
    "status", "created_iso", "modified_iso", "author__username", "speaker__name",
)  # fmt: skip


def quote_records(queryset, *, chunk_size: int = 5000) -> Iterator[QuoteRecord]:
    """The annotations of `queryset` as QuoteRecords, in export order (by id, as the CSV),
    a chunk at a time (three queries per chunk whatever its size)."""
    from django.db import connection
    from django.db.models.expressions import RawSQL

    # Dates as ISO text from the database: parsing them into datetimes only to format them
    # back took a third of the time.
    table = Annotation._meta.db_table
    dates = {
        f"{field}_iso": RawSQL(sql_iso(connection.vendor, f'"{table}"."{field}"'), [])  # noqa: S611
        for field in ("created", "modified")
    }
    rows = (
        queryset.prefetch_related(None)
        .annotate(**dates)
        .order_by("id")
        .values_list(*_RECORD_FIELDS)
    )
    chunk: list[tuple] = []
    for row in rows.iterator(chunk_size=chunk_size):
        chunk.append(row)
        if len(chunk) >= chunk_size:
            yield from _records(chunk)
            chunk = []
    if chunk:
        yield from _records(chunk)


def _records(rows: list[tuple]) -> Iterator[QuoteRecord]:
    first, last = rows[0][0], rows[-1][0]
    if last - first < 2 * len(rows):
        # A dense run of ids: a range reads the same taggings without thousands of
        # parameters to prepare and send.
        tagged = {"content_object_id__gte": first, "content_object_id__lte": last}
    else:
        tagged = {"content_object_id__in": [row[0] for row in rows]}
    themes: dict[int, list[str]] = {}
    for pk, name in TaggedTheme.objects.filter(**tagged).values_list(
        "content_object_id", "tag__name"
    ):
        themes.setdefault(pk, []).append(name)
    actors: dict[int, list[tuple[str, str]]] = {}
    for pk, name, wikidata_id in TaggedActor.objects.filter(**tagged).values_list(
        "content_object_id", "tag__name", "tag__wikidata_id"
    ):
        actors.setdefault(pk, []).append((name, wikidata_id))
    for row in rows:
        pk = row[0]
        yield QuoteRecord(
            *row[:2],
            row[2] or "",
            *row[3:],
            themes=tuple(sorted(themes.get(pk, ()))),
            actors=tuple(sorted(actors.get(pk, ()))),
        )


def _bodies(record: QuoteRecord) -> list[dict]:
    """The note, each theme and each actor (by its Wikidata URI when known)."""
    bodies: list[dict] = []
    if record.note:
        bodies.append(
            {
                "type": "TextualBody",
                "value": record.note,
                "format": "text/markdown",
                "purpose": "commenting",
            }
        )
    for theme in record.themes:
        bodies.append({"type": "TextualBody", "value": theme, "purpose": "tagging"})
    for name, wikidata_id in record.actors:
        if wikidata_id:
            bodies.append(
                {
                    "type": "SpecificResource",
                    "source": WIKIDATA_ENTITY + wikidata_id,
                    "purpose": "identifying",
                    "label": name,
                }
            )
        else:
            bodies.append({"type": "TextualBody", "value": name, "purpose": "identifying"})
    return bodies


def annotation_jsonld(record: QuoteRecord, *, base_url: str) -> dict:
    """One Annotation under the W3C Web Annotation Data Model."""
    item = {
        "id": f"{base_url}/annotations/{record.pk}/",
        "type": "Annotation",
        "motivation": "highlighting",
        "created": record.created,
        "modified": record.modified,
        "creator": {"type": "Person", "nickname": record.author},
        "target": {
            "source": record.article_url or f"{base_url}/articles/{record.article_id}/",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": record.exact,
                    "prefix": record.prefix,
                    "suffix": record.suffix,
                },
                {"type": "TextPositionSelector", "start": record.start, "end": record.end},
            ],
        },
        "newsroom:status": record.status,
    }
    bodies = _bodies(record)
    if bodies:
        item["body"] = bodies if len(bodies) > 1 else bodies[0]
    if record.speaker:
        item["newsroom:speaker"] = record.speaker
    return item


def iter_jsonld_page(
    records: Iterable[QuoteRecord],
    *,
    base_url: str,
    collection_id: str,
    page_id: str,
    total: int,
    start_index: int = 0,
    next_id: str | None = None,
    prev_id: str | None = None,
    label: str = "Newsroom annotations",
) -> Iterator[str]:
    """An AnnotationPage (with its collection summarised in `partOf`), item by item."""
    head = {
        "@context": jsonld_context(base_url),
        "id": page_id,
        "type": "AnnotationPage",
        "partOf": {
            "id": collection_id,
            "type": "AnnotationCollection",
            "label": label,
            "total": total,
        },
        "startIndex": start_index,
    }
    if next_id:
        head["next"] = next_id
    if prev_id:
        head["prev"] = prev_id
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    separator = ""
    for record in records:
        # orjson writes UTF-8 as json.dumps(ensure_ascii=False) would, several times faster.
        yield separator + orjson.dumps(annotation_jsonld(record, base_url=base_url)).decode()
        separator = ","
    yield "]}\n"


def jsonld_collection(
    *, base_url: str, collection_id: str, total: int, first_id: str, last_id: str, label: str
) -> dict:
    """The collection document of a large, paged set: it points at its first and last pages."""
    return {
        "@context": jsonld_context(base_url),
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": total,
        "first": first_id,
        "last": last_id,
    }


def iter_jsonld(records: Iterable[QuoteRecord], *, base_url: str, total: int) -> Iterator[str]:
    """One self-contained collection whose single embedded page holds every item."""
    collection_id = f"{base_url}/export/annotations.jsonld"
    head = {
        "@context": jsonld_context(base_url),
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "Newsroom annotations",
        "total": total,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "first": '
    page = iter_jsonld_page(
        records,
        base_url=base_url,
        collection_id=collection_id,
        page_id=f"{collection_id}?page=1",
        total=total,
    )
    for chunk in page:
        yield chunk.rstrip("\n")
    yield "}\n"


def write_jsonld(records: Iterable[QuoteRecord], out, *, base_url: str, total: int) -> None:
    for chunk in iter_jsonld(records, base_url=base_url, total=total):
        out.write(chunk)
