"""templatetags.fields: a name field with suggestions, written by a template."""

from django.template import Context, Template
from django.urls import reverse

from tests.helpers import start_tags


def _render(tag: str) -> list[tuple[str, dict]]:
    return start_tags(Template("{% load fields %}" + tag).render(Context()))


def test_suggest_field_asks_the_named_route_and_takes_the_attributes_given():
    (field, listbox) = _render(
        '{% suggest_field "other" "actor_suggest" single=True id="merge-other" '
        'required=True placeholder="its name or a spelling" %}'
    )
    tag, attrs = field
    assert tag == "input" and attrs["name"] == "other" and "value" not in attrs
    assert (attrs["hx-get"], attrs["data-suggest"]) == (reverse("actor_suggest"), "one")
    assert (attrs["id"], attrs["placeholder"]) == ("merge-other", "its name or a spelling")
    assert "required" in attrs
    assert listbox == (
        "ul",
        {"class": "suggestions", "id": "merge-other-suggestions", "role": "listbox"},
    )


def test_suggest_field_takes_a_list_of_names_by_default():
    ((_, attrs), (_, listbox)) = _render('{% suggest_field "themes" "theme_suggest" %}')
    assert (attrs["hx-get"], attrs["data-suggest"]) == (reverse("theme_suggest"), "list")
    assert listbox["id"] == "themes-suggestions" and "id" not in attrs
