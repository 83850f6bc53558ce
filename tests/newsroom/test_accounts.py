"""newsroom.accounts: signing out (see test_urls) and changing one's own password."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "a-fresh-and-longer-passphrase"


def test_the_user_menu_links_to_the_password_form(client, analyst):
    client.force_login(analyst)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("password_change")}"' in page
    form = client.get(reverse("password_change")).content.decode()
    for field in ("old_password", "new_password1", "new_password2"):
        assert f'name="{field}"' in form
    assert 'class="stacked"' in form


def test_a_user_changes_their_own_password_and_stays_signed_in(client, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Your password is changed." in response.content.decode()
    assert client.get(reverse("quote_list")).status_code == 200
    analyst.refresh_from_db()
    assert analyst.check_password(NEW) and not analyst.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("old", "new1", "new2", "says"),
    [
        ("not-" + PASSWORD, NEW, NEW, "old password was entered incorrectly"),
        (PASSWORD, NEW, NEW + "x", "didn’t match"),
        (PASSWORD, "12345678", "12345678", "too common"),
    ],
)
def test_a_refused_change_says_why_and_keeps_the_password(client, analyst, old, new1, new2, says):
    client.force_login(analyst)
    response = client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2},
    )
    assert response.status_code == 200
    assert says in response.content.decode()
    assert get_user_model().objects.get(pk=analyst.pk).check_password(PASSWORD)


def test_only_a_signed_in_user_has_a_password_form(client):
    response = client.get(reverse("password_change"))
    assert response["Location"].startswith(reverse("login"))
