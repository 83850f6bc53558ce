"""selectors.tag_pages: a theme's or an actor's page, its timeline, an actor's quotes."""

import datetime

import pytest

from annotations.models import Annotation, Theme
from annotations.selectors import tag_pages
from tests.factories import ArticleFactory, EntityFactory
from tests.selectors.helpers import created_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def sanctions_corpus(make_quote, actor):
    """Three quotes on Sanctions over two articles, one on Énergie alone."""
    iran = EntityFactory(name="Iran", kind="country")
    busy = ArticleFactory(published=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC))
    quiet = ArticleFactory(published=datetime.datetime(2026, 3, 20, tzinfo=datetime.UTC))
    quotes = [
        make_quote(busy, themes=["Sanctions", "Énergie"], actors=[actor]),
        make_quote(busy, start=10, end=20, themes=["Sanctions"], actors=[actor, iran]),
        make_quote(quiet, themes=["Sanctions", "Diplomatie", "Énergie"]),
        make_quote(themes=["Énergie"], actors=[iran]),
    ]
    for day, quote in enumerate(quotes):
        created_at(quote, day)
    return {"quotes": quotes, "busy": busy, "quiet": quiet, "iran": iran}


def test_a_theme_page(sanctions_corpus):
    theme = Theme.objects.get(name="Sanctions")
    page = tag_pages.tag_page(theme=theme)
    first, second, third, _ = sanctions_corpus["quotes"]
    assert page["quotes"] == [third, second, first]
    assert [t.name for t in page["quotes"][0].theme_list] == ["Diplomatie", "Sanctions", "Énergie"]
    assert page["quote_count"] == 3
    assert [(a, a.quotes) for a in page["articles"]] == [
        (sanctions_corpus["busy"], 2),
        (sanctions_corpus["quiet"], 1),
    ]
    assert [(row["tag__name"], row["uses"]) for row in page["co_themes"]] == [
        ("Énergie", 2),
        ("Diplomatie", 1),
    ]
    energie = Theme.objects.get(name="Énergie")
    assert page["co_themes"][0]["tag_id"] == energie.pk
    assert [(row["tag__name"], row["tag__kind"], row["uses"]) for row in page["co_actors"]] == [
        ("Vladimir Putin", "person", 2),
        ("Iran", "country", 1),
    ]
    assert [(bar.title, bar.count) for bar in page["timeline"].bars] == [
        ("Week of 2 Mar 2026", 2),
        ("Week of 9 Mar 2026", 0),
        ("Week of 16 Mar 2026", 1),
    ]
    assert page["undated_quotes"] == 0


def test_an_actor_page_leaves_the_actor_out_of_its_co_occurring_actors(sanctions_corpus, actor):
    page = tag_pages.tag_page(actor=actor)
    assert page["quote_count"] == 2
    assert [row["tag__name"] for row in page["co_actors"]] == ["Iran"]
    assert [(row["tag__name"], row["uses"]) for row in page["co_themes"]] == [
        ("Sanctions", 2),
        ("Énergie", 1),
    ]


def test_totals_are_cached_latest_quotes_and_count_are_not(sanctions_corpus, make_quote):
    theme = Theme.objects.get(name="Sanctions")
    before = tag_pages.tag_page(theme=theme)
    newest = created_at(make_quote(themes=["Sanctions", "Défense"]), 40)
    after = tag_pages.tag_page(theme=theme)
    assert after["quote_count"] == 4 and after["quotes"][0] == newest
    assert after["co_themes"] == before["co_themes"] and after["totals_at"] == before["totals_at"]
    assert len(after["articles"]) == 2


@pytest.mark.parametrize("quotes", [2, 8])
def test_a_tag_page_takes_a_fixed_number_of_queries(
    make_quote, actor, quotes, django_assert_num_queries
):
    for n in range(quotes):
        make_quote(themes=["Sanctions", f"Theme {n}"], actors=[actor], speaker=actor)
    theme = Theme.objects.get(name="Sanctions")
    # Totals: busiest articles, their rows, co-occurring themes, actors, timeline (5);
    # latest quotes, their tags (4), the count (1).
    with django_assert_num_queries(11):
        tag_pages.tag_page(theme=theme)
    with django_assert_num_queries(6):
        tag_pages.tag_page(theme=theme)


def test_an_empty_timeline_has_no_bars():
    chart, undated = tag_pages.quote_timeline(Annotation.objects.none())
    assert chart.bars == [] and undated == 0


def test_the_timeline_counts_by_the_article_s_date_and_leaves_undated_articles_apart(make_quote):
    make_quote(ArticleFactory(published=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)))
    undated_article = ArticleFactory(published=None)
    # Imported the same week: counting it at its import date would put it on the chart.
    for _ in range(2):
        created_at(make_quote(undated_article), 60)  # 2026-03-02
    chart, undated = tag_pages.quote_timeline(Annotation.objects.all())
    assert [(bar.title, bar.count) for bar in chart.bars] == [("Week of 2 Mar 2026", 1)]
    assert undated == 2


def test_only_undated_articles_give_an_empty_chart_and_their_count(make_quote):
    make_quote(ArticleFactory(published=None))
    chart, undated = tag_pages.quote_timeline(Annotation.objects.all())
    assert chart.bars == [] and undated == 1


def test_quotes_spoken_by_an_actor_latest_first_with_their_tags(make_quote, actor):
    spoken = [created_at(make_quote(speaker=actor, themes=["Sanctions"]), day) for day in (1, 5, 3)]
    make_quote(actors=[actor])  # about the actor, not spoken by it
    quotes = tag_pages.quotes_spoken_by(entity=actor, limit=2)
    assert quotes == [spoken[1], spoken[2]]
    assert [theme.name for theme in quotes[0].theme_list] == ["Sanctions"]


@pytest.mark.parametrize("quotes", [1, 6])
def test_quotes_spoken_by_take_five_queries(make_quote, actor, quotes, django_assert_num_queries):
    for _ in range(quotes):
        make_quote(speaker=actor, themes=["Sanctions"], actors=[actor])
    with django_assert_num_queries(5):
        assert len(tag_pages.quotes_spoken_by(entity=actor)) == quotes


def test_timeline_counts_weeks_for_short_spans_and_months_for_long_ones(make_quote):
    def quote_on(day: str):
        make_quote(
            ArticleFactory(published=datetime.datetime.fromisoformat(f"{day}T12:00:00+00:00"))
        )

    for day in ("2026-01-05", "2026-01-07", "2026-01-20"):  # Monday, Wednesday, Tuesday
        quote_on(day)
    weekly, _ = tag_pages.quote_timeline(Annotation.objects.all())
    assert weekly.period == "week"
    assert [(bar.label, bar.count) for bar in weekly.bars] == [
        ("5 Jan", 2),
        ("12 Jan", 0),
        ("19 Jan", 1),
    ]
    quote_on("2026-09-30")
    monthly, _ = tag_pages.quote_timeline(Annotation.objects.all())
    assert monthly.period == "month"
    labels = [(bar.label, bar.count) for bar in monthly.bars]
    assert labels[0] == ("Jan 2026", 3) and labels[-1] == ("Sep 2026", 1) and len(labels) == 9
