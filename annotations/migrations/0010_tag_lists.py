"""Each annotation's tag lists, as the CSV export writes them, kept by triggers.

`annotations_annotation_tag_lists` (the AnnotationTagLists model) holds one row per
annotation: its theme names, actor names, actor kinds and actor Wikidata ids, each joined by
"; " in name order, names escaped (`\\` and `;` get a backslash), ready as CSV cells
(neutralised against spreadsheet formulas, NULL when empty). Triggers recompute an
annotation's row when one of its taggings is added, moved or removed, and every tagged
annotation's row when a theme's name or an actor's name, kind or Wikidata id changes; a
deleted annotation takes its row with it. Bulk inserts, `QuerySet.update()`, the admin and
raw SQL all go through them.

On PostgreSQL a transaction that changes taggings first locks their annotations, then
share-locks their themes and actors, so that it waits for (and then sees) anyone tagging
the same quote or renaming one of its tags: concurrent writers never leave a stale list.
SQLite has one writer at a time.

Caution for later migrations on SQLite: Django rebuilds a table to alter it, which drops
its triggers; re-run SQLITE_TRIGGERS after any such migration of the tagging, theme,
entity or annotation tables (tests/test_tag_lists.py fails if a list falls out of step).
"""

import django.db.models.deletion
from django.db import migrations, models

LISTS = "annotations_annotation_tag_lists"


def _escaped(column: str) -> str:
    # Both databases read '\' as one backslash (PostgreSQL's standard_conforming_strings).
    return f"replace(replace({column}, '\\', '\\\\'), ';', '\\;')"


def _lists(vendor: str, through: str, tags: str, columns: list[str], quotes: str) -> str:
    """A derived table: per annotation id whose taggings satisfy `content_object_id
    {quotes}`, each of `columns` (SQL over the tag `t`) of its tags, in name order."""
    if vendor == "postgresql":
        joined = ", ".join(
            f"string_agg({column}, '; ' ORDER BY t.name) AS c{n}"
            for n, column in enumerate(columns)
        )
        return (
            f"(SELECT x.content_object_id AS id, {joined} FROM {through} x "
            f"JOIN {tags} t ON t.id = x.tag_id WHERE x.content_object_id {quotes} "
            "GROUP BY x.content_object_id)"
        )
    # SQLite's group_concat keeps the order of an ordered subquery.
    picked = ", ".join(f"{column} AS c{n}" for n, column in enumerate(columns))
    joined = ", ".join(f"group_concat(c{n}, '; ') AS c{n}" for n in range(len(columns)))
    return (
        f"(SELECT id, {joined} FROM (SELECT x.content_object_id AS id, {picked} "
        f"FROM {through} x JOIN {tags} t ON t.id = x.tag_id "
        f"WHERE x.content_object_id {quotes} ORDER BY x.content_object_id, t.name) GROUP BY id)"
    )


def _cell(vendor: str, column: str) -> str:
    """The list as a CSV cell: a leading formula character (=, +, -, @, tab, CR, LF) gets
    a quote in front, as exports.neutralize does; an empty list is NULL."""
    first = "ascii" if vendor == "postgresql" else "unicode"
    return (
        f"CASE WHEN {first}({column}) IN (61, 43, 45, 64, 9, 13, 10) "
        f"THEN '''' || {column} ELSE NULLIF({column}, '') END"
    )


def refresh_sql(vendor: str, quotes: str) -> str:
    """Upsert the lists of the existing annotations whose ids satisfy `id {quotes}`,
    in one pass over their taggings (bulk tagging refreshes thousands at once)."""
    themes = _lists(
        vendor, "annotations_taggedtheme", "annotations_theme", [_escaped("t.name")], quotes
    )
    actors = _lists(
        vendor,
        "annotations_taggedactor",
        "annotations_entity",
        [_escaped("t.name"), "t.kind", "t.wikidata_id"],
        quotes,
    )
    cells = ["th.c0", "ac.c0", "ac.c1", "ac.c2"]
    columns = ("themes", "actors", "actor_kinds", "actor_wikidata_ids")
    return (
        f"INSERT INTO {LISTS} (annotation_id, {', '.join(columns)}) "
        f"SELECT q.id, {', '.join(_cell(vendor, cell) for cell in cells)} "
        f"FROM annotations_annotation q LEFT JOIN {themes} th ON th.id = q.id "
        f"LEFT JOIN {actors} ac ON ac.id = q.id "
        # SQLite reads ON CONFLICT after a SELECT only past a WHERE clause.
        f"WHERE q.id {quotes} ON CONFLICT (annotation_id) DO UPDATE SET "
        + ", ".join(f"{column} = excluded.{column}" for column in columns)
    )


# Statement triggers see every tagging a statement changed at once (bulk tagging).
POSTGRES_TAGGING_TRIGGERS = "\n".join(
    f"CREATE TRIGGER {table}_lists_{event.lower()} AFTER {event} ON {table} "
    f"REFERENCING {rows} FOR EACH STATEMENT EXECUTE FUNCTION newsroom_taggings_changed();"
    for table in ("annotations_taggedtheme", "annotations_taggedactor")
    for event, rows in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    )
)

# Superseded by migration 0012, which takes the tag locks without scanning every tagging.
POSTGRES_REFRESH_FUNCTION = rf"""
-- A plan made for the quotes at hand: a generic plan, not knowing how many there are,
-- scans whole tagging tables (seconds per statement once they hold millions of rows).
CREATE FUNCTION newsroom_refresh_tag_lists(quotes bigint[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
    -- Wait for whoever renames one of these tags; the upsert below, a statement of its
    -- own, then reads the names they committed.
    PERFORM 1 FROM annotations_theme WHERE id IN (
        SELECT tag_id FROM annotations_taggedtheme WHERE content_object_id = ANY(quotes)
    ) ORDER BY id FOR SHARE;
    PERFORM 1 FROM annotations_entity WHERE id IN (
        SELECT tag_id FROM annotations_taggedactor WHERE content_object_id = ANY(quotes)
    ) ORDER BY id FOR SHARE;
    {refresh_sql("postgresql", "= ANY(quotes)")};
END $$;
"""

POSTGRES_FORWARD = rf"""
{POSTGRES_REFRESH_FUNCTION}

CREATE FUNCTION newsroom_taggings_changed() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    quotes bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        quotes := ARRAY(SELECT DISTINCT content_object_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        quotes := ARRAY(SELECT DISTINCT content_object_id FROM old_rows);
    ELSE
        quotes := ARRAY(SELECT content_object_id FROM old_rows
                        UNION SELECT content_object_id FROM new_rows);
    END IF;
    -- One writer of a quote's tags at a time, in id order so that two never deadlock.
    PERFORM 1 FROM annotations_annotation WHERE id = ANY(quotes) ORDER BY id
        FOR NO KEY UPDATE;
    PERFORM newsroom_refresh_tag_lists(quotes);
    RETURN NULL;
END $$;

-- A tag renamed (or an actor's kind or Wikidata id changed): TG_ARGV[0] is its taggings.
CREATE FUNCTION newsroom_tag_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    quotes bigint[];
BEGIN
    EXECUTE format('SELECT ARRAY(SELECT content_object_id FROM %I WHERE tag_id = $1)',
                   TG_ARGV[0]) INTO quotes USING NEW.id;
    PERFORM newsroom_refresh_tag_lists(quotes);
    RETURN NULL;
END $$;

CREATE FUNCTION newsroom_annotation_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {LISTS} WHERE annotation_id = OLD.id;
    RETURN NULL;
END $$;

{POSTGRES_TAGGING_TRIGGERS}
CREATE TRIGGER annotations_theme_lists_update AFTER UPDATE ON annotations_theme
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION newsroom_tag_changed('annotations_taggedtheme');
CREATE TRIGGER annotations_entity_lists_update AFTER UPDATE ON annotations_entity
    FOR EACH ROW WHEN (
        OLD.name IS DISTINCT FROM NEW.name
        OR OLD.kind IS DISTINCT FROM NEW.kind
        OR OLD.wikidata_id IS DISTINCT FROM NEW.wikidata_id
    ) EXECUTE FUNCTION newsroom_tag_changed('annotations_taggedactor');
CREATE TRIGGER annotations_annotation_lists_delete AFTER DELETE ON annotations_annotation
    FOR EACH ROW EXECUTE FUNCTION newsroom_annotation_deleted();

SELECT newsroom_refresh_tag_lists(ARRAY(
    SELECT content_object_id FROM annotations_taggedtheme
    UNION SELECT content_object_id FROM annotations_taggedactor));
"""

POSTGRES_BACKWARD = """
DROP TRIGGER annotations_annotation_lists_delete ON annotations_annotation;
DROP TRIGGER annotations_entity_lists_update ON annotations_entity;
DROP TRIGGER annotations_theme_lists_update ON annotations_theme;
DROP TRIGGER annotations_taggedactor_lists_delete ON annotations_taggedactor;
DROP TRIGGER annotations_taggedactor_lists_update ON annotations_taggedactor;
DROP TRIGGER annotations_taggedactor_lists_insert ON annotations_taggedactor;
DROP TRIGGER annotations_taggedtheme_lists_delete ON annotations_taggedtheme;
DROP TRIGGER annotations_taggedtheme_lists_update ON annotations_taggedtheme;
DROP TRIGGER annotations_taggedtheme_lists_insert ON annotations_taggedtheme;
DROP FUNCTION newsroom_annotation_deleted();
DROP FUNCTION newsroom_tag_changed();
DROP FUNCTION newsroom_taggings_changed();
DROP FUNCTION newsroom_refresh_tag_lists(bigint[]);
"""


def _sqlite_trigger(name: str, event: str, body: str, when: str = "") -> str:
    return f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event}{when} BEGIN {body}; END"


SQLITE_TRIGGERS = [
    *(
        trigger
        for table in ("annotations_taggedtheme", "annotations_taggedactor")
        for trigger in (
            _sqlite_trigger(
                f"{table}_lists_insert",
                f"INSERT ON {table}",
                refresh_sql("sqlite", "= new.content_object_id"),
            ),
            _sqlite_trigger(
                f"{table}_lists_delete",
                f"DELETE ON {table}",
                refresh_sql("sqlite", "= old.content_object_id"),
            ),
            _sqlite_trigger(
                f"{table}_lists_update",
                f"UPDATE ON {table}",
                refresh_sql("sqlite", "IN (old.content_object_id, new.content_object_id)"),
            ),
        )
    ),
    _sqlite_trigger(
        "annotations_theme_lists_update",
        "UPDATE OF name ON annotations_theme",
        refresh_sql(
            "sqlite",
            "IN (SELECT content_object_id FROM annotations_taggedtheme WHERE tag_id = new.id)",
        ),
        when=" WHEN old.name IS NOT new.name",
    ),
    _sqlite_trigger(
        "annotations_entity_lists_update",
        "UPDATE OF name, kind, wikidata_id ON annotations_entity",
        refresh_sql(
            "sqlite",
            "IN (SELECT content_object_id FROM annotations_taggedactor WHERE tag_id = new.id)",
        ),
        when=(
            " WHEN old.name IS NOT new.name OR old.kind IS NOT new.kind"
            " OR old.wikidata_id IS NOT new.wikidata_id"
        ),
    ),
    _sqlite_trigger(
        "annotations_annotation_lists_delete",
        "DELETE ON annotations_annotation",
        f"DELETE FROM {LISTS} WHERE annotation_id = old.id",
    ),
]

SQLITE_FORWARD = [
    *SQLITE_TRIGGERS,
    refresh_sql(
        "sqlite",
        "IN (SELECT content_object_id FROM annotations_taggedtheme "
        "UNION SELECT content_object_id FROM annotations_taggedactor)",
    ),
]

SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "annotations_taggedtheme_lists_insert",
        "annotations_taggedtheme_lists_delete",
        "annotations_taggedtheme_lists_update",
        "annotations_taggedactor_lists_insert",
        "annotations_taggedactor_lists_delete",
        "annotations_taggedactor_lists_update",
        "annotations_theme_lists_update",
        "annotations_entity_lists_update",
        "annotations_annotation_lists_delete",
    )
]


def forwards(apps, schema_editor):
    run(schema_editor, POSTGRES_FORWARD, SQLITE_FORWARD)


def backwards(apps, schema_editor):
    run(schema_editor, POSTGRES_BACKWARD, SQLITE_BACKWARD)


def run(schema_editor, postgres: str, sqlite: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres, params=None)
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0009_sqlite_search_entries")]

    operations = [
        migrations.CreateModel(
            name="AnnotationTagLists",
            fields=[
                (
                    "annotation",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="annotations.annotation",
                    ),
                ),
                ("themes", models.TextField(null=True)),
                ("actors", models.TextField(null=True)),
                ("actor_kinds", models.TextField(null=True)),
                ("actor_wikidata_ids", models.TextField(null=True)),
            ],
            options={"db_table": LISTS},
        ),
        migrations.RunPython(forwards, backwards),
    ]
