"""Browser flows across pages: import with a bad file, filter quotes, review by keyboard,
download a filtered CSV."""

import csv
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from annotations.exports.csv_writer import CSV_COLUMNS
from annotations.models import Annotation, Article, ReviewEvent
from annotations.services import highlights, registry
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HTML_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Le gazoduc du Tarsk relancé | Gazette du Nord</title>
<meta property="og:site_name" content="Gazette du Nord"></head><body>
<nav>Accueil Monde Économie</nav><article><h1>Le gazoduc du Tarsk relancé</h1>
<p>La compagnie Valgaz et le ministère kestran ont signé mercredi un protocole pour relancer
le gazoduc du Tarsk, un projet de neuf cents kilomètres gelé depuis trois ans.</p>
<p>Les financements restent incertains : plusieurs banques ont refusé de participer au
projet, craignant des mesures de rétorsion de la part des partenaires occidentaux.</p>
</article><aside>Lire aussi : autre chose</aside><footer>© Gazette</footer></body></html>"""


def test_upload_several_files_with_a_bad_one(logged_in_page, live_server, tmp_path):
    files = {
        "premier.txt": "Accord sur le gaz\n\nLes deux ministres ont signé un accord sur le gaz.",
        "second.txt": "Visite à Kestra\n\nLa délégation valdorienne est arrivée à Kestra lundi.",
        "page.html": HTML_PAGE,
    }
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 \x00\x01 binary")
    paths.append(str(bad))

    page = logged_in_page
    page.goto(live_server.url + "/import/")
    page.set_input_files("input[name=files]", paths)
    page.get_by_role("button", name="Import").click()
    # Four items go to the background worker; run it here, the page polls for the report.
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    report = page.locator("#import-report")
    expect(report).to_contain_text("3 imported, 0 duplicates, 1 failed", timeout=10_000)
    expect(report.locator("tr.result-failed")).to_contain_text("scan.pdf")
    expect(report.locator("tr.result-failed")).to_contain_text("Unsupported file type")
    assert Article.objects.count() == 3
    report.get_by_role("link", name="Le gazoduc du Tarsk relancé").click()
    expect(page.locator("[data-article-text]")).to_contain_text("neuf cents kilomètres")
    expect(page.locator("[data-article-text]")).not_to_contain_text("Lire aussi")


def _quotes(analyst):
    putin = registry.entity_get_or_create(name="Vladimir Putin", kind="person")
    registry.entity_alias_add(entity=putin, name="Poutine")
    made = []
    for n, (theme, actor) in enumerate(
        [("Sanctions", "Vladimir Putin"), ("Énergie", "Vladimir Putin"), ("Sanctions", "Iran")]
    ):
        article = ArticleFactory(title=f"Article {n}", text=f"=Citation {n} sur le sujet.\n\nFin.")
        made.append(
            highlights.annotation_create(
                article=article, author=analyst, start=0, end=11, themes=[theme], actors=[actor]
            )
        )
    return made


def test_filter_quotes_by_actor_spelling_and_theme_then_download_csv(
    logged_in_page, live_server, analyst, tmp_path
):
    quotes = _quotes(analyst)
    page = logged_in_page
    page.goto(live_server.url + "/quotes/")
    expect(page.locator(".quote-card")).to_have_count(3)
    page.locator("#id_actor").fill("poutine")
    page.locator("#id_theme").fill("sanctions")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".quote-card")).to_have_count(1)
    assert "actor=poutine" in page.url and "theme=sanctions" in page.url

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    path = tmp_path / "quotes.csv"
    download.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == CSV_COLUMNS
    assert [row[0] for row in rows[1:]] == [str(quotes[0].pk)]
    assert rows[1][CSV_COLUMNS.index("quote")] == "'=Citation 0"

    page.reload()  # the filtered URL is bookmarkable
    expect(page.locator(".quote-card")).to_have_count(1)
    page.locator(".quote-card .source a").click()
    expect(page.locator(f"#annotation-{quotes[0].pk}")).to_be_visible()


def test_moving_from_one_suggested_field_to_another_keeps_the_new_list(
    logged_in_page, live_server, analyst
):
    _quotes(analyst)
    page = logged_in_page
    page.goto(live_server.url + "/quotes/")
    page.locator("#id_theme").press_sequentially("sanc")
    expect(page.locator("#id_theme + ul.suggestions")).to_contain_text("Sanctions")
    # The actor's answer comes back before the theme field's list is closed, 100 ms after
    # it lost focus: that close must not take the actor's list with it.
    page.locator("#id_actor").press_sequentially("pou")
    expect(page.locator("#id_actor + ul.suggestions")).to_contain_text("Vladimir Putin")
    page.wait_for_timeout(300)
    expect(page.locator("#id_actor + ul.suggestions")).to_contain_text("Vladimir Putin")
    expect(page.locator("#id_theme + ul.suggestions")).to_be_hidden()


def test_editor_works_through_the_queue_with_the_keyboard(page, live_server, analyst, editor):
    quotes = _quotes(analyst)
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "eddie")
    page.fill("#id_password", "correct-horse-battery")
    page.click("button[type=submit]")
    page.goto(live_server.url + "/review/")
    rows = page.locator("[data-review-row]")
    expect(rows).to_have_count(3)
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator(f"#review-{quotes[0].pk}")).to_contain_text("Approved by eddie")
    page.keyboard.press("j")
    page.keyboard.press("r")
    page.keyboard.type("Mauvais orateur")
    page.keyboard.press("Enter")
    expect(page.locator(f"#review-{quotes[1].pk}")).to_contain_text("Rejected by eddie")
    statuses = dict(Annotation.objects.values_list("pk", "status"))
    assert statuses == {quotes[0].pk: "approved", quotes[1].pk: "rejected", quotes[2].pk: "pending"}
    assert ReviewEvent.objects.get(to_status="rejected").reason == "Mauvais orateur"
