"""admin: every model's admin pages work for staff, and the review history stays as written."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from annotations.models import (
    Annotation,
    Article,
    Dossier,
    Entity,
    Outlet,
    ReviewEvent,
    Theme,
)
from annotations.services import registry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTERED = [Outlet, Article, Annotation, Theme, Entity, Dossier, ReviewEvent]


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def staff(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def rows(tagged_quote):
    """One row of every registered model."""
    Dossier.objects.create(name="Gaz").articles.add(tagged_quote.article)
    return {
        Outlet: tagged_quote.article.outlet,
        Article: tagged_quote.article,
        Annotation: tagged_quote,
        Theme: tagged_quote.themes.get(name="Sanctions"),
        Entity: Entity.objects.get(name="Vladimir Putin"),
        Dossier: Dossier.objects.get(),
        ReviewEvent: tagged_quote.review_events.last(),
    }


def _url(model, page: str, *args) -> str:
    return reverse(f"admin:annotations_{model._meta.model_name}_{page}", args=args)


def test_the_registered_models():
    registered = {model for model in admin.site._registry if model._meta.app_label == "annotations"}
    assert registered == set(REGISTERED)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model.__name__)
def test_the_list_and_its_search_render(staff, rows, model):
    listing = staff.get(_url(model, "changelist"))
    assert listing.status_code == 200
    assert _url(model, "change", rows[model].pk) in listing.content.decode()
    assert staff.get(_url(model, "changelist"), {"q": "zz-nothing"}).status_code == 200


@pytest.mark.parametrize(
    "model",
    [
        Outlet,
        Article,
        Annotation,
        Theme,
        Entity,
        Dossier,
        ReviewEvent,
    ],
    ids=lambda model: model.__name__,
)
def test_the_change_page_renders(staff, rows, model):
    assert staff.get(_url(model, "change", rows[model].pk)).status_code == 200


def test_an_actor_is_found_by_a_spelling(staff, rows):
    listing = staff.get(_url(Entity, "changelist"), {"q": "POUTINE"}).content.decode()
    assert _url(Entity, "change", rows[Entity].pk) in listing


def test_an_actor_added_here_is_known_by_its_folded_name(staff):
    response = staff.post(
        _url(Entity, "add"),
        {
            "name": "Nikolaï Patrouchev",
            "slug": "patrouchev",
            "kind": "person",
            "description": "",
            "wikidata_id": "",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Patrushev",
            "aliases-0-language": "en",
        },
    )
    assert response.status_code == 302
    actor = Entity.objects.get()
    assert actor.normalized == "nikolai patrouchev"
    assert registry.entity_find(name="PATRUSHEV") == actor


def test_the_add_page_of_a_theme_renders(staff):
    assert staff.get(_url(Theme, "add")).status_code == 200


def test_the_review_history_can_be_read_but_not_changed(staff, rows):
    event = rows[ReviewEvent]
    page = staff.get(_url(ReviewEvent, "change", event.pk)).content.decode()
    assert event.reason in page and 'name="_save"' not in page
    response = staff.post(_url(ReviewEvent, "change", event.pk), {"reason": "Réécrit"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.reason == "Hors sujet; revoir"


def test_a_quotes_history_shows_with_it_and_cannot_be_added_to_or_deleted(superuser, rows):
    request = RequestFactory().get("/")
    request.user = superuser
    quote = rows[Annotation]
    inlines = admin.site._registry[Annotation].get_inline_instances(request, quote)
    (history,) = [inline for inline in inlines if inline.model is ReviewEvent]
    assert not history.has_add_permission(request, quote)
    assert not history.can_delete
    assert set(history.get_readonly_fields(request, quote)) >= {"actor", "to_status", "reason"}


def _every_admin_page():
    """(model, page) for the changelist, add and change page of every registered model,
    Django's own (users, groups) included."""
    for model in admin.site._registry:
        for page in ("changelist", "add", "change"):
            yield pytest.param(model, page, id=f"{model._meta.label}-{page}")


@pytest.mark.parametrize(("model", "page"), list(_every_admin_page()))
def test_every_admin_page_renders_for_a_superuser(staff, rows, superuser, model, page):
    """The form widgets render through Jinja2 (newsroom/renderers.py): the admin's own
    widgets, which exist only as Django templates, answered 500 before they fell back."""
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name="analysts")
    row = rows.get(model) or model._default_manager.first()
    if row is None and model is get_user_model():
        row = superuser
    if row is None and page == "change":
        pytest.skip(f"no {model._meta.label} row to change")
    info = (model._meta.app_label, model._meta.model_name)
    url = reverse(f"admin:{info[0]}_{info[1]}_{page}", args=[row.pk] if page == "change" else [])
    request = RequestFactory().get(url)
    request.user = superuser
    model_admin = admin.site._registry[model]
    # Read-only records (review history, login attempts, task results) refuse an add page.
    allowed = page != "add" or model_admin.has_add_permission(request)
    assert staff.get(url).status_code == (200 if allowed else 403), url
