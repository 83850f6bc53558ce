"""Cross-cutting, every view module: who may use each URL of the app.

The matrix states, for each route, who among anonymous, analyst, another analyst, editor
and staff may use it; the test asserts that the server refuses everyone else, whatever
the templates show, and gives each allowed role the exact answer (page, form errors,
redirect), and a 404 for an object that does not exist. CSRF on every POST, and login and
logout, are checked here too.
"""

import pytest
from django.urls import reverse

from annotations import entities
from annotations.models import Dossier, ImportBatch, MentionTagging
from tests.factories import (
    AnnotationFactory,
    ArticleFactory,
    EntityFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "analyst", "other_analyst", "editor", "staff"]
EVERYONE = {"analyst", "other_analyst", "editor", "staff"}
EDITORS = {"editor", "staff"}
OWNER_OR_EDITORS = {"analyst", "editor", "staff"}
OWNER_OR_STAFF = {"analyst", "staff"}


@pytest.fixture
def world(analyst, monkeypatch):
    # Who may open the suggestions does not hang on the recogniser, and loading spaCy's
    # pipeline took this whole module's time.
    monkeypatch.setattr(entities, "ner_available", lambda language: False)
    article = ArticleFactory(imported_by=analyst)
    annotation = AnnotationFactory(article=article, author=analyst, start=0, end=8)
    entity = EntityFactory(name="Kestrany")
    alias = entity.aliases.create(name="Kestran")
    theme = ThemeFactory(name="Énergie")
    dossier = Dossier.objects.create(name="Gaz", created_by=analyst)
    batch = ImportBatch.objects.create(created_by=analyst, status="done")
    tagging = MentionTagging.objects.create(entity=entity, created_by=analyst, status="done")
    return {
        "article": article.pk,
        "annotation": annotation.pk,
        "slug": entity.slug,
        "alias": alias.pk,
        "theme": theme.slug,
        "dossier": dossier.pk,
        "batch": batch.pk,
        "tagging": tagging.pk,
    }


# (route name, arguments from the world, method, roles allowed)
MATRIX = [
    ("home", [], "get", EVERYONE),
    ("article_list", [], "get", EVERYONE),
    ("quote_list", [], "get", EVERYONE),
    ("review_queue", [], "get", EDITORS),
    ("export_annotations", ["csv"], "get", EVERYONE),
    ("review_approve_many", [], "post", EDITORS),
    ("article_paste", [], "get", EVERYONE),
    ("article_detail", ["article"], "get", EVERYONE),
    ("article_edit_text", ["article"], "get", EDITORS),
    ("article_edit_text", ["article"], "post", EDITORS),
    ("article_edit_details", ["article"], "get", OWNER_OR_EDITORS),
    ("article_edit_details", ["article"], "post", OWNER_OR_EDITORS),
    ("article_suggestions", ["article"], "get", EVERYONE),
    ("mention_decide", ["article"], "post", EVERYONE),
    ("import_start", [], "get", EVERYONE),
    ("import_start", [], "post", EVERYONE),
    ("import_batch_detail", ["batch"], "get", OWNER_OR_STAFF),
    ("import_batch_retry", ["batch"], "post", OWNER_OR_STAFF),
    ("highlight_create", ["article"], "post", EVERYONE),
    ("article_annotations_csv", ["article"], "get", EVERYONE),
    ("quote_detail", ["annotation"], "get", EVERYONE),
    ("highlight_edit", ["annotation"], "get", OWNER_OR_EDITORS),
    ("highlight_edit", ["annotation"], "post", OWNER_OR_EDITORS),
    ("quote_review", ["annotation"], "post", EDITORS),
    ("highlight_reattach", ["annotation"], "post", OWNER_OR_EDITORS),
    ("highlight_delete", ["annotation"], "post", OWNER_OR_EDITORS),
    ("theme_stylesheet", [], "get", EVERYONE),
    ("theme_suggest", [], "get", EVERYONE),
    ("outlet_suggest", [], "get", EVERYONE),
    ("actor_suggest", [], "get", EVERYONE),
    ("actor_kinds", [], "get", EVERYONE),
    ("theme_list", [], "get", EVERYONE),
    ("theme_detail", ["theme"], "get", EVERYONE),
    ("actor_list", [], "get", EVERYONE),
    ("registry_export", ["csv"], "get", EVERYONE),
    ("registry_import", [], "post", EDITORS),
    ("actor_detail", ["slug"], "get", EVERYONE),
    ("actor_edit", ["slug"], "post", EDITORS),
    ("actor_spelling_add", ["slug"], "post", EVERYONE),
    ("actor_spelling_remove", ["slug", "alias"], "post", EDITORS),
    ("actor_merge", ["slug"], "post", EDITORS),
    ("tag_every_mention", ["slug"], "get", EVERYONE),
    ("mention_tagging_detail", ["tagging"], "get", OWNER_OR_STAFF),
    ("dossier_list", [], "get", EVERYONE),
    ("dossier_list", [], "post", EVERYONE),
    ("dossier_articles", [], "post", EVERYONE),
    ("dossier_detail", ["dossier"], "get", EVERYONE),
    ("dossier_rename", ["dossier"], "post", OWNER_OR_EDITORS),
    ("dossier_describe", ["dossier"], "post", OWNER_OR_EDITORS),
    ("dossier_delete", ["dossier"], "post", OWNER_OR_EDITORS),
]


# What an allowed role gets for the bare request (no form data): the page (200), a form
# sent back with its errors (400), or a redirect after the change (302). Every other route
# and method answers 200.
ANSWERS = {
    ("highlight_create", "post"): 400,
    ("highlight_edit", "post"): 400,
    ("highlight_reattach", "post"): 302,
    ("highlight_delete", "post"): 302,
    ("actor_spelling_add", "post"): 302,
    ("dossier_articles", "post"): 302,
    ("dossier_rename", "post"): 302,
    ("dossier_describe", "post"): 302,
    ("dossier_delete", "post"): 302,
    ("review_approve_many", "post"): 302,
    ("quote_review", "post"): 302,
    ("registry_import", "post"): 302,
    ("import_batch_retry", "post"): 302,
    ("actor_edit", "post"): 302,
    ("actor_spelling_remove", "post"): 302,
    ("actor_merge", "post"): 302,
}
# A route's object that does not exist, by the world's key.
MISSING = {"slug": "no-such-actor", "theme": "no-such-theme", "alias": 987654}


def _client_for(role, client, request):
    if role == "anonymous":
        return client
    if role == "staff":
        user = UserFactory(username="root", is_staff=True, is_superuser=True)
    else:
        user = request.getfixturevalue(role)
    client.force_login(user)
    return client


def _args(spec, world):
    return [world.get(name, name) for name in spec]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "spec", "method", "allowed"), MATRIX, ids=[f"{row[2]}-{row[0]}" for row in MATRIX]
)
def test_permission_matrix(client, request, world, role, name, spec, method, allowed):
    request.getfixturevalue("analyst")
    client = _client_for(role, client, request)
    url = reverse(name, args=_args(spec, world))
    response = getattr(client, method)(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif role in allowed:
        expected = ANSWERS.get((name, method), 200)
        assert response.status_code == expected, f"{role}: {method.upper()} {url}"
    else:
        assert response.status_code == 403, f"{role} allowed {method.upper()} {url}"


OBJECT_ROUTES = [
    row
    for row in MATRIX
    if any(key in row[1] for key in ("slug", "theme"))
    or any(
        key in row[1] for key in ("article", "annotation", "dossier", "batch", "tagging", "alias")
    )
]


@pytest.mark.parametrize("role", ["analyst", "other_analyst", "editor", "staff"])
@pytest.mark.parametrize(
    ("name", "spec", "method", "allowed"),
    OBJECT_ROUTES,
    ids=[f"{row[2]}-{row[0]}" for row in OBJECT_ROUTES],
)
def test_a_missing_object_is_a_404_for_everyone_allowed(
    client, request, world, role, name, spec, method, allowed
):
    request.getfixturevalue("analyst")
    client = _client_for(role, client, request)
    missing = {**dict.fromkeys(world, 987654), **MISSING}
    url = reverse(name, args=[missing.get(key, key) for key in spec])
    status = getattr(client, method)(url).status_code
    # A route some roles may not use may refuse them before it looks the object up.
    assert status == 404 or (role not in allowed and status == 403), f"{role}: {url} {status}"


def test_every_route_is_in_the_matrix():
    from annotations.urls import urlpatterns

    names = {pattern.name for pattern in urlpatterns}
    assert names == {row[0] for row in MATRIX}


@pytest.mark.parametrize(("name", "spec"), [(row[0], row[1]) for row in MATRIX if row[2] == "post"])
def test_post_urls_refuse_get_unless_they_are_also_pages(client, analyst, world, name, spec):
    client.force_login(analyst)
    pages = {row[0] for row in MATRIX if row[2] == "get"}
    response = client.get(reverse(name, args=_args(spec, world)))
    if name not in pages:
        assert response.status_code == 405


POST_ROUTES = [(row[0], row[1]) for row in MATRIX if row[2] == "post"]


@pytest.mark.parametrize(("name", "spec"), POST_ROUTES, ids=[row[0] for row in POST_ROUTES])
def test_csrf_is_enforced_on_every_post(analyst, world, name, spec):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    # Staff may do everything, so a refusal here can only come from the CSRF check.
    strict.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = strict.post(reverse(name, args=_args(spec, world)))
    assert response.status_code == 403
    assert "CSRF verification failed" in response.content.decode()


@pytest.mark.parametrize("name", ["login", "logout"])
def test_csrf_is_enforced_on_login_and_logout(analyst, name):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    if name == "logout":
        strict.force_login(analyst)
    response = strict.post(reverse(name), {"username": "ana", "password": "correct-horse-battery"})
    assert response.status_code == 403
    assert "CSRF verification failed" in response.content.decode()


def test_logout_refuses_get(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("logout")).status_code == 405


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


def test_login_page_is_public(client):
    assert client.get(reverse("login")).status_code == 200
