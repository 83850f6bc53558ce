"""The quotes page's filters in Chromium: whatever the order of clicks, the URL, the list,
the count and the export link are exactly the form's current state, and the back button
brings the previous state back."""

import csv
import datetime
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict

from annotations.filters import QuoteFilter
from annotations.models import Annotation
from annotations.services import registry
from tests.factories import AnnotationFactory, ArticleFactory, OutletFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DETAIL = re.compile(r"/annotations/(\d+)/$")


@pytest.fixture
def quotes_in_two_outlets(db):
    """Six quotes: each status once in each of two outlets."""
    author = UserFactory(role="analyst")
    made = []
    for outlet_name in ("Gazette du Nord", "The Baltic Ledger"):
        article = ArticleFactory(outlet=OutletFactory(name=outlet_name))
        for start, status in ((0, "pending"), (20, "approved"), (40, "rejected")):
            made.append(
                AnnotationFactory(
                    article=article, author=author, start=start, end=start + 10, status=status
                )
            )
    return made


@pytest.fixture
def corpus(db):
    """Twenty-four quotes (more than a page) over two outlets, four dates, the three
    statuses, two themes, two actors and two words in their notes: every facet splits
    them differently."""
    author = UserFactory(role="analyst")
    made = []
    for n, (outlet, month) in enumerate(
        (
            ("Gazette du Nord", 1),
            ("Gazette du Nord", 3),
            ("The Baltic Ledger", 5),
            ("The Baltic Ledger", 7),
        )
    ):
        article = ArticleFactory(
            outlet=OutletFactory(name=outlet) if n % 2 == 0 else made[-1].article.outlet,
            published=datetime.datetime(2026, month, 10, tzinfo=datetime.UTC),
            title=f"Dépêche {'ABCD'[n]}",
        )
        for k in range(6):
            quote = AnnotationFactory(
                article=article,
                author=author,
                start=k * 12,
                end=k * 12 + 10,
                status=("pending", "approved", "rejected")[(n + k) % 3],
                note="pipeline" if k % 2 else "embargo",
            )
            quote.themes.add(registry.theme_get_or_create(name="Sanctions" if k < 3 else "Énergie"))
            quote.actors.add(
                registry.entity_get_or_create(name="Valdoria" if (n + k) % 2 else "Kestrany")
            )
            made.append(quote)
    return made


def _state(page) -> dict[str, list[str]]:
    """The filters in the address bar, without the empty ones."""
    query = page.evaluate("location.search")
    state = {key: sorted(values) for key, values in parse_qs(query.lstrip("?")).items()}
    if state.get("size") == ["20"]:  # the page size select always sends its value
        del state["size"]
    return state


def _shown(page) -> list[int]:
    page.wait_for_load_state("networkidle")
    hrefs = page.locator("#results .quote-card .byline a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    return sorted(int(match[1]) for href in hrefs if (match := DETAIL.search(href)))


def _count(page) -> str:
    return page.locator("#results .result-count").inner_text()


def _pushed(page, change) -> None:
    """Makes the change, then waits until htmx has put the new filters in the address bar."""
    page.evaluate(
        "window.pushed = false; document.addEventListener("
        "'htmx:pushedIntoHistory', () => { window.pushed = true; }, {once: true})"
    )
    change()
    # Polled from here: wait_for_function evaluates a string, which the page's CSP refuses.
    deadline = time.monotonic() + 10
    while not page.evaluate("window.pushed"):
        assert time.monotonic() < deadline, "the filters never reached the address bar"
        page.wait_for_timeout(25)


def _click(page, selector: str) -> None:
    _pushed(page, page.locator(selector).click)


def _back(page) -> None:
    # htmx keeps no snapshots (historyCacheSize 0): going back loads the page afresh.
    with page.expect_event("load"):
        page.go_back()
    page.wait_for_load_state("networkidle")


def _filtered(query: str) -> list[int]:
    """What the quote filter itself selects for this query string."""
    quotes = QuoteFilter(QueryDict(query.lstrip("?")), queryset=Annotation.objects.all())
    assert quotes.is_valid(), quotes.errors
    return sorted(quotes.qs.values_list("pk", flat=True))


def _assert_as_typed(page, live_server) -> None:
    """The list and the count are what the same URL opened fresh shows, and the CSV link
    exports exactly the filtered set: the page's quotes when they fit on one page."""
    shown, count, query = _shown(page), _count(page), page.evaluate("location.search")
    csv_link = page.locator("#results a", has_text=re.compile(r"^\s*CSV\s*$")).first
    export_query = parse_qs(urlsplit(csv_link.get_attribute("href")).query)
    assert export_query == {k: v for k, v in parse_qs(query.lstrip("?")).items() if k != "page"}
    with page.expect_download() as download:
        csv_link.click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        exported_ids = sorted(int(row["annotation_id"]) for row in csv.DictReader(exported))
    assert exported_ids == _filtered(query)
    assert count == f"{len(exported_ids)} quote{'s' if len(exported_ids) != 1 else ''}"
    if page.locator("#results .pagination").count() == 0:
        assert exported_ids == shown
    else:
        assert set(shown) < set(exported_ids)
    page.goto(live_server.url + "/quotes/" + query)
    assert _shown(page) == shown
    assert _count(page) == count


def _typed(page, name: str, value: str) -> None:
    """Types a value into a text field and leaves it, as a user does (its change event)."""
    field = page.locator(f"form.filters input[name={name}]")
    field.fill(value)
    _pushed(page, lambda: field.press("Tab"))


def test_a_status_ticked_then_unticked_leaves_no_trace(
    logged_in_page, live_server, quotes_in_two_outlets
):
    page = logged_in_page
    page.goto(live_server.url + "/quotes/")
    _click(page, "input[name=status][value=pending]")
    assert _state(page)["status"] == ["pending"]
    _click(page, "input[name=status][value=pending]")
    assert "status" not in _state(page)
    assert len(_shown(page)) == 6
    _click(page, "input[name=status][value=rejected]")
    assert _state(page)["status"] == ["rejected"]
    rejected = Annotation.objects.filter(status="rejected").values_list("pk", flat=True)
    assert _shown(page) == sorted(rejected)
    _assert_as_typed(page, live_server)


def test_outlets_picked_one_after_another_replace_each_other(logged_in_page, live_server, corpus):
    page = logged_in_page
    page.goto(live_server.url + "/quotes/")
    _typed(page, "outlet", "Gazette du Nord")
    assert _state(page)["outlet"] == ["Gazette du Nord"]
    _typed(page, "outlet", "the baltic ledger")
    assert _state(page)["outlet"] == ["the baltic ledger"]
    ledger = Annotation.objects.filter(article__outlet__name="The Baltic Ledger")
    assert _shown(page) == sorted(ledger.values_list("pk", flat=True))
    _click(page, "input[name=status][value=approved]")
    assert _shown(page) == sorted(ledger.filter(status="approved").values_list("pk", flat=True))
    _assert_as_typed(page, live_server)


def test_an_outlet_is_picked_from_its_suggestions(logged_in_page, live_server, corpus):
    page = logged_in_page
    page.goto(live_server.url + "/quotes/")
    field = page.locator("form.filters input[name=outlet]")
    field.type("baltic")
    page.locator(".suggestions li[data-name='The Baltic Ledger']").click()
    assert field.input_value() == "The Baltic Ledger, "
    _pushed(page, lambda: field.press("Tab"))
    assert _state(page)["outlet"] == ["The Baltic Ledger, "]  # the form's state, as typed
    assert len(_shown(page)) == 12
    _assert_as_typed(page, live_server)


def test_themes_and_actors_added_and_taken_away(logged_in_page, live_server, corpus):
    page = logged_in_page
    page.goto(live_server.url + "/quotes/")
    _typed(page, "theme", "Sanctions")
    _typed(page, "actor", "Valdoria")
    assert _state(page) == {"theme": ["Sanctions"], "actor": ["Valdoria"]}
    both = Annotation.objects.filter(themes__name="Sanctions", actors__name="Valdoria")
    assert _shown(page) == sorted(both.values_list("pk", flat=True))
    _typed(page, "theme", "")
    assert _state(page) == {"actor": ["Valdoria"]}
    _assert_as_typed(page, live_server)
    _typed(page, "theme", "Sanctions, énergie")
    _assert_as_typed(page, live_server)


def test_dates_narrowed_then_widened(logged_in_page, live_server, corpus):
    page = logged_in_page
    page.goto(live_server.url + "/quotes/")
    _pushed(page, lambda: page.fill("input[name=since]", "2026-03-01"))
    _pushed(page, lambda: page.fill("input[name=until]", "2026-05-31"))
    assert _state(page) == {"since": ["2026-03-01"], "until": ["2026-05-31"]}
    assert len(_shown(page)) == 12
    _pushed(page, lambda: page.fill("input[name=since]", ""))
    assert _state(page) == {"until": ["2026-05-31"]}
    assert len(_shown(page)) == 18
    _assert_as_typed(page, live_server)


def test_a_search_changed_then_combined_with_a_status(logged_in_page, live_server, corpus):
    page = logged_in_page
    page.goto(live_server.url + "/quotes/")
    _typed(page, "q", "pipeline")
    assert _shown(page) == _filtered("?q=pipeline") and len(_shown(page)) == 12
    _typed(page, "q", "embargo")
    assert _state(page) == {"q": ["embargo"]}
    _click(page, "input[name=status][value=pending]")
    assert _state(page) == {"q": ["embargo"], "status": ["pending"]}
    _assert_as_typed(page, live_server)


def test_sort_and_page_size_and_pages(logged_in_page, live_server, corpus):
    page = logged_in_page
    page.goto(live_server.url + "/quotes/")
    _pushed(page, lambda: page.select_option("select[name=sort]", "published"))
    assert _state(page) == {"sort": ["published"]}
    first_page = _shown(page)
    assert len(first_page) == 20 and _count(page) == "24 quotes"
    _pushed(page, page.locator("#results .pagination a", has_text="Next").click)
    assert _state(page)["page"] == ["2"] and _state(page)["sort"] == ["published"]
    second_page = _shown(page)
    assert len(second_page) == 4 and not set(first_page) & set(second_page)
    _assert_as_typed(page, live_server)
    _pushed(page, lambda: page.select_option("select[name=size]", "50"))
    assert _state(page) == {"sort": ["published"], "size": ["50"]}
    assert len(_shown(page)) == 24
    # A new filter starts again at the first page.
    page.goto(live_server.url + "/quotes/?sort=published&page=2")
    _click(page, "input[name=status][value=approved]")
    assert "page" not in _state(page)
    _assert_as_typed(page, live_server)
    _pushed(page, lambda: page.select_option("select[name=sort]", ""))
    assert "sort" not in _state(page)


def test_every_facet_at_once_then_cleared(logged_in_page, live_server, corpus):
    page = logged_in_page
    page.goto(live_server.url + "/quotes/")
    _typed(page, "theme", "Sanctions")
    _typed(page, "outlet", "The Baltic Ledger")
    _click(page, "input[name=status][value=pending]")
    _click(page, "input[name=status][value=approved]")
    _pushed(page, lambda: page.fill("input[name=since]", "2026-06-01"))
    _pushed(page, lambda: page.select_option("select[name=sort]", "-published"))
    _assert_as_typed(page, live_server)
    assert len(_shown(page)) == 2
    page.locator("form.filters a", has_text="Clear").click()
    page.wait_for_load_state("networkidle")
    assert _state(page) == {} and len(_shown(page)) == 20 and _count(page) == "24 quotes"


def test_the_back_button_brings_the_previous_filters_back(
    logged_in_page, live_server, quotes_in_two_outlets
):
    page = logged_in_page
    page.goto(live_server.url + "/quotes/")
    _click(page, "input[name=status][value=approved]")
    approved = _shown(page)
    _click(page, "input[name=status][value=pending]")
    assert _state(page)["status"] == ["approved", "pending"]
    _back(page)
    assert _state(page)["status"] == ["approved"]
    assert page.locator("input[name=status][value=approved]").is_checked()
    assert not page.locator("input[name=status][value=pending]").is_checked()
    assert _shown(page) == approved
    _back(page)
    assert "status" not in _state(page)
    assert not page.locator("input[name=status][value=approved]").is_checked()
    assert len(_shown(page)) == 6
