"""Form fields that a template writes without a form class."""

from django import template
from django.urls import reverse

from annotations.widgets import SuggestInput

register = template.Library()


@register.simple_tag
def suggest_field(name: str, url_name: str, single: bool = False, **attrs) -> str:
    """A name field with suggestions from the route `url_name` (e.g. an actor to merge)."""
    return SuggestInput(reverse(url_name), single=single).render(name, "", attrs)
