"""The reading view in Chromium: overlapping highlights, new actors, navigation, reload."""

import pytest
from playwright.sync_api import expect

from annotations.models import Annotation, Entity
from tests.browser.helpers import highlight_with_mouse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "Nikolai Patrushev, secrétaire du Conseil de sécurité russe"
SECOND = "secrétaire du Conseil de sécurité russe, a annoncé une coopération plus étroite"
OVERLAP = "secrétaire du Conseil de sécurité russe"


def _paste(page, live_server, text: str) -> None:
    page.goto(live_server.url + "/articles/new/")
    page.fill("#id_text", text)
    page.fill("#id_language", "fr")
    page.get_by_role("button", name="Import").click()
    expect(page.locator("[data-article-text]")).to_be_visible()


def _highlight(page, phrase: str, *, themes: str = "", actors: str = "", kind: str = "") -> None:
    highlight_with_mouse(page, phrase)
    form = page.locator("#annotation-form")
    expect(form).to_be_visible()
    expect(form.locator("[data-selection-preview]")).to_have_text(phrase)
    form.get_by_label("Themes", exact=True).fill(themes)
    form.get_by_label("Actors", exact=True).fill(actors)
    if kind:
        form.get_by_label(f"Kind of {actors}").select_option(label=kind)
    count = page.locator(".annotation-card").count()
    form.get_by_role("button", name="Save highlight").click()
    expect(page.locator(".annotation-card")).to_have_count(count + 1)


def test_overlapping_highlights_on_a_seed_article_survive_a_reload(
    logged_in_page, live_server, seed_texts
):
    page = logged_in_page
    _paste(page, live_server, seed_texts[0])
    _highlight(
        page,
        FIRST,
        themes="Coopération sécuritaire",
        actors="Conseil de sécurité russe",
        kind="organisation",
    )
    _highlight(page, SECOND, themes="Sanctions", actors="Nikolai Patrushev", kind="person")

    page.reload()
    overlap = page.locator("mark.hl.overlap")
    expect(overlap).to_have_text(OVERLAP)
    ids = overlap.get_attribute("data-annotations").split()
    assert len(ids) == 2
    assert Entity.objects.get(name="Conseil de sécurité russe").kind == "organisation"
    article_text = Annotation.objects.first().article.text
    for annotation in Annotation.objects.all():
        assert article_text[annotation.start : annotation.end] == annotation.exact
    assert sorted(a.exact for a in Annotation.objects.all()) == sorted([FIRST, SECOND])

    # j moves through the highlights in text order; e opens the edit form of the current one.
    page.locator("body").press("j")
    expect(page.locator(".annotation-card.active")).to_contain_text(FIRST)
    page.locator("body").press("j")
    expect(page.locator(".annotation-card.active")).to_contain_text(SECOND)
    page.locator("body").press("e")
    edit_form = page.locator(".annotation-card.active form[id^=edit-annotation-]")
    expect(edit_form).to_be_visible()
    expect(edit_form.get_by_label("Actors", exact=True)).to_have_value("Nikolai Patrushev")


def test_actor_autocomplete_finds_spellings_accent_insensitively(logged_in_page, live_server):
    from annotations.services import registry

    putin = Entity.objects.create(name="Vladimir Putin", kind="person")
    registry.entity_alias_add(entity=putin, name="Poutine")
    page = logged_in_page
    _paste(page, live_server, "Titre\n\nLe président Poutine a reçu son homologue à Kazan.")
    highlight_with_mouse(page, "Le président Poutine a reçu")
    actors = page.locator("#annotation-form").get_by_label("Actors", exact=True)
    actors.press_sequentially("POUTI")
    suggestion = page.locator(".suggestions li").first
    expect(suggestion).to_contain_text("Vladimir Putin")
    expect(suggestion).to_contain_text("Poutine")
    actors.press("ArrowDown")
    actors.press("Enter")
    expect(actors).to_have_value("Vladimir Putin, ")
    page.locator("#annotation-form").get_by_role("button", name="Save highlight").click()
    expect(page.locator(".annotation-card .tag.actor")).to_have_text("Vladimir Putin")


def test_highlights_can_be_hidden_and_coloured_by_status(logged_in_page, live_server):
    page = logged_in_page
    _paste(page, live_server, "Titre\n\nUne phrase à surligner pour voir sa couleur.")
    _highlight(page, "phrase à surligner", themes="Énergie")
    mark = page.locator("mark.hl")
    themed = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    page.get_by_role("button", name="Colour by status").click()
    expect(page.locator("body.colour-by-status")).to_have_count(1)
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != themed
    page.locator("body").press("t")
    expect(page.locator("body.highlights-hidden")).to_have_count(1)
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"


def test_saving_highlights_breaks_no_content_security_rule(logged_in_page, live_server):
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
    _paste(page, live_server, "Sommet\n\n" + FIRST + ", a annoncé une coopération plus étroite.")
    _highlight(page, "Nikolai Patrushev", themes="Sécurité", actors="Patrouchev")
    # Typed and saved from the keyboard, with a note, as analysts do.
    highlight_with_mouse(page, OVERLAP)
    form = page.locator("#annotation-form")
    form.get_by_label("Themes", exact=True).press_sequentially("Séc", delay=30)
    form.get_by_label("Themes", exact=True).fill("Sécurité, Sanctions")
    form.get_by_label("Note (Markdown)").fill("Une **note**.")
    actors = form.get_by_label("Actors", exact=True)
    actors.fill("Conseil de sécurité")
    # Fields can carry a style set by script (allowed); htmx used to copy it onto the
    # swapped-in form as a style attribute, an inline style that the CSP refuses.
    page.evaluate(
        "for (const field of document.querySelectorAll('#annotation-form [name]'))"
        " field.style.setProperty('color', 'inherit')"
    )
    actors.press("Enter")
    expect(page.locator(".annotation-card")).to_have_count(2)
    assert problems == []


def test_a_new_actors_kind_is_guessed_shown_before_saving_and_easy_to_change(
    logged_in_page, live_server
):
    page = logged_in_page
    problems = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    _paste(page, live_server, "Sommet\n\nL’Iran et la Russie ont reçu Kestra à Genève.")
    highlight_with_mouse(page, "L’Iran et la Russie ont reçu Kestra")
    form = page.locator("#annotation-form")
    actors = form.get_by_label("Actors", exact=True)
    actors.press_sequentially("Iran", delay=30)
    iran = form.get_by_label("Kind of Iran")
    expect(iran).to_be_visible()
    expect(iran.locator("option:checked")).to_have_text("country")
    actors.press_sequentially(", Russie, Kestra", delay=30)
    kestra = form.get_by_label("Kind of Kestra")
    expect(kestra).to_be_visible()
    kestra.select_option(label="group")
    # Typing on keeps the kind already chosen.
    actors.press_sequentially(" ", delay=30)
    page.wait_for_timeout(600)
    expect(form.get_by_label("Kind of Kestra").locator("option:checked")).to_have_text("group")
    expect(form.get_by_label("Kind of Russie").locator("option:checked")).to_have_text("country")
    form.get_by_role("button", name="Save highlight").click()
    expect(page.locator(".annotation-card")).to_have_count(1)
    assert dict(Entity.objects.values_list("name", "kind")) == {
        "Iran": "country",
        "Russie": "country",
        "Kestra": "group",
    }
    assert problems == []
