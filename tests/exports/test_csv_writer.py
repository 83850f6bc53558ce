"""exports.csv_writer: the CSV's columns and cell rules, in Python and in SQL."""

import csv
import io

import pytest
from django.db import connection

from annotations.exports import csv_writer
from annotations.models import Annotation
from annotations.selectors import quote_rows
from tests.factories import AnnotationFactory, ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_formula_triggers_are_neutralised(first):
    assert csv_writer.neutralize(first + "SUM(A1)") == "'" + first + "SUM(A1)"


def test_harmless_text_is_kept():
    assert csv_writer.neutralize("Téhéran, « dit-il »") == "Téhéran, « dit-il »"


def test_names_with_separators_are_escaped():
    assert csv_writer.join_names(["A;B", "C\\D", "E"]) == "A\\;B; C\\\\D; E"


def test_csv_columns_rows_and_options():
    article = ArticleFactory(title="@Titre piégé", text="-1 point; « citation »\n\nSuite.")
    annotation = AnnotationFactory(article=article, start=0, end=8)
    annotation.actors.add("Poutine; Vladimir", "Iran")
    out = io.StringIO()
    rows = csv_writer.write_csv(
        quote_rows.annotations_with_tags(Annotation.objects.all()),
        out,
        base_url="https://newsroom.example.org",
        bom=True,
        delimiter=";",
    )
    assert rows == 1
    text = out.getvalue()
    assert text.startswith("\ufeff")
    records = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert records[0] == csv_writer.CSV_COLUMNS
    row = dict(zip(records[0], records[1], strict=True))
    assert row["article_title"] == "'@Titre piégé"
    assert row["quote"] == "'-1 point"
    assert row["actors"] == "Iran; Poutine\\; Vladimir"
    assert row["annotation_url"] == f"https://newsroom.example.org/annotations/{annotation.pk}/"
    assert row["status"] == "pending"


# Every trigger alone and before text, and text that merely contains one or starts with
# something close (a quote, a space, non-ASCII characters).
NEUTRALIZE_SAMPLES = [
    *csv_writer.FORMULA_TRIGGERS,
    *(first + "SUM(A1)" for first in csv_writer.FORMULA_TRIGGERS),
    "",
    "Téhéran, « dit-il »",
    "'=déjà neutralisé",
    " =1+1",
    "a=b",
    "€100",
    "😀=x",
]


@pytest.mark.parametrize("value", NEUTRALIZE_SAMPLES)
def test_the_sql_neutralising_agrees_with_the_python_rule(value):
    """The SQL form, generated from the same trigger characters, gives the same cell."""
    sql = csv_writer.sql_neutralize(connection.vendor, "v")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql} FROM (SELECT CAST(%s AS text) AS v) t", [value])  # noqa: S608
        assert cursor.fetchone()[0] == csv_writer.neutralize(value)


def test_neutralised_cells_read_back_unchanged():
    # Text that itself looks neutralised ("'=...") reads back without its quote: the
    # registry import has always taken it for one of ours.
    for value in (sample for sample in NEUTRALIZE_SAMPLES if not sample.startswith("'")):
        assert csv_writer.unneutralize(csv_writer.neutralize(value)) == value
