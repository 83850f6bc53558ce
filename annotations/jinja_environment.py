"""The Jinja2 environment of the templates in annotations/jinja2/ (see settings.TEMPLATES).

Those templates render what a page repeats by the hundred (quote cards, article rows), so
what they need comes as filters and globals: Jinja2 calls a filter directly, where calling
a function passed in the context costs it about a microsecond more, per card.
"""

from datetime import datetime

import jinja2
from django.utils import timezone

from annotations.models import Annotation

# A card shows this many characters of a quote at most (the review queue shows it whole).
SHORT_QUOTE = 240


def shorten(text: str) -> str:
    return text if len(text) <= SHORT_QUOTE else text[: SHORT_QUOTE - 1].rstrip() + "…"


def environment(**options) -> jinja2.Environment:
    """Jinja2's environment, always escaping (Django asks for that too), with our filters."""
    options.pop("autoescape", None)
    env = jinja2.Environment(autoescape=True, **options)
    env.filters.update(
        short=shorten,
        localtime=timezone.localtime,
        isoformat=datetime.isoformat,
        day=lambda moment: moment.strftime("%Y-%m-%d"),
    )
    env.globals.update(status_labels=dict(Annotation.Status.choices))
    return env
