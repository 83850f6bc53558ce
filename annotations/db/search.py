"""Full-text search documents for articles (title, text) and quotes (quote, note), kept by
triggers (migrations 0008 and 0009).

PostgreSQL: a stored `search_vector` per row, built by triggers in the article's language
(French, English, simple otherwise, `newsroom_search_config`) with accents folded by
`unaccent`, and a GIN index. The quote's language is its article's, so a change of article
language re-indexes its quotes; saving a model writes every column, so only a real change of
the indexed columns re-indexes a 20 KB article. SQLite: external-content FTS5 tables over
the same columns (the text lives once, in the model's table), kept in sync by triggers, with
`remove_diacritics` for accents and the porter stemmer for plurals. The tokenizer does not
fold ligatures or full-width letters (`unaccent` does on PostgreSQL): the triggers index
the text with `normalization.SEARCH_FOLDS` applied (migration 0024), so the index holds
"oeuvre" where the table holds "œuvre". FTS5's 'rebuild' would index the table's text
unfolded: the fill deletes all and inserts the folded text instead.

The columns and tables are invisible to the models on purpose: only `annotations/search.py`
reads them, and no ORM write can forget them. The text search configurations, the columns,
the FTS5 tables and the GIN indexes are migration 0008's; rebuilding a table keeps them, but
on SQLite it drops the triggers.
"""

# Only constant table and column names are interpolated into this SQL.
# ruff: noqa: S608

from __future__ import annotations

from annotations.db.sql import Trigger, TriggerSet, changed, pg_function, pg_trigger
from annotations.normalization import SEARCH_FOLDS

# Characters of an article's text indexed when the whole would pass PostgreSQL's 1 MB
# tsvector limit: even in four-byte characters, well under it.
INDEXED_PREFIX = 100_000

# The indexed columns of each table: (heading, body), ranked in that order.
INDEXED = {"annotations_article": ("title", "text"), "annotations_annotation": ("exact", "note")}


def trigger_set(vendor: str) -> TriggerSet:
    if vendor == "postgresql":
        return TriggerSet(_POSTGRES_FUNCTIONS, _postgres_triggers(), _POSTGRES_FILL)
    triggers = tuple(
        trigger
        for table, columns in INDEXED.items()
        for trigger in _sqlite_triggers(table, columns)
    )
    fill = tuple(
        statement
        for table, columns in INDEXED.items()
        for statement in _sqlite_fill(table, columns)
    )
    return TriggerSet((), triggers, fill)


# SQLite's parser holds about thirty nested calls: the folds are applied this many at a
# time, by a recursive query (one nested replace() per fold would not parse).
_FOLDS_PER_STEP = 15


def _code_ranges(characters: str) -> str:
    """A GLOB character class body: consecutive code points as ranges ("！-～")."""
    codes, ranges = sorted(map(ord, characters)), []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


def _folded(value: str) -> str:
    """SQLite SQL of `value` with SEARCH_FOLDS applied (NULL stays NULL). A text without
    any of the characters, most of them, is only scanned once."""
    sources = "".join(SEARCH_FOLDS)  # no ASCII: nothing to escape
    # Each replacement padded to three characters; none ends with a space.
    targets = "".join(f"{folded:<3}" for folded in SEARCH_FOLDS.values()).replace("'", "''")
    steps = -(-len(SEARCH_FOLDS) // _FOLDS_PER_STEP)
    chunk = "value"
    for offset in range(_FOLDS_PER_STEP):
        at = f"step * {_FOLDS_PER_STEP} + {offset}"
        chunk = (
            f"replace({chunk}, substr('{sources}', {at} + 1, 1), "
            f"rtrim(substr('{targets}', ({at}) * 3 + 1, 3)))"
        )
    return (
        f"CASE WHEN {value} GLOB '*[{_code_ranges(sources)}]*' THEN ("
        f"WITH RECURSIVE fold(step, value) AS (SELECT 0, {value} UNION ALL "
        f"SELECT step + 1, {chunk} FROM fold WHERE step < {steps}) "
        f"SELECT value FROM fold WHERE step = {steps}) ELSE {value} END"
    )


_POSTGRES_FUNCTIONS = (
    # 'fr', 'fr-CA', 'FR_fr' are French; anything unknown is indexed word for word.
    pg_function(
        "newsroom_search_config",
        "language text",
        "regconfig",
        """
    SELECT CASE split_part(replace(lower(coalesce(language, '')), '_', '-'), '-', 1)
        WHEN 'fr' THEN 'newsroom_french'::regconfig
        WHEN 'en' THEN 'newsroom_english'::regconfig
        ELSE 'newsroom_simple'::regconfig
    END
""",
        language="sql",
        options=" IMMUTABLE PARALLEL SAFE",
    ),
    pg_function(
        "newsroom_document",
        "language text, heading text, body text",
        "tsvector",
        """
    SELECT setweight(to_tsvector(newsroom_search_config(language), coalesce(heading, '')), 'A')
        || setweight(to_tsvector(newsroom_search_config(language), coalesce(body, '')), 'B')
""",
        language="sql",
        options=" IMMUTABLE PARALLEL SAFE",
    ),
    # One term of a query, stemmed in each language: an article's vector holds its own
    # language's stems. A stop word in either language is dropped, as search engines do, since
    # the documents of that language do not hold it. (Quietly: an empty query is expected.)
    pg_function(
        "newsroom_query_term",
        "term text",
        "tsquery",
        """
    SELECT CASE
        WHEN numnode(phraseto_tsquery('newsroom_french', term)) = 0
          OR numnode(phraseto_tsquery('newsroom_english', term)) = 0 THEN ''::tsquery
        ELSE phraseto_tsquery('newsroom_french', term)
          || phraseto_tsquery('newsroom_english', term)
          || phraseto_tsquery('newsroom_simple', term)
    END
""",
        language="sql",
        options=" IMMUTABLE PARALLEL SAFE SET client_min_messages = warning",
    ),
    # A tsvector holds at most 1 MB: past it (an article of a million distinct words) the
    # title and the text's first INDEXED_PREFIX characters are indexed, and the article
    # is stored all the same. The exception block costs only when the limit is hit.
    pg_function(
        "annotations_article_index",
        "",
        "trigger",
        f"""
BEGIN
    BEGIN
        NEW.search_vector := newsroom_document(NEW.language, NEW.title, NEW.text);
    EXCEPTION WHEN program_limit_exceeded THEN
        NEW.search_vector := newsroom_document(
            NEW.language, NEW.title, left(NEW.text, {INDEXED_PREFIX})
        );
    END;
    RETURN NEW;
END """,
    ),
    pg_function(
        "annotations_annotation_index",
        "",
        "trigger",
        """
BEGIN
    NEW.search_vector := newsroom_document(
        (SELECT language FROM annotations_article WHERE id = NEW.article_id),
        NEW.exact,
        NEW.note
    );
    RETURN NEW;
END """,
    ),
    pg_function(
        "annotations_article_reindex_quotes",
        "",
        "trigger",
        """
BEGIN
    UPDATE annotations_annotation
       SET search_vector = newsroom_document(NEW.language, exact, note)
     WHERE article_id = NEW.id;
    RETURN NULL;
END """,
    ),
)


def _postgres_triggers() -> tuple[Trigger, ...]:
    # A quote is indexed in its article's language: moving it re-indexes it too.
    watched = {
        "annotations_article": ("title", "text", "language"),
        "annotations_annotation": ("exact", "note", "article_id"),
    }
    triggers = []
    for table, columns in watched.items():
        function = f"{table}_index()"
        triggers += [
            pg_trigger(f"{table}_index_insert", table, "BEFORE INSERT", function),
            pg_trigger(
                f"{table}_index_update",
                table,
                "BEFORE UPDATE",
                function,
                condition=changed("postgresql", columns),
            ),
        ]
    triggers.append(
        pg_trigger(
            "annotations_article_language_change",
            "annotations_article",
            "AFTER UPDATE",
            "annotations_article_reindex_quotes()",
            condition=changed("postgresql", ["language"]),
        )
    )
    return tuple(triggers)


_POSTGRES_FILL = (
    "UPDATE annotations_article SET search_vector = newsroom_document(language, title, text)",
    "UPDATE annotations_annotation AS quote "
    "SET search_vector = newsroom_document(article.language, quote.exact, quote.note) "
    "FROM annotations_article AS article WHERE article.id = quote.article_id",
)


def _sqlite_triggers(table: str, columns: tuple[str, ...]) -> list[Trigger]:
    """Insert, delete and update triggers that mirror `table`'s `columns` into its FTS5
    table (an external-content table is told the old values to take out)."""
    names = ", ".join(columns)
    # 'delete' must be told exactly the values that were indexed: folded the same way.
    add = (
        f"INSERT INTO {table}_fts (rowid, {names}) "
        f"VALUES (new.id, {', '.join(_folded('new.' + column) for column in columns)});"
    )
    remove = (
        f"INSERT INTO {table}_fts ({table}_fts, rowid, {names}) "
        f"VALUES ('delete', old.id, {', '.join(_folded('old.' + column) for column in columns)});"
    )
    return [
        Trigger(
            f"{table}_fts_{event}",
            table,
            f"CREATE TRIGGER {table}_fts_{event} AFTER {event} ON {table}{when} BEGIN\n"
            f"        {body}\n    END",
        )
        for event, when, body in (
            ("insert", "", add),
            ("delete", "", remove),
            ("update", f" WHEN {changed('sqlite', columns)}", f"{remove} {add}"),
        )
    ]


def _sqlite_fill(table: str, columns: tuple[str, ...]) -> tuple[str, str]:
    return (
        f"INSERT INTO {table}_fts ({table}_fts) VALUES ('delete-all')",
        f"INSERT INTO {table}_fts (rowid, {', '.join(columns)}) "
        f"SELECT id, {', '.join(map(_folded, columns))} FROM {table}",
    )
