"""From login to CSV download, in Chromium against the real server."""

import csv
import io

import pytest
from playwright.sync_api import expect

from annotations.models import Annotation
from tests.browser.helpers import click_before, highlight_with_mouse, select_with_mouse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = (
    "Valdorie : Vassilenko promet une coopération « sans limites »\n\n"
    "Le secrétaire du Conseil de sécurité valdorien, Dmitri Vassilenko, a déclaré mercredi "
    "que son pays « renforcera sa coopération sécuritaire avec le Kestran » "
    "malgré les sanctions.\n\n"
    "Les deux capitales négocient depuis mars un gazoduc 🚀 de 900 kilomètres."
)
QUOTE = "renforcera sa coopération sécuritaire avec le Kestran"


def test_paste_read_highlight_tag_and_download_csv(logged_in_page, live_server, tmp_path):
    page = logged_in_page
    page.get_by_role("link", name="Paste an article").first.click()
    page.fill("#id_text", ARTICLE)
    page.fill("#id_outlet", "Gazette du Nord")
    page.fill("#id_language", "fr")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Valdorie : Vassilenko promet une coopération « sans limites »"
    )

    highlight_with_mouse(page, QUOTE)
    form = page.locator("#annotation-form")
    expect(form).to_be_visible()
    expect(form.locator("[data-selection-preview]")).to_have_text(QUOTE)
    form.get_by_label("Themes", exact=True).fill("Coopération sécuritaire, Sanctions")
    form.get_by_label("Actors", exact=True).fill("Dmitri Vasylenko, Kestrany")
    form.get_by_label("Speaker", exact=True).fill("Dmitri Vasylenko")
    form.get_by_role("button", name="Save highlight").click()

    mark = page.locator("mark.hl")
    expect(mark).to_have_text(QUOTE)
    card = page.locator(".annotation-card").first
    expect(card).to_contain_text(QUOTE)
    expect(card.locator(".tag.actor")).to_have_text(["Dmitri Vasylenko", "Kestrany"])
    annotation = Annotation.objects.get()
    assert annotation.article.text[annotation.start : annotation.end] == QUOTE

    page.reload()
    expect(page.locator("mark.hl")).to_have_text(QUOTE)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download highlights (CSV)").click()
    path = tmp_path / "highlights.csv"
    download_info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [row["quote"] for row in rows] == [QUOTE]
    assert rows[0]["themes"] == "Coopération sécuritaire; Sanctions"
    assert rows[0]["speaker"] == "Dmitri Vasylenko"
    assert rows[0]["outlet"] == "Gazette du Nord"


def test_select_with_the_keyboard_highlight_with_h_cancel_with_escape(logged_in_page, live_server):
    page = logged_in_page
    page.goto(live_server.url + "/articles/new/")
    page.fill("#id_text", ARTICLE)
    page.get_by_role("button", name="Import").click()
    phrase = "gazoduc 🚀 de 900 kilomètres"
    form = page.locator("#annotation-form")

    button = page.get_by_role("button", name="Highlight", exact=True)

    # A mouse selection brings the Highlight button, which opens the form; Escape closes it
    # and saves nothing.
    select_with_mouse(page, phrase)
    expect(form).to_be_hidden()
    button.click()
    expect(form).to_be_visible()
    page.keyboard.press("Escape")
    expect(form).to_be_hidden()

    # Click before the phrase, extend with Shift+arrows (the emoji is one character), press h.
    click_before(page, phrase)
    expect(button).to_be_hidden()
    for _ in range(len(phrase)):
        page.keyboard.press("Shift+ArrowRight")
    expect(form).to_be_hidden()
    expect(button).to_be_visible()
    page.keyboard.press("h")
    expect(form).to_be_visible()
    expect(form.locator("[data-selection-preview]")).to_have_text(phrase)
    form.get_by_label("Themes", exact=True).press("Enter")
    expect(page.locator("mark.hl")).to_have_text(phrase)
    assert Annotation.objects.get().exact == phrase
