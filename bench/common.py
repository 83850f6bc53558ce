"""Shared set-up for benchmark scripts: Django on a throwaway database, timing helpers.

Benchmarks print figures and assert nothing about time. Run them as modules, e.g.
`python -m bench.reader` (SQLite) or `DATABASE_URL=postgres://... python -m bench.reader`.
"""

import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    # Measure what production runs: no debug machinery, cached templates.
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    import logging

    logging.getLogger("newsroom.requests").setLevel(logging.WARNING)


@contextlib.contextmanager
def throwaway_database():
    """Create a fresh test database (test_<name>), migrated, and drop it afterwards."""
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite":
        # Never the test suite's database, which another run may be using.
        connection.settings_dict["TEST"]["NAME"] = f"bench_{old_name}"
    else:
        # A file, as `make run` uses (a test database would live in memory).
        connection.settings_dict["TEST"]["NAME"] = str(
            Path(tempfile.gettempdir()) / "bench.sqlite3"
        )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def database_label() -> str:
    from django.db import connection

    return connection.vendor


def measure(function, *, repeat: int = 30, warmup: int = 3) -> list[float]:
    """Wall-clock durations in milliseconds of `repeat` calls after `warmup` calls."""
    for _ in range(warmup):
        function()
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def report(label: str, durations_ms: list[float]) -> None:
    ordered = sorted(durations_ms)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(
        f"{label}: median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, "
        f"min {ordered[0]:.1f} ms over {len(ordered)} runs"
    )


def tag_randomly(rng, quotes: list, themes: list, actors: list) -> None:
    """One random theme and one random actor on each quote, in bulk."""
    from annotations.models import TaggedActor, TaggedTheme

    TaggedTheme.objects.bulk_create(
        [TaggedTheme(content_object=quote, tag=rng.choice(themes)) for quote in quotes],
        batch_size=5_000,
    )
    TaggedActor.objects.bulk_create(
        [TaggedActor(content_object=quote, tag=rng.choice(actors)) for quote in quotes],
        batch_size=5_000,
    )
