"""exports.csv_writer: the CSV's columns and cell rules, in Python and in SQL."""

import csv
import io
import sys
import unicodedata

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.exports import csv_writer
from annotations.models import Annotation
from annotations.selectors import quote_rows
from tests.factories import AnnotationFactory, ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠"])
def test_formula_triggers_are_neutralised(first):
    assert csv_writer.neutralize(first + "SUM(A1)") == "'" + first + "SUM(A1)"


def test_the_triggers_are_the_ascii_ones_and_every_character_that_folds_into_one():
    folded = {
        character
        for character in map(chr, range(sys.maxunicode + 1))
        if unicodedata.normalize("NFKC", character) in {"=", "+", "-", "@"}
    }
    assert set(csv_writer.FORMULA_TRIGGERS) == folded | {"\t", "\r", "\n"}


def test_every_unicode_space_is_passed_over_before_a_formula():
    spaces = {character for character in map(chr, range(sys.maxunicode + 1)) if character.isspace()}
    assert spaces <= set(csv_writer.SKIPPED_BEFORE_FORMULA)


# What a spreadsheet may skip before the formula: spaces of every kind, zero-width
# characters, the byte order mark, quotes, and any run of them.
BEFORE_FORMULA = [
    " ",
    "\xa0",
    "\u200b",
    "\ufeff",
    "\u3000",
    "\t",
    "\r\n",
    '"',
    "'",
    ' \u200b"',
]


@pytest.mark.parametrize("before", BEFORE_FORMULA)
@pytest.mark.parametrize("formula", ["=2+5+cmd|' /C calc'!A0", "＝1+1", "@SUM(A1)", "-1+1"])
def test_a_formula_behind_what_a_spreadsheet_skips_is_neutralised(before, formula):
    assert csv_writer.neutralize(before + formula) == "'" + before + formula


@pytest.mark.parametrize(
    "value", [" a=b", '"citation"', "\xa0«\xa0non\xa0»", "   ", "\u200b", "'", "l'=x", "😀=x"]
)
def test_text_that_only_starts_with_what_is_skipped_is_kept(value):
    assert csv_writer.neutralize(value) == value


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
    *(before + "=1+1" for before in BEFORE_FORMULA),
    *(before + "＠x" for before in BEFORE_FORMULA),
    " a=b",
    "   ",
    "\u200b",
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
    # Text that itself starts with "'" and a formula is neutralised too: it reads back whole.
    for value in NEUTRALIZE_SAMPLES:
        assert csv_writer.unneutralize(csv_writer.neutralize(value)) == value


# Random text made mostly of what the rule looks at: triggers, skipped characters, and a
# few others; no NUL, which PostgreSQL text cannot hold.
_CELL_TEXT = st.text(
    st.sampled_from(
        [*csv_writer.FORMULA_TRIGGERS, *csv_writer.SKIPPED_BEFORE_FORMULA, "a", "é", "1", "😀"]
    )
    | st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=8,
)


@settings(max_examples=150, deadline=None, database=None)
@given(values=st.lists(_CELL_TEXT, min_size=1, max_size=10))
def test_sql_and_python_neutralise_random_text_alike_and_read_back(values):
    sql = csv_writer.sql_neutralize(connection.vendor, "v")
    with connection.cursor() as cursor:
        for value in values:
            cursor.execute(f"SELECT {sql} FROM (SELECT CAST(%s AS text) AS v) t", [value])  # noqa: S608
            cell = cursor.fetchone()[0]
            assert cell == csv_writer.neutralize(value)
            assert csv_writer.unneutralize(cell) == value
            assert cell.startswith("'") or not csv_writer.is_formula(cell)
