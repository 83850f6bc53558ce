"""Production behaviour: health, headers, throttled logins, database outages, request logs."""

import json
import logging

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_is_public_and_reports_the_database(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


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


def _overview_raises(monkeypatch, error: Exception) -> None:
    from annotations.views import articles

    def broken(**kwargs):
        raise error

    monkeypatch.setattr(articles.overview, "overview", broken)


def test_a_database_outage_gives_a_clean_503(client, analyst, monkeypatch):
    _overview_raises(monkeypatch, OperationalError("server closed the connection unexpectedly"))
    client.force_login(analyst)
    response = client.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "briefly unavailable" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_database_outage_outside_the_view_gives_the_503_too(client, analyst, monkeypatch):
    # Loading the session happens in middleware, before any view: Django turns errors
    # there into a 500 at once, so the handler500 must recognise the database.
    from django.contrib.sessions.backends.db import SessionStore

    client.force_login(analyst)
    client.raise_request_exception = False

    def broken(self):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(SessionStore, "load", broken)
    response = client.get(reverse("home"))
    assert response.status_code == 503
    assert "briefly unavailable" in response.content.decode()


def test_other_errors_still_get_the_500_page(client, analyst, monkeypatch):
    _overview_raises(monkeypatch, RuntimeError("a bug"))
    client.force_login(analyst)
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_one_json_log_line_per_request(client, analyst, caplog):
    client.force_login(analyst)
    with caplog.at_level(logging.INFO, logger="newsroom.requests"):
        client.get(reverse("quote_list"), HTTP_HX_REQUEST="true")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "newsroom.requests"]
    assert len(lines) == 1
    assert lines[0]["path"] == "/quotes/" and lines[0]["status"] == 200
    assert lines[0]["user"] == "ana" and lines[0]["htmx"] is True and lines[0]["ms"] >= 0


def _uploads(*named_sizes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return [
        SimpleUploadedFile(
            name, f"Titre {name}\n\n{'Un paragraphe de texte. ' * size}"[:size].encode()
        )
        for name, size in named_sizes
    ]


def test_an_oversized_request_is_refused_with_its_limit(client, analyst, settings):
    settings.NEWSROOM_MAX_REQUEST_BYTES = 4_000
    client.force_login(analyst)
    response = client.post(reverse("import_start"), {"files": _uploads(("big.txt", 6_000))})
    assert response.status_code == 413
    page = response.content.decode()
    assert "too large" in page and "4 kB" in page and "Nothing was imported" in page
    from annotations.models import Article

    assert not Article.objects.exists()


def test_too_many_files_in_one_upload_are_refused_clearly(client, analyst, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    client.force_login(analyst)
    files = _uploads(("a.txt", 300), ("b.txt", 300), ("c.txt", 300))
    response = client.post(reverse("import_start"), {"files": files})
    assert response.status_code == 400
    assert "number of files in one upload" in response.content.decode()


def test_an_oversized_file_is_named_and_the_others_import(client, analyst, settings):
    from annotations.models import Article

    settings.NEWSROOM_IMPORT_MAX_FILE_BYTES = 1_000
    client.force_login(analyst)
    files = _uploads(("huge.txt", 5_000), ("fine.txt", 400))
    response = client.post(reverse("import_start"), {"files": files}, follow=True)
    page = response.content.decode()
    assert "huge.txt" in page and "File larger than the 1 kB limit" in page
    assert Article.objects.count() == 1
