"""The one definition of the quote and article filters.

The quotes page, the review queue, the exports and the export command all filter with
these FilterSets, so a URL's query string means the same thing everywhere.
"""

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse_lazy
from django.utils import timezone

from annotations import fields
from annotations.models import (
    Annotation,
    Article,
    Dossier,
    Entity,
    Outlet,
    TaggedActor,
    TaggedTheme,
    Theme,
)
from annotations.normalization import normalize_name
from annotations.widgets import SuggestInput


def _search_quotes(queryset: QuerySet, name: str, value: str) -> QuerySet:
    from annotations import search

    return search.search_annotations(queryset, value)


def _search_articles(queryset: QuerySet, name: str, value: str) -> QuerySet:
    from annotations import search

    return search.search_articles(queryset, value)


THEMES = reverse_lazy("theme_suggest")
ACTORS = reverse_lazy("actor_suggest")


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def _entities_named(value: str) -> QuerySet[Entity]:
    """Actors by canonical name, alias or slug; case and accents ignored."""
    names = _names(value)
    folded = [normalize_name(name) for name in names]
    return Entity.objects.filter(
        Q(normalized__in=folded) | Q(aliases__normalized__in=folded) | Q(slug__in=names)
    ).values("pk")


def _themes_named(value: str) -> QuerySet[Theme]:
    names = _names(value)
    folded = [normalize_name(name) for name in names]
    return Theme.objects.filter(Q(normalized__in=folded) | Q(slug__in=names)).values("pk")


class NamesFilter(django_filters.CharFilter):
    """Comma-separated names in the URL (?actor=Vladimir Putin, Téhéran): any of them matches.

    Names are readable in bookmarks and shared links; aliases and slugs work too.
    """

    def __init__(self, *args, resolve, suggest_url: str, tagged=None, **kwargs):
        self.resolve = resolve
        self.kind = "theme" if resolve is _themes_named else "actor"
        # (taggings model, the filtered row's id on a tagging): the tagged rows are read
        # from the taggings' index alone, already narrowed to the dates and outlets asked.
        self.tagged = tagged
        kwargs.setdefault("widget", SuggestInput(suggest_url))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value or not _names(value):
            return queryset
        # Names become ids first: PostgreSQL plans well around a few known ids, and badly
        # around a subquery of names and aliases whose size it cannot guess.
        ids = list(self.resolve(value).values_list("pk", flat=True))
        # A subquery of ids rather than a join: no duplicate rows, so no costly DISTINCT.
        if self.tagged:
            taggings, row_id = self.tagged
            facts = self.parent.tagging_facts()
            matching = taggings.objects.filter(tag__in=ids, **facts).values(row_id)
        else:
            matching = queryset.model.objects.filter(**{f"{self.field_name}__in": ids}).values("pk")
        return queryset.filter(pk__in=matching)


class OutletsFilter(django_filters.ModelMultipleChoiceFilter):
    """Any of the outlets chosen, as one `IN` that an index reads as ranges (django-filter
    ORs one condition per outlet, which PostgreSQL can only test row by row)."""

    field_class = fields.ModelMultipleChoiceField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, queryset=Outlet.objects.all(), label="Outlet", **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.field_name}__in": value})


class ChoiceFilter(django_filters.ModelChoiceFilter):
    """One row by id; an id the database cannot hold is an invalid choice, not a 500."""

    field_class = fields.ModelChoiceField


class DayFilter(django_filters.DateFilter):
    """A date bound on a timestamp, as a range of the timestamp itself in the current time
    zone, so that its index is used (`published__date >= d` converts every row). Dates
    near the calendar's ends are refused (fields.DateField)."""

    field_class = fields.DateField

    def __init__(self, *args, until: bool = False, **kwargs):
        self.until = until
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(**self.bound(value, self.field_name))

    def bound(self, value, field_name: str) -> dict:
        day = datetime.combine(value, time.min, tzinfo=timezone.get_current_timezone())
        if self.until:
            return {f"{field_name}__lt": day + timedelta(days=1)}
        return {f"{field_name}__gte": day}


class TaggingFacts:
    """Both list filters: the publication dates and outlets asked for, as conditions on
    the taggings, which carry their article's facts (models.ArticleFacts). A theme or an
    actor filter then finds, say, a theme's quotes of March in its index alone."""

    # What a theme or actor filter then implies: its taggings' dates and outlets, and
    # (for articles) being annotated.
    implied_by_tags = ("since", "until", "outlet")

    def filter_queryset(self, queryset):
        # With a theme or an actor asked for, the dates and outlets narrow its taggings
        # alone: narrowing the articles as well would cost a join for nothing, and make
        # PostgreSQL count their selectivity twice and misplan the page.
        data = self.form.cleaned_data
        tagged = any(_names(data.get(name) or "") for name in ("theme", "actor"))
        for name, value in data.items():
            if not (tagged and name in self.implied_by_tags):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def unknown_names(self) -> list[str]:
        """What is wrong with the names asked for, in plain words: an export of a misspelt
        actor would otherwise be a file of nothing that looks like an answer."""
        self.errors  # noqa: B018 - validates the form, which fills cleaned_data
        data, refusals = self.form.cleaned_data, []
        for name, found in self.filters.items():
            if isinstance(found, NamesFilter):
                for each in _names(data.get(name) or ""):
                    if not found.resolve(each).exists():
                        refusals.append(f"No {found.kind} is called “{each}”.")
        return refusals

    def tagging_facts(self) -> dict:
        data, facts = self.form.cleaned_data, {}
        for name in ("since", "until"):
            if data.get(name):
                facts.update(self.filters[name].bound(data[name], "published"))
        if data.get("outlet"):
            facts["outlet__in"] = data["outlet"]
        return facts


class QuoteFilter(TaggingFacts, django_filters.FilterSet):
    """Several values of one facet widen the set (OR); different facets narrow it (AND)."""

    q = django_filters.CharFilter(method=_search_quotes, label="Search quotes and notes")
    theme = NamesFilter(
        field_name="themes",
        resolve=_themes_named,
        suggest_url=THEMES,
        label="Themes",
        tagged=(TaggedTheme, "content_object_id"),
    )
    actor = NamesFilter(
        field_name="actors",
        resolve=_entities_named,
        suggest_url=ACTORS,
        label="Actors",
        tagged=(TaggedActor, "content_object_id"),
    )
    speaker = NamesFilter(
        field_name="speaker", resolve=_entities_named, suggest_url=ACTORS, label="Speaker"
    )
    outlet = OutletsFilter(field_name="article__outlet")
    language = django_filters.CharFilter(field_name="article__language", label="Language")
    since = DayFilter(field_name="article__published", label="Published since")
    until = DayFilter(field_name="article__published", label="Published until", until=True)
    status = django_filters.MultipleChoiceFilter(
        choices=Annotation.Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    author = ChoiceFilter(
        label="Highlighted by",
        field_name="author",
        to_field_name="username",
        queryset=get_user_model().objects.all(),
    )
    dossier = ChoiceFilter(
        field_name="article__dossiers", queryset=Dossier.objects.all(), label="Dossier"
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("article__published", "published"),
            ("article__title", "article"),
            ("created", "created"),
        ),
        field_labels={
            "article__published": "Publication date",
            "article__title": "Article",
            "created": "Highlighted",
        },
        label="Sort by",
    )

    class Meta:
        model = Annotation
        fields: list[str] = []


class ArticleFilter(TaggingFacts, django_filters.FilterSet):
    q = django_filters.CharFilter(method=_search_articles, label="Search titles and text")
    theme = NamesFilter(
        field_name="annotations__themes",
        resolve=_themes_named,
        suggest_url=THEMES,
        label="Themes",
        tagged=(TaggedTheme, "article_id"),
    )
    actor = NamesFilter(
        field_name="annotations__actors",
        resolve=_entities_named,
        suggest_url=ACTORS,
        label="Actors",
        tagged=(TaggedActor, "article_id"),
    )
    outlet = OutletsFilter(field_name="outlet")
    language = django_filters.CharFilter()
    since = DayFilter(field_name="published", label="Since")
    until = DayFilter(field_name="published", label="Until", until=True)
    dossier = ChoiceFilter(field_name="dossiers", queryset=Dossier.objects.all())
    annotated = django_filters.BooleanFilter(
        method="filter_annotated", label="Annotated only", widget=forms.CheckboxInput
    )
    sort = django_filters.OrderingFilter(
        fields=(("published", "published"), ("title", "title"), ("created", "imported")),
        label="Sort by",
    )

    implied_by_tags = (*TaggingFacts.implied_by_tags, "annotated")

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_annotated(self, queryset, name, value):
        if value:
            return queryset.filter(Exists(Annotation.objects.filter(article=OuterRef("pk"))))
        return queryset
