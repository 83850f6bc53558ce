"""Cross-cutting request handling: one log line per request, a clean 503 when the
database is unreachable, and a clear 413 for requests larger than the app accepts."""

import json
import logging
import sys
import time

from django.conf import settings
from django.core.exceptions import BadRequest
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


# SQLSTATEs of a lost or refused connection: class 08, and the server shutting down or
# starting up. Any other database error (a tsvector over its limit is an OperationalError
# too) is a bug, and gets the 500 page.
CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")
# SQLite's own words for a database it cannot reach (it has no SQLSTATEs).
SQLITE_UNREACHABLE = ("unable to open database", "disk i/o error", "database is locked")


def is_connection_failure(error: BaseException | None) -> bool:
    """Whether `error` means the database cannot be reached, not that a query is wrong."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if cause is None:
        return True
    code = getattr(cause, "pgcode", None) or _psycopg2_sqlstate(type(cause))
    if code:
        return code.startswith(CONNECTION_SQLSTATES)
    if type(cause).__module__ == "sqlite3":
        return str(cause).lower().startswith(SQLITE_UNREACHABLE)
    # psycopg2 raises its bare OperationalError, with no SQLSTATE, when the link drops.
    return type(cause).__name__ == "OperationalError"


def _psycopg2_sqlstate(error_class: type) -> str | None:
    """The SQLSTATE of one of psycopg2.errors' classes (raised without a server code)."""
    if error_class.__module__ != "psycopg2.errors":
        return None
    import psycopg2.errors

    for code in ("08000", "08003", "08006", "08001", "08004", "57P01", "57P02", "57P03"):
        if issubclass(error_class, psycopg2.errors.lookup(code)):
            return code
    return "XX000"


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
    """Turn a view's lost database connection into the 503 page; only a lost connection:
    any other database error is a bug (the 500 page, and a failing test).

    Django reconnects on the next request (CONN_HEALTH_CHECKS), so the app recovers by
    itself. Errors raised by other middleware (loading the session, the user) never reach
    this hook: Django turns them into a 500 on the spot, and `server_error` below answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_connection_failure(exception):
            return database_unavailable(exception)
        return None


def server_error(request):
    """handler500: the 503 page when the failure was the database, else the 500 page."""
    error = sys.exception()
    if is_connection_failure(error):
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


class RefuseNulParametersMiddleware:
    """Refuse, with the 400 page, a query string or form holding a NUL character.

    No text we keep may hold one, PostgreSQL refuses it in any string (a 500 from the
    suggestions, the admin's search, any filter), and SQLite would store it. One check
    here covers every parameter of every route; uploaded files are not parameters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for params in (request.GET, request.POST):
            for key, values in params.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise BadRequest("A parameter holds a NUL character.")
        return None
