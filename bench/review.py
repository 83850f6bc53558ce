"""Review queue with many pending quotes, and bulk approval.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom python -m bench.review
    BENCH_ANNOTATIONS=20000 python -m bench.review         # SQLite, smaller

Prints the queue's median server time and query count at 20/50/200 rows, and the time
to approve 10,000 quotes in bulk with their review events.
"""

import os
import random
import time

from bench.common import database_label, measure, report, setup_django, throwaway_database
from bench.exports import populate

PENDING = int(os.environ.get("BENCH_ANNOTATIONS", 100_000))


def main() -> None:
    os.environ["BENCH_ANNOTATIONS"] = str(PENDING)
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from annotations.models import Annotation, ReviewEvent
    from annotations.services import review
    from tests.factories import UserFactory

    with throwaway_database():
        print(f"database: {database_label()}; {PENDING} pending quotes")
        populate(random.Random(3))
        editor = UserFactory(username="chief", role="editor")
        client = Client()
        client.force_login(editor)
        for size in (20, 50, 200):
            url = f"/review/?size={size}"
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            report(
                f"review queue, {size} rows, {len(queries)} queries",
                measure(lambda url=url: client.get(url), repeat=15),
            )
        filtered = "/review/?theme=Th%C3%A8me+3"
        report("review queue filtered by a theme", measure(lambda: client.get(filtered), repeat=15))

        chosen = Annotation.objects.filter(
            pk__in=list(Annotation.objects.values_list("pk", flat=True)[:10_000])
        )
        started = time.perf_counter()
        result = review.annotation_approve_many(reviewer=editor, annotations=chosen)
        seconds = time.perf_counter() - started
        events = ReviewEvent.objects.filter(to_status="approved").count()
        print(f"bulk approval: {result['approved']} quotes and {events} events in {seconds:.2f} s")


if __name__ == "__main__":
    main()
