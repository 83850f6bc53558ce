"""The forms of the pages: what each accepts and how it cleans it (names split on commas,
selections in UTF-16 offsets, tags as the highlight services take them). Filters are in
filters.py."""

import datetime

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.urls import reverse_lazy
from django.utils import timezone

from annotations import fields
from annotations.importers.base import ImportFailure, checked_language
from annotations.models import Dossier, Entity
from annotations.normalization import normalize_name
from annotations.widgets import SuggestInput

# Offsets into a text: never past the longest article (twice that in UTF-16 code units).
MAX_OFFSET = 2 * settings.NEWSROOM_MAX_ARTICLE_CHARS
# A quote's version is a PositiveIntegerField.
MAX_VERSION = 2**31 - 1


def split_names(value: str) -> list[str]:
    """Names typed as a comma-separated list."""
    return [name.strip() for name in value.split(",") if name.strip()]


def _language(value: str) -> str:
    try:
        return checked_language(value)
    except ImportFailure as failure:
        raise forms.ValidationError(str(failure)) from None


class ArticlePasteForm(forms.Form):
    title = forms.CharField(
        max_length=500,
        required=False,
        help_text="Leave empty to use the first line if it is a headline, else the first sentence.",
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}))
    url = forms.URLField(label="URL", max_length=2000, required=False, assume_scheme="https")
    outlet = forms.CharField(max_length=200, required=False)
    author = forms.CharField(max_length=300, required=False)
    published = fields.DateTimeField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The source's date, in your browser's format.",
    )
    language = forms.CharField(max_length=12, required=False, help_text="e.g. fr, en")

    def clean_language(self):
        return _language(self.cleaned_data["language"])


class ArticleDetailsForm(forms.Form):
    """An article's details as an analyst corrects them; `modified` is the article's
    version the form was opened on, so that a concurrent correction is noticed."""

    title = forms.CharField(max_length=500)
    url = forms.URLField(
        label="URL",
        max_length=2000,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    outlet = forms.CharField(
        max_length=200,
        required=False,
        widget=SuggestInput(reverse_lazy("outlet_suggest"), single=True),
    )
    author = forms.CharField(max_length=300, required=False)
    published_date = fields.DateField(
        label="Published", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_time = forms.TimeField(
        label="Time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Leave empty when the source gives only a date.",
    )
    language = forms.CharField(max_length=12, required=False, help_text="e.g. fr, en")
    modified = forms.CharField(widget=forms.HiddenInput)

    @staticmethod
    def initial_for(article) -> dict:
        published = timezone.localtime(article.published) if article.published else None
        return {
            "title": article.title,
            "url": article.url,
            "outlet": article.outlet.name if article.outlet else "",
            "author": article.author,
            "published_date": published.date() if published else None,
            # Midnight is what a date without a time is stored as.
            "published_time": (
                published.time() if published and published.time() != datetime.time.min else None
            ),
            "language": article.language,
            "modified": article.modified.isoformat(),
            "published": article.published,
        }

    def clean_language(self):
        return _language(self.cleaned_data["language"])

    def clean_modified(self):
        try:
            return datetime.datetime.fromisoformat(self.cleaned_data["modified"])
        except ValueError:
            raise forms.ValidationError("Open the form again: it lost its place.") from None

    def clean(self):
        data = super().clean()
        day, time = data.get("published_date"), data.get("published_time")
        if time and not day:
            self.add_error("published_date", "A time needs a date.")
        data["published"] = (
            datetime.datetime.combine(
                day, time or datetime.time.min, tzinfo=timezone.get_current_timezone()
            )
            if day
            else None
        )
        # The time field shows minutes: an untouched date keeps its seconds, and is no change.
        original = self.initial.get("published")
        if original and data["published"] == original.replace(second=0, microsecond=0):
            data["published"] = original
        return data

    def details(self) -> dict:
        """The details as `services.articles.article_update_details` takes them."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "url": data["url"],
            "outlet_name": data["outlet"],
            "author": data["author"],
            "published": data["published"],
            "language": data["language"],
        }


class ArticleTextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 24}))


class ActorKindsField(forms.Field):
    """The kinds chosen for new actors: one "Name=kind" value per new name (the selects of
    `_new_actor_kinds.html`), cleaned into {folded name: kind}."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> dict[str, str]:
        kinds = {}
        for item in value or []:
            # A kind holds no "=", a name may.
            name, _, kind = str(item).rpartition("=")
            if kind not in Entity.Kind.values or not normalize_name(name):
                raise forms.ValidationError("Choose each new actor's kind from its list.")
            kinds[normalize_name(name)] = kind
        return kinds


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
    new_actor_kinds = ActorKindsField(required=False)
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

    def typed_actors(self) -> dict:
        """The actors' names and the kinds chosen so far, as typed (no validation), for the
        line that lists the new ones (`tag_suggestions.new_actor_kinds`)."""
        if not self.is_bound:
            return {"names": [], "chosen": {}}
        field, chosen = self.fields["new_actor_kinds"], {}
        for item in self["new_actor_kinds"].value() or []:
            try:
                chosen |= field.to_python([item])
            except forms.ValidationError:
                continue  # a broken choice is no choice; the guess stands
        return {"names": split_names(self["actors"].value() or ""), "chosen": chosen}

    def tags(self) -> dict:
        """The cleaned tags, speaker and note, as the highlight services take them."""
        fields = ("themes", "actors", "speaker", "note")
        return {
            **{name: self.cleaned_data[name] for name in fields},
            "actor_kinds": self.cleaned_data["new_actor_kinds"],
        }


class SelectionForm(forms.Form):
    """A browser selection: UTF-16 offsets, as the DOM counts, and the selected text."""

    start_utf16 = forms.IntegerField(min_value=0, max_value=MAX_OFFSET, widget=forms.HiddenInput)
    end_utf16 = forms.IntegerField(min_value=1, max_value=MAX_OFFSET, widget=forms.HiddenInput)
    exact = forms.CharField(strip=False, widget=forms.HiddenInput, max_length=200_000)


class HighlightForm(SelectionForm, HighlightTagsForm):
    """A new highlight: the selection and its tags."""


class HighlightEditForm(HighlightTagsForm):
    version = forms.IntegerField(min_value=1, max_value=MAX_VERSION, widget=forms.HiddenInput)

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
    dossier = fields.ModelChoiceField(queryset=Dossier.objects.all(), required=False)
    language = forms.CharField(
        max_length=12, required=False, help_text="Only when it cannot be detected, e.g. fr"
    )

    def clean_language(self):
        return _language(self.cleaned_data["language"])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Restoring authors and review states is for staff only: others never see it.
        if user is not None and user.is_staff:
            self.fields["restore"] = forms.BooleanField(
                required=False,
                label="Restore backups in full",
                help_text="JSONL backups keep their authors, reviews and dates, "
                "and may create users and change themes and actors.",
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
    dossier = fields.ModelChoiceField(queryset=Dossier.objects.all())
    articles = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)
    action = forms.ChoiceField(choices=[("add", "Add"), ("remove", "Remove")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any article id is a valid choice; the service ignores ids that do not exist.
        self.fields["articles"].valid_value = lambda value: (
            str(value).isdigit() and fields.fits_an_id(value)
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approved", "Approve"), ("rejected", "Reject"), ("pending", "Reopen")]
    )
    reason = forms.CharField(required=False, max_length=2000)
    version = forms.IntegerField(min_value=1, max_value=MAX_VERSION)


class MentionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("dismiss", "Dismiss")])
    scope = forms.ChoiceField(choices=[("one", "This one"), ("all", "All")], initial="one")
    start = forms.IntegerField(min_value=0, max_value=MAX_OFFSET, required=False)
    end = forms.IntegerField(min_value=1, max_value=MAX_OFFSET, required=False)
    actor_id = forms.IntegerField(min_value=1, max_value=fields.MAX_ID, required=False)
    label = forms.CharField(required=False, max_length=3)

    def clean(self):
        data = super().clean()
        if data.get("scope") == "one" and (data.get("start") is None or data.get("end") is None):
            raise forms.ValidationError("Which mention?")
        return data


class DossierChoiceForm(forms.Form):
    """The dossier a page is narrowed to (`?dossier=<id>`), if any."""

    dossier = fields.ModelChoiceField(queryset=Dossier.objects.all(), required=False)
