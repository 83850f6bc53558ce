"""The CSV export's fast path: the rows built by the database, escaping included.

Building a million rows from model instances (`csv_writer`) runs at ~20,000 rows/s; letting
the database join, escape, neutralise and format runs an order of magnitude faster. The
cells follow `csv_writer`'s rules, whose SQL forms come from there; tests check that both
paths write the same bytes. PostgreSQL writes the rows with COPY; on SQLite a query's rows go
through the csv module (`csv_parts`). A large set (PARALLEL_MIN_ROWS and more) is cut into
id ranges written at once from one snapshot and appended in order: by other connections on
PostgreSQL, by spawned processes reading the database file on SQLite.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet

from annotations.exports import csv_parts
from annotations.exports.csv_writer import header, sql_iso, sql_neutralize
from annotations.models import Annotation, AnnotationTagLists, Article, Entity, Outlet

# Below this many rows one query is quicker than splitting the work. Above it, one part more
# than there are cores keeps every core busy while the parts' results are read.
PARALLEL_MIN_ROWS = 100_000
EXPORT_STREAMS = min(8, (os.cpu_count() or 1) + 1)


def _plain(vendor: str, expression: str) -> str:
    # COPY writes an empty string as "" but NULL as nothing, as the csv module writes
    # both: empty text becomes NULL there. The csv module needs no such help.
    return f"NULLIF({expression}, '')" if vendor == "postgresql" else expression


def _text(vendor: str, expression: str) -> str:
    return _plain(vendor, sql_neutralize(vendor, expression))


def _article_cells(vendor: str) -> tuple[list[str], str]:
    """The article's cells of a row, and the join that brings them."""
    cells = [
        _text(vendor, "ar.title"),
        _text(vendor, "ar.url"),
        _text(vendor, "o.name"),
        _text(vendor, "ar.author"),
        sql_iso(vendor, "ar.published"),
        _text(vendor, "ar.language"),
    ]
    articles, outlets = Article._meta.db_table, Outlet._meta.db_table
    if vendor != "postgresql":
        join = (
            f"JOIN {articles} ar ON ar.id = a.article_id "
            f"LEFT JOIN {outlets} o ON o.id = ar.outlet_id"
        )
        return cells, join
    # A lateral subquery that the planner memoizes: each article's cells are built
    # once, not once for each of its annotations.
    select = ", ".join(f"{cell} AS c{n}" for n, cell in enumerate(cells))
    join = (
        f"JOIN LATERAL (SELECT {select} FROM {articles} ar "  # noqa: S608
        f"LEFT JOIN {outlets} o ON o.id = ar.outlet_id "
        "WHERE ar.id = a.article_id OFFSET 0) article ON true"
    )
    return [f"article.c{n}" for n in range(len(cells))], join


def csv_select_sql(vendor: str) -> str:
    """SELECT of the CSV rows, in annotation order, of the annotations `%(where)s` keeps,
    base URL `%(base)s`. The tag lists come ready-made from AnnotationTagLists."""
    article_cells, article_join = _article_cells(vendor)
    columns = [
        "a.id",
        "%(base)s || '/annotations/' || a.id || '/'",
        "a.article_id",
        *article_cells,
        _text(vendor, "a.exact"),
        _text(vendor, "a.prefix"),
        _text(vendor, "a.suffix"),
        "a.start",
        'a."end"',
        _text(vendor, "a.note"),
        # Ready-made cells: neutralised, NULL when empty.
        "tl.themes",
        "tl.actors",
        "tl.actor_kinds",
        "tl.actor_wikidata_ids",
        _text(vendor, "sp.name"),
        _text(vendor, "u.username"),
        _text(vendor, "a.status"),
        _text(vendor, "r.username"),
        sql_iso(vendor, "a.reviewed_at"),
        _text(vendor, "a.review_reason"),
        sql_iso(vendor, "a.created"),
        sql_iso(vendor, "a.modified"),
    ]
    users = get_user_model()._meta.db_table
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


def _selection(queryset) -> tuple[str | None, list]:
    """The SQL of the selected annotation ids (None for every annotation), its parameters."""
    if not queryset.query.where:
        return None, []
    try:
        ids_sql, ids_params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        # A condition Django knows selects nothing (`pk__in=[]`) compiles to no SQL.
        return "SELECT 0 WHERE 1 = 0", []
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
    out.write(header(bom=bom, delimiter=delimiter).encode())
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


def iter_fast_csv(queryset, *, chunk_size: int = 1 << 16, **options) -> Iterator[bytes]:
    """fast_csv as a stream for StreamingHttpResponse. The rows fill a spooled file (memory
    up to 8 MB, then disk) in the request's own connection, then the file is sent in chunks:
    memory stays flat whatever the size."""
    with tempfile.SpooledTemporaryFile(max_size=8 << 20) as spool:
        fast_csv(queryset, spool, **options)
        spool.seek(0)
        while chunk := spool.read(chunk_size):
            yield chunk


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


# --- SQLite: parts written by spawned processes ------------------------------------------------


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


# --- PostgreSQL: COPY, parts copied by other connections ---------------------------------------


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
