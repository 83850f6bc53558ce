import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse

from annotations import anchoring
from annotations.models import Annotation, Article, Theme
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/articles/new/",
        "/articles/1/",
        "/annotations/1/",
        "/themes/x/",
        "/actors/x/",
    ],
)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_cannot_post_an_annotation(client, article):
    response = client.post(reverse("highlight_create", args=[article.pk]), {})
    assert response.status_code == 302
    assert not Annotation.objects.exists()


def test_login_page_is_public(client):
    assert client.get(reverse("login")).status_code == 200


def test_paste_an_article(client, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("article_paste"),
        {"title": "", "text": "Le titre\n\nCorps de l’article.", "language": "fr"},
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert (article.title, article.text) == ("Le titre", "Corps de l’article.")


def test_paste_a_duplicate_links_to_the_existing_article(client, analyst, article):
    client.force_login(analyst)
    response = client.post(reverse("article_paste"), {"title": "Copie", "text": article.text})
    assert response.status_code == 409
    assert article.get_absolute_url() in response.content.decode()
    assert Article.objects.count() == 1


def test_reader_shows_highlights_and_escapes_text(client, analyst):
    article = ArticleFactory(text="<script>alert(1)</script> et « la suite ».\n\nFin.")
    AnnotationFactory(article=article, start=0, end=25)
    client.force_login(analyst)
    body = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert '<mark class="hl ' in body


def test_reader_query_count_does_not_grow_with_annotations(client, analyst, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = ArticleFactory(text="Un deux trois quatre cinq six sept huit neuf dix. " * 40)
    client.force_login(analyst)

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(queries)

    counts = []
    for total in (2, 40):
        while article.annotations.count() < total:
            start = 10 * article.annotations.count()
            author = analyst if start % 20 else editor
            annotation = AnnotationFactory(
                article=article, author=author, start=start, end=start + 30
            )
            annotation.themes.add(f"Thème {start % 3}")
            annotation.actors.add(f"Acteur {start % 4}")
            annotation.speaker = EntityFactory(name=f"Orateur {start}")
            annotation.save()
        counts.append(queries_for_page())
    assert counts[0] == counts[1] <= 12
    body = client.get(article.get_absolute_url()).content.decode()
    assert body.count('class="annotation-card') == 40
    assert body.count("data-edit-link") == 20  # only the analyst's own


def _selection(article, exact):
    start = article.text.index(exact)
    return {
        "start_utf16": anchoring.codepoint_to_utf16(article.text, start),
        "end_utf16": anchoring.codepoint_to_utf16(article.text, start + len(exact)),
        "exact": exact,
    }


def test_create_annotation_with_htmx_returns_the_reader_fragment(client, analyst):
    article = ArticleFactory(text="😀 Emoji d’abord.\n\nLe ministre a dit : « Nous coopérerons. »")
    client.force_login(analyst)
    data = _selection(article, "Nous coopérerons.") | {"themes": "Sécurité", "actors": "Ministre"}
    response = client.post(reverse("highlight_create", args=[article.pk]), data, **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="reader"')
    assert "<html" not in body
    annotation = Annotation.objects.get()
    assert annotation.exact == "Nous coopérerons."
    assert f'id="annotation-{annotation.pk}"' in body


def test_create_annotation_without_htmx_redirects_to_the_article(client, analyst, article):
    client.force_login(analyst)
    data = _selection(article, "Nous coopérerons.")
    response = client.post(reverse("highlight_create", args=[article.pk]), data)
    assert response.status_code == 302
    assert Annotation.objects.count() == 1


def test_a_mismatched_selection_is_refused_and_the_input_kept(client, analyst, article):
    client.force_login(analyst)
    data = _selection(article, "Nous coopérerons.") | {
        "exact": "Texte d’une autre version",
        "note": "Ma note précieuse",
    }
    response = client.post(reverse("highlight_create", args=[article.pk]), data, **HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ma note précieuse" in body
    assert 'role="alert"' in body
    assert not Annotation.objects.exists()


def test_csv_download_of_an_article(client, analyst, article):
    annotation = AnnotationFactory(article=article, author=analyst, start=0, end=17)
    annotation.themes.add("=Sanctions")
    client.force_login(analyst)
    response = client.get(reverse("article_annotations_csv", args=[article.pk]))
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    assert rows[0]["quote"] == article.text[0:17]
    assert rows[0]["themes"] == "'=Sanctions"
    assert rows[0]["annotation_url"] == f"http://testserver/annotations/{annotation.pk}/"


def test_other_analyst_cannot_delete_but_editor_can(client, analyst, other_analyst, editor):
    annotation = AnnotationFactory(author=analyst)
    url = reverse("highlight_delete", args=[annotation.pk])
    client.force_login(other_analyst)
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    client.force_login(editor)
    assert client.post(url).status_code == 302
    assert not Annotation.objects.exists()


@pytest.mark.parametrize("name", ["theme_detail", "actor_detail"])
def test_tag_pages(client, analyst, name):
    annotation = AnnotationFactory()
    annotation.themes.add("Énergie")
    annotation.actors.add("Téhéran")
    tag = (annotation.themes if name == "theme_detail" else annotation.actors).get()
    client.force_login(analyst)
    response = client.get(tag.get_absolute_url())
    assert response.status_code == 200
    assert annotation.exact in response.content.decode()


def test_tag_page_totals_are_a_minute_old_at_most_its_quotes_never(client, analyst):
    first = AnnotationFactory()
    first.themes.add("Énergie", "Sanctions")
    theme = Theme.objects.get(name="Énergie")
    client.force_login(analyst)
    assert "Sanctions</a> 1" in client.get(theme.get_absolute_url()).content.decode()
    second = AnnotationFactory(end=12)
    second.themes.add(theme, "Sanctions")
    body = client.get(theme.get_absolute_url()).content.decode()
    assert "All 2 quotes" in body  # the count and the latest quotes are live
    assert "Sanctions</a> 1" in body and "Totals as of" in body
    cache.clear()  # as a minute passing does
    assert "Sanctions</a> 2" in client.get(theme.get_absolute_url()).content.decode()


def test_annotation_detail_shows_history(client, analyst):
    annotation = AnnotationFactory()
    annotation.review_events.create(actor=analyst, from_status="", to_status="pending")
    client.force_login(analyst)
    body = client.get(annotation.get_absolute_url()).content.decode()
    assert "created → Pending" in body


def test_edit_form_fragment_and_save_with_htmx(client, analyst):
    annotation = AnnotationFactory(author=analyst)
    annotation.themes.add("Sanctions")
    client.force_login(analyst)
    url = reverse("highlight_edit", args=[annotation.pk])
    fragment = client.get(url, **HX).content.decode()
    assert fragment.lstrip().startswith(f'<form id="edit-annotation-{annotation.pk}"')
    assert 'value="Sanctions"' in fragment
    prefix = f"edit-{annotation.pk}-"
    data = {
        prefix + "version": 1,
        prefix + "themes": "Énergie",
        prefix + "new_actor_kind": "person",
    }
    response = client.post(url, data, **HX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="reader"')
    assert [t.name for t in annotation.themes.all()] == ["Énergie"]


def test_standalone_edit_page_is_a_plain_form_that_saves_and_redirects(client, analyst):
    annotation = AnnotationFactory(author=analyst)
    annotation.themes.add("Sanctions")
    client.force_login(analyst)
    url = reverse("highlight_edit", args=[annotation.pk])
    page = client.get(url).content.decode()
    form = page[page.index(f'<form id="edit-annotation-{annotation.pk}"') :]
    form = form[: form.index("</form>")]
    # No htmx target here: #reader and #review-N exist only in the reader and the queue
    # (its name fields ask for suggestions through htmx all the same).
    assert "hx-" not in form[: form.index(">")]
    assert f'action="{url}"' in form and 'method="post"' in form
    # Loaded by htmx into the reader or the review queue, it still saves in place.
    fragment = client.get(url, **HX).content.decode()
    assert 'hx-target="#reader"' in fragment and f'hx-post="{url}"' in fragment
    fragment = client.get(url, {"from": "review"}, **HX).content.decode()
    assert f'hx-target="#review-{annotation.pk}"' in fragment
    prefix = f"edit-{annotation.pk}-"
    data = {
        prefix + "version": 1,
        prefix + "themes": "Énergie",
        prefix + "note": "Vu sans JavaScript",
        prefix + "new_actor_kind": "person",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == annotation.article.get_absolute_url()
    annotation.refresh_from_db()
    assert annotation.note == "Vu sans JavaScript"
    assert [t.name for t in annotation.themes.all()] == ["Énergie"]
    invalid = client.post(url, data | {prefix + "version": ""})
    assert invalid.status_code == 400
    assert "<title>Edit highlight" in invalid.content.decode()


def test_a_stale_edit_is_refused_and_the_input_kept(client, analyst, editor):
    annotation = AnnotationFactory(author=analyst)
    client.force_login(editor)
    url = reverse("highlight_edit", args=[annotation.pk])
    prefix = f"edit-{annotation.pk}-"
    first = {
        prefix + "version": 1,
        prefix + "note": "Première",
        prefix + "new_actor_kind": "person",
    }
    client.post(url, first, **HX)
    client.force_login(analyst)
    second = first | {prefix + "note": "Ma version à moi"}
    response = client.post(url, second, **HX)
    body = response.content.decode()
    assert response["HX-Retarget"] == f"#edit-annotation-{annotation.pk}"
    assert "Ma version à moi" in body and "changed this quote" in body
    annotation.refresh_from_db()
    assert annotation.note == "Première"
    assert client.post(url, second).status_code == 409


def test_other_analyst_cannot_open_the_edit_form(client, analyst, other_analyst):
    annotation = AnnotationFactory(author=analyst)
    client.force_login(other_analyst)
    assert client.get(reverse("highlight_edit", args=[annotation.pk])).status_code == 403


def test_actor_suggestions_match_aliases_without_accents(client, analyst):
    from annotations.services import registry
    from tests.factories import EntityFactory

    putin = EntityFactory(name="Vladimir Putin")
    registry.entity_alias_add(entity=putin, name="Poutine")
    EntityFactory(name="Téhéran", kind="place")
    client.force_login(analyst)
    found = client.get(reverse("actor_suggest"), {"q": "poutine"}).content.decode()
    assert found.strip() == (
        '<li role="option" data-name="Vladimir Putin">Vladimir Putin'
        "<small> person, also “Poutine”</small></li>"
    )
    found = client.get(reverse("actor_suggest"), {"q": "TEHE"}).content.decode()
    assert found.count("<li") == 1 and 'data-name="Téhéran"' in found
    assert "<li" not in client.get(reverse("actor_suggest"), {"q": ""}).content.decode()


def test_theme_suggestions_and_stylesheet(client, analyst):
    from annotations.models import Theme

    theme = Theme.objects.create(name="Sécurité", colour="#123abc")
    client.force_login(analyst)
    found = client.get(reverse("theme_suggest"), {"q": "secu"}).content.decode()
    assert found.strip() == '<li role="option" data-name="Sécurité">Sécurité</li>'
    css = client.get(reverse("theme_stylesheet"))
    assert css["Content-Type"].startswith("text/css")
    assert f".theme-{theme.pk} {{ --theme-colour: #123abc; }}" in css.content.decode()


def test_editor_corrects_text_and_orphans_are_listed_for_repair(client, analyst, editor):
    article = ArticleFactory(text="Un passage stable.\n\nUn passage voué à disparaître.")
    stable = AnnotationFactory(article=article, author=analyst, start=0, end=18)
    doomed = AnnotationFactory(article=article, author=analyst, start=20, end=49)
    url = reverse("article_edit_text", args=[article.pk])
    client.force_login(analyst)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    response = client.post(url, {"text": "Un chapeau.\n\nUn passage stable."})
    assert response.status_code == 302
    page = client.get(article.get_absolute_url())
    assert "1 to repair" in page.content.decode()
    stable.refresh_from_db()
    doomed.refresh_from_db()
    assert (stable.exact, stable.orphaned, doomed.orphaned) == ("Un passage stable.", False, True)

    client.force_login(analyst)
    body = client.get(article.get_absolute_url()).content.decode()
    assert f'action="/annotations/{doomed.pk}/reattach/"' in body
    article.refresh_from_db()
    start = article.text.index("chapeau")
    response = client.post(
        reverse("highlight_reattach", args=[doomed.pk]),
        {"start_utf16": start, "end_utf16": start + 7, "exact": "chapeau"},
    )
    assert response.status_code == 302
    doomed.refresh_from_db()
    assert (doomed.exact, doomed.orphaned, doomed.start) == ("chapeau", False, start)
