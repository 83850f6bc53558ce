"""filters: the quote and article filters, every facet, combinations, tag filters by date."""

import datetime

import pytest
from django.http import QueryDict

from annotations.filters import ArticleFilter, QuoteFilter
from annotations.models import Annotation, Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def quotes(query: str) -> set[int]:
    """The ids of the quotes the quote filter keeps for this query string."""
    return set(
        QuoteFilter(QueryDict(query), queryset=Annotation.objects.all()).qs.values_list(
            "pk", flat=True
        )
    )


def articles(query: str) -> set[int]:
    """The ids of the articles the article filter keeps for this query string."""
    qs = Article.objects.all()
    return set(ArticleFilter(QueryDict(query), queryset=qs).qs.values_list("pk", flat=True))


def test_each_facet(faceted_quotes):
    q1, q2, q3 = faceted_quotes["q1"].pk, faceted_quotes["q2"].pk, faceted_quotes["q3"].pk
    assert quotes("theme=Sanctions") == {q1, q3}
    assert quotes("theme=energie") == {q2}
    assert quotes("actor=POUTINE") == {q1, q3}
    assert quotes("actor=teheran") == {q2, q3}
    assert quotes("speaker=Vladimir Putin") == {q1}
    assert quotes("outlet=Le Monde") == {q1, q2}
    assert quotes("outlet=le monde") == {q1, q2}  # case and accents ignored
    assert quotes(f"outlet={faceted_quotes['monde'].pk}") == {q1, q2}  # links made with ids
    assert quotes("outlet=Nowhere") == set()
    assert quotes("language=en") == {q3}
    assert quotes("since=2026-04-01") == {q3}
    assert quotes("until=2026-04-01") == {q1, q2}
    assert quotes("status=approved") == {q3}
    assert quotes("status=pending&status=rejected") == {q1, q2}
    assert quotes("author=eddie") == {q2}
    assert quotes(f"dossier={faceted_quotes['dossier'].pk}") == {q3}


def test_combinations_narrow_and_lists_widen(faceted_quotes):
    q1, q2, q3 = faceted_quotes["q1"].pk, faceted_quotes["q2"].pk, faceted_quotes["q3"].pk
    assert quotes("theme=Sanctions&actor=Téhéran") == {q3}
    assert quotes("actor=Poutine&language=fr&status=pending") == {q1}
    assert quotes("theme=Sanctions, Énergie") == {q1, q2, q3}
    assert quotes("theme=Sanctions&since=2026-01-01&until=2026-12-31&author=ana") == {q1, q3}
    assert quotes("actor=Nobody") == set()


def test_unknown_values_are_form_errors_not_crashes(faceted_quotes):
    result = QuoteFilter(
        QueryDict("since=not-a-date&status=published"), queryset=Annotation.objects.all()
    )
    assert not result.is_valid()
    assert "since" in result.errors and "status" in result.errors


def test_article_filters(faceted_quotes):
    a1, a2 = faceted_quotes["q1"].article_id, faceted_quotes["q3"].article_id
    unannotated = ArticleFactory().pk
    assert articles("annotated=on") == {a1, a2}
    assert unannotated in articles("")
    assert articles("actor=Poutine") == {a1, a2}
    assert articles("theme=Énergie") == {a1}
    assert articles("language=en&annotated=on") == {a2}


def test_tag_filters_with_dates_and_outlets_on_both_lists(faceted_quotes):
    """A theme or actor filter reads its taggings narrowed to the dates and outlets asked."""
    q1, q2, q3 = faceted_quotes["q1"].pk, faceted_quotes["q2"].pk, faceted_quotes["q3"].pk
    monde = "Le Monde"
    assert quotes(f"theme=Sanctions&outlet={monde}") == {q1}
    assert quotes("theme=Sanctions&since=2026-04-01") == {q3}
    assert quotes("actor=Téhéran&until=2026-03-10") == {q2}
    assert quotes("actor=Téhéran&until=2026-03-09") == set()
    assert quotes(f"theme=Sanctions, Énergie&outlet={monde}&since=2026-03-10") == {q1, q2}
    assert quotes("outlet=Le Monde, Gazette") == {q1, q2, q3}
    assert quotes("actor=Poutine&outlet=Le Monde, Gazette&since=2026-04-01") == {q3}
    assert quotes("actor=Poutine&outlet=Nowhere") == set()

    a1, a2 = faceted_quotes["q1"].article_id, faceted_quotes["q3"].article_id
    assert articles("theme=Sanctions") == {a1, a2}
    assert articles("theme=Sanctions&until=2026-04-01") == {a1}
    assert articles(f"actor=Poutine&outlet={monde}") == {a1}
    assert articles("annotated=on&theme=Énergie") == {a1}
    # The facts follow an article's new date.
    Article.objects.filter(pk=a1).update(
        published=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    )
    assert articles("theme=Sanctions&until=2026-04-01") == set()
    assert quotes("theme=Sanctions&since=2026-04-01") == {q1, q3}


def _ordered(filterset_class, query: str, queryset) -> list[int]:
    return list(
        filterset_class(QueryDict(query), queryset=queryset).qs.values_list("pk", flat=True)
    )


def test_the_sort_select_names_each_list_s_real_default():
    quote_sort = QuoteFilter(QueryDict()).form["sort"]
    article_sort = ArticleFilter(QueryDict()).form["sort"]
    assert '<option value="" selected>Newest highlights first</option>' in str(quote_sort)
    assert '<option value="" selected>Newest first</option>' in str(article_sort)
    assert "---------" not in str(quote_sort) + str(article_sort)


def test_every_sort_ends_with_the_id_so_equal_dates_keep_one_order():
    same_day = datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
    made = [ArticleFactory(published=same_day, title="Même titre") for _ in range(4)]
    ids = [article.pk for article in made]
    every = Article.objects.all()
    assert _ordered(ArticleFilter, "sort=published", every) == ids
    assert _ordered(ArticleFilter, "sort=-title", every) == ids[::-1]
    assert _ordered(ArticleFilter, "sort=title", every) == ids


def test_each_quote_sort_orders_as_its_label_says(faceted_quotes):
    every = Annotation.objects.select_related("article")

    def rows(query):
        return [every.get(pk=pk) for pk in _ordered(QuoteFilter, query, every)]

    published = [quote.article.published for quote in rows("sort=published")]
    assert published == sorted(published)
    assert [q.article.published for q in rows("sort=-published")] == sorted(published)[::-1]
    titles = [quote.article.title for quote in rows("sort=article")]
    assert titles == sorted(titles)
    created = [quote.created for quote in rows("sort=created")]
    assert created == sorted(created)


@pytest.mark.parametrize("filterset", [QuoteFilter, ArticleFilter])
@pytest.mark.parametrize(
    "query", ["until=9999-12-31", "since=9999-12-31", "since=0001-01-01", "until=0999-12-31"]
)
def test_dates_past_the_calendars_ends_are_refused_in_plain_words(filterset, query):
    bound = filterset(QueryDict(query), queryset=filterset._meta.model.objects.all())
    assert not bound.is_valid()
    assert "Use a date between 1000-01-01 and 9998-12-31." in bound.errors.as_text()
    assert list(bound.qs) == list(filterset._meta.model.objects.all())


@pytest.mark.parametrize("query", [f"dossier={10**20}", f"dossier={-1}"])
def test_ids_the_database_cannot_hold_are_invalid_choices(faceted_quotes, query):
    for filterset in (QuoteFilter, ArticleFilter):
        bound = filterset(QueryDict(query), queryset=filterset._meta.model.objects.all())
        assert not bound.is_valid()
        assert bound.qs.count() == filterset._meta.model.objects.count()


@pytest.mark.parametrize("query", [f"outlet={10**20}", "outlet=-1", f"outlet={2**63}"])
def test_an_outlet_number_no_outlet_has_matches_nothing(faceted_quotes, query):
    assert quotes(query) == set()


def test_unknown_names_are_told_which(faceted_quotes):
    bound = QuoteFilter(
        QueryDict("actor=Poutine, Nobody&theme=Sanctions,Nothing&speaker=Ghost"),
        queryset=Annotation.objects.all(),
    )
    assert bound.is_valid()
    assert bound.unknown_names() == [
        "No theme is called “Nothing”.",
        "No actor is called “Nobody”.",
        "No actor is called “Ghost”.",
    ]
    assert (
        QuoteFilter(QueryDict("actor=poutine"), queryset=Annotation.objects.all()).unknown_names()
        == []
    )
