"""Selecting article text like a person does: with the mouse, over the rendered words."""

from pathlib import Path

# Finds `phrase` in the article's text nodes and returns the screen points of its first
# and last characters, so the test can drag the mouse across it.
_PHRASE_BOUNDS = (Path(__file__).parent / "phrase_bounds.js").read_text(encoding="utf-8")


def select_with_mouse(page, phrase: str) -> None:
    page.locator(f"[data-article-text] :text({phrase[:20]!r})").first.scroll_into_view_if_needed()
    bounds = page.evaluate(_PHRASE_BOUNDS, phrase)
    assert bounds, f"phrase not found in the article: {phrase!r}"
    page.mouse.move(bounds["x1"], bounds["y1"])
    page.mouse.down()
    page.mouse.move((bounds["x1"] + bounds["x2"]) / 2, (bounds["y1"] + bounds["y2"]) / 2, steps=5)
    page.mouse.move(bounds["x2"], bounds["y2"], steps=5)
    page.mouse.up()


def highlight_with_mouse(page, phrase: str) -> None:
    """Select the phrase and press the Highlight button that appears beside it."""
    select_with_mouse(page, phrase)
    page.get_by_role("button", name="Highlight", exact=True).click()


def click_before(page, phrase: str) -> None:
    """Click just left of the phrase's first character, leaving the caret there."""
    bounds = page.evaluate(_PHRASE_BOUNDS, phrase)
    assert bounds, f"phrase not found in the article: {phrase!r}"
    page.mouse.click(bounds["x1"] - 1, bounds["y1"])
