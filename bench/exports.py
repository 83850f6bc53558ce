"""Export throughput: CSV (database-built rows) and JSON-LD, on a generated corpus.

    python -m bench.exports                      # SQLite, 1,000,000 annotations
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom python -m bench.exports
    BENCH_ANNOTATIONS=200000 python -m bench.exports
    BENCH_KEEP=1 DATABASE_URL=... python -m bench.exports   # generate once, measure again

Prints rows/s, the peak memory growth of the process while exporting, and on PostgreSQL
the throughput of a bare COPY of the plain annotation and article columns for comparison.
On SQLite the database is a file, as `make run` uses, so that a large export is written by
parallel processes as it would be there.
"""

import contextlib
import os
import random
import resource
import time

from bench.browse import analyse
from bench.common import database_label, setup_django, tag_randomly, throwaway_database
from bench.reader import generate_text

ANNOTATIONS = int(os.environ.get("BENCH_ANNOTATIONS", 1_000_000))
# Each figure is the best of this many runs: on a shared machine a run can lose a third of
# its speed to other work, and the best run is the closest to what the code itself costs.
RUNS = int(os.environ.get("BENCH_RUNS", 5))
PER_ARTICLE = 100


class CountingSink:
    """A bytes file that keeps nothing: measures the writer, not the disk."""

    def __init__(self):
        self.size = 0

    def write(self, data) -> int:
        self.size += len(data)
        return len(data)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def populate(rng: random.Random) -> None:
    from annotations import anchoring
    from annotations.importers.cleaning import text_fingerprint
    from annotations.models import Annotation, Article, Entity, Theme
    from tests.factories import UserFactory

    user = UserFactory(username="bench", role="analyst")
    themes = [Theme.objects.create(name=f"Thème {n}") for n in range(20)]
    actors = [Entity.objects.create(name=f"Acteur {n}", kind="person") for n in range(200)]
    articles_needed = ANNOTATIONS // PER_ARTICLE
    started = time.perf_counter()
    for first in range(0, articles_needed, 500):
        texts = [
            generate_text(rng, 4_000) + f" {n}"
            for n in range(first, min(first + 500, articles_needed))
        ]
        articles = Article.objects.bulk_create(
            [
                Article(
                    title=f"Article {first + i}",
                    text=t,
                    text_hash=text_fingerprint(t),
                    language="fr",
                )
                for i, t in enumerate(texts)
            ]
        )
        annotations = []
        for article in articles:
            for _ in range(PER_ARTICLE):
                start = rng.randrange(0, len(article.text) - 200)
                anchor = anchoring.describe(article.text, start, start + rng.randint(20, 180))
                annotations.append(
                    Annotation(article=article, author=user, start=anchor.start, end=anchor.end,
                               exact=anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix)
                )  # fmt: skip
        annotations = Annotation.objects.bulk_create(annotations, batch_size=5000)
        tag_randomly(rng, annotations, themes, actors)
    print(f"generated {ANNOTATIONS} annotations in {time.perf_counter() - started:.0f} s")


def best_of(runs: int, work) -> float:
    """The shortest of `runs` timings of work(), in seconds."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from annotations.exports import database_csv
    from annotations.exports import jsonld as jsonld_writer
    from annotations.models import Annotation

    rng = random.Random(11)
    # BENCH_KEEP=1 measures the database of DATABASE_URL itself, generated on the first run
    # and kept (a million tagged annotations take minutes to generate).
    keep = os.environ.get("BENCH_KEEP") == "1"
    with contextlib.nullcontext() if keep else throwaway_database():
        print(f"database: {database_label()}")
        if keep:
            call_command("migrate", verbosity=0)
        if not (keep and Annotation.objects.exists()):
            populate(rng)
            # As autovacuum would have by now: statistics, visibility map and hint bits
            # set, so that neither measurement pays for the bulk load.
            analyse()
        queryset = Annotation.objects.all()
        if connection.vendor == "postgresql":
            bare = (
                "COPY (SELECT a.id, ar.title, ar.url, ar.author, ar.published, ar.language, "
                "a.exact, a.prefix, a.suffix, a.start, a.end, a.note, a.status, a.created, "
                "a.modified "
                "FROM annotations_annotation a JOIN annotations_article ar ON ar.id = a.article_id"
                ") TO STDOUT WITH (FORMAT csv)"
            )
            with connection.cursor() as cursor:
                bare_seconds = best_of(
                    RUNS, lambda: cursor.cursor.copy_expert(bare, CountingSink())
                )
            print(f"bare COPY of the plain columns: {ANNOTATIONS / bare_seconds:,.0f} rows/s")
        before = peak_rss_mb()
        sinks = []

        def export() -> None:
            sinks.append(CountingSink())
            database_csv.fast_csv(queryset, sinks[-1], base_url="https://newsroom.example.org")

        seconds = best_of(RUNS, export)
        print(
            f"CSV: {ANNOTATIONS / seconds:,.0f} rows/s ({seconds:.1f} s, "
            f"{sinks[-1].size / 1e6:.0f} MB); peak memory growth {peak_rss_mb() - before:.0f} MB"
        )
        if connection.vendor == "postgresql":
            print(f"CSV is {bare_seconds / seconds:.0%} of the bare COPY's throughput")
        sample = min(ANNOTATIONS, 100_000)
        last = queryset.order_by("pk").values_list("pk", flat=True)[sample - 1]
        selected = queryset.filter(pk__lte=last)
        sizes = []

        def jsonld() -> None:
            chunks = jsonld_writer.iter_jsonld(
                jsonld_writer.quote_records(selected), base_url="https://n.example", total=sample
            )
            sizes.append(sum(len(chunk) for chunk in chunks))

        seconds = best_of(RUNS, jsonld)
        print(
            f"JSON-LD: {sample / seconds:,.0f} annotations/s over {sample} "
            f"({sizes[-1] / 1e6:.0f} MB)"
        )


if __name__ == "__main__":
    main()
