"""Full-text search over articles (title, text) and quotes (quote, note): one interface,
whichever database is in use.

The query language is the one people already know from search engines: every word must
occur, `"a phrase"` in that order, `a OR b`, and `-word` to exclude. Case and accents are
ignored and words are stemmed, so "sanction" finds "sanctions" and "Teheran" finds
"Téhéran"; ligatures and full-width letters are folded (`normalization.SEARCH_FOLDS`), so
"oeuvre" finds "œuvre" and "strasse" finds "Straße". Results come best first unless
another order is chosen.

PostgreSQL searches the stored, GIN-indexed `search_vector` of each row, built in the
row's language by migration 0008; a query term is stemmed in French, English and word
for word, so one search box serves a mixed-language corpus. SQLite searches the FTS5
tables of the same migration (porter stemmer, diacritics removed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from django.db import connection
from django.db.models import Expression, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from annotations.normalization import fold_for_search

MAX_TERMS = 12
# Control characters every import strips (cleaning.strip_controls), so they cannot come
# from an article's text.
_OPEN, _CLOSE = "\x02", "\x03"
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass
class ParsedQuery:
    """`groups`: every group must match, any term of a group will do; `excluded`: none may."""

    groups: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)


def parse(query: str) -> ParsedQuery:
    """Split a query into terms (words or phrases), OR groups and exclusions."""
    parsed, pending_or, count = ParsedQuery(), False, 0
    # Folded as the documents are: "œuvre" must find what "oeuvre" finds.
    for negated, phrase, word in _TOKEN.findall(fold_for_search(query)):
        if count == MAX_TERMS:
            break
        if word.upper() == "OR":
            pending_or = bool(parsed.groups)
            continue
        if word.startswith("-") and len(word) > 1:
            negated, word = "-", word[1:]
        words = _WORD.findall(phrase or word)
        if not words:
            continue
        term, count = " ".join(words), count + 1
        if negated:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
    return parsed


@dataclass(frozen=True)
class _Index:
    table: str
    heading: str
    body: str

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"


ARTICLES = _Index("annotations_article", "title", "text")
QUOTES = _Index("annotations_annotation", "exact", "note")


class _ForRow(Expression):
    """A correlated SQL fragment about the outer row: `{pk}` becomes its primary key
    column, however the ORM aliases the table (raw SQL naming the table would not)."""

    def __init__(self, sql: str, params: list, output_field=None):
        super().__init__(output_field=output_field or FloatField())
        self.sql, self.params, self.pk = sql, params, F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, expressions):
        (self.pk,) = expressions

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        return f"({self.sql.format(pk=pk_sql)})", [*self.params, *pk_params]


# PostgreSQL ---------------------------------------------------------------------------


def _tsquery(parsed: ParsedQuery) -> tuple[str, list[str]]:
    """The tsquery SQL of a parsed query; `newsroom_query_term` stems in each language."""
    parts, params = [], []
    for group in parsed.groups:
        parts.append("(" + " || ".join(["newsroom_query_term(%s)"] * len(group)) + ")")
        params += group
    for term in parsed.excluded:
        parts.append("!!newsroom_query_term(%s)")
        params.append(term)
    return "(" + " && ".join(parts) + ")", params


def _postgres_search(queryset: QuerySet, index: _Index, parsed: ParsedQuery) -> QuerySet:
    tsquery, params = _tsquery(parsed)
    matching = RawSQL(  # noqa: S611 - table names are constants, the terms parameters
        f"SELECT id FROM {index.table} WHERE search_vector @@ {tsquery}",  # noqa: S608
        params,
    )
    rank = _ForRow(
        f"SELECT ts_rank_cd(ranked.search_vector, {tsquery}) "  # noqa: S608
        f"FROM {index.table} ranked WHERE ranked.id = {{pk}}",
        params,
    )
    return _ranked(queryset.filter(pk__in=matching), rank)


def _postgres_highlights(index: _Index, ids: list[int], parsed: ParsedQuery, whole: bool):
    tsquery, params = _tsquery(parsed)
    options = f"StartSel={_OPEN}, StopSel={_CLOSE}, " + (
        "HighlightAll=true" if whole else "MaxWords=35, MinWords=15"
    )
    language = (
        "language"
        if index is ARTICLES
        else "(SELECT language FROM annotations_article WHERE id = row.article_id)"
    )
    config = f"newsroom_search_config({language})"
    sql = (
        f"SELECT id, ts_headline({config}, row.{index.heading}, {tsquery}, %s), "  # noqa: S608
        f"ts_headline({config}, row.{index.body}, {tsquery}, %s) "
        f"FROM {index.table} row WHERE id = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, options, *params, options, ids])
        return cursor.fetchall()


# SQLite -------------------------------------------------------------------------------


def _fts_phrase(term: str) -> str:
    return '"' + term + '"'  # terms are \w+ words joined by spaces: nothing to escape


def _fts_match(terms: list[list[str]]) -> str:
    return " AND ".join("(" + " OR ".join(map(_fts_phrase, group)) + ")" for group in terms)


def _sqlite_search(queryset: QuerySet, index: _Index, parsed: ParsedQuery) -> QuerySet:
    for term in parsed.excluded:
        excluded = f"SELECT rowid FROM {index.fts} WHERE {index.fts} MATCH %s"  # noqa: S608
        queryset = queryset.exclude(pk__in=RawSQL(excluded, [_fts_phrase(term)]))  # noqa: S611
    if not parsed.groups:
        return queryset
    # A join with the index (ArticleSearchEntry, AnnotationSearchEntry): FTS5 ranks all
    # matches at once, where a rank looked up row by row costs a query each.
    matching = queryset.filter(search_entry__document__match=_fts_match(parsed.groups))
    return _ranked(matching, -F("search_entry__rank"))


def _sqlite_highlights(index: _Index, ids: list[int], parsed: ParsedQuery, whole: bool):
    if not parsed.groups:
        return []
    body = (
        f"highlight({index.fts}, 1, '{_OPEN}', '{_CLOSE}')"
        if whole
        else f"snippet({index.fts}, 1, '{_OPEN}', '{_CLOSE}', '…', 40)"
    )
    placeholders = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT rowid, highlight({index.fts}, 0, '{_OPEN}', '{_CLOSE}'), {body} "  # noqa: S608
        f"FROM {index.fts} WHERE {index.fts} MATCH %s AND rowid IN ({placeholders})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts_match(parsed.groups), *ids])
        return cursor.fetchall()


# The interface ------------------------------------------------------------------------


def _ranked(queryset: QuerySet, rank: Expression) -> QuerySet:
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    return queryset.annotate(search_rank=rank).order_by("-search_rank", *ordering, "-pk")


def _search(queryset: QuerySet, index: _Index, query: str) -> QuerySet:
    parsed = parse(query)
    if not parsed:
        return queryset
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, index, parsed)
    return _sqlite_search(queryset, index, parsed)


def search_articles(queryset: QuerySet, query: str) -> QuerySet:
    """Articles matching `query` in their title or text, best first."""
    return _search(queryset, ARTICLES, query)


def search_annotations(queryset: QuerySet, query: str) -> QuerySet:
    """Quotes matching `query` in their text or note, best first."""
    return _search(queryset, QUOTES, query)


def _marked(text: str) -> str:
    return escape(text).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


def _highlights(index: _Index, ids: list[int], query: str, whole: bool) -> list[tuple]:
    parsed = parse(query)
    if not ids or not parsed:
        return []
    if connection.vendor == "postgresql":
        return _postgres_highlights(index, ids, parsed, whole)
    return _sqlite_highlights(index, ids, parsed, whole)


def article_snippets(article_ids: list[int], query: str) -> dict[int, SafeString]:
    """A passage of each article's text around its best matches, escaped, matches marked."""
    rows = _highlights(ARTICLES, article_ids, query, whole=False)
    return {
        pk: mark_safe(" ".join(_marked(text).split()))  # noqa: S308 - escaped just above
        for pk, _title, text in rows
        if _OPEN in text
    }


def annotation_snippets(annotation_ids: list[int], query: str) -> dict[int, SafeString]:
    """Each quote (and its note, when there is one) escaped, with its matches marked."""
    rows = _highlights(QUOTES, annotation_ids, query, whole=True)
    return {
        pk: mark_safe(_marked(exact) + (" — " + _marked(note) if note else ""))  # noqa: S308
        for pk, exact, note in rows
    }
