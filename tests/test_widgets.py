"""widgets: the name field whose suggestions htmx fetches as one types (SuggestInput)."""

from annotations.widgets import SuggestInput
from tests.helpers import start_tags


def _render(widget: SuggestInput, name: str, value, attrs=None) -> list[tuple[str, dict]]:
    return start_tags(widget.render(name, value, attrs))


def test_a_list_field_asks_the_url_for_suggestions_after_a_pause():
    (field, listbox) = _render(SuggestInput("/suggest/themes/"), "themes", "Gaz, Pét")
    assert field == (
        "input",
        {
            "type": "text",
            "name": "themes",
            "value": "Gaz, Pét",
            "autocomplete": "off",
            "role": "combobox",
            "aria-autocomplete": "list",
            "aria-expanded": "false",
            "aria-controls": "themes-suggestions",
            "data-suggest": "list",
            "hx-get": "/suggest/themes/",
            "hx-trigger": "input changed delay:200ms",
            "hx-sync": "this:replace",
            "hx-swap": "innerHTML",
            "hx-push-url": "false",
            "hx-target": "#themes-suggestions",
        },
    )
    assert listbox == (
        "ul",
        {"class": "suggestions", "id": "themes-suggestions", "role": "listbox"},
    )


def test_a_single_field_takes_one_name():
    ((_, field), _) = _render(SuggestInput("/suggest/actors/", single=True), "speaker", None)
    assert field["data-suggest"] == "one"
    assert "value" not in field


def test_the_list_is_named_after_the_fields_id_when_it_has_one():
    widget = SuggestInput("/s/", attrs={"placeholder": "Un nom", "hx-push-url": "true"})
    ((_, field), (_, listbox)) = _render(widget, "actors", "", {"id": "id_actors"})
    assert listbox["id"] == "id_actors-suggestions"
    assert (field["id"], field["aria-controls"], field["hx-target"]) == (
        "id_actors",
        "id_actors-suggestions",
        "#id_actors-suggestions",
    )
    # Attributes given to the widget add to its own or replace them.
    assert (field["placeholder"], field["hx-push-url"]) == ("Un nom", "true")


def test_the_value_is_escaped():
    html = SuggestInput("/s/").render("themes", '"><script>alert(1)</script>')
    assert "<script>" not in html
    ((_, field), _) = start_tags(html)
    assert field["value"] == '"><script>alert(1)</script>'


def test_widgets_do_not_share_their_attributes():
    first, second = SuggestInput("/a/"), SuggestInput("/b/", single=True)
    first.render("x", "", {"id": "one"})
    assert (second.attrs["hx-get"], second.attrs["data-suggest"]) == ("/b/", "one")
    assert "aria-controls" not in first.attrs and "hx-target" not in first.attrs
