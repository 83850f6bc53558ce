"""Rows of the SQLite CSV export, written by this process or by a spawned one.

SQLite runs a query on one core: a large export splits its rows into id ranges that
separate processes write at once (see database_csv.fast_csv). This module imports only the
standard library, so that a spawned process loads it without setting Django up (the
packages above it, `annotations` and `annotations.exports`, import nothing either).
"""

import csv
import io
import sqlite3


def write_rows(cursor, out, delimiter: str) -> None:
    """The rows of an executed `cursor` as CSV into the bytes file `out`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    while rows := cursor.fetchmany(5000):
        writer.writerows(rows)
        out.write(buffer.getvalue().encode())
        buffer.seek(0)
        buffer.truncate()


def open_snapshot(database: str) -> sqlite3.Connection:
    """A read transaction on the file `database`, its snapshot fixed by a first read (WAL)."""
    connection = sqlite3.connect(database, isolation_level=None, timeout=20)
    connection.execute("BEGIN")
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return connection


def write_part(database: str, select: str, params: list, path: str, delimiter: str, taken):
    """A spawned process's work: the rows of `select` into the file `path`, read from a
    snapshot taken before the barrier `taken` lets the exporting process go on."""
    connection = open_snapshot(database)
    try:
        taken.wait()
        with open(path, "wb") as out:
            write_rows(connection.execute(select, params), out, delimiter)
    finally:
        connection.close()
