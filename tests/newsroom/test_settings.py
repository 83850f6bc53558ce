"""newsroom.settings: security headers, the content policy, throttled logins, upload limits."""

import pytest
from django.urls import reverse

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


def test_too_many_files_in_one_upload_are_refused_clearly(client, analyst, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    client.force_login(analyst)
    files = uploads(("a.txt", 300), ("b.txt", 300), ("c.txt", 300))
    response = client.post(reverse("import_start"), {"files": files})
    assert response.status_code == 400
    assert "number of files in one upload" in response.content.decode()
