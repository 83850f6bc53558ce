"""Pasting an article in Chromium: the real seed articles, pasted and uploaded, come out
alike (a headline stays the title, a lede stays in the text, the junk goes, a second copy
is reported as a duplicate of the first)."""

import pytest
from playwright.sync_api import expect

from annotations.models import Article
from tests.helpers import SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "L’Iran et la Russie renforcent leur partenariat contre l’Occident"


def _paste(page, live_server, text: str) -> None:
    page.goto(live_server.url + "/articles/new/")
    page.fill("#id_text", text)  # no language given: it is detected
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state("load")


def _first_paragraph(page) -> str:
    return page.locator("[data-article-text] p").first.inner_text()


def _check_headline_seed(page) -> None:
    expect(page.locator("h1")).to_have_text(HEADLINE)
    expect(page.locator(".derived-title")).to_have_count(0)
    assert _first_paragraph(page).startswith("Moscou et Téhéran renforceront")
    # The seed's "ad" line is junk, not a paragraph.
    assert "ad" not in page.locator("[data-article-text] p").all_inner_texts()
    expect(page.locator(".meta div", has_text="Language")).to_contain_text("fr")


def _check_lede_seed(page, first_line: str) -> None:
    title = page.locator("h1").inner_text()
    assert title.endswith("…") and first_line.startswith(title.removesuffix("…"))
    expect(page.locator(".derived-title")).to_contain_text("derived title")
    assert _first_paragraph(page) == first_line


def test_seeds_pasted_keep_their_text_and_a_second_paste_is_a_duplicate(
    logged_in_page, live_server, seed_texts
):
    page = logged_in_page
    headline, lede = seed_texts
    _paste(page, live_server, headline)
    expect(page.locator(".messages")).to_have_text(f"Imported “{HEADLINE}”")
    _check_headline_seed(page)

    _paste(page, live_server, lede)
    first_line = lede.split("\n", 1)[0]
    _check_lede_seed(page, first_line)
    lede_url = page.url

    # The same article again, with other spacing: the paste form names the one we have.
    _paste(page, live_server, lede.replace("\n", "\n\n"))
    outcome = page.locator(".import-outcome")
    expect(outcome).to_contain_text("duplicate of")
    outcome.get_by_role("link").click()
    page.wait_for_url(lede_url)
    assert Article.objects.count() == 2


def test_seeds_uploaded_read_as_pasted_ones_and_a_paste_of_them_is_a_duplicate(
    logged_in_page, live_server, seed_texts
):
    page = logged_in_page
    headline, lede = seed_texts
    page.goto(live_server.url + "/import/")
    page.set_input_files("input[name=files]", sorted(str(path) for path in SEEDS.glob("*.txt")))
    page.get_by_role("button", name="Import").click()
    report = page.locator("#import-report")
    expect(report).to_contain_text("2 imported, 0 duplicates, 0 failed")

    report.get_by_role("link", name=HEADLINE).click()
    _check_headline_seed(page)
    page.go_back()
    page.locator("#import-report tr.result-imported a").nth(1).click()
    _check_lede_seed(page, lede.split("\n", 1)[0])

    _paste(page, live_server, headline)
    expect(page.locator(".import-outcome")).to_contain_text(f"duplicate of {HEADLINE}")
    assert Article.objects.count() == 2
