"""Search folds ligatures and full-width letters on SQLite: "oeuvre" finds "œuvre",
"strasse" finds "Straße", "sanctions" finds "ｓａｎｃｔｉｏｎｓ". FTS5's tokenizer folds
accents only, so the triggers index each column with these characters replaced, and the
documents already stored are indexed again. PostgreSQL's `unaccent` rules already fold
them: nothing changes there.

The SQL below is frozen: what this migration installs, and (to go back) what migration
0008 had installed. Statements are written once, with the column values passed through
`folded` (forward) or as they are (backward). One nested replace() per fold would pass
what SQLite's parser holds (about thirty): a recursive query applies them in steps. The
current triggers are `annotations/db/search.py`'s, the folds `annotations/normalization.py`'s.
"""

from collections.abc import Callable

from django.db import migrations

from annotations.migrations._vendor_sql import RunVendorSQL

# The ligatures, then full-width ASCII ！ to ～ (U+FF01 to U+FF5E), as this migration folds them.
FOLDS = (
    ("œ", "oe"),
    ("Œ", "OE"),
    ("æ", "ae"),
    ("Æ", "AE"),
    ("ß", "ss"),
    ("ẞ", "SS"),
    ("ĳ", "ij"),
    ("Ĳ", "IJ"),
    ("ﬀ", "ff"),
    ("ﬁ", "fi"),
    ("ﬂ", "fl"),
    ("ﬃ", "ffi"),
    ("ﬄ", "ffl"),
    ("ﬅ", "st"),
    ("ﬆ", "st"),
) + tuple((chr(code), chr(code - 0xFEE0)) for code in range(0xFF01, 0xFF5F))

TABLES = {"annotations_article": ("title", "text"), "annotations_annotation": ("exact", "note")}


# SQLite's parser holds about thirty nested calls: the folds are applied this many at a
# time, by a recursive query.
FOLDS_PER_STEP = 15
# A text with none of these characters (ligatures, then full-width) is not folded.
CLASS = "ÆßæĲ-ĳŒ-œẞﬀ-ﬆ！-～"


def folded(value: str) -> str:
    sources = "".join(character for character, _ in FOLDS)
    targets = "".join(f"{replacement:<3}" for _, replacement in FOLDS).replace("'", "''")
    steps = -(-len(FOLDS) // FOLDS_PER_STEP)
    chunk = "value"
    for offset in range(FOLDS_PER_STEP):
        at = f"step * {FOLDS_PER_STEP} + {offset}"
        chunk = (
            f"replace({chunk}, substr('{sources}', {at} + 1, 1), "
            f"rtrim(substr('{targets}', ({at}) * 3 + 1, 3)))"
        )
    return (
        f"CASE WHEN {value} GLOB '*[{CLASS}]*' THEN ("
        f"WITH RECURSIVE fold(step, value) AS (SELECT 0, {value} UNION ALL "
        f"SELECT step + 1, {chunk} FROM fold WHERE step < {steps}) "
        f"SELECT value FROM fold WHERE step = {steps}) ELSE {value} END"
    )


def unchanged(column: str) -> str:
    return column


def triggers(value: Callable[[str], str]) -> list[str]:
    statements = []
    for table, columns in TABLES.items():
        names = ", ".join(columns)
        add = (
            f"INSERT INTO {table}_fts (rowid, {names}) "
            f"VALUES (new.id, {', '.join(value('new.' + column) for column in columns)});"
        )
        remove = (
            f"INSERT INTO {table}_fts ({table}_fts, rowid, {names}) "
            f"VALUES ('delete', old.id, {', '.join(value('old.' + column) for column in columns)});"
        )
        changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in columns)
        for event, when, body in (
            ("insert", "", add),
            ("delete", "", remove),
            ("update", f" WHEN {changed}", f"{remove} {add}"),
        ):
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_fts_{event}",
                f"CREATE TRIGGER {table}_fts_{event} AFTER {event} ON {table}{when} BEGIN\n"
                f"        {body}\n    END",
            ]
    return statements


# 'rebuild' would index the table's text unfolded: delete all, then insert it folded.
FORWARD = triggers(folded) + [
    statement
    for table, columns in TABLES.items()
    for statement in (
        f"INSERT INTO {table}_fts ({table}_fts) VALUES ('delete-all')",
        f"INSERT INTO {table}_fts (rowid, {', '.join(columns)}) "
        f"SELECT id, {', '.join(map(folded, columns))} FROM {table}",
    )
]

BACKWARD = triggers(unchanged) + [
    f"INSERT INTO {table}_fts ({table}_fts) VALUES ('rebuild')" for table in TABLES
]


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0023_article_title_derived"),
    ]

    operations = [RunVendorSQL("sqlite", FORWARD, BACKWARD)]
