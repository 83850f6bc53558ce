"""Each annotation's tag lists, as the CSV export writes them, kept by triggers (migrations
0010, 0012, 0014 and 0021).

`annotations_annotation_tag_lists` (the AnnotationTagLists model) holds one row per
annotation: its theme names, actor names, actor kinds and actor Wikidata ids, each joined by
"; " in name order, names escaped (`\\` and `;` get a backslash), ready as CSV cells
(neutralised against spreadsheet formulas, NULL when empty): the CSV fast path reads them
instead of aggregating a million annotations' taggings. The cell rules are the CSV writer's
(`annotations.exports.csv_writer`), in their SQL form.

Triggers recompute an annotation's row when one of its taggings is added, removed, or moved
to another tag or quote (not when only the article facts a tagging carries change,
`article_facts`), and every tagged annotation's row when a theme's name or an actor's name,
kind or Wikidata id changes; a deleted annotation takes its row with it.

On PostgreSQL a transaction that changes taggings first locks their annotations, then
share-locks their themes and actors, so that it waits for (and then sees) anyone tagging
the same quote or renaming one of its tags: concurrent writers never leave a stale list.
The tags to lock are read as an array of the taggings' tags by the quote index: written as
`id IN (SELECT tag_id ...)`, PostgreSQL compared every tagging of a tag with every quote
(5 s per lock for a bulk tagging of 5,000 quotes among a million; 50 ms this way). The
functions plan for the quotes at hand (`force_custom_plan`): a generic plan, not knowing
how many there are, scans whole tagging tables. Statement triggers see every tagging a
statement changed at once (bulk tagging). SQLite has one writer at a time.
"""

# Only constant table and column names are interpolated into this SQL.
# ruff: noqa: S608

from __future__ import annotations

from annotations.db.sql import (
    Trigger,
    TriggerSet,
    changed,
    pg_function,
    pg_trigger,
    sqlite_trigger,
)
from annotations.exports.csv_writer import (
    LIST_SEPARATOR,
    sql_escaped_name,
    sql_neutralize,
    sql_text,
)

LISTS = "annotations_annotation_tag_lists"
# Each tagging table, with the table of its tags and the tag columns whose change
# rewrites the lists.
TAGGINGS = {
    "annotations_taggedtheme": ("annotations_theme", ("name",)),
    "annotations_taggedactor": ("annotations_entity", ("name", "kind", "wikidata_id")),
}
COLUMNS = ("themes", "actors", "actor_kinds", "actor_wikidata_ids")


def trigger_set(vendor: str) -> TriggerSet:
    if vendor == "postgresql":
        fill = f"SELECT newsroom_refresh_tag_lists(ARRAY({_TAGGED_OR_LISTED}))"
        return TriggerSet(_postgres_functions(), _postgres_triggers(), (_DROP_ORPHANS, fill))
    fill = refresh_sql("sqlite", f"IN ({_TAGGED_OR_LISTED})")
    return TriggerSet((), _sqlite_triggers(), (_DROP_ORPHANS, fill))


# Every annotation that has (or had) a list: the lists a missed change could have left stale.
_TAGGED_OR_LISTED = " UNION ".join(
    [f"SELECT content_object_id FROM {through}" for through in TAGGINGS]
    + [f"SELECT annotation_id FROM {LISTS}"]
)
_DROP_ORPHANS = (
    f"DELETE FROM {LISTS} WHERE annotation_id NOT IN (SELECT id FROM annotations_annotation)"
)


def cell(vendor: str, column: str) -> str:
    """The list as a CSV cell: neutralised as the CSV writer does; an empty list is NULL."""
    return sql_neutralize(vendor, column, otherwise=f"NULLIF({column}, '')")


def _lists(vendor: str, through: str, tags: str, columns: list[str], quotes: str) -> str:
    """A derived table: per annotation id whose taggings satisfy `content_object_id
    {quotes}`, each of `columns` (SQL over the tag `t`) of its tags, in name order."""
    separator = sql_text(LIST_SEPARATOR)
    if vendor == "postgresql":
        joined = ", ".join(
            f"string_agg({column}, {separator} ORDER BY t.name) AS c{n}"
            for n, column in enumerate(columns)
        )
        return (
            f"(SELECT x.content_object_id AS id, {joined} FROM {through} x "
            f"JOIN {tags} t ON t.id = x.tag_id WHERE x.content_object_id {quotes} "
            "GROUP BY x.content_object_id)"
        )
    # SQLite's group_concat keeps the order of an ordered subquery.
    picked = ", ".join(f"{column} AS c{n}" for n, column in enumerate(columns))
    joined = ", ".join(f"group_concat(c{n}, {separator}) AS c{n}" for n in range(len(columns)))
    return (
        f"(SELECT id, {joined} FROM (SELECT x.content_object_id AS id, {picked} "
        f"FROM {through} x JOIN {tags} t ON t.id = x.tag_id "
        f"WHERE x.content_object_id {quotes} ORDER BY x.content_object_id, t.name) GROUP BY id)"
    )


def refresh_sql(vendor: str, quotes: str) -> str:
    """Upsert the lists of the existing annotations whose ids satisfy `id {quotes}`,
    in one pass over their taggings (bulk tagging refreshes thousands at once)."""
    name = sql_escaped_name("t.name")
    themes = _lists(vendor, "annotations_taggedtheme", "annotations_theme", [name], quotes)
    actors = _lists(
        vendor,
        "annotations_taggedactor",
        "annotations_entity",
        [name, "t.kind", "t.wikidata_id"],
        quotes,
    )
    cells = ["th.c0", "ac.c0", "ac.c1", "ac.c2"]
    return (
        f"INSERT INTO {LISTS} (annotation_id, {', '.join(COLUMNS)}) "
        f"SELECT q.id, {', '.join(cell(vendor, column) for column in cells)} "
        f"FROM annotations_annotation q LEFT JOIN {themes} th ON th.id = q.id "
        f"LEFT JOIN {actors} ac ON ac.id = q.id "
        # SQLite reads ON CONFLICT after a SELECT only past a WHERE clause.
        f"WHERE q.id {quotes} ON CONFLICT (annotation_id) DO UPDATE SET "
        + ", ".join(f"{column} = excluded.{column}" for column in COLUMNS)
    )


# Only taggings moved to another tag or quote: the article facts copied onto a tagging
# (article_facts) change no list.
_MOVED = "(o.tag_id, o.content_object_id) IS DISTINCT FROM (n.tag_id, n.content_object_id)"

_TAGGINGS_CHANGED = f"""
DECLARE
    quotes bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        quotes := ARRAY(SELECT DISTINCT content_object_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        quotes := ARRAY(SELECT DISTINCT content_object_id FROM old_rows);
    ELSE
        quotes := ARRAY(
            SELECT o.content_object_id FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE {_MOVED}
            UNION SELECT n.content_object_id FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE {_MOVED});
        IF cardinality(quotes) = 0 THEN
            RETURN NULL;
        END IF;
    END IF;
    -- One writer of a quote's tags at a time, in id order so that two never deadlock.
    PERFORM 1 FROM annotations_annotation WHERE id = ANY(quotes) ORDER BY id
        FOR NO KEY UPDATE;
    PERFORM newsroom_refresh_tag_lists(quotes);
    RETURN NULL;
END """

# A tag renamed (or an actor's kind or Wikidata id changed): TG_ARGV[0] is its taggings.
_TAG_CHANGED = """
DECLARE
    quotes bigint[];
BEGIN
    EXECUTE format('SELECT ARRAY(SELECT content_object_id FROM %I WHERE tag_id = $1)',
                   TG_ARGV[0]) INTO quotes USING NEW.id;
    PERFORM newsroom_refresh_tag_lists(quotes);
    RETURN NULL;
END """


def _postgres_functions() -> tuple:
    locks = "".join(
        f"""
    PERFORM 1 FROM {tags} WHERE id = ANY(ARRAY(
        SELECT DISTINCT tag_id FROM {through} WHERE content_object_id = ANY(quotes)
    )) ORDER BY id FOR SHARE;"""
        for through, (tags, _) in TAGGINGS.items()
    )
    refresh = f"""
BEGIN
    -- Wait for whoever renames one of these tags; the upsert below, a statement of its
    -- own, then reads the names they committed.{locks}
    {refresh_sql("postgresql", "= ANY(quotes)")};
END """
    custom_plan = " SET plan_cache_mode = force_custom_plan"
    deleted = (
        f"\nBEGIN\n    DELETE FROM {LISTS} WHERE annotation_id = OLD.id;\n    RETURN NULL;\nEND "
    )
    return (
        pg_function(
            "newsroom_refresh_tag_lists", "quotes bigint[]", "void", refresh, options=custom_plan
        ),
        pg_function(
            "newsroom_taggings_changed", "", "trigger", _TAGGINGS_CHANGED, options=custom_plan
        ),
        pg_function("newsroom_tag_changed", "", "trigger", _TAG_CHANGED),
        pg_function("newsroom_annotation_deleted", "", "trigger", deleted),
    )


def _postgres_triggers() -> tuple[Trigger, ...]:
    triggers = [
        pg_trigger(
            f"{through}_lists_{event.lower()}",
            through,
            f"AFTER {event}",
            "newsroom_taggings_changed()",
            referencing=rows,
        )
        for through in TAGGINGS
        for event, rows in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        )
    ]
    triggers += [
        pg_trigger(
            f"{tags}_lists_update",
            tags,
            "AFTER UPDATE",
            f"newsroom_tag_changed('{through}')",
            condition=changed("postgresql", columns),
        )
        for through, (tags, columns) in TAGGINGS.items()
    ]
    triggers.append(
        pg_trigger(
            "annotations_annotation_lists_delete",
            "annotations_annotation",
            "AFTER DELETE",
            "newsroom_annotation_deleted()",
        )
    )
    return tuple(triggers)


def _sqlite_triggers() -> tuple[Trigger, ...]:
    triggers = []
    for through, (tags, columns) in TAGGINGS.items():
        triggers += [
            sqlite_trigger(
                f"{through}_lists_{event.split()[0].lower()}",
                through,
                event,
                refresh_sql("sqlite", quotes),
            )
            for event, quotes in (
                ("INSERT", "= new.content_object_id"),
                ("DELETE", "= old.content_object_id"),
                # Only a tagging moved to another tag or quote (see _MOVED).
                (
                    "UPDATE OF tag_id, content_object_id",
                    "IN (old.content_object_id, new.content_object_id)",
                ),
            )
        ]
        triggers.append(
            sqlite_trigger(
                f"{tags}_lists_update",
                tags,
                f"UPDATE OF {', '.join(columns)}",
                refresh_sql(
                    "sqlite", f"IN (SELECT content_object_id FROM {through} WHERE tag_id = new.id)"
                ),
                when=changed("sqlite", columns),
            )
        )
    triggers.append(
        sqlite_trigger(
            "annotations_annotation_lists_delete",
            "annotations_annotation",
            "DELETE",
            f"DELETE FROM {LISTS} WHERE annotation_id = old.id",
        )
    )
    return tuple(triggers)
