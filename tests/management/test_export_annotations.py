"""management.commands.export_annotations: filtered quotes written to files or stdout."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

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


@pytest.mark.parametrize("option", ["--actor", "--theme", "--speaker"])
@pytest.mark.parametrize("fmt", ["csv", "jsonld", "jsonl"])
def test_an_unknown_name_is_an_error_and_leaves_no_file(tmp_path, tagged_quote, option, fmt):
    output = tmp_path / f"out.{fmt}"
    with pytest.raises(CommandError, match="is called “Nobody”"):
        call_command("export_annotations", option, "Nobody", "--format", fmt, "-o", str(output))
    assert not output.exists()
