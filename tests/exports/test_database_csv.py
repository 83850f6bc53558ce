"""exports.database_csv: the CSV built by the database, byte for byte the Python writer's."""

import contextlib
import csv
import io
import sqlite3

import pytest
from django.db import connection

from annotations.exports import csv_writer, database_csv
from annotations.models import Annotation
from annotations.selectors import export_sets
from tests.factories import (
    AnnotationFactory,
    ArticleFactory,
    EntityFactory,
    OutletFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_fast_path_writes_exactly_what_the_python_writer_writes(tagged_quote):
    """The database-built rows (COPY on PostgreSQL, one query on SQLite) equal the rows
    built from model instances, byte for byte."""
    other = AnnotationFactory(note="=1+1")
    other.themes.add("=Formule", "a\\b")
    # Created before the names that sort ahead of them: lists follow names, not ids.
    other.themes.add(ThemeFactory(name="Zone grise"), ThemeFactory(name="Azur"))
    other.actors.add(EntityFactory(name="Zelensky"), EntityFactory(name="Abbas"))
    queryset = Annotation.objects.all()
    for options in ({"bom": True, "delimiter": ";"}, {"bom": False, "delimiter": ","}):
        python_csv = io.StringIO()
        csv_writer.write_csv(
            export_sets.annotations_for_export(queryset),
            python_csv,
            base_url="https://n.example",
            **options,
        )
        fast = io.BytesIO()
        database_csv.fast_csv(queryset, fast, base_url="https://n.example", **options)
        assert fast.getvalue().decode() == python_csv.getvalue()
    streamed = b"".join(database_csv.iter_fast_csv(queryset.filter(pk=other.pk), base_url="x"))
    assert streamed.decode().count("\n") == 2


# Columns whose cells are numbers or dates we write ourselves, and our own address.
NOT_TEXT = {"annotation_id", "annotation_url", "article_id", "published", "start", "end"}
NOT_TEXT |= {"reviewed_at", "created", "modified"}


def test_every_text_column_is_neutralised_on_both_paths(tagged_quote, editor):
    """A formula in any text cell, behind spaces, zero-width characters or quotes, or in
    full-width characters, gets its `'` from both writers. Queryset updates put in what
    the forms would refuse (a language, an actor kind)."""
    article = tagged_quote.article
    type(article).objects.filter(pk=article.pk).update(
        language="=2+5+cmd|",
        author="\u200b@SUM(1)",
        url='"=HYPERLINK(1)',
        outlet=OutletFactory(name="\u3000＝1+1"),
    )
    Annotation.objects.filter(pk=tagged_quote.pk).update(
        prefix="\t-1", suffix="\xa0+1", review_reason=" =1"
    )
    tagged_quote.actors.all().update(kind="@kind")
    tagged_quote.themes.add(ThemeFactory(name="\ufeff-Thème"))
    queryset = Annotation.objects.filter(pk=tagged_quote.pk)
    python_csv = io.StringIO()
    csv_writer.write_csv(
        export_sets.annotations_for_export(queryset), python_csv, base_url="https://n.example"
    )
    fast = io.BytesIO()
    database_csv.fast_csv(queryset, fast, base_url="https://n.example")
    assert fast.getvalue().decode() == python_csv.getvalue()
    (row,) = csv.DictReader(io.StringIO(python_csv.getvalue()))
    for column in set(csv_writer.CSV_COLUMNS) - NOT_TEXT:
        assert not csv_writer.is_formula(row[column]) or row[column].startswith("'"), column
    assert row["language"] == "'=2+5+cmd|" and row["actor_kinds"] == "'@kind; @kind"


@pytest.fixture
def selected_quotes():
    """17 of 20 tagged quotes: a selection, not the whole table."""
    article = ArticleFactory(text="Un passage cité, puis un autre, et un troisième encore.")
    author = UserFactory(username="parts", role="analyst")
    for start in range(0, 40, 2):
        quote = AnnotationFactory(article=article, author=author, start=start, end=start + 5)
        quote.themes.add(f"Thème {start % 3}", "Commun")
    return Annotation.objects.filter(pk__in=Annotation.objects.values("pk")[:17])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_large_postgresql_export_in_parallel_parts_equals_one_copy(monkeypatch, selected_quotes):
    """Parts copied at once by other connections, from the same snapshot, come back in
    order and equal the single COPY byte for byte."""
    monkeypatch.setattr(database_csv, "PARALLEL_MIN_ROWS", 1)
    whole, parts = io.BytesIO(), io.BytesIO()
    database_csv.fast_csv(selected_quotes, whole, base_url="https://n.example", streams=1)
    database_csv.fast_csv(selected_quotes, parts, base_url="https://n.example", streams=4)
    assert parts.getvalue() == whole.getvalue()
    assert whole.getvalue().decode().count("\n") == 18


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's processes")
@pytest.mark.django_db(transaction=True)
def test_a_large_sqlite_export_in_parallel_processes_equals_one_query(
    monkeypatch, tmp_path, selected_quotes
):
    """Parts written at once by spawned processes from one snapshot come back in order and
    equal the single query's rows byte for byte. (The test database lives in memory,
    where other processes cannot reach it: the parts read a copy in a file.)"""
    whole = io.BytesIO()
    database_csv.fast_csv(selected_quotes, whole, base_url="https://n.example", delimiter=";")
    database = tmp_path / "newsroom.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as copy:
        connection.connection.backup(copy)
    monkeypatch.setattr(database_csv, "PARALLEL_MIN_ROWS", 1)
    ids_sql, ids_params = database_csv._selection(selected_quotes)
    with connection.cursor() as cursor:
        bounds = database_csv._split_points(
            cursor, database_csv._where("sqlite", ids_sql), ids_params, 4
        )
    assert len(bounds) == 3
    parts = io.BytesIO()
    database_csv._sqlite_parts(
        str(database), ids_sql, ["https://n.example", *ids_params], bounds, parts, ";"
    )
    header, rows = whole.getvalue().split(b"\n", 1)
    assert parts.getvalue() == rows
    assert rows.count(b"\n") == 17
