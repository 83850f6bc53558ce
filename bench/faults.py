"""Faults: PostgreSQL restarted under load, workers killed mid-request, an import killed halfway.

    make install-bench                       # locust brings the HTTP client and psutil
    python -m bench.faults                   # all three, about two minutes
    python -m bench.faults database worker   # some of them

Runs `make serve` on loopback against a database of its own on the PostgreSQL server of
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/newsroom). Restarting PostgreSQL
needs the right to run FAULTS_PG_STOP / FAULTS_PG_START (default: pg_ctlcluster on the
newest local cluster) and briefly interrupts every other user of that server.
Prints what users saw and whether anything acknowledged was lost; exits 1 if it was.
"""

import collections
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench.common import ROOT, setup_django, throwaway_database
from bench.stack import (
    AppSession,
    database_url,
    gunicorn_workers,
    lost_or_duplicated,
    production_stack,
    selectable_passages,
)

CLIENTS = 8


def _cluster_command(action: str) -> list[str]:
    override = os.environ.get(f"FAULTS_PG_{action.upper()}")
    if override:
        return override.split()
    version = sorted(os.listdir("/etc/postgresql"), key=float)[-1]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]


def _postgres_ready() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0


class Traffic:
    """Clients that read quotes and write highlights in a loop, recording every answer."""

    def __init__(self, sessions: list[AppSession], articles: list[dict], tag: str):
        self.sessions = sessions
        self.articles = articles
        self.tag = tag
        self.answers: list[tuple[float, str, int | str, bool]] = []  # (time, action, status, ok)
        self.acknowledged: list[str] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(s,)) for s in sessions]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def _run(self, session: AppSession) -> None:
        import requests

        rng = random.Random(session.username)
        while not self.stop.is_set():
            article = rng.choice(self.articles)
            marker = f"{self.tag}-{uuid.uuid4().hex}"
            try:
                if rng.random() < 0.5:
                    response = session.get("/quotes/", params={"status": "pending"})
                    action = "browse"
                else:
                    passage = rng.choice(article["passages"])
                    response = session.create_highlight(article, passage, marker, theme="Thème 1")
                    action = "write"
                    if response.status_code == 302:
                        self.acknowledged.append(marker)
                status = response.status_code
                clean = status in (200, 302) or (
                    status == 503
                    and "briefly unavailable" in response.text
                    and "Traceback" not in response.text
                )
            except requests.RequestException as error:
                action, status, clean = "connection", type(error).__name__, False
            self.answers.append((time.monotonic(), action, status, clean))
            time.sleep(0.05)

    def summary(self, since: float = 0.0, until: float = float("inf")) -> str:
        counts = collections.Counter(
            f"{action} {status}" for at, action, status, _ in self.answers if since <= at < until
        )
        return ", ".join(f"{key}: {n}" for key, n in sorted(counts.items()))

    def unclean(self) -> list:
        return [answer for answer in self.answers if not answer[3]]


def database_restart(base_url: str, sessions, articles) -> bool:
    print("\n== PostgreSQL stopped for 5 s, then started, while 8 clients read and write")
    with Traffic(sessions, articles, "pgfault") as traffic:
        time.sleep(5)
        down_at = time.monotonic()
        subprocess.run(_cluster_command("stop"), check=True)
        time.sleep(5)
        subprocess.run(_cluster_command("start"), check=True)
        while not _postgres_ready():
            time.sleep(0.2)
        up_at = time.monotonic()
        time.sleep(10)
    from django.db import connections

    connections.close_all()  # ours died with the server too
    first_success = min(
        (at for at, action, status, _ in traffic.answers if at >= up_at and status in (200, 302)),
        default=None,
    )
    print(f"before:   {traffic.summary(until=down_at)}")
    print(f"outage:   {traffic.summary(down_at, up_at)}")
    print(f"after:    {traffic.summary(since=up_at)}")
    recovered = first_success is not None
    if recovered:
        print(f"first success {first_success - up_at:.2f} s after PostgreSQL was back")
    else:
        print("NO SUCCESS after PostgreSQL was back")
    return _verdict(traffic, "pgfault") and recovered


def worker_kill(base_url: str, sessions, articles, server) -> bool:
    print("\n== a gunicorn worker killed (SIGKILL) every second, 5 times, under writes")
    with Traffic(sessions, articles, "killfault") as traffic:
        time.sleep(2)
        for _ in range(5):
            victim = random.choice(gunicorn_workers(server))
            victim.send_signal(signal.SIGKILL)
            time.sleep(1)
        time.sleep(5)
    print(f"answers: {traffic.summary()}")
    # A request on the killed worker loses its connection; it was never acknowledged.
    cut = [a for a in traffic.unclean() if a[1] == "connection"]
    print(f"connections cut by the kills: {len(cut)}")
    other = [a for a in traffic.unclean() if a[1] != "connection"]
    return _verdict(traffic, "killfault", tolerate_cut=True) and not other


def _verdict(traffic: Traffic, tag: str, *, tolerate_cut: bool = False) -> bool:
    problems = lost_or_duplicated(traffic.acknowledged, tag)
    unclean = [a for a in traffic.unclean() if not (tolerate_cut and a[1] == "connection")]
    acknowledged = len(traffic.acknowledged)
    print(f"acknowledged writes: {acknowledged}, stored exactly once: "
          f"{acknowledged - len(problems)}; unclean answers: {len(unclean)}")  # fmt: skip
    for problem in problems[:10]:
        print("  LOST OR DUPLICATED:", problem)
    for answer in unclean[:10]:
        print("  UNCLEAN:", answer)
    return not problems and not unclean


def interrupted_import(db_url: str, workdir: Path) -> bool:
    """Kill `import_articles` halfway through a JSONL backup; then import it again."""
    from django.core.management import call_command

    from annotations.models import Annotation, Article

    print("\n== import_articles killed (SIGKILL) halfway through a JSONL backup")
    backup = workdir / "backup.jsonl"
    call_command("export_annotations", format="jsonl", output=str(backup))
    expected = {}
    for line in backup.read_text().splitlines():
        record = json.loads(line)
        expected[record["url"] or record["title"]] = len(record["annotations"])
    Article.objects.all().delete()
    env = {**os.environ, "DATABASE_URL": db_url}
    command = [sys.executable, "manage.py", "import_articles", str(backup)]
    importer = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    while Article.objects.count() < len(expected) // 3 and importer.poll() is None:
        time.sleep(0.05)
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    after_kill = Article.objects.count()
    complete = _complete_articles(expected)
    print(f"articles in the backup: {len(expected)}; after the kill: {after_kill}, "
          f"of which complete with all their annotations: {complete}")  # fmt: skip
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)
    total = Article.objects.count()
    complete_again = _complete_articles(expected)
    print(f"after importing again: {total} articles, {complete_again} complete, "
          f"{Annotation.objects.count()} annotations")  # fmt: skip
    return complete == after_kill and total == complete_again == len(expected)


def _complete_articles(expected: dict) -> int:
    from django.db.models import Count

    from annotations.models import Article

    complete = 0
    for url, title, count in Article.objects.annotate(n=Count("annotations")).values_list(
        "url", "title", "n"
    ):
        complete += expected.get(url or title) == count
    return complete


def main() -> None:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom")
    setup_django()
    from django.db import connection

    from annotations.models import Article
    from bench.browse import analyse, populate
    from tests.factories import UserFactory

    wanted = sys.argv[1:] or ["database", "worker", "import"]
    if connection.vendor != "postgresql":
        raise SystemExit("bench.faults needs a postgres DATABASE_URL")
    results = {}
    with tempfile.TemporaryDirectory() as tmp, throwaway_database():
        rng = random.Random(3)
        populate(rng, 2_000)
        analyse()
        users = [UserFactory(username=f"fault{n}", role="analyst").username for n in range(8)]
        articles = selectable_passages(rng, Article.objects.order_by("?")[:200].only("text"))
        db_url = database_url(connection)
        log_path = Path(tempfile.gettempdir()) / "newsroom-faults-server.log"
        if {"database", "worker"} & set(wanted):
            with production_stack(db_url, log_path) as (server, base_url):
                sessions = [AppSession(base_url, name) for name in users]
                if "database" in wanted:
                    results["database"] = database_restart(base_url, sessions, articles)
                if "worker" in wanted:
                    results["worker"] = worker_kill(base_url, sessions, articles, server)
            print(f"(server log: {log_path})")
        if "import" in wanted:
            results["import"] = interrupted_import(db_url, Path(tmp))
    print("\n" + ", ".join(f"{name}: {'ok' if ok else 'FAILED'}" for name, ok in results.items()))
    if not all(results.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
