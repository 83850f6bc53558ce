"""newsroom.urls: signing in and out, the admin, the health check, and the app's pages."""

import pytest
from django.urls import resolve, reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_signs_in_and_goes_home(client, analyst):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "ana", "password": PASSWORD})
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_a_signed_in_user_is_not_asked_to_sign_in_again(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("login"))
    assert (response.status_code, response["Location"]) == (302, reverse("home"))


def test_signing_out_takes_a_post_and_ends_the_session(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "You are logged out." in response.content.decode()
    home = client.get(reverse("home"))
    assert home["Location"].startswith(reverse("login"))


def test_the_admin_is_for_staff_only(client, analyst):
    client.force_login(analyst)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_paths_of_the_project_and_of_the_app():
    assert (reverse("login"), reverse("logout"), reverse("health")) == (
        "/login/",
        "/logout/",
        "/health/",
    )
    assert resolve("/").url_name == "home"
    assert resolve("/admin/").app_name == "admin"
