"""Writers of annotation sets to any file-like object; views stream them."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import orjson
from django.contrib.auth import get_user_model

from annotations import csv_parts
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
    """ISO 8601 in UTC to the second, as the PostgreSQL COPY path writes it too."""
    if not value:
        return ""
    if value.utcoffset():
        value = value.astimezone(datetime.UTC)
    # isoformat is several times quicker than strftime; [:19] drops the "+00:00".
    return value.isoformat(timespec="seconds")[:19] + "Z"


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
    writer = csv.writer(_Passthrough(), delimiter=delimiter, lineterminator="\n")
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


# --- Fast path: the rows built by the database, escaping included ----------------------------
# Building a million rows from model instances runs at ~20,000 rows/s; letting the database
# join, escape, neutralise and format runs an order of magnitude faster. Tests check that both
# paths write the same bytes.

# Code points of the formula triggers: comparing the first character's code is much cheaper
# in SQL than comparing one-character strings.
_TRIGGER_CODES = ", ".join(str(ord(character)) for character in FORMULA_TRIGGERS)


def _sql_neutralize(vendor: str, expression: str) -> str:
    """SQL for neutralize(): a leading formula character gets a quote in front."""
    first = "ascii" if vendor == "postgresql" else "unicode"
    return (
        f"CASE WHEN {first}({expression}) IN ({_TRIGGER_CODES}) "
        f"THEN '''' || {expression} ELSE {expression} END"
    )


def _sql_iso(vendor: str, expression: str) -> str:
    """SQL for _iso(): ISO 8601 in UTC to the second."""
    if vendor == "postgresql":
        return f"""to_char({expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
    # Django stores "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC: cutting it is quicker than strftime.
    return f"substr({expression}, 1, 10) || 'T' || substr({expression}, 12, 8) || 'Z'"


def csv_select_sql(vendor: str) -> str:
    """SELECT of the CSV rows, in annotation order, of the annotations `%(where)s` keeps,
    base URL `%(base)s`. The tag lists come ready-made from AnnotationTagLists."""
    from annotations.models import AnnotationTagLists, Article, Entity, Outlet

    def plain(expression: str) -> str:
        # COPY writes an empty string as "" but NULL as nothing, as the csv module writes
        # both: empty text becomes NULL there. The csv module needs no such help.
        return f"NULLIF({expression}, '')" if vendor == "postgresql" else expression

    def text(expression: str) -> str:
        return plain(_sql_neutralize(vendor, expression))

    users = get_user_model()._meta.db_table
    article_cells = [
        text("ar.title"),
        text("ar.url"),
        text("o.name"),
        text("ar.author"),
        _sql_iso(vendor, "ar.published"),
        plain("ar.language"),
    ]
    article_join = (
        f"JOIN {Article._meta.db_table} ar ON ar.id = a.article_id "
        f"LEFT JOIN {Outlet._meta.db_table} o ON o.id = ar.outlet_id"
    )
    if vendor == "postgresql":
        # A lateral subquery that the planner memoizes: each article's cells are built
        # once, not once for each of its annotations.
        select = ", ".join(f"{cell} AS c{n}" for n, cell in enumerate(article_cells))
        article_join = (
            f"JOIN LATERAL (SELECT {select} FROM {Article._meta.db_table} ar "  # noqa: S608
            f"LEFT JOIN {Outlet._meta.db_table} o ON o.id = ar.outlet_id "
            "WHERE ar.id = a.article_id OFFSET 0) article ON true"
        )
        article_cells = [f"article.c{n}" for n in range(len(article_cells))]
    columns = [
        "a.id",
        "%(base)s || '/annotations/' || a.id || '/'",
        "a.article_id",
        *article_cells,
        text("a.exact"),
        text("a.prefix"),
        text("a.suffix"),
        "a.start",
        'a."end"',
        text("a.note"),
        # Ready-made cells: neutralised, NULL when empty.
        "tl.themes",
        "tl.actors",
        "tl.actor_kinds",
        "tl.actor_wikidata_ids",
        text("sp.name"),
        text("u.username"),
        "a.status",
        text("r.username"),
        _sql_iso(vendor, "a.reviewed_at"),
        text("a.review_reason"),
        _sql_iso(vendor, "a.created"),
        _sql_iso(vendor, "a.modified"),
    ]
    # Only our own names are interpolated.
    return (
        f"SELECT {', '.join(columns)} "  # noqa: S608
        f"FROM {Annotation._meta.db_table} a {article_join} "
        f"LEFT JOIN {Entity._meta.db_table} sp ON sp.id = a.speaker_id "
        f"JOIN {users} u ON u.id = a.author_id "
        f"LEFT JOIN {users} r ON r.id = a.reviewer_id "
        f"LEFT JOIN {AnnotationTagLists._meta.db_table} tl ON tl.annotation_id = a.id "
        "WHERE %(where)s ORDER BY a.id"
    )


def _header(bom: bool, delimiter: str) -> str:
    header = io.StringIO()
    csv.writer(header, delimiter=delimiter, lineterminator="\n").writerow(CSV_COLUMNS)
    return ("\ufeff" if bom else "") + header.getvalue()


def _selection(queryset) -> tuple[str | None, list]:
    """The SQL of the selected annotation ids (None for every annotation), its parameters."""
    if not queryset.query.where:
        return None, []
    ids_sql, ids_params = queryset.order_by().values("pk").query.sql_with_params()
    return ids_sql, list(ids_params)


def _where(vendor: str, ids_sql: str | None, low: int | None = None, high: int | None = None):
    """csv_select_sql's condition: the selection, within ids (low, high] when given."""
    parts = []
    if ids_sql:
        # On PostgreSQL "= ANY(ARRAY(...))" runs the selection once, then fetches its rows
        # by index; planned as "IN", the semi-join came last, after joining every annotation.
        any_of = "= ANY(ARRAY({}))" if vendor == "postgresql" else "IN ({})"
        parts.append("a.id " + any_of.format(ids_sql))
    parts += [f"a.id > {int(low)}"] if low is not None else []
    parts += [f"a.id <= {int(high)}"] if high is not None else []
    return " AND ".join(parts) or "1 = 1"


# Below this many rows one query is quicker than splitting the work. Above it, one part more
# than there are cores keeps every core busy while the parts' results are read.
PARALLEL_MIN_ROWS = 100_000
EXPORT_STREAMS = min(8, (os.cpu_count() or 1) + 1)


def fast_csv(
    queryset,
    out,
    *,
    base_url: str,
    bom: bool = False,
    delimiter: str = ",",
    streams: int = EXPORT_STREAMS,
) -> None:
    """Write the CSV of `queryset` to `out` (bytes), the database doing the row work:
    PostgreSQL's COPY, or an SQLite query whose rows the csv module writes. A large set
    is written in `streams` parts at once (on SQLite, a database file's)."""
    from django.db import connection

    if delimiter not in {",", ";"}:
        raise ValueError("The delimiter is , or ;")
    ids_sql, ids_params = _selection(queryset)
    out.write(_header(bom, delimiter).encode())
    if connection.vendor == "postgresql":
        _postgres_csv(ids_sql, ids_params, out, base_url, delimiter, streams)
        return
    database = str(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        # Parts in other processes need the database in a file, and nothing of ours
        # uncommitted that they could not see.
        bounds = (
            _split_points(cursor, _where("sqlite", ids_sql), ids_params, streams)
            if streams > 1 and not connection.in_atomic_block and os.path.isfile(database)
            else []
        )
        if not bounds:
            # Placeholders in text order: the base URL, then the selection.
            select = csv_select_sql("sqlite") % {"base": "%s", "where": _where("sqlite", ids_sql)}
            cursor.execute(select, [base_url, *ids_params])
            csv_parts.write_rows(cursor, out, delimiter)
            return
    _sqlite_parts(database, ids_sql, [base_url, *ids_params], bounds, out, delimiter)


def _sqlite_parts(database: str, ids_sql, params: list, bounds: list[int], out, delimiter):
    """The rows in id ranges cut at `bounds`: the first written here, the others by
    spawned processes into files appended in order. Every part reads the same snapshot:
    the write lock held until each has taken its own keeps any commit out in between."""
    from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX

    ranges = list(zip([None, *bounds], [*bounds, None], strict=True))
    selects = [
        csv_select_sql("sqlite") % {"base": "%s", "where": _where("sqlite", ids_sql, low, high)}
        for low, high in ranges
    ]
    # What Django's SQLite cursor does: sqlite3 itself takes "?" placeholders.
    selects = [FORMAT_QMARK_REGEX.sub("?", select).replace("%%", "%") for select in selects]
    context = multiprocessing.get_context("spawn")  # no fork of a threaded server
    taken = context.Barrier(len(ranges))
    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        parts = [os.path.join(folder, f"part{n}.csv") for n in range(1, len(ranges))]
        processes = [
            context.Process(
                target=csv_parts.write_part,
                args=(database, select, params, part, delimiter, taken),
                daemon=True,
            )
            for select, part in zip(selects[1:], parts, strict=True)
        ]
        stack.callback(_stop, processes)
        writers = sqlite3.connect(database, isolation_level=None, timeout=20)
        stack.enter_context(contextlib.closing(writers))
        writers.execute("BEGIN IMMEDIATE")
        for process in processes:
            process.start()
        own = stack.enter_context(contextlib.closing(csv_parts.open_snapshot(database)))
        taken.wait(timeout=30)
        writers.rollback()
        csv_parts.write_rows(own.execute(selects[0], params), out, delimiter)
        for process, part in zip(processes, parts, strict=True):
            process.join()
            if process.exitcode != 0:
                raise RuntimeError(f"An export process failed (exit code {process.exitcode}).")
            with open(part, "rb") as rows:
                shutil.copyfileobj(rows, out, 1 << 20)


def _stop(processes) -> None:
    for process in processes:
        if process.is_alive():
            process.terminate()
            process.join()


def _postgres_csv(ids_sql, ids_params, out, base_url, delimiter, streams) -> None:
    """COPY the rows; a large set is cut into id ranges that separate connections copy
    at once from one snapshot, each into its own file, appended in order."""
    from django.db import connection, transaction

    parallel = streams > 1 and not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if parallel:
            # The snapshot the other connections share must stay the same throughout.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        _tune_for_export(cursor)
        raw = cursor.cursor  # psycopg2's own cursor: mogrify quotes parameters safely
        ids_sql = raw.mogrify(ids_sql, ids_params).decode() if ids_sql else None
        base = raw.mogrify("%s", [base_url]).decode()
        bounds = (
            _split_points(cursor, _where("postgresql", ids_sql), [], streams) if parallel else []
        )
        ranges = list(zip([None, *bounds], [*bounds, None], strict=True))
        copies = [_copy_statement(ids_sql, base, low, high, delimiter) for low, high in ranges]
        if len(copies) == 1:
            raw.copy_expert(copies[0], out)
            return
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        with contextlib.ExitStack() as stack:
            pool = stack.enter_context(ThreadPoolExecutor(max_workers=len(copies) - 1))
            parts = [stack.enter_context(tempfile.TemporaryFile()) for _ in copies[1:]]
            futures = [
                pool.submit(_copy_in_snapshot, snapshot, copy, part)
                for copy, part in zip(copies[1:], parts, strict=True)
            ]
            raw.copy_expert(copies[0], out)
            for future, part in zip(futures, parts, strict=True):
                future.result()
                part.seek(0)
                shutil.copyfileobj(part, out, 1 << 20)


def _tune_for_export(cursor) -> None:
    # JIT compilation costs seconds here and saves nothing; the parts already keep every
    # core busy without parallel workers.
    cursor.execute(
        "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0; "
        "SET LOCAL work_mem = '64MB'"
    )


def _split_points(cursor, where: str, params: list, streams: int) -> list[int]:
    """Annotation ids cutting the selection into `streams` equal parts (none if small)."""
    table = Annotation._meta.db_table
    cursor.execute(f"SELECT count(*) FROM {table} a WHERE {where}", params)  # noqa: S608
    count = cursor.fetchone()[0]
    if count < PARALLEL_MIN_ROWS:
        return []
    points = []
    for part in range(1, streams):
        cursor.execute(
            f"SELECT a.id FROM {table} a WHERE {where} "  # noqa: S608
            f"ORDER BY a.id LIMIT 1 OFFSET {count * part // streams - 1}",
            params,
        )
        points.append(cursor.fetchone()[0])
    return sorted(set(points))


def _copy_statement(ids_sql: str | None, base: str, low, high, delimiter: str) -> str:
    # One substitution: substituted text is not parsed again, so a "%" in a search term
    # or the base URL is harmless.
    rows = csv_select_sql("postgresql") % {
        "base": base,
        "where": _where("postgresql", ids_sql, low, high),
    }
    return f"COPY ({rows}) TO STDOUT WITH (FORMAT csv, DELIMITER '{delimiter}')"


def _copy_in_snapshot(snapshot: str, copy: str, out) -> None:
    """In this thread's own connection, COPY as of the exporting transaction's snapshot."""
    from django.db import connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            _tune_for_export(cursor)
            cursor.cursor.copy_expert(copy, out)
    finally:
        connection.close()


def iter_fast_csv(queryset, *, chunk_size: int = 1 << 16, **options) -> Iterator[bytes]:
    """fast_csv as a stream for StreamingHttpResponse. The rows fill a spooled file (memory
    up to 8 MB, then disk) in the request's own connection, then the file is sent in chunks:
    memory stays flat whatever the size."""
    with tempfile.SpooledTemporaryFile(max_size=8 << 20) as spool:
        fast_csv(queryset, spool, **options)
        spool.seek(0)
        while chunk := spool.read(chunk_size):
            yield chunk


# --- W3C Web Annotation JSON-LD --------------------------------------------------------------

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
    created: str  # ISO 8601, as _iso() writes it
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

    from annotations.models import TaggedActor, TaggedTheme

    # Dates as ISO text from the database: parsing them into datetimes only to format them
    # back took a third of the time.
    table = Annotation._meta.db_table
    dates = {
        f"{field}_iso": RawSQL(_sql_iso(connection.vendor, f'"{table}"."{field}"'), [])  # noqa: S611
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
            yield from _records(chunk, TaggedTheme, TaggedActor)
            chunk = []
    if chunk:
        yield from _records(chunk, TaggedTheme, TaggedActor)


def _records(rows: list[tuple], tagged_themes, tagged_actors) -> Iterator[QuoteRecord]:
    first, last = rows[0][0], rows[-1][0]
    if last - first < 2 * len(rows):
        # A dense run of ids: a range reads the same taggings without thousands of
        # parameters to prepare and send.
        tagged = {"content_object_id__gte": first, "content_object_id__lte": last}
    else:
        tagged = {"content_object_id__in": [row[0] for row in rows]}
    themes: dict[int, list[str]] = {}
    for pk, name in tagged_themes.objects.filter(**tagged).values_list(
        "content_object_id", "tag__name"
    ):
        themes.setdefault(pk, []).append(name)
    actors: dict[int, list[tuple[str, str]]] = {}
    for pk, name, wikidata_id in tagged_actors.objects.filter(**tagged).values_list(
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


def annotation_jsonld(record: QuoteRecord, *, base_url: str) -> dict:
    """One Annotation under the W3C Web Annotation Data Model."""
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


# --- JSONL backup: articles with their annotations --------------------------------------------


def article_backup(article, annotations: list[Annotation]) -> dict:
    """An article and everything about its annotations, as `import_articles` reads it back."""
    return {
        "title": article.title,
        "text": article.text,
        "url": article.url,
        "outlet": article.outlet.name if article.outlet else "",
        "author": article.author,
        "published": _iso(article.published),
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
        "reviewed_at": _iso(annotation.reviewed_at),
        "review_reason": annotation.review_reason,
        "created": _iso(annotation.created),
        "orphaned": annotation.orphaned,
    }


def iter_jsonl(articles_with_annotations: Iterable[tuple]) -> Iterator[str]:
    """One JSON line per article."""
    for article, quotes in articles_with_annotations:
        yield json.dumps(article_backup(article, quotes), ensure_ascii=False) + "\n"


# --- The actor registry ------------------------------------------------------------------------

REGISTRY_COLUMNS = ["name", "kind", "aliases", "wikidata_id", "description"]


def split_names(cell: str) -> list[str]:
    """Undo join_names: split on `;` that is not escaped, unescape `\\;` and `\\\\`."""
    names, current, escaped = [], [], False
    for char in cell:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            names.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    names.append("".join(current).strip())
    return [name for name in names if name]


def registry_records(entities: Iterable) -> Iterator[dict]:
    """One record per actor (expects aliases prefetched)."""
    for entity in entities:
        yield {
            "name": entity.name,
            "kind": entity.kind,
            "aliases": sorted(alias.name for alias in entity.aliases.all()),
            "wikidata_id": entity.wikidata_id,
            "description": entity.description,
        }


def iter_registry_csv(entities: Iterable) -> Iterator[str]:
    writer = csv.writer(_Passthrough())
    yield writer.writerow(REGISTRY_COLUMNS)
    for record in registry_records(entities):
        yield writer.writerow(
            [
                neutralize(record["name"]),
                record["kind"],
                neutralize(join_names(record["aliases"])),
                record["wikidata_id"],
                neutralize(record["description"]),
            ]
        )


def iter_registry_json(entities: Iterable) -> Iterator[str]:
    yield "["
    for index, record in enumerate(registry_records(entities)):
        yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"


def read_registry(data: bytes, *, filename: str) -> list[dict]:
    """Actor records from a CSV or JSON registry file (as written above)."""
    text = data.decode("utf-8-sig")
    if filename.lower().endswith(".json"):
        records = json.loads(text)
        if not isinstance(records, list):
            raise ValueError("A JSON registry is a list of actors.")
        return [dict(record) for record in records]
    rows = list(csv.DictReader(io.StringIO(text)))
    records = []
    for row in rows:
        record = {key: (value or "").strip() for key, value in row.items() if key}
        # A neutralised cell came out of our own export: take the prefix off again.
        for key in ("name", "aliases", "description"):
            if record.get(key, "").startswith("'") and record[key][1:].startswith(FORMULA_TRIGGERS):
                record[key] = record[key][1:]
        record["aliases"] = split_names(record.get("aliases", ""))
        records.append(record)
    return records
