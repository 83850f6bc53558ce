"""Changing one's own password in Chromium: from the header's link to the home page's
word that it is done, with no content-policy error on the way."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_user_changes_their_password_from_the_header(logged_in_page, live_server):
    page = logged_in_page
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.click("header >> text=Change password")
    page.wait_for_url(live_server.url + "/account/password/")
    page.fill("#id_old_password", "correct-horse-battery")
    page.fill("#id_new_password1", "a-fresh-and-longer-passphrase")
    page.fill("#id_new_password2", "a-fresh-and-longer-passphrase")
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    assert page.locator(".messages").inner_text() == "Your password is changed."
    assert errors == []
