"""Import throughput, end to end through `import_articles`.

    python -m bench.imports                 # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom python -m bench.imports

Generates 10,000 plain-text articles of about 4 KB in one JSONL file, and 500 saved
HTML news pages, then imports each set into a throwaway database and prints rates.
"""

import contextlib
import io
import json
import os
import random
import tempfile
import time
from contextlib import redirect_stderr
from pathlib import Path

from bench.common import database_label, setup_django, throwaway_database
from bench.reader import generate_text

ARTICLES = int(os.environ.get("BENCH_ARTICLES", 10_000))
PAGES = int(os.environ.get("BENCH_PAGES", 500))

PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>{title} | Gazette du Nord</title>
<meta property="og:title" content="{title}"><meta name="author" content="Claire Vasseur">
<meta property="article:published_time" content="2026-03-{day:02d}T08:00:00+00:00">
<meta property="og:site_name" content="Gazette du Nord">
<link rel="canonical" href="https://gazette.example.org/2026/03/article-{n}"></head>
<body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<div class="cookie">Nous utilisons des cookies. <button>Accepter</button></div>
<article><h1>{title}</h1>{paragraphs}</article>
<aside><h2>Lire aussi</h2><ul><li><a href="/x">Un autre titre</a></li></ul></aside>
<div class="share">Partager Facebook Twitter</div>
<section id="comments"><h3>Laisser un commentaire</h3><form><textarea></textarea></form></section>
<footer>© Gazette du Nord</footer></body></html>"""


def write_jsonl(path: Path, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(ARTICLES):
            record = {
                "title": f"Article de test numéro {n}",
                "text": generate_text(rng, 4_000),
                "url": f"https://bench.example.org/{n}",
                "outlet": rng.choice(["Gazette du Nord", "Le Courrier de l’Est", "Meridian Wire"]),
                "author": "Rédaction",
                "published": f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "language": "fr",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_pages(folder: Path, rng: random.Random) -> None:
    for n in range(PAGES):
        paragraphs = "".join(
            f"<p>{paragraph}</p>" for paragraph in generate_text(rng, 3_000).split("\n\n")
        )
        title = f"Valdorie et Kestran : épisode {n}"
        page = PAGE.format(title=title, day=1 + n % 28, n=n, paragraphs=paragraphs)
        (folder / f"page-{n:04d}.html").write_text(page, encoding="utf-8")


def timed_import(*arguments: str) -> tuple[float, str]:
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    # Exit status 1 means some items failed: the totals line says how many.
    with redirect_stderr(io.StringIO()), contextlib.suppress(SystemExit):
        call_command("import_articles", *arguments, stdout=out)
    lines = out.getvalue().strip().splitlines()
    failures = [line for line in lines if line.startswith("failed")][:3]
    return time.perf_counter() - started, "; ".join([lines[-1], *failures])


def main() -> None:
    setup_django()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jsonl = folder / "articles.jsonl"
        write_jsonl(jsonl, rng)
        pages = folder / "pages"
        pages.mkdir()
        write_pages(pages, rng)
        with throwaway_database():
            print(f"database: {database_label()}")
            seconds, totals = timed_import(str(jsonl))
            print(
                f"JSONL, {ARTICLES} articles of ~4 KB: {ARTICLES / seconds:.0f} articles/s "
                f"({seconds:.1f} s; {totals})"
            )
            seconds, totals = timed_import(str(jsonl))
            print(f"JSONL again (all duplicates): {ARTICLES / seconds:.0f} articles/s ({totals})")
            seconds, totals = timed_import(str(pages))
            print(
                f"HTML, {PAGES} saved pages: {PAGES / seconds:.1f} pages/s "
                f"({seconds:.1f} s; {totals})"
            )


if __name__ == "__main__":
    main()
