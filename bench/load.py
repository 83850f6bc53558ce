"""Load: the production stack (`make serve`) on PostgreSQL under simulated analysts and editors.

    make install-bench                       # locust, once
    python -m bench.load                     # 50 users for 60 s on a generated corpus
    LOAD_USERS=100 LOAD_SECONDS=120 python -m bench.load
    LOAD_THINK=0.5,2 python -m bench.load    # users wait 0.5-2 s between actions, not 1-5 s

DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/newsroom);
the script works in a database of its own (bench_<name>), dropped afterwards. Users open
articles, highlight and tag passages, browse and search quotes and articles, export CSV,
and editors review. Prints throughput, p50/p95/p99 per action and the error count, then
checks that every highlight the server acknowledged is stored exactly once.
"""

import contextlib
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, setup_django, throwaway_database
from bench.stack import (
    AppSession,
    database_url,
    lost_or_duplicated,
    production_stack,
    selectable_passages,
    stored_copies,
)

USERS = int(os.environ.get("LOAD_USERS", 50))
SECONDS = int(os.environ.get("LOAD_SECONDS", 60))
ARTICLES = int(os.environ.get("LOAD_ARTICLES", 5_000))


def prepare(rng: random.Random) -> dict:
    """Generate the corpus and the users; return the plan the simulated users follow."""
    from annotations.models import Annotation, Article, Entity, Theme
    from bench.browse import RARE_WORDS, analyse, populate
    from tests.factories import UserFactory

    populate(rng, ARTICLES)
    analysts = [UserFactory(username=f"load-analyst{n}", role="analyst") for n in range(40)]
    editors = [UserFactory(username=f"load-editor{n}", role="editor") for n in range(10)]
    articles = selectable_passages(rng, Article.objects.order_by("?")[:500].only("pk", "text"))
    pending = list(
        Annotation.objects.filter(status="pending", version=1)
        .order_by("?")
        .values_list("pk", flat=True)[:20_000]
    )
    analyse()
    return {
        "analysts": [user.username for user in analysts],
        "editors": [user.username for user in editors],
        "articles": articles,
        "pending": pending,
        "themes": list(Theme.objects.values_list("name", flat=True)),
        "actors": list(Entity.objects.order_by("?").values_list("name", flat=True)[:200]),
        "search_words": [*RARE_WORDS, "sanctions", "coopération"],
    }


def run_locust(base_url: str, plan_path: Path, acks_path: Path, prefix: Path) -> None:
    locust = Path(sys.executable).parent / "locust"
    command = [
        str(locust), "-f", str(ROOT / "bench" / "load_users.py"), "--headless",
        "--users", str(USERS), "--spawn-rate", "10", "--run-time", f"{SECONDS}s",
        "--host", base_url, "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, "LOAD_PLAN": str(plan_path), "LOAD_ACKS": str(acks_path)}
    with open(Path(tempfile.gettempdir()) / "newsroom-load-locust.log", "w") as log:
        subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)


def print_stats(prefix: Path) -> int:
    """Print one line per action from locust's CSV; return the number of failed requests."""
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n{'action':30} {'requests':>8} {'errors':>6} {'req/s':>6} "
          f"{'p50':>6} {'p95':>6} {'p99':>6}  (ms)")  # fmt: skip
    for row in rows:
        print(
            f"{row['Name'] or 'all':30} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):6.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    failures = int(rows[-1]["Failure Count"])
    with contextlib.suppress(FileNotFoundError), open(f"{prefix}_failures.csv") as handle:
        for row in csv.DictReader(handle):
            print(f"  failure: {row['Name']}: {row['Error']} x{row['Occurrences']}")
    # An exception inside a simulated user is an error of the run too.
    with contextlib.suppress(FileNotFoundError), open(f"{prefix}_exceptions.csv") as handle:
        for row in csv.DictReader(handle):
            failures += int(row["Count"])
            print(f"  exception x{row['Count']}: {row['Message']}")
    return failures


def check_acknowledged(acks_path: Path) -> tuple[int, list[str]]:
    """Every acknowledged highlight is stored exactly once; return (count, problems)."""
    acknowledged = acks_path.read_text().split()
    unacknowledged = set(stored_copies("load-")) - set(acknowledged)
    if unacknowledged:
        # A request cut off by the client's stop may be stored without an answer: not a
        # lost write, but worth seeing.
        print(f"stored without an acknowledgement (cut off at the end): {len(unacknowledged)}")
    return len(acknowledged), lost_or_duplicated(acknowledged, "load-")


def main() -> None:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom")
    setup_django()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("bench.load measures the production stack: set a postgres DATABASE_URL")
    with tempfile.TemporaryDirectory() as tmp, throwaway_database():
        workdir = Path(tmp)
        started = time.perf_counter()
        plan = prepare(random.Random(9))
        print(f"corpus: {ARTICLES:,} articles, {ARTICLES * 10:,} quotes, 50 users "
              f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
        plan_path, acks_path = workdir / "plan.json", workdir / "acks.txt"
        acks_path.touch()
        log_path = Path(tempfile.gettempdir()) / "newsroom-load-server.log"
        with production_stack(database_url(connection), log_path) as (_, base_url):
            # Password hashing is deliberately slow (PBKDF2): fifty simultaneous logins
            # would measure the hash, not the day's work, so users log in one by one first.
            sessions = [AppSession(base_url, name) for name in plan["analysts"] + plan["editors"]]
            plan["sessions"] = {session.username: session.cookies for session in sessions}
            print(f"log in (one at a time, {len(sessions)} users): median "
                  f"{statistics.median(s.login_ms for s in sessions):.0f} ms")  # fmt: skip
            plan_path.write_text(json.dumps(plan))
            print(f"{USERS} users for {SECONDS} s against {base_url} (server log: {log_path})")
            run_locust(base_url, plan_path, acks_path, workdir / "load")
        failures = print_stats(workdir / "load")
        acknowledged, problems = check_acknowledged(acks_path)
        print(f"\nerrors: {failures}")
        print(f"acknowledged highlights: {acknowledged}; stored exactly once: "
              f"{acknowledged - len(problems)}")  # fmt: skip
        for problem in problems[:20]:
            print("  LOST OR DUPLICATED:", problem)
        if failures or problems:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
