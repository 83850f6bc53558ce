"""newsroom.middleware: request logs, the 503 page while the database is away, the 413 page."""

import json
import logging

import pytest
from django.db import OperationalError
from django.urls import reverse

from annotations.models import Article
from tests.helpers import uploads

pytestmark = pytest.mark.django_db


def assert_security_headers(response) -> None:
    """The headers every answer carries, error pages made by middleware included."""
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


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
    assert_security_headers(response)


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
    assert_security_headers(response)


def test_other_errors_still_get_the_500_page(client, analyst, monkeypatch):
    _overview_raises(monkeypatch, RuntimeError("a bug"))
    client.force_login(analyst)
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert_security_headers(response)


def test_one_json_log_line_per_request(client, analyst, caplog):
    client.force_login(analyst)
    with caplog.at_level(logging.INFO, logger="newsroom.requests"):
        client.get(reverse("quote_list"), HTTP_HX_REQUEST="true")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "newsroom.requests"]
    assert len(lines) == 1
    assert lines[0]["path"] == "/quotes/" and lines[0]["status"] == 200
    assert lines[0]["user"] == "ana" and lines[0]["htmx"] is True and lines[0]["ms"] >= 0


def test_an_oversized_request_is_refused_with_its_limit(client, analyst, settings):
    settings.NEWSROOM_MAX_REQUEST_BYTES = 4_000
    client.force_login(analyst)
    response = client.post(reverse("import_start"), {"files": uploads(("big.txt", 6_000))})
    assert response.status_code == 413
    page = response.content.decode()
    assert "too large" in page and "4 kB" in page and "Nothing was imported" in page
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/suggest/actors/", {"q": "Pou\x00tine"}),
        ("get", "/quotes/", {"q": "a\x00"}),
        ("get", "/admin/annotations/entity/", {"q": "\x00"}),
        ("post", "/dossiers/", {"name": "Gaz\x00"}),
        ("get", "/articles/", {"language\x00": "fr"}),
    ],
)
def test_a_nul_in_any_parameter_gets_the_400_page(client, method, url, data):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = getattr(client, method)(url, data)
    assert response.status_code == 400
    assert "This request was refused" in response.content.decode()


def test_a_nul_asks_a_stranger_to_log_in_first(client):
    response = client.get("/suggest/actors/", {"q": "\x00"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _wrapped(cause: Exception) -> OperationalError:
    """A database error as Django raises it: its driver's error as the cause."""
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    "cause",
    [
        pytest.param("ProgramLimitExceeded", id="tsvector-too-long"),
        pytest.param("QueryCanceled", id="statement-timeout"),
        pytest.param("sqlite:no such table: annotations_x", id="sqlite-no-table"),
    ],
)
def test_a_database_error_that_is_no_outage_gets_the_500_page(client, analyst, monkeypatch, cause):
    if cause.startswith("sqlite:"):
        import sqlite3

        error = sqlite3.OperationalError(cause.removeprefix("sqlite:"))
    else:
        errors = pytest.importorskip("psycopg2.errors")
        error = getattr(errors, cause)("string is too long for tsvector")
    _overview_raises(monkeypatch, _wrapped(error))
    client.force_login(analyst)
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "briefly unavailable" not in response.content.decode()


@pytest.mark.parametrize("code", ["AdminShutdown", "ConnectionFailure", "CannotConnectNow"])
def test_a_lost_postgresql_connection_gets_the_503_page(client, analyst, monkeypatch, code):
    errors = pytest.importorskip("psycopg2.errors")
    _overview_raises(monkeypatch, _wrapped(getattr(errors, code)("terminating connection")))
    client.force_login(analyst)
    response = client.get(reverse("home"))
    assert response.status_code == 503
    assert_security_headers(response)


def test_a_request_that_fails_in_middleware_gets_the_security_headers(client, analyst, settings):
    # Too many files: Django refuses the upload while the CSRF middleware reads the form.
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 1
    client.force_login(analyst)
    response = client.post(reverse("import_start"), {"files": uploads(("a.txt", 9), ("b.txt", 9))})
    assert response.status_code == 400
    assert_security_headers(response)


def test_the_header_middleware_wraps_every_middleware_that_answers_on_its_own(settings):
    # A middleware answers (413, 503) without calling the ones after it, so the headers'
    # middleware must come before it; only the request log may come first.
    order = settings.MIDDLEWARE
    headers = [
        "django.middleware.security.SecurityMiddleware",
        "csp.middleware.CSPMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
    ours = [name for name in order if name.startswith("newsroom.")]
    assert ours[0] == order[0] == "newsroom.middleware.RequestLogMiddleware"
    for name in headers:
        assert all(order.index(name) < order.index(other) for other in ours[1:])
