"""Helpers shared by test modules in several folders: where the test data lives, the
header of an htmx request, the ids a query finds, small uploads, the tags of some HTML, a
web server on the loopback address."""

import http.server
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
# The real French articles in ../shared/seeds, when the checkout sits beside shared/.
SEEDS = TESTS.parents[1] / "shared" / "seeds"

# What htmx adds to each of its requests.
HX = {"HTTP_HX_REQUEST": "true"}


def ids(queryset) -> set[int]:
    """The primary keys of a queryset's rows."""
    return set(queryset.values_list("pk", flat=True))


def uploads(*named_sizes: tuple[str, int]) -> list[SimpleUploadedFile]:
    """Text files of about `size` bytes each, named as given, for the import page."""
    return [
        SimpleUploadedFile(
            name, f"Titre {name}\n\n{'Un paragraphe de texte. ' * size}"[:size].encode()
        )
        for name, size in named_sizes
    ]


class _StartTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def start_tags(html: str) -> list[tuple[str, dict]]:
    """The start tags of a piece of HTML, in order, as (tag, attributes): what a widget
    renders, compared whatever the order of its attributes."""
    parser = _StartTags()
    parser.feed(html)
    return parser.tags


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


def serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """A server answering with `handler` on a free loopback port, for a fixture to yield
    from: its base URL, then shut down."""
    httpd = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
