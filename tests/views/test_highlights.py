"""views.highlights: an analyst's highlights made, edited, re-placed and deleted on the page."""

import pytest
from django.urls import reverse

from annotations import anchoring
from annotations.models import Annotation, Entity
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory
from tests.helpers import HX

pytestmark = pytest.mark.django_db


def test_anonymous_cannot_post_a_highlight(client, article):
    response = client.post(reverse("highlight_create", args=[article.pk]), {})
    assert response.status_code == 302
    assert not Annotation.objects.exists()


def _selection(article, exact):
    start = article.text.index(exact)
    return {
        "start_utf16": anchoring.codepoint_to_utf16(article.text, start),
        "end_utf16": anchoring.codepoint_to_utf16(article.text, start + len(exact)),
        "exact": exact,
    }


def test_create_highlight_with_htmx_returns_the_reader_fragment(client, analyst):
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


def test_create_highlight_without_htmx_redirects_to_the_article(client, analyst, article):
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


def test_other_analyst_cannot_delete_but_editor_can(client, analyst, other_analyst, editor):
    annotation = AnnotationFactory(author=analyst)
    url = reverse("highlight_delete", args=[annotation.pk])
    client.force_login(other_analyst)
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    client.force_login(editor)
    assert client.post(url).status_code == 302
    assert not Annotation.objects.exists()


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


def test_edit_and_approve_from_the_queue(client, analyst, editor):
    annotation = AnnotationFactory(author=analyst)
    client.force_login(editor)
    prefix = f"edit-{annotation.pk}-"
    response = client.post(
        reverse("highlight_edit", args=[annotation.pk]),
        {
            prefix + "version": 1,
            prefix + "themes": "Sanctions",
            "from": "review",
            "approve": "1",
        },
        **HX,
    )
    assert response.content.decode().lstrip().startswith(f'<li id="review-{annotation.pk}"')
    annotation.refresh_from_db()
    assert annotation.status == "approved"
    assert [t.name for t in annotation.themes.all()] == ["Sanctions"]


def test_the_new_actors_line_lists_unknown_names_with_a_kind_to_change(client, analyst):
    EntityFactory(name="Vladimir Putin", kind="person")
    client.force_login(analyst)
    response = client.get(
        reverse("actor_kinds"),
        {
            "prefix": "edit-7",
            "edit-7-actors": "Vladimir Putin, Iran, Kestra",
            "edit-7-new_actor_kinds": ["Kestra=group", "Iran=planet"],
        },
        **HX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Vladimir Putin" not in body
    assert '<select name="edit-7-new_actor_kinds" aria-label="Kind of Iran">' in body
    assert '<option value="Iran=country" selected>country</option>' in body
    # The kind chosen before the line was refreshed is kept; a broken one is no choice.
    assert '<option value="Kestra=group" selected>group</option>' in body
    assert client.get(reverse("actor_kinds"), {"actors": "Vladimir Putin"}).content == b""


def test_a_highlight_saves_new_actors_with_the_kinds_chosen_else_guessed(client, analyst):
    article = ArticleFactory(text="L’Iran, la Russie et Kestra ont parlé.", language="")
    client.force_login(analyst)
    data = _selection(article, "L’Iran") | {
        "actors": "Iran, Russie, Kestra",
        "new_actor_kinds": ["Russie=place", "Kestra=organisation"],
    }
    response = client.post(reverse("highlight_create", args=[article.pk]), data, **HX)
    assert response.status_code == 200
    assert dict(Entity.objects.values_list("name", "kind")) == {
        "Iran": "country",
        "Russie": "place",
        "Kestra": "organisation",
    }


def test_a_refused_highlight_comes_back_with_its_new_actors_and_their_kinds(client, analyst):
    article = ArticleFactory(text="L’Iran a parlé.", language="")
    client.force_login(analyst)
    data = _selection(article, "L’Iran") | {
        "exact": "autre chose",
        "actors": "Iran, Kestra",
        "new_actor_kinds": ["Kestra=group"],
    }
    body = client.post(reverse("highlight_create", args=[article.pk]), data).content.decode()
    assert 'aria-label="Kind of Iran"' in body
    assert '<option value="Iran=country" selected>' in body
    assert '<option value="Kestra=group" selected>' in body
    assert not Entity.objects.exists()
