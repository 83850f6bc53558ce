"""checks: `manage.py check` fails loudly when the extraction stack is not installed."""

import sys

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_check_passes_with_the_pinned_requirements():
    call_command("check", verbosity=0)


@pytest.mark.parametrize("module", ["lxml_html_clean", "trafilatura", "py3langid"])
def test_check_fails_when_a_module_of_the_extraction_stack_is_missing(monkeypatch, module):
    # None in sys.modules is how Python marks a module that cannot be imported.
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(SystemCheckError, match="annotations.E001") as failure:
        call_command("check", verbosity=0)
    assert "HTML and URL imports would all fail" in str(failure.value)
    assert "pip install -r requirements.txt" in str(failure.value)
