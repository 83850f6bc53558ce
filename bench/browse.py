"""Browse pages and full-text search on a generated corpus.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom python -m bench.browse
    python -m bench.browse                                   # SQLite: 10,000 / 100,000
    BENCH_ARTICLES=20000 python -m bench.browse              # another size
    BENCH_KEEP=1 DATABASE_URL=... python -m bench.browse     # generate once, measure again

On PostgreSQL the corpus is 100,000 articles of about 3 KB with 10 quotes each
(1,000,000 quotes, each with a theme, an actor, a status and an author); on SQLite 10,000
articles (100,000 quotes). Prints, for every page, its median server time (the Django
test client, DEBUG off) and the number of queries at 20, 50 and 200 rows.
"""

import contextlib
import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from bench.common import database_label, measure, setup_django, tag_randomly, throwaway_database
from bench.reader import generate_text

PER_ARTICLE = 10
# Rare enough to be a selective search: about one article in 2,000.
RARE_WORDS = ["oléoduc", "hydrogène", "satellite", "drone", "stratosphère"]


def populate(rng: random.Random, articles_wanted: int) -> None:
    from annotations import anchoring
    from annotations.importers.cleaning import text_fingerprint
    from annotations.models import (
        Annotation,
        Article,
        Dossier,
        Entity,
        Outlet,
        Theme,
    )
    from tests.factories import UserFactory

    started = time.perf_counter()
    authors = [UserFactory(username=f"analyst{n}", role="analyst") for n in range(8)]
    outlets = [Outlet.objects.create(name=f"Outlet {n}") for n in range(40)]
    themes = [Theme.objects.create(name=f"Thème {n}") for n in range(40)]
    actors = [Entity.objects.create(name=f"Acteur {n}", kind="person") for n in range(2_000)]
    dossiers = [Dossier.objects.create(name=f"Dossier {n}") for n in range(20)]
    epoch = datetime(2025, 1, 1, tzinfo=UTC)
    statuses = ["pending"] * 5 + ["approved"] * 4 + ["rejected"]
    for first in range(0, articles_wanted, 1_000):
        batch = []
        for n in range(first, min(first + 1_000, articles_wanted)):
            text = generate_text(rng, 3_000)
            if rng.random() < 0.0005 * len(RARE_WORDS):
                text += f" Le chantier du {rng.choice(RARE_WORDS)} avance."
            text += f" Réf. {n}."
            batch.append(
                Article(
                    title=f"Article {n}",
                    text=text,
                    text_hash=text_fingerprint(text),
                    language="fr",
                    outlet=rng.choice(outlets),
                    published=epoch + timedelta(minutes=rng.randrange(0, 700 * 24 * 60)),
                )
            )
        articles = Article.objects.bulk_create(batch)
        for dossier in rng.sample(dossiers, 2):
            dossier.articles.add(*rng.sample(articles, 50))
        quotes = []
        for article in articles:
            for _ in range(PER_ARTICLE):
                start = rng.randrange(0, len(article.text) - 200)
                anchor = anchoring.describe(article.text, start, start + rng.randint(20, 180))
                quotes.append(
                    Annotation(
                        article=article, author=rng.choice(authors), start=anchor.start,
                        end=anchor.end, exact=anchor.exact, prefix=anchor.prefix,
                        suffix=anchor.suffix, status=rng.choice(statuses),
                        speaker=rng.choice(actors) if rng.random() < 0.3 else None,
                        note=(
                            f"À recouper : le {rng.choice(RARE_WORDS)}."
                            if rng.random() < 0.0005 * len(RARE_WORDS) else ""
                        ),
                    )
                )  # fmt: skip
        quotes = Annotation.objects.bulk_create(quotes, batch_size=5_000)
        tag_randomly(rng, quotes, themes, actors)
    print(
        f"generated {articles_wanted:,} articles and {articles_wanted * PER_ARTICLE:,} quotes "
        f"in {time.perf_counter() - started:.0f} s"
    )


def analyse() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from annotations.models import Article, Dossier, Entity, Theme
    from tests.factories import UserFactory

    default = 100_000 if connection.vendor == "postgresql" else 10_000
    articles_wanted = int(os.environ.get("BENCH_ARTICLES", default))
    # BENCH_KEEP=1 measures the database of DATABASE_URL itself, generated on the first
    # run and kept: generating a million quotes takes minutes.
    keep = os.environ.get("BENCH_KEEP") == "1"
    with contextlib.nullcontext() if keep else throwaway_database():
        print(f"database: {database_label()}")
        if keep:
            call_command("migrate", verbosity=0)
        if not (keep and Article.objects.exists()):
            populate(random.Random(5), articles_wanted)
            analyse()
        client = Client()
        chief = get_user_model().objects.filter(username="chief").first()
        client.force_login(chief or UserFactory(username="chief", role="editor"))
        theme = Theme.objects.get(name="Thème 7")
        actor = Entity.objects.get(name="Acteur 42")
        dossier = Dossier.objects.get(name="Dossier 3")
        pages = {
            "overview": ("/", {}),
            "quotes": ("/quotes/", {}),
            "quotes by theme and actor": ("/quotes/", {"theme": theme.name, "actor": actor.name}),
            "quotes by theme, status, dates": (
                "/quotes/",
                {
                    "theme": theme.name,
                    "status": "approved",
                    "since": "2025-03-01",
                    "until": "2025-09-30",
                },
            ),  # fmt: skip
            "quotes by outlets and author, by article": (
                "/quotes/",
                {"outlet": [1, 2], "author": "analyst3", "sort": "article"},
            ),
            "quotes in a dossier": ("/quotes/", {"dossier": dossier.pk}),
            "articles": ("/articles/", {}),
            "articles annotated, by theme": (
                "/articles/",
                {"annotated": "on", "theme": theme.name},
            ),
            "articles by outlet and dates": (
                "/articles/",
                {"outlet": 3, "since": "2025-06-01", "sort": "-published"},
            ),
            "themes": ("/themes/", {}),
            "actors": ("/actors/", {}),
            "theme page": (theme.get_absolute_url(), {}),
            "actor page": (actor.get_absolute_url(), {}),
            "dossier page": (dossier.get_absolute_url(), {}),
            "search articles, selective": ("/articles/", {"q": "oleoduc"}),
            "search quotes, selective": ("/quotes/", {"q": "oleoduc"}),
            "search articles, phrase": ("/articles/", {"q": '"chantier du satellite"'}),
            "search articles, common word": ("/articles/", {"q": "ministre"}),
            "search quotes, common word": ("/quotes/", {"q": "ministre"}),
        }
        for label, (path, params) in pages.items():
            counts, medians = [], []
            for size in (20, 50, 200):
                sized = {**params, "size": size}
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path, sized)
                assert response.status_code == 200, (path, sized, response.status_code)
                counts.append(len(queries))
                durations = measure(lambda p=path, s=sized: client.get(p, s), repeat=9, warmup=1)
                medians.append(statistics.median(durations))
            print(
                f"{label}: median {medians[0]:.0f} / {medians[1]:.0f} / {medians[2]:.0f} ms, "
                f"queries {counts[0]} / {counts[1]} / {counts[2]} at 20 / 50 / 200 rows"
            )


if __name__ == "__main__":
    main()
