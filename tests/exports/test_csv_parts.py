"""exports.csv_parts: SQLite rows written as CSV, from a snapshot, in a process of their own."""

import contextlib
import csv
import io
import sqlite3
import subprocess
import sys
import threading

import pytest

from annotations.exports import csv_parts
from tests.helpers import TESTS

ROWS = [
    (1, "Plain", None),
    (2, 'Semicolon; comma, "quotes"', 3.5),
    (3, "Deux\nlignes", -1.25),
    (4, "« Téhéran » 😀", 0.5),
]


def _database(path, rows=ROWS) -> str:
    """A WAL database file holding `rows` in the table quotes(id, text, score)."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE quotes (id INTEGER PRIMARY KEY, text TEXT, score REAL)")
        connection.executemany("INSERT INTO quotes VALUES (?, ?, ?)", rows)
        connection.commit()
    return str(path)


def _add_row(database: str, pk: int) -> None:
    with contextlib.closing(sqlite3.connect(database)) as connection:
        connection.execute("INSERT INTO quotes VALUES (?, 'Later', 1)", [pk])
        connection.commit()


def _csv(rows, delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_write_rows_writes_the_cursors_rows_as_csv_bytes(tmp_path, delimiter):
    with contextlib.closing(sqlite3.connect(_database(tmp_path / "rows.sqlite3"))) as connection:
        out = io.BytesIO()
        csv_parts.write_rows(connection.execute("SELECT * FROM quotes ORDER BY id"), out, delimiter)
    assert out.getvalue() == _csv(ROWS, delimiter)
    assert list(csv.reader(io.StringIO(out.getvalue().decode()), delimiter=delimiter)) == [
        ["1", "Plain", ""],
        ["2", 'Semicolon; comma, "quotes"', "3.5"],
        ["3", "Deux\nlignes", "-1.25"],
        ["4", "« Téhéran » 😀", "0.5"],
    ]


def test_write_rows_writes_every_row_of_a_long_result_once_in_order(tmp_path):
    rows = [(n, f"Citation {n}", n / 2) for n in range(1, 12_346)]
    database = _database(tmp_path / "long.sqlite3", rows)
    with contextlib.closing(sqlite3.connect(database)) as connection:
        out = io.BytesIO()
        csv_parts.write_rows(connection.execute("SELECT * FROM quotes ORDER BY id"), out, ",")
    assert out.getvalue() == _csv(rows, ",")


def test_write_rows_of_an_empty_result_writes_nothing():
    with contextlib.closing(sqlite3.connect(":memory:")) as connection:
        out = io.BytesIO()
        csv_parts.write_rows(connection.execute("SELECT 1 WHERE 0"), out, ",")
    assert out.getvalue() == b""


def test_a_snapshot_does_not_see_what_is_committed_after_it(tmp_path):
    database = _database(tmp_path / "snap.sqlite3")
    snapshot = csv_parts.open_snapshot(database)
    try:
        _add_row(database, 5)
        assert snapshot.execute("SELECT count(*) FROM quotes").fetchone() == (4,)
    finally:
        snapshot.close()
    with contextlib.closing(sqlite3.connect(database)) as fresh:
        assert fresh.execute("SELECT count(*) FROM quotes").fetchone() == (5,)


def test_a_part_holds_the_rows_of_its_select_as_they_were_at_the_barrier(tmp_path):
    database = _database(tmp_path / "part.sqlite3")
    path = tmp_path / "part.csv"
    taken = threading.Barrier(2)
    part = threading.Thread(
        target=csv_parts.write_part,
        args=(database, "SELECT * FROM quotes WHERE id >= ? ORDER BY id", [2], str(path), ";"),
        kwargs={"taken": taken},
    )
    part.start()
    taken.wait(timeout=10)
    # Committed once the part has its snapshot: the part must not write it.
    _add_row(database, 5)
    part.join(timeout=10)
    assert not part.is_alive()
    assert path.read_bytes() == _csv(ROWS[1:], ";")


def test_the_module_loads_without_django():
    """A spawned process imports it before (and without) setting Django up."""
    check = (
        "import sys; import annotations.exports.csv_parts; "
        "sys.exit(' '.join(m for m in sys.modules if m.split('.')[0] == 'django') or None)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", check], cwd=TESTS.parent, capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (0, "")
