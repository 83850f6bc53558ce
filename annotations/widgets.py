"""Form widgets of our own: the name field with suggestions (themes, actors, a speaker)."""

from django import forms


class SuggestInput(forms.TextInput):
    """A text field for names, the names the server knows suggested as one types.

    htmx asks `suggest_url` 200 ms after the last keystroke (a newer keystroke replaces a
    request still running) and puts the answer, the suggestions partial
    (templates/annotations/_suggestions.html), into the list rendered right after the field
    (annotations/jinja2/annotations/widgets/suggest_input.html). static/js/suggest.js sends
    the name being typed and lets one pick a suggestion. The field holds comma-separated
    names, or one name if `single`.
    """

    template_name = "annotations/widgets/suggest_input.html"

    def __init__(self, suggest_url, *, single: bool = False, attrs: dict | None = None):
        super().__init__(
            {
                "autocomplete": "off",
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "data-suggest": "one" if single else "list",
                "hx-get": suggest_url,
                "hx-trigger": "input changed delay:200ms",
                "hx-sync": "this:replace",
                "hx-swap": "innerHTML",
                # Inside the filter form, whose results requests update the page's URL.
                "hx-push-url": "false",
                **(attrs or {}),
            }
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["list_id"] = f"{widget['attrs'].get('id') or name}-suggestions"
        widget["attrs"]["aria-controls"] = widget["list_id"]
        widget["attrs"]["hx-target"] = f"#{widget['list_id']}"
        return context
