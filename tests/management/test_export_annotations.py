"""management.commands.export_annotations: filtered quotes written to files or stdout."""

import io
import json

import pytest
from django.core.management import call_command

from tests.factories import AnnotationFactory

pytestmark = pytest.mark.django_db


def test_command_filters_and_writes_files(tmp_path, tagged_quote):
    other = AnnotationFactory()
    other.themes.add("Autre")
    output = tmp_path / "out.csv"
    call_command(
        "export_annotations", "--theme", "Sanctions", "--status", "rejected", "-o", str(output)
    )
    lines = output.read_text(encoding="utf-8").strip().splitlines()
    assert len(lines) == 2 and str(tagged_quote.pk) == lines[1].split(",")[0]
    stdout = io.StringIO()
    call_command("export_annotations", "--format", "jsonld", "--actor", "Téhéran", stdout=stdout)
    assert json.loads(stdout.getvalue())["total"] == 1
