"""The production stack for load and fault scripts: `make serve` on loopback, and clients.

The server runs as in production (DEBUG off, secure cookies, HTTPS assumed) behind what
would be a TLS proxy; clients say so with X-Forwarded-Proto and keep the Secure cookies
over the loopback hop.
"""

import contextlib
import os
import subprocess
import time
from pathlib import Path

from bench.common import ROOT

PASSWORD = "correct-horse-battery"  # the test factories' password
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
PORT = int(os.environ.get("BENCH_PORT", 8765))


def database_url(connection) -> str:
    """The URL of the database `connection` uses, for the server's processes."""
    settings = connection.settings_dict
    scheme = "sqlite" if connection.vendor == "sqlite" else "postgres"
    if scheme == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def wait_until_healthy(base_url: str, timeout: float) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            if requests.get(base_url + "/health/", headers=PROXY_HEADERS, timeout=2).ok:
                return
        time.sleep(0.5)
    raise RuntimeError(f"the server did not answer {base_url}/health/ in {timeout:.0f} s")


@contextlib.contextmanager
def production_stack(db_url: str, log_path: Path, *, port: int = PORT, workers: int = 4):
    """`make serve` (gunicorn, whitenoise, DEBUG off, task worker) on loopback; stopped after.

    Yields the process running make (its group holds gunicorn and the task worker) and
    the base URL.
    """
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SECRET_KEY": "load-test-only-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "0",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WORKERS": str(workers),
    }
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, timeout=90)
        yield server, base_url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, 15)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()
        from django.db import connections

        connections.close_all()


def gunicorn_workers(server) -> list:
    """The gunicorn worker processes under `make serve` (psutil.Process objects)."""
    import psutil

    def is_gunicorn(process) -> bool:
        return any(part.endswith("/gunicorn") for part in process.cmdline()[:2])

    gunicorns = [p for p in psutil.Process(server.pid).children(recursive=True) if is_gunicorn(p)]
    return [process for process in gunicorns if is_gunicorn(process.parent())]


class AppSession:
    """A logged-in user of the served app, over HTTP like a browser behind TLS."""

    def __init__(self, base_url: str, username: str):
        import requests

        self.base_url = base_url
        self.username = username
        self.http = requests.Session()
        self.http.headers.update({**PROXY_HEADERS, "Origin": base_url.replace("http:", "https:")})
        self.get("/login/")
        started = time.perf_counter()
        response = self.post("/login/", {"username": username, "password": PASSWORD})
        self.login_ms = (time.perf_counter() - started) * 1000
        if response.status_code != 302:
            raise RuntimeError(f"{username} could not log in: {response.status_code}")

    def _keep_cookies(self):
        # The server marks its cookies Secure; this loopback hop stands in for TLS.
        for cookie in self.http.cookies:
            cookie.secure = False

    @property
    def cookies(self) -> dict:
        return {"sessionid": self.http.cookies["sessionid"],
                "csrftoken": self.http.cookies["csrftoken"]}  # fmt: skip

    def get(self, path: str, **kwargs):
        response = self.http.get(self.base_url + path, timeout=30, **kwargs)
        self._keep_cookies()
        return response

    def post(self, path: str, data: dict, **kwargs):
        data = {**data, "csrfmiddlewaretoken": self.http.cookies.get("csrftoken", "")}
        response = self.http.post(
            self.base_url + path, data=data, allow_redirects=False, timeout=30, **kwargs
        )
        self._keep_cookies()
        return response

    def create_highlight(self, article: dict, passage: dict, marker: str, *, theme: str = ""):
        """Highlight a passage with `marker` as its note; a 302 is the acknowledgement."""
        return self.post(
            f"/articles/{article['id']}/annotations/", {**passage, "note": marker, "themes": theme}
        )


def selectable_passages(rng, articles, per_article: int = 5) -> list[dict]:
    """For each article, passages a browser could select (UTF-16 offsets and their text)."""
    from annotations import anchoring

    plan = []
    for article in articles:
        passages = []
        for _ in range(per_article):
            start = rng.randrange(0, len(article.text) - 200)
            end = start + rng.randint(20, 180)
            passages.append(
                {
                    "start_utf16": anchoring.codepoint_to_utf16(article.text, start),
                    "end_utf16": anchoring.codepoint_to_utf16(article.text, end),
                    "exact": article.text[start:end],
                }
            )
        plan.append({"id": article.pk, "passages": passages})
    return plan


def stored_copies(prefix: str) -> dict[str, int]:
    """How many annotations carry each note starting with `prefix`."""
    from django.db.models import Count

    from annotations.models import Annotation

    return dict(
        Annotation.objects.filter(note__startswith=prefix)
        .values_list("note")
        .annotate(copies=Count("id"))
    )


def lost_or_duplicated(acknowledged: list[str], prefix: str) -> list[str]:
    """The acknowledged notes not stored exactly once."""
    stored = stored_copies(prefix)
    return [f"{marker}: stored {stored.get(marker, 0)} times" for marker in acknowledged
            if stored.get(marker, 0) != 1]  # fmt: skip
