"""The forms of the pages: what each accepts and how it cleans it (names split on commas,
selections in UTF-16 offsets, tags as the highlight services take them). Filters are in
filters.py."""

from django import forms
from django.urls import reverse_lazy

from annotations.models import Dossier, Entity
from annotations.widgets import SuggestInput


def split_names(value: str) -> list[str]:
    """Names typed as a comma-separated list."""
    return [name.strip() for name in value.split(",") if name.strip()]


class ArticlePasteForm(forms.Form):
    title = forms.CharField(
        max_length=500,
        required=False,
        help_text="Leave empty to use the first line if it is a headline, else the first sentence.",
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), max_length=2_000_000)
    url = forms.URLField(label="URL", max_length=2000, required=False, assume_scheme="https")
    outlet = forms.CharField(max_length=200, required=False)
    author = forms.CharField(max_length=300, required=False)
    published = forms.DateTimeField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="YYYY-MM-DD"
    )
    language = forms.CharField(max_length=12, required=False, help_text="e.g. fr, en")


class ArticleTextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 24}), max_length=2_000_000)


class HighlightTagsForm(forms.Form):
    """Tags, speaker and note of a quote."""

    themes = forms.CharField(
        required=False,
        max_length=2000,
        help_text="Comma-separated, e.g. Sanctions, Energy",
        widget=SuggestInput(reverse_lazy("theme_suggest")),
    )
    actors = forms.CharField(
        required=False,
        max_length=2000,
        help_text="Comma-separated names",
        widget=SuggestInput(reverse_lazy("actor_suggest")),
    )
    new_actor_kind = forms.ChoiceField(
        choices=Entity.Kind.choices,
        initial=Entity.Kind.PERSON,
        required=False,
        label="Kind of new actors",
        help_text="Used for actors not yet in the registry.",
    )
    speaker = forms.CharField(
        required=False,
        max_length=200,
        widget=SuggestInput(reverse_lazy("actor_suggest"), single=True),
    )
    note = forms.CharField(
        required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_themes(self):
        return split_names(self.cleaned_data["themes"])

    def clean_actors(self):
        return split_names(self.cleaned_data["actors"])

    def clean_new_actor_kind(self):
        return self.cleaned_data["new_actor_kind"] or Entity.Kind.PERSON

    def tags(self) -> dict:
        """The cleaned tags, speaker and note, as the highlight services take them."""
        fields = ("themes", "actors", "new_actor_kind", "speaker", "note")
        return {name: self.cleaned_data[name] for name in fields}


class SelectionForm(forms.Form):
    """A browser selection: UTF-16 offsets, as the DOM counts, and the selected text."""

    start_utf16 = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end_utf16 = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    exact = forms.CharField(strip=False, widget=forms.HiddenInput, max_length=200_000)


class HighlightForm(SelectionForm, HighlightTagsForm):
    """A new highlight: the selection and its tags."""


class HighlightEditForm(HighlightTagsForm):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    @classmethod
    def for_annotation(cls, annotation):
        return cls(
            initial={
                "version": annotation.version,
                "themes": ", ".join(theme.name for theme in annotation.themes.all()),
                "actors": ", ".join(actor.name for actor in annotation.actors.all()),
                "speaker": annotation.speaker.name if annotation.speaker else "",
                "note": annotation.note,
            },
            prefix=f"edit-{annotation.pk}",
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ImportForm(forms.Form):
    files = MultipleFileField(
        required=False,
        help_text=".txt, .md, .html, .jsonl, .csv, or a .zip of them; several at once.",
    )
    urls = forms.CharField(
        required=False,
        label="URLs",
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "https://…  (one per line)"}),
        max_length=100_000,
    )
    dossier = forms.ModelChoiceField(queryset=Dossier.objects.all(), required=False)
    language = forms.CharField(
        max_length=12, required=False, help_text="Only when it cannot be detected, e.g. fr"
    )

    def clean_urls(self):
        urls = [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        bad = [url for url in urls if not url.startswith(("http://", "https://"))]
        if bad:
            raise forms.ValidationError(f"Not a web address: {bad[0]}")
        return urls

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("files") and not data.get("urls"):
            raise forms.ValidationError("Choose files or give URLs to import.")
        return data


class ActorForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Entity.Kind.choices)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    wikidata_id = forms.CharField(required=False, max_length=20, label="Wikidata id")


class DossierForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DossierArticlesForm(forms.Form):
    dossier = forms.ModelChoiceField(queryset=Dossier.objects.all())
    articles = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)
    action = forms.ChoiceField(choices=[("add", "Add"), ("remove", "Remove")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any article id is a valid choice; the service ignores ids that do not exist.
        self.fields["articles"].valid_value = lambda value: str(value).isdigit()


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approved", "Approve"), ("rejected", "Reject"), ("pending", "Reopen")]
    )
    reason = forms.CharField(required=False, max_length=2000)
    version = forms.IntegerField(min_value=1)


class MentionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("dismiss", "Dismiss")])
    scope = forms.ChoiceField(choices=[("one", "This one"), ("all", "All")], initial="one")
    start = forms.IntegerField(min_value=0, required=False)
    end = forms.IntegerField(min_value=1, required=False)
    actor_id = forms.IntegerField(required=False)
    label = forms.CharField(required=False, max_length=3)

    def clean(self):
        data = super().clean()
        if data.get("scope") == "one" and (data.get("start") is None or data.get("end") is None):
            raise forms.ValidationError("Which mention?")
        return data
