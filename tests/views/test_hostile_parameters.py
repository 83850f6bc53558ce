"""Cross-cutting, every view module: no URL answers 500 to hostile parameters.

Every route of the app (read from the URL resolver, so a new one is swept too) is asked,
as an editor, with its path filled with existing and non-existing ids, then with each
parameter it reads set to dates at the calendar's end, negative and huge numbers, NUL,
very long and odd Unicode strings, and the same key many times. A refusal (400, 404, a
form with its errors) is fine; a 500 is a bug.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from annotations import entities
from annotations.filters import ArticleFilter, QuoteFilter
from annotations.models import Dossier, ImportBatch, MentionTagging
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HUGE = str(10**20)
HOSTILE = ["9999-12-31", "0001-01-01", "-1", HUGE, "a\x00b", "é" * 3000 + "\u202e", "1e999"]

# Every parameter the list pages and exports read, and a few more views read by hand.
READ_BY_ALL = sorted(
    {*QuoteFilter.base_filters, *ArticleFilter.base_filters}
    | {"page", "size", "kind", "from", "next", "bom", "delimiter", "dossier", "q"}
)


# The routes that bind a FilterSet (filters.py) to their query string.
FILTERED = {"quote_list", "article_list", "review_queue", "export_annotations", "tag_every_mention"}


def _routes(resolver=None, prefix=""):
    """(name, pattern) of every named route but the admin's (tests/test_admin.py)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, entry


ROUTES = sorted({name for name, _ in _routes()})


@pytest.fixture
def world(analyst, editor, monkeypatch):
    monkeypatch.setattr(entities, "ner_available", lambda language: False)
    article = ArticleFactory(text="Vladimir Kestrany a parlé à Moscou.\n\nLa suite du texte.")
    quote = AnnotationFactory(article=article, author=analyst, start=0, end=8)
    actor = EntityFactory(name="Kestrany")
    alias = actor.aliases.create(name="Kestran")
    theme = ThemeFactory(name="Énergie")
    dossier = Dossier.objects.create(name="Gaz", created_by=analyst)
    batch = ImportBatch.objects.create(created_by=editor, status="done")
    tagging = MentionTagging.objects.create(entity=actor, created_by=editor, status="done")
    return {
        "article": article,
        "quote": quote,
        "actor": actor,
        "alias": alias,
        "theme": theme,
        "dossier": dossier,
        "batch": batch,
        "tagging": tagging,
    }


def _owner(name: str) -> str:
    """Which object of the world a route's `pk` or `slug` names."""
    if name.startswith(("quote_", "highlight_")) and name != "highlight_create":
        return "quote"
    for prefix, owner in (
        ("article_", "article"),
        ("highlight_create", "article"),
        ("mention_decide", "article"),
        ("import_batch", "batch"),
        ("mention_tagging", "tagging"),
        ("dossier_", "dossier"),
        ("theme_", "theme"),
    ):
        if name.startswith(prefix):
            return owner
    return "actor"


def _path_variants(name, world) -> list[str]:
    """The route's URL with existing objects, then with missing and absurd ones."""
    variants = []
    existing = {
        "pk": world[_owner(name)].pk,
        "slug": getattr(world[_owner(name)], "slug", None),
        "alias_pk": world["alias"].pk,
    }
    missing = {"pk": 987654, "slug": "no-such-tag", "alias_pk": 987654}
    absurd = {"pk": HUGE, "slug": "é" * 300 + "\u202e", "alias_pk": HUGE}
    for values in (existing, missing, absurd):
        for fmt in (None, "csv", "json", "jsonld", "jsonl"):
            kwargs = {**values, "fmt": fmt}
            try:
                url = _reverse(name, kwargs)
            except NoReverseMatch:
                continue
            variants.append(url)
            break
    return variants


def _reverse(name, kwargs) -> str:
    pattern = dict(_routes())[name].pattern
    wanted = set(pattern.converters) if hasattr(pattern, "converters") else set()
    wanted |= set(pattern.regex.groupindex)
    return reverse(name, kwargs={key: kwargs[key] for key in wanted})


def _valid_post(name, world) -> dict:
    """What a valid submission of the route holds, so that hostile values reach past the
    form to the services."""
    quote, actor = world["quote"], world["actor"]
    selection = {"start_utf16": "0", "end_utf16": "8", "exact": "Vladimir"}
    tags = {"themes": "Énergie", "actors": "Kestrany", "speaker": "", "note": "n"}
    return {
        "highlight_create": {**selection, **tags},
        "highlight_reattach": selection,
        "highlight_edit": {
            f"edit-{quote.pk}-{key}": value
            for key, value in {**tags, "version": str(quote.version)}.items()
        },
        "quote_review": {"decision": "approved", "version": str(quote.version), "reason": ""},
        "mention_decide": {
            "decision": "accept",
            "scope": "one",
            "start": "9",
            "end": "17",
            "actor_id": str(actor.pk),
            "label": "",
        },
        "review_approve_many": {"ids": str(quote.pk), "scope": "", "filters": "status=pending"},
        "dossier_list": {"name": "Nouveau", "description": ""},
        "dossier_rename": {"rename-name": "Gaz 2", "rename-description": ""},
        "dossier_articles": {
            "dossier": str(world["dossier"].pk),
            "articles": str(world["article"].pk),
            "action": "add",
        },
        "actor_edit": {"name": "Kestrany", "kind": "person", "wikidata_id": ""},
        "actor_spelling_add": {"name": "Kestrani"},
        "actor_merge": {"other": "Nobody"},
        "article_paste": {"text": "Un texte.\n\nDeux.", "title": "T", "language": "fr"},
        "article_edit_text": {"text": world["article"].text},
        "tag_every_mention": {"dossier": str(world["dossier"].pk)},
    }.get(name, {})


def _ask(client, method, url, data, failures):
    try:
        # Each request in a savepoint rolled back: every one meets the same world, and a
        # failed query does not spoil the next ones on PostgreSQL.
        with transaction.atomic():
            response = getattr(client, method)(url, data)
            status = response.status_code
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 - every failure is listed, then the test fails
        failures.append(f"{method.upper()} {url} {data!r:.160}: {error!r:.300}")
        return
    if status >= 500:
        failures.append(f"{method.upper()} {url} {data!r:.160}: {status}")


def _allows(client, method, url) -> bool:
    with transaction.atomic():
        try:
            return getattr(client, method)(url).status_code != 405
        except Exception:  # noqa: BLE001 - the sweep above has reported it
            return True
        finally:
            transaction.set_rollback(True)


@pytest.mark.parametrize("name", ROUTES)
def test_no_route_answers_500_to_hostile_parameters(world, editor, name):
    client = Client()
    client.force_login(editor)
    failures: list[str] = []
    paths = _path_variants(name, world)
    assert paths, f"could not build a URL for {name}"
    for method in ("get", "post"):
        base = _valid_post(name, world) if method == "post" else {}
        for url in paths:
            _ask(client, method, url, base, failures)
        if not _allows(client, method, paths[0]):
            continue
        # Every parameter at once (a form's valid fields still act when others fail), then
        # one at a time where a refusal of one could hide the others: a form's own fields,
        # and the filters of the pages and exports that refuse invalid ones whole.
        for value in [*HOSTILE, HOSTILE]:
            _ask(client, method, paths[0], {**base, **dict.fromkeys(READ_BY_ALL, value)}, failures)
        one_by_one = {*base, *(READ_BY_ALL if name in FILTERED and method == "get" else ())}
        for key in sorted(one_by_one):
            for value in [*HOSTILE, HOSTILE]:
                _ask(client, method, paths[0], {**base, key: value}, failures)
    assert not failures, "\n".join(failures)
