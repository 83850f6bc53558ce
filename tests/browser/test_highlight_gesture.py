"""The highlighting gesture, Hypothesis-like: a button at the selection, the passage marked
while the form is open, Escape that closes one thing at a time, and no CSP error anywhere."""

import pytest
from playwright.sync_api import expect

from annotations.models import Annotation, Entity
from tests.browser.helpers import highlight_with_mouse, select_with_mouse
from tests.factories import AnnotationFactory, ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = (
    "Sommet de Kazan\n\n"
    "Le président Poutine a reçu son homologue à Kazan pour parler de coopération "
    "sécuritaire et de sanctions.\n\n"
    "Les deux capitales négocient depuis mars un gazoduc de 900 kilomètres."
)
PHRASE = "son homologue à Kazan pour parler"
OTHER = "négocient depuis mars un gazoduc"

# The passage the page marks as waiting in the form, or None.
PENDING_TEXT = """() => {
  const pending = CSS.highlights.get('pending-highlight');
  return pending && pending.size ? Array.from(pending)[0].toString() : null;
}"""


@pytest.fixture
def reader(logged_in_page, live_server):
    """The reading view of ARTICLE, with every console error, CSP report and uncaught
    exception collected in `reader.problems` (expected empty at the end of each test)."""
    page = logged_in_page
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + "/articles/new/")
    page.fill("#id_text", ARTICLE)
    page.fill("#id_language", "fr")
    page.get_by_role("button", name="Import").click()
    expect(page.locator("[data-article-text]")).to_be_visible()
    # The keys are the deferred scripts' business: wait until they have run.
    page.wait_for_load_state("load")
    page.problems = problems
    return page


def _wait_for_pending(page, text):
    page.wait_for_function(f"expected => ({PENDING_TEXT})() === expected", arg=text, timeout=5000)


def _box(locator):
    box = locator.bounding_box()
    assert box, "not rendered"
    return box


def test_a_mouse_selection_brings_a_highlight_button_that_opens_the_form(reader):
    page = reader
    form = page.locator("#annotation-form")
    button = page.get_by_role("button", name="Highlight", exact=True)
    expect(button).to_be_hidden()

    select_with_mouse(page, PHRASE)
    expect(button).to_be_visible()
    expect(form).to_be_hidden()
    assert "h" in button.get_attribute("title")
    # Below the end of the selection, inside the article's column.
    end = page.evaluate(
        "() => { const r = Array.from(getSelection().getRangeAt(0).getClientRects())"
        ".filter(r => r.width > 0).pop(); return {right: r.right, bottom: r.bottom}; }"
    )
    box, column = _box(button), _box(page.locator("[data-article-text]"))
    assert column["x"] <= box["x"] and box["x"] + box["width"] <= column["x"] + column["width"] + 1
    assert end["bottom"] <= box["y"] <= end["bottom"] + 20
    assert abs(box["x"] + box["width"] / 2 - end["right"]) <= box["width"]

    # It goes when the selection collapses (a click in the text) ...
    page.locator("[data-article-text] p").last.click()
    expect(button).to_be_hidden()
    # ... or leaves the article text.
    select_with_mouse(page, PHRASE)
    expect(button).to_be_visible()
    page.locator("h1").click(click_count=3)
    expect(button).to_be_hidden()

    select_with_mouse(page, PHRASE)
    button.click()
    expect(form).to_be_visible()
    expect(form.locator("[data-selection-preview]")).to_have_text(PHRASE)
    expect(form.get_by_label("Themes", exact=True)).to_be_focused()
    expect(button).to_be_hidden()
    form.get_by_role("button", name="Save highlight").click()
    expect(page.locator("mark.hl")).to_have_text(PHRASE)
    assert Annotation.objects.get().exact == PHRASE
    assert page.problems == []


def test_the_passage_stays_marked_while_the_form_is_filled_in(reader):
    page = reader
    highlight_with_mouse(page, PHRASE)
    form = page.locator("#annotation-form")
    expect(form).to_be_visible()
    assert page.evaluate(PENDING_TEXT) == PHRASE
    form.get_by_label("Themes", exact=True).press_sequentially("Sécurité", delay=10)
    form.get_by_label("Actors", exact=True).fill("Poutine")
    form.get_by_label("Note (Markdown)").fill("Une **note**.")
    # Focus in the fields dropped the browser's selection; the mark stays.
    assert page.evaluate("() => getSelection().toString()") == ""
    assert page.evaluate(PENDING_TEXT) == PHRASE

    # A refused save brings the form back: the passage is marked again.
    form.locator("[name=exact]").evaluate("field => { field.value = 'autre' }")
    form.get_by_role("button", name="Save highlight").click()
    expect(form.locator(".errors")).to_be_visible()
    _wait_for_pending(page, PHRASE)

    # Another passage replaces it; saving clears the mark.
    highlight_with_mouse(page, OTHER)
    _wait_for_pending(page, OTHER)
    form.get_by_role("button", name="Save highlight").click()
    expect(page.locator("mark.hl")).to_have_text(OTHER)
    _wait_for_pending(page, None)
    assert page.problems == []


def test_escape_closes_the_actor_list_then_cancels_and_keeps_nothing(reader):
    Entity.objects.create(name="Vladimir Putin", kind="person")
    page = reader
    form = page.locator("#annotation-form")
    actors = form.get_by_label("Actors", exact=True)
    suggestions = page.locator("#annotation-form .suggestions li")

    highlight_with_mouse(page, PHRASE)
    form.get_by_label("Themes", exact=True).fill("Sécurité")
    actors.press_sequentially("Vladi", delay=20)
    expect(suggestions.first).to_contain_text("Vladimir Putin")

    # The first Escape closes the list only.
    actors.press("Escape")
    expect(suggestions).to_have_count(0)
    expect(form).to_be_visible()
    expect(actors).to_have_value("Vladi")
    assert page.evaluate(PENDING_TEXT) == PHRASE

    # The second cancels: the form goes, the mark too, the focus is back in the text.
    actors.press("Escape")
    expect(form).to_be_hidden()
    assert page.evaluate(PENDING_TEXT) is None
    assert page.evaluate("() => Boolean(document.activeElement.closest('[data-article-text]'))")

    # Nothing was kept: the next highlight starts from empty fields.
    highlight_with_mouse(page, OTHER)
    expect(form.locator("[data-selection-preview]")).to_have_text(OTHER)
    expect(form.get_by_label("Themes", exact=True)).to_have_value("")
    expect(actors).to_have_value("")

    # With no list open, one Escape cancels.
    form.get_by_label("Note (Markdown)").fill("brouillon")
    form.get_by_label("Note (Markdown)").press("Escape")
    expect(form).to_be_hidden()
    assert not Annotation.objects.exists()
    assert page.problems == []


def test_h_without_a_selection_says_what_to_do(reader):
    page = reader
    message = page.get_by_role("status").filter(has_text="Select a passage first")
    expect(message).to_have_count(0)
    page.locator("body").press("h")
    expect(message).to_have_text("Select a passage first, then press h or the Highlight button.")
    assert message.get_attribute("aria-live") == "polite"
    expect(page.locator("#annotation-form")).to_be_hidden()

    select_with_mouse(page, PHRASE)
    page.keyboard.press("h")
    expect(page.locator("#annotation-form")).to_be_visible()
    expect(message).to_have_count(0)
    assert page.problems == []


def test_an_orphaned_highlight_is_placed_on_a_mouse_selection(logged_in_page, live_server, analyst):
    article = ArticleFactory(text=ARTICLE.split("\n\n", 1)[1], imported_by=analyst)
    orphan = AnnotationFactory(article=article, author=analyst, start=0, end=9)
    Annotation.objects.filter(pk=orphan.pk).update(orphaned=True)
    page = logged_in_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + article.get_absolute_url())
    place = page.get_by_role("button", name="Place on the selected passage")

    # Without a selection the page says what to do, in its live region, not in an alert.
    place.click()
    expect(page.get_by_role("status").filter(has_text="Select the passage")).to_be_visible()
    assert dialogs == []

    select_with_mouse(page, PHRASE)
    place.click()
    expect(page.locator("mark.hl")).to_have_text(PHRASE)
    orphan.refresh_from_db()
    assert (orphan.exact, orphan.orphaned) == (PHRASE, False)
