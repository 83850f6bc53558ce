"""System checks (`manage.py check`, and every command and server start): the extraction
stack the importers need is installed.

Without it the site runs but every HTML and URL import fails, item by item; a check makes
a broken install fail at deploy time instead. The modules are looked up, not imported:
importing trafilatura and py3langid takes most of a second, which every command would pay.
"""

from importlib.util import find_spec

from django.core.checks import Error, register

# Top-level modules of the packages HTML extraction and language detection import, with
# what provides each. lxml_html_clean is the one an ordinary install used to miss: justext
# asks for it as the lxml[html_clean] extra, which older pips skip.
EXTRACTION_STACK = {
    "lxml": "lxml",
    "lxml_html_clean": "lxml_html_clean (the lxml[html_clean] extra justext needs)",
    "justext": "jusText",
    "courlan": "courlan",
    "htmldate": "htmldate",
    "trafilatura": "trafilatura",
    "py3langid": "py3langid",
}


def _missing(module: str) -> bool:
    try:
        return find_spec(module) is None
    except (ImportError, ValueError):
        return True


@register()
def extraction_stack_check(app_configs=None, **kwargs) -> list[Error]:
    return [
        Error(
            f"{package} is not installed: HTML and URL imports would all fail.",
            hint="Install the pinned requirements: pip install -r requirements.txt",
            id="annotations.E001",
        )
        for module, package in EXTRACTION_STACK.items()
        if _missing(module)
    ]
