"""Actor mentions: the registry matcher at scale, "tag every mention", the recogniser.

    python -m bench.entities
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom python -m bench.entities

10,000 actors with 30,000 spellings; a 5 KB French article with ~20 mentions; then
"tag every mention" of one actor over 10,000 articles (BENCH_ARTICLES to change).
"""

import os
import random
import time

from bench.common import database_label, measure, report, setup_django, throwaway_database
from bench.reader import generate_text

ACTORS = 10_000
ARTICLES = int(os.environ.get("BENCH_ARTICLES", 10_000))
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ne",
    "vo",
    "sa",
    "té",
    "ri",
    "po",
    "du",
    "ël",
    "an",
    "ko",
    "zi",
    "ma",
    "lé",
    "to",
]


def invented_name(rng: random.Random) -> str:
    words = rng.randint(1, 3)
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(words)
    )


def main() -> None:
    setup_django()
    from annotations import entities
    from annotations.importers.cleaning import text_fingerprint
    from annotations.models import Article, Entity, EntityAlias, MentionTagging
    from annotations.normalization import normalize_name
    from annotations.services import mentions
    from tests.factories import UserFactory

    rng = random.Random(8)
    with throwaway_database():
        print(f"database: {database_label()}")
        seen, names = set(), []
        while len(names) < ACTORS * 4:
            name = invented_name(rng)
            if normalize_name(name) not in seen:
                seen.add(normalize_name(name))
                names.append(name)
        actors = Entity.objects.bulk_create(
            [
                Entity(name=name, slug=f"a{n}", normalized=normalize_name(name), kind="person")
                for n, name in enumerate(names[:ACTORS])
            ]
        )
        EntityAlias.objects.bulk_create(
            [
                EntityAlias(entity=actors[n % ACTORS], name=name, normalized=normalize_name(name))
                for n, name in enumerate(names[ACTORS:])
            ]
        )
        started = time.perf_counter()
        matcher = entities.registry_matcher()
        print(
            f"matcher over {ACTORS} actors and {3 * ACTORS} spellings built in "
            f"{time.perf_counter() - started:.2f} s"
        )
        words = generate_text(rng, 5_000).split(" ")
        for _ in range(20):
            words.insert(rng.randrange(len(words)), rng.choice(names))
        article = " ".join(words)[:5_200]
        found = matcher.find(article)
        report(
            f"registry mentions in a 5 KB article ({len(found)} found)",
            measure(lambda: matcher.find(article), repeat=50),
        )

        user = UserFactory(username="bench", role="analyst")
        target = actors[0]
        texts = []
        for n in range(ARTICLES):
            text = generate_text(rng, 2_000) + f" {n}"
            if n % 10 == 0:
                text += f" Selon {target.name}, rien n’est décidé."
            texts.append(text)
        Article.objects.bulk_create(
            [
                Article(title=f"A{n}", text=t, text_hash=text_fingerprint(t))
                for n, t in enumerate(texts)
            ],
            batch_size=2000,
        )
        tagging = mentions.mention_tagging_start(user=user, entity=target)
        started = time.perf_counter()
        mentions.mention_tagging_run(tagging=MentionTagging.objects.get(pk=tagging.pk))
        tagging.refresh_from_db()
        print(
            f"tag every mention over {ARTICLES} articles: {tagging.created_count} highlights in "
            f"{time.perf_counter() - started:.2f} s"
        )

        if entities.ner_available("fr"):
            sample = [generate_text(rng, 2_000) for _ in range(50)]
            entities.find_ner_mentions(sample[0], "fr")  # loads the pipeline
            started = time.perf_counter()
            for text in sample:
                entities.find_ner_mentions(text, "fr")
            print(
                f"recogniser (fr_core_news_sm): {50 / (time.perf_counter() - started):.1f} "
                "articles/s on 2 KB articles"
            )
        else:
            print("recogniser: not installed (pip install -r requirements-ner.txt)")


if __name__ == "__main__":
    main()
