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
from django_filters.constants import EMPTY_VALUES

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
OUTLETS = reverse_lazy("outlet_suggest")


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


class OutletsFilter(django_filters.CharFilter):
    """Comma-separated outlet names (?outlet=Le Monde, Gazette du Nord), picked with the
    same suggestions as themes; any of them matches. A number is an outlet's id, as the
    links made before outlets had names in the URL said.

    The outlets become ids first, and the filter one `IN` that an index reads as ranges.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", SuggestInput(OUTLETS))
        kwargs.setdefault("label", "Outlets")
        super().__init__(*args, **kwargs)

    @staticmethod
    def ids(value: str) -> list[int]:
        names = _names(value)
        folded = [normalize_name(name) for name in names]
        numbers = [
            int(name)
            for name in names
            if name.isascii() and name.isdigit() and int(name) <= fields.MAX_ID
        ]
        return list(
            Outlet.objects.filter(Q(normalized__in=folded) | Q(pk__in=numbers)).values_list(
                "pk", flat=True
            )
        )

    def filter(self, queryset, value):
        if not value or not _names(value):
            return queryset
        return queryset.filter(**{f"{self.field_name}__in": self.ids(value)})


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
        # Asked by the theme and the actor filter alike: the outlets are looked up once.
        if getattr(self, "_tagging_facts", None) is None:
            self._tagging_facts = self._facts()
        return self._tagging_facts

    def _facts(self) -> dict:
        data, facts = self.form.cleaned_data, {}
        for name in ("since", "until"):
            if data.get(name):
                facts.update(self.filters[name].bound(data[name], "published"))
        if data.get("outlet") and _names(data["outlet"]):
            facts["outlet__in"] = OutletsFilter.ids(data["outlet"])
        return facts


class SortFilter(django_filters.OrderingFilter):
    """The sort select: its empty choice names the page's real default order (the
    listing's own), and every order ends with the id, so that rows with equal dates or
    titles keep one order and paging never repeats or skips one of them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Sort by")
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = [self.get_ordering_value(param) for param in value if param]
        if not ordering:
            return qs
        return qs.order_by(*ordering, "-id" if ordering[-1].startswith("-") else "id")


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
        empty_label="Anyone",
    )
    dossier = ChoiceFilter(
        field_name="article__dossiers",
        queryset=Dossier.objects.all(),
        label="Dossier",
        empty_label="Any dossier",
    )
    sort = SortFilter(
        fields=(
            ("article__published", "published"),
            ("article__title", "article"),
            ("created", "created"),
        ),
        choices=[
            ("-published", "Newest articles first"),
            ("published", "Oldest articles first"),
            ("article", "Article title, A to Z"),
            ("-article", "Article title, Z to A"),
            ("created", "Oldest highlights first"),
        ],
        empty_label="Newest highlights first",
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
    dossier = ChoiceFilter(
        field_name="dossiers", queryset=Dossier.objects.all(), empty_label="Any dossier"
    )
    annotated = django_filters.BooleanFilter(
        method="filter_annotated", label="Annotated only", widget=forms.CheckboxInput
    )
    sort = SortFilter(
        fields=(("published", "published"), ("title", "title"), ("created", "imported")),
        choices=[
            ("published", "Oldest first"),
            ("title", "Title, A to Z"),
            ("-title", "Title, Z to A"),
            ("-imported", "Latest imported first"),
            ("imported", "First imported first"),
        ],
        empty_label="Newest first",
    )

    implied_by_tags = (*TaggingFacts.implied_by_tags, "annotated")

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_annotated(self, queryset, name, value):
        if value:
            return queryset.filter(Exists(Annotation.objects.filter(article=OuterRef("pk"))))
        return queryset
