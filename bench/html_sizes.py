"""How HTML extraction time grows with a page's size (issue #18: a 10.7 MB page outlasted
the 60 s worker timeout).

    python -m bench.html_sizes                 # 1 MB, 2.6 MB and 10 MB pages
    BENCH_HTML_SIZES=500000,1000000 python -m bench.html_sizes

Each page is a news page (navigation, cookie banner, comments) whose article holds as
many paragraphs as the size asks, some in nested divs and tables as exported pages
have. Prints the time and peak memory of trafilatura's full extraction, of its fast
mode, and of `draft_from_html` as the importers call it (which picks one by size).
"""

import os
import random
import time
import tracemalloc

from bench.imports import PAGE
from bench.reader import generate_text

SIZES = [
    int(size) for size in os.environ.get("BENCH_HTML_SIZES", "1000000,2600000,10000000").split(",")
]


def make_page(size: int, rng: random.Random) -> bytes:
    parts, length = [], 0
    while length < size:
        text = generate_text(rng, 2_000)
        block = "".join(f"<p>{paragraph}</p>" for paragraph in text.split("\n\n"))
        if rng.random() < 0.2:
            block = f"<div class='bloc'><div>{block}</div></div>"
        if rng.random() < 0.05:
            block += "<table>" + "<tr><td>cellule</td><td>12,5</td></tr>" * 20 + "</table>"
        parts.append(block)
        length += len(block)
    page = PAGE.format(title="Une très longue page", day=3, n=1, paragraphs="".join(parts))
    return page.encode()


def timed(function, *args, **kwargs):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the bench reports what happened
        result = error
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, result


def main() -> None:
    import trafilatura

    from annotations.importers.html import draft_from_html

    rng = random.Random(18)
    for size in SIZES:
        page = make_page(size, rng)
        label = f"{len(page) / 1_000_000:.1f} MB"
        for name, fast in (("trafilatura full", False), ("trafilatura fast", True)):
            if fast is False and len(page) > 3_000_000 and not os.environ.get("BENCH_HTML_SLOW"):
                print(f"{label}: {name}: skipped (minutes; set BENCH_HTML_SLOW=1)")
                continue
            seconds, peak, _ = timed(
                trafilatura.bare_extraction,
                trafilatura.load_html(page.decode()),
                fast=fast,
                with_metadata=True,
            )
            print(f"{label}: {name}: {seconds:.1f} s, peak {peak / 1e6:.0f} MB")
        seconds, peak, result = timed(draft_from_html, page)
        outcome = (
            f"{len(result.text) / 1e6:.1f} MB of text"
            if hasattr(result, "text")
            else f"refused: {result}"
        )
        print(f"{label}: draft_from_html: {seconds:.1f} s, peak {peak / 1e6:.0f} MB, {outcome}")


if __name__ == "__main__":
    main()
