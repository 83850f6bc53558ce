"""Editing a quote in Chromium: on its own page, in the reader and in the review queue.

The edit form is one partial. Loaded by htmx into a reader card or a review row it saves in
place; on the standalone page (/annotations/<pk>/edit/) there is no #reader or #review-N to
swap into, so there it must be a plain form that posts and follows the redirect.
"""

import pytest
from playwright.sync_api import expect

from annotations.models import Annotation
from annotations.services import highlights
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _quote(author, *, theme: str = "Sanctions") -> Annotation:
    article = ArticleFactory(
        title="Le gazoduc du Tarsk", text="Citation du ministre sur le gaz.\n\nFin."
    )
    return highlights.annotation_create(
        article=article, author=author, start=0, end=20, themes=[theme], actors=[]
    )


def _themes(annotation: Annotation) -> list[str]:
    return sorted(theme.name for theme in Annotation.objects.get(pk=annotation.pk).themes.all())


def test_save_on_the_standalone_edit_page(logged_in_page, live_server, analyst):
    quote = _quote(analyst)
    page = logged_in_page
    page.goto(f"{live_server.url}/annotations/{quote.pk}/edit/")
    form = page.locator(f"#edit-annotation-{quote.pk}")
    expect(form.get_by_label("Themes", exact=True)).to_have_value("Sanctions")
    form.get_by_label("Themes", exact=True).fill("Énergie")
    form.get_by_label("Note (Markdown)").fill("Vu **sur la page** d’édition")
    form.get_by_role("button", name="Save changes").click()

    article_url = live_server.url + quote.article.get_absolute_url()
    page.wait_for_url(article_url)
    expect(page.locator(".messages")).to_contain_text("Highlight updated.")
    card = page.locator(f"#annotation-{quote.pk}")
    expect(card.locator(".note strong")).to_have_text("sur la page")
    expect(card.locator(".tags")).to_contain_text("Énergie")
    expect(card.locator(".tags")).not_to_contain_text("Sanctions")
    saved = Annotation.objects.get(pk=quote.pk)
    assert saved.note == "Vu **sur la page** d’édition"
    assert saved.version == quote.version + 1
    assert _themes(quote) == ["Énergie"]


def test_a_stale_save_on_the_standalone_page_shows_the_conflict(
    logged_in_page, live_server, analyst
):
    quote = _quote(analyst)
    page = logged_in_page
    page.goto(f"{live_server.url}/annotations/{quote.pk}/edit/")
    # Someone else saves while the page is open.
    highlights.annotation_update(
        annotation=quote, user=analyst, expected_version=quote.version, note="Ailleurs"
    )
    form = page.locator(f"#edit-annotation-{quote.pk}")
    form.get_by_label("Note (Markdown)").fill("Ma version")
    form.get_by_role("button", name="Save changes").click()

    expect(page.locator("#main [role=alert]")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Edit highlight")
    expect(form.get_by_label("Note (Markdown)")).to_have_value("Ma version")
    assert Annotation.objects.get(pk=quote.pk).note == "Ailleurs"


def test_edit_in_the_reader_still_saves_in_place(logged_in_page, live_server, analyst):
    quote = _quote(analyst)
    page = logged_in_page
    article_url = live_server.url + quote.article.get_absolute_url()
    page.goto(article_url)
    card = page.locator(f"#annotation-{quote.pk}")
    card.get_by_role("link", name="Edit").click()
    form = card.locator(f"#edit-annotation-{quote.pk}")
    expect(form).to_be_visible()
    form.get_by_label("Note (Markdown)").fill("Corrigé dans le lecteur")
    form.get_by_role("button", name="Save changes").click()

    expect(card.locator(".note")).to_have_text("Corrigé dans le lecteur")
    expect(page.locator(f"#edit-annotation-{quote.pk}")).to_have_count(0)
    assert page.url == article_url  # swapped in place, no navigation
    assert Annotation.objects.get(pk=quote.pk).note == "Corrigé dans le lecteur"


def test_edit_in_the_review_queue_still_saves_the_row_in_place(page, live_server, analyst, editor):
    quote = _quote(analyst)
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("button[type=submit]")
    page.goto(live_server.url + "/review/")
    row = page.locator(f"#review-{quote.pk}")
    row.get_by_role("link", name="Edit").click()
    form = row.locator(f"#edit-annotation-{quote.pk}")
    expect(form).to_be_visible()
    form.get_by_label("Themes", exact=True).fill("Énergie")
    form.get_by_label("Note (Markdown)").fill("Relu")
    form.get_by_role("button", name="Save and approve").click()

    expect(row).to_contain_text(f"Approved by {editor.username}")
    expect(row.locator(".tags")).to_contain_text("Énergie")
    expect(page.locator(f"#edit-annotation-{quote.pk}")).to_have_count(0)
    assert page.url == live_server.url + "/review/"
    saved = Annotation.objects.get(pk=quote.pk)
    assert (saved.status, saved.note) == ("approved", "Relu")
    assert _themes(quote) == ["Énergie"]
