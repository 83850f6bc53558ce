"""views.navigation: a form's next= is followed only to this site, and only over https
from an https page; every view that honours next= goes through it."""

import pytest
from django.urls import reverse

from annotations.models import Dossier
from tests.factories import AnnotationFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def _review(client, editor, analyst, target, secure):
    quote = AnnotationFactory(author=analyst)
    client.force_login(editor)
    data = {"decision": "approved", "reason": "", "version": quote.version, "next": target}
    response = client.post(reverse("quote_review", args=[quote.pk]), data, secure=secure)
    return response["Location"], quote.get_absolute_url()


def _dossier(client, editor, analyst, target, secure):
    dossier = Dossier.objects.create(name="D", created_by=editor)
    client.force_login(editor)
    data = {"dossier": dossier.pk, "articles": [ArticleFactory().pk], "action": "add"}
    response = client.post(reverse("dossier_articles"), {**data, "next": target}, secure=secure)
    return response["Location"], dossier.get_absolute_url()


FORMS = [_review, _dossier]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("target", "secure"),
    [
        ("http://testserver/quotes/", True),  # our host, but in clear from an https page
        ("https://evil.example/quotes/", True),
        ("//evil.example/quotes/", False),
        ("javascript:alert(1)", False),
    ],
)
def test_an_unsafe_next_falls_back_to_the_forms_own_page(
    client, editor, analyst, form, target, secure
):
    location, fallback = form(client, editor, analyst, target, secure)
    assert location == fallback


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("target", "secure"),
    [
        ("/quotes/?page=2", True),
        ("https://testserver/quotes/", True),
        ("http://testserver/quotes/", False),
    ],
)
def test_a_next_on_this_site_is_followed(client, editor, analyst, form, target, secure):
    location, _ = form(client, editor, analyst, target, secure)
    assert location == target
