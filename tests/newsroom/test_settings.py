"""newsroom.settings: security headers, the content policy, throttled logins, upload limits."""

import importlib.util

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.helpers import uploads

pytestmark = pytest.mark.django_db


def test_strict_content_security_policy(client, analyst):
    client.force_login(analyst)
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


def test_security_headers(client):
    response = client.get(reverse("login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_logins_are_throttled_per_account(client, analyst):
    for _ in range(5):
        client.post(reverse("login"), {"username": "ana", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "ana", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


def _login(client, username: str, password: str | None = None, **meta):
    """A sign-in attempt; without a password, a wrong one."""
    password = password or "not-" + PASSWORD
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def test_typos_under_other_names_lock_nobody_out_of_the_same_address(client, analyst):
    for n in range(5):
        _login(client, f"nobody{n}")
    assert _login(client, "ana", PASSWORD)["Location"] == reverse("home")


def test_a_locked_account_can_still_sign_in_from_another_address(client, analyst):
    for _ in range(5):
        _login(client, "ana", REMOTE_ADDR="198.51.100.7")
    assert _login(client, "ana", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429
    response = _login(client, "ana", PASSWORD, REMOTE_ADDR="203.0.113.5")
    assert response["Location"] == reverse("home")


@pytest.fixture
def behind_one_proxy(monkeypatch, settings):
    """The settings as NEWSROOM_PROXY_COUNT=1 makes them, read from a fresh copy of the
    settings module; every request then comes from the load balancer's own address."""
    monkeypatch.setenv("NEWSROOM_PROXY_COUNT", "1")
    spec = importlib.util.find_spec("newsroom.settings")
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    for name in dir(fresh):
        if name.startswith(("AXES_IPWARE_", "IPWARE_")):
            setattr(settings, name, getattr(fresh, name))
    return {"REMOTE_ADDR": "10.0.0.1"}


def test_behind_a_proxy_typos_lock_out_no_one_else(client, analyst, behind_one_proxy):
    for n in range(5):
        _login(client, f"nobody{n}", HTTP_X_FORWARDED_FOR="203.0.113.5", **behind_one_proxy)
    for _ in range(5):
        _login(client, "otto", HTTP_X_FORWARDED_FOR="203.0.113.5", **behind_one_proxy)
    # Another person at another address, and the same address under another name.
    for address in ("198.51.100.7", "203.0.113.5"):
        response = _login(client, "ana", PASSWORD, HTTP_X_FORWARDED_FOR=address, **behind_one_proxy)
        assert response["Location"] == reverse("home")
        client.logout()


def test_behind_a_proxy_repeated_failures_lock_even_with_a_forged_header(
    client, analyst, behind_one_proxy
):
    # What the client writes into X-Forwarded-For comes first; the proxy appends the
    # address it saw, the only one that counts.
    for n in range(5):
        forged = f"192.0.2.{n}, 203.0.113.5"
        _login(client, "ana", HTTP_X_FORWARDED_FOR=forged, **behind_one_proxy)
    response = _login(
        client, "ana", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.5", **behind_one_proxy
    )
    assert response.status_code == 429
    elsewhere = _login(
        client, "ana", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **behind_one_proxy
    )
    assert elsewhere["Location"] == reverse("home")


def test_too_many_files_in_one_upload_are_refused_clearly(client, analyst, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    client.force_login(analyst)
    files = uploads(("a.txt", 300), ("b.txt", 300), ("c.txt", 300))
    response = client.post(reverse("import_start"), {"files": files})
    assert response.status_code == 400
    assert "number of files in one upload" in response.content.decode()
