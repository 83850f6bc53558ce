"""Reading view: a 20 KB article with 500 (overlapping) annotations; re-anchoring after an edit.

python -m bench.reader                  # SQLite
DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom python -m bench.reader
"""

import random

from bench.common import database_label, measure, report, setup_django, throwaway_database

WORDS = [
    "le",
    "la",
    "les",
    "des",
    "une",
    "un",
    "sanctions",
    "coopération",
    "sécurité",
    "gazoduc",
    "ministre",
    "conseil",
    "accord",
    "Téhéran",
    "Moscou",
    "Valdorie",
    "Kestran",
    "énergie",
    "drones",
    "«",
    "déclaré",
    "»",
    "l’Occident",
    "économique",
    "a",
    "été",
    "renforcer",
    "pression",
    "négociations",
    "frontière",
    "président",
    "délégation",
    "rencontre",
    "mercredi",
]


def generate_text(rng: random.Random, size: int = 20_000) -> str:
    paragraphs, length = [], 0
    while length < size:
        sentences = []
        for _ in range(rng.randint(2, 5)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 25))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size].rstrip() + "."


def main() -> None:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from annotations import anchoring
    from annotations.importers.cleaning import text_fingerprint
    from annotations.models import Annotation, Article
    from tests.factories import UserFactory

    rng = random.Random(20261123)
    with throwaway_database():
        user = UserFactory(username="bench", role="analyst")
        text = generate_text(rng)
        article = Article.objects.create(
            title="Bench", text=text, text_hash=text_fingerprint(text), language="fr"
        )
        annotations = []
        for _ in range(500):
            start = rng.randrange(0, len(text) - 400)
            end = start + rng.randint(15, 350)
            anchor = anchoring.describe(text, start, end)
            annotations.append(
                Annotation(
                    article=article,
                    author=user,
                    start=anchor.start,
                    end=anchor.end,
                    exact=anchor.exact,
                    prefix=anchor.prefix,
                    suffix=anchor.suffix,
                )
            )
        Annotation.objects.bulk_create(annotations)
        for annotation in Annotation.objects.filter(article=article):
            annotation.themes.add(rng.choice(["Sanctions", "Énergie", "Sécurité"]))
            annotation.actors.add(rng.choice(["Vasylenko", "Morozan", "Haddadi"]))

        client = Client()
        client.force_login(user)
        url = article.get_absolute_url()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        print(f"database: {database_label()}; article {len(text)} chars, 500 annotations")
        print(f"reading view queries: {len(queries)}")
        report("reading view (server time, test client)", measure(lambda: client.get(url)))

        edited = text[:100] + "Une phrase ajoutée au début par la rédaction. " + text[100:]
        middle = len(edited) // 2
        edited = edited[:middle] + "mot" + edited[middle + 3 :]
        anchors = [
            anchoring.Anchor(a.start, a.end, a.exact, a.prefix, a.suffix) for a in annotations
        ]
        results = anchoring.reanchor_many(edited, anchors)
        orphans = sum(result is None for result in results)
        report(
            f"re-anchoring 500 annotations after an edit ({orphans} orphaned)",
            measure(lambda: anchoring.reanchor_many(edited, anchors), repeat=20),
        )


if __name__ == "__main__":
    main()
