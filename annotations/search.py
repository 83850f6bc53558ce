"""Full-text search over articles (title, text) and quotes (quote, note), one interface
for both databases.

Every word of the query must occur, case and accents ignored ("sanction" finds
"sanctions", "Teheran" finds "Téhéran"). PostgreSQL folds text with `unaccent(lower(...))`;
SQLite with `newsroom_fold`, the folding names use (normalization.py), registered on
each connection. Matching is by substring, without ranking: a stored, indexed search
document per language (issue #6) is the next step.
"""

from __future__ import annotations

import re
from html import escape

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat, Lower
from django.utils.safestring import SafeString, mark_safe

from annotations.normalization import normalize_name

_WORD = re.compile(r"\w+")
MAX_TERMS = 12


def _register_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "newsroom_fold", 1, lambda value: normalize_name(value or ""), deterministic=True
        )


connection_created.connect(_register_fold, dispatch_uid="newsroom-search-fold")


def terms(query: str) -> list[str]:
    """The folded words of a query; quotes, operators and punctuation only separate them."""
    return _WORD.findall(normalize_name(query))[:MAX_TERMS]


def _folded(expression):
    if connection.vendor == "postgresql":
        return Func(Lower(expression), function="unaccent", output_field=TextField())
    # A connection opened before this module was imported lacks the function: add it.
    connection.ensure_connection()
    _register_fold(None, connection)
    return Func(expression, function="newsroom_fold", output_field=TextField())


def _matching(queryset: QuerySet, fields: list[str], query: str) -> QuerySet:
    words = terms(query)
    if not words:
        return queryset
    parts = []
    for field in fields:
        parts += [F(field), Value(" ")]
    documents = queryset.model.objects.annotate(
        search_document=_folded(Concat(*parts, output_field=TextField()))
    )
    condition = Q()
    for word in words:
        condition &= Q(search_document__contains=word)
    return queryset.filter(pk__in=documents.filter(condition).values("pk"))


def search_articles(queryset: QuerySet, query: str) -> QuerySet:
    """Articles whose title or text holds every word of `query`."""
    return _matching(queryset, ["title", "text"], query)


def search_annotations(queryset: QuerySet, query: str) -> QuerySet:
    """Quotes whose text or note holds every word of `query`."""
    return _matching(queryset, ["exact", "note"], query)


def snippet(text: str, query: str, width: int = 90) -> SafeString:
    """About `2 * width` characters around the first match, escaped, words in <mark>."""
    from annotations.entities import fold_with_offsets

    folded, origins = fold_with_offsets(text)
    spans = []
    for word in terms(query):
        for match in re.finditer(re.escape(word), folded):
            spans.append((origins[match.start()], origins[match.end() - 1] + 1))
    spans.sort()
    start = max(0, spans[0][0] - width // 2) if spans else 0
    end = min(len(text), start + 2 * width)
    out, cursor = [], start
    for begin, finish in spans:
        if begin < cursor or finish > end:
            continue
        out += [escape(text[cursor:begin]), f"<mark>{escape(text[begin:finish])}</mark>"]
        cursor = finish
    out.append(escape(text[cursor:end]))
    body = " ".join("".join(out).split())
    return mark_safe(("…" if start else "") + body + ("…" if end < len(text) else ""))  # noqa: S308


def article_snippets(article_ids: list[int], query: str) -> dict[int, SafeString]:
    from annotations.models import Article

    rows = Article.objects.filter(pk__in=article_ids).values_list("pk", "text")
    return {pk: snippet(text, query) for pk, text in rows}


def annotation_snippets(annotation_ids: list[int], query: str) -> dict[int, SafeString]:
    from annotations.models import Annotation

    rows = Annotation.objects.filter(pk__in=annotation_ids).values_list("pk", "exact", "note")
    return {pk: snippet(f"{exact} — {note}" if note else exact, query) for pk, exact, note in rows}
