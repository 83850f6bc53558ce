import csv
import io

import pytest

from annotations import selectors
from annotations.exports import csv_writer
from annotations.models import Annotation
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
        selectors.annotations_with_tags(Annotation.objects.all()),
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

