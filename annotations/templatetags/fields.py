"""Form fields that a template writes without a form class."""

from django import template
from django.urls import reverse

from annotations.models import Entity
from annotations.selectors import tag_suggestions
from annotations.widgets import SuggestInput

register = template.Library()


@register.simple_tag
def suggest_field(name: str, url_name: str, single: bool = False, **attrs) -> str:
    """A name field with suggestions from the route `url_name` (e.g. an actor to merge)."""
    return SuggestInput(reverse(url_name), single=single).render(name, "", attrs)


@register.inclusion_tag("annotations/_new_actor_kinds.html")
def new_actor_kinds(form, language: str = "") -> dict:
    """The line under a highlight form's actors field: the names the registry does not know,
    each with its kind to confirm or change. An empty form asks nothing of the database."""
    typed = form.typed_actors()
    return {
        "form": form,
        "language": language,
        "new_actors": tag_suggestions.new_actor_kinds(**typed, language=language)
        if typed["names"]
        else [],
        "kinds": Entity.Kind.choices,
    }
