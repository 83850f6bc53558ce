"""The quotes page's filters in Chromium: whatever the order of clicks, the URL, the list,
the count and the export link are exactly the form's current state, and the back button
brings the previous state back."""

import csv
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from annotations.models import Annotation
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


def _state(page) -> dict[str, list[str]]:
    """The filters in the address bar, without the empty ones."""
    query = page.evaluate("location.search")
    return {key: sorted(values) for key, values in parse_qs(query.lstrip("?")).items()}


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


def _assert_as_typed(page, live_server) -> None:
    """The list and the count are what the same URL opened fresh shows, and the CSV link
    exports exactly those quotes."""
    shown, count, query = _shown(page), _count(page), page.evaluate("location.search")
    csv_link = page.locator("#results a", has_text=re.compile(r"^\s*CSV\s*$")).first
    assert urlsplit(csv_link.get_attribute("href")).query == query.lstrip("?")
    with page.expect_download() as download:
        csv_link.click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.DictReader(exported))
    assert sorted(int(row["annotation_id"]) for row in rows) == shown
    page.goto(live_server.url + "/quotes/" + query)
    assert _shown(page) == shown
    assert _count(page) == count


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


def test_outlets_picked_one_after_another_replace_each_other(
    logged_in_page, live_server, quotes_in_two_outlets
):
    page = logged_in_page
    page.goto(live_server.url + "/quotes/")
    outlets = page.locator("select[name=outlet]")
    _pushed(page, lambda: outlets.select_option(label="Gazette du Nord"))
    _pushed(page, lambda: outlets.select_option(label="The Baltic Ledger"))
    assert len(_state(page)["outlet"]) == 1
    ledger = Annotation.objects.filter(article__outlet__name="The Baltic Ledger")
    assert _shown(page) == sorted(ledger.values_list("pk", flat=True))
    _click(page, "input[name=status][value=approved]")
    assert _shown(page) == [ledger.get(status="approved").pk]
    _assert_as_typed(page, live_server)


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
