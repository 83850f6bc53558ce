"""Cross-cutting request handling: one log line per request, a clean 503 when the
database is unreachable, and a clear 413 for requests larger than the app accepts."""

import json
import logging
import sys
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

from annotations.importers.base import human_size

request_log = logging.getLogger("newsroom.requests")
logger = logging.getLogger(__name__)


class RequestLogMiddleware:
    """Log method, path, status, duration and user as one JSON object per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        request_log.info(
            json.dumps(
                {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "user": _username(request),
                    "htmx": request.headers.get("HX-Request") == "true",
                },
                ensure_ascii=False,
            )
        )
        return response


def _username(request) -> str | None:
    user = getattr(request, "user", None)
    try:
        return user.get_username() if user is not None and user.is_authenticated else None
    except DatabaseError:
        # The user could not be loaded and a page already says so: raising here would
        # replace that page with one made outside every other middleware, headers and all.
        return None


def database_unavailable(error) -> HttpResponse:
    """A short 503 page that retries, instead of a traceback, while the database is down."""
    logger.warning("database unavailable: %s", error)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "5"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a view's lost database connection into the 503 page.

    Django reconnects on the next request (CONN_HEALTH_CHECKS), so the app recovers by
    itself. Errors raised by other middleware (loading the session, the user) never reach
    this hook: Django turns them into a 500 on the spot, and `server_error` below answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return database_unavailable(exception)
        return None


def server_error(request):
    """handler500: the 503 page when the failure was the database, else the 500 page."""
    error = sys.exception()
    if isinstance(error, (OperationalError, InterfaceError)):
        return database_unavailable(error)
    return HttpResponseServerError(render_to_string("500.html"))


class RequestSizeLimitMiddleware:
    """Refuse a body over NEWSROOM_MAX_REQUEST_BYTES before anything reads it.

    Django caps form fields but spools file uploads of any size to disk; this stops an
    oversized upload at its declared length with a page that says what the limit is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.NEWSROOM_MAX_REQUEST_BYTES
        if length > limit:
            return HttpResponse(
                render_to_string(
                    "413.html", {"size": human_size(length), "limit": human_size(limit)}
                ),
                status=413,
            )
        return self.get_response(request)
