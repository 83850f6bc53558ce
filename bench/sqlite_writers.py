"""SQLite under concurrency: 8 processes writing at once through the services, no "locked".

    python -m bench.sqlite_writers                   # 8 writers for 20 s
    WRITERS=16 SECONDS=60 python -m bench.sqlite_writers

Uses the default SQLite setup of newsroom/settings.py (WAL, IMMEDIATE transactions, busy
timeout) on a fresh database file. Each writer process highlights and tags passages,
edits its own highlights (optimistic locking) and imports small articles, as fast as it
can. Prints writes per second, each kind of error, and whether every acknowledged
highlight is stored exactly once; exits 1 on any "database is locked" or lost write.
"""

import collections
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

WRITERS = int(os.environ.get("WRITERS", 8))
SECONDS = float(os.environ.get("SECONDS", 20))


def _setup(db_path: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40)
    import django

    django.setup()


def write_for(seconds: float, number: int) -> dict:
    """One writer: returns its counts, errors and acknowledged highlight notes."""
    from django.contrib.auth import get_user_model

    from annotations.importers.base import ArticleDraft, ImportItem
    from annotations.models import Annotation, Article
    from annotations.services import highlights, imports

    rng = random.Random(number)
    user = get_user_model().objects.get(username=f"writer{number}")
    article_ids = list(Article.objects.values_list("pk", flat=True))
    done = collections.Counter()
    errors = collections.Counter()
    acknowledged = []
    mine = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        action = rng.choice(["highlight", "highlight", "edit", "import"])
        try:
            if action == "highlight":
                article = Article.objects.only("text").get(pk=rng.choice(article_ids))
                start = rng.randrange(0, len(article.text) - 200)
                marker = f"writer-{uuid.uuid4().hex}"
                created = highlights.annotation_create(
                    article=article, author=user, start=start, end=start + 80,
                    themes=[f"Thème {rng.randrange(40)}"], actors=[f"Acteur {rng.randrange(50)}"],
                    note=marker,
                )  # fmt: skip
                acknowledged.append(marker)
                mine.append(created.pk)
            elif action == "edit" and mine:
                annotation = Annotation.objects.get(pk=rng.choice(mine))
                highlights.annotation_update(
                    annotation=annotation, user=user, expected_version=annotation.version,
                    themes=[f"Thème {rng.randrange(40)}"], note=annotation.note,
                )  # fmt: skip
            elif action == "import":
                text = f"Texte importé {uuid.uuid4().hex}. " * 20
                draft = ArticleDraft(title=f"Import {uuid.uuid4().hex[:8]}", text=text)
                outcomes = list(
                    imports.articles_import(
                        items=[ImportItem(source="bench", draft=draft)], created_by=user
                    )
                )
                if outcomes[0].status != "imported":
                    raise RuntimeError(f"{outcomes[0].status}: {outcomes[0].message}")
            else:
                continue
            done[action] += 1
        except Exception as error:  # noqa: BLE001 - every failure is counted and reported
            errors[f"{action}: {type(error).__name__}: {str(error)[:120]}"] += 1
    return {"done": done, "errors": errors, "acknowledged": acknowledged}


def prepare(db_path: str) -> None:
    from django.core.management import call_command

    from annotations.models import Article, Entity, Theme
    from bench.reader import generate_text
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    rng = random.Random(1)
    for n in range(40):
        Theme.objects.create(name=f"Thème {n}")
    for n in range(50):
        Entity.objects.create(name=f"Acteur {n}", kind="person")
    Article.objects.bulk_create(
        [Article(title=f"Article {n}", text=generate_text(rng, 3_000) + f" Réf. {n}.",
                 text_hash=f"bench-{n}", language="fr") for n in range(300)]
    )  # fmt: skip
    for number in range(WRITERS):
        UserFactory(username=f"writer{number}", role="analyst")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--writer":
        _setup(sys.argv[2])
        print(json.dumps(write_for(SECONDS, int(sys.argv[3]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        db_path = str(Path(tmp) / "writers.sqlite3")
        _setup(db_path)
        prepare(db_path)
        print(f"{WRITERS} writer processes for {SECONDS:.0f} s on {db_path}")
        started = time.perf_counter()
        writers = [
            subprocess.Popen(
                [sys.executable, "-m", "bench.sqlite_writers", "--writer", db_path, str(n)],
                stdout=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for n in range(WRITERS)
        ]
        results = [
            json.loads(writer.communicate()[0].strip().splitlines()[-1]) for writer in writers
        ]
        elapsed = time.perf_counter() - started
        done, errors, acknowledged = collections.Counter(), collections.Counter(), []
        for result in results:
            done.update(result["done"])
            errors.update(result["errors"])
            acknowledged += result["acknowledged"]
        from bench.stack import lost_or_duplicated

        problems = lost_or_duplicated(acknowledged, "writer-")
        total = sum(done.values())
        print(f"writes: {total} in {elapsed:.1f} s ({total / elapsed:.0f}/s): {dict(done)}")
        locked = sum(n for message, n in errors.items() if "locked" in message)
        print(f"errors: {sum(errors.values())}, of which 'database is locked': {locked}")
        for message, n in errors.most_common(10):
            print(f"  {n} x {message}")
        print(f"acknowledged highlights: {len(acknowledged)}, stored exactly once: "
              f"{len(acknowledged) - len(problems)}")  # fmt: skip
        if locked or problems or errors:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
