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

The SQL below is frozen: what this migration installed (migrations 0012 and 0014 changed
some of it since). The current triggers and functions are `annotations/db/tag_lists.py`'s.
Caution for later migrations on SQLite: Django rebuilds a table to alter it, which drops
its triggers; install the current ones again after any such migration of the tagging,
theme, entity or annotation tables (tests/test_db_triggers.py fails if one is missing).
"""

import django.db.models.deletion
from django.db import migrations, models

from annotations.migrations._vendor_sql import RunVendorSQL

LISTS = "annotations_annotation_tag_lists"

# Upserts the lists of the existing annotations whose ids satisfy `id {quotes}`, in one
# pass over their taggings: names escaped (`\` and `;` get a backslash), joined by "; " in
# name order, a leading formula character (=, +, -, @, tab, CR, LF) neutralised by a quote,
# an empty list NULL. Both databases read '\' as one backslash (PostgreSQL's
# standard_conforming_strings); SQLite's group_concat keeps the order of an ordered
# subquery, and reads ON CONFLICT after a SELECT only past a WHERE clause.
POSTGRES_REFRESH = (
    "INSERT INTO annotations_annotation_tag_lists "
    "(annotation_id, themes, actors, actor_kinds, actor_wikidata_ids) SELECT q.id, "
    "CASE WHEN ascii(th.c0) IN (61, 43, 45, 64, 9, 13, 10) "
    "THEN '''' || th.c0 ELSE NULLIF(th.c0, '') END, "
    "CASE WHEN ascii(ac.c0) IN (61, 43, 45, 64, 9, 13, 10) "
    "THEN '''' || ac.c0 ELSE NULLIF(ac.c0, '') END, "
    "CASE WHEN ascii(ac.c1) IN (61, 43, 45, 64, 9, 13, 10) "
    "THEN '''' || ac.c1 ELSE NULLIF(ac.c1, '') END, "
    "CASE WHEN ascii(ac.c2) IN (61, 43, 45, 64, 9, 13, 10) "
    "THEN '''' || ac.c2 ELSE NULLIF(ac.c2, '') END "
    "FROM annotations_annotation q LEFT JOIN (SELECT x.content_object_id AS id, "
    r"string_agg(replace(replace(t.name, '\', '\\'), ';', '\;'), '; ' ORDER BY t.name) AS c0 "
    "FROM annotations_taggedtheme x JOIN annotations_theme t ON t.id = x.tag_id "
    "WHERE x.content_object_id {quotes} GROUP BY x.content_object_id) th ON th.id = q.id "
    "LEFT JOIN (SELECT x.content_object_id AS id, "
    r"string_agg(replace(replace(t.name, '\', '\\'), ';', '\;'), '; ' ORDER BY t.name) AS c0, "
    "string_agg(t.kind, '; ' ORDER BY t.name) AS c1, "
    "string_agg(t.wikidata_id, '; ' ORDER BY t.name) AS c2 "
    "FROM annotations_taggedactor x JOIN annotations_entity t ON t.id = x.tag_id "
    "WHERE x.content_object_id {quotes} GROUP BY x.content_object_id) ac ON ac.id = q.id "
    "WHERE q.id {quotes} ON CONFLICT (annotation_id) DO UPDATE SET "
    "themes = excluded.themes, actors = excluded.actors, actor_kinds = excluded.actor_kinds, "
    "actor_wikidata_ids = excluded.actor_wikidata_ids"
)
SQLITE_REFRESH = (
    "INSERT INTO annotations_annotation_tag_lists "
    "(annotation_id, themes, actors, actor_kinds, actor_wikidata_ids) SELECT q.id, "
    "CASE WHEN unicode(th.c0) IN (61, 43, 45, 64, 9, 13, 10) "
    "THEN '''' || th.c0 ELSE NULLIF(th.c0, '') END, "
    "CASE WHEN unicode(ac.c0) IN (61, 43, 45, 64, 9, 13, 10) "
    "THEN '''' || ac.c0 ELSE NULLIF(ac.c0, '') END, "
    "CASE WHEN unicode(ac.c1) IN (61, 43, 45, 64, 9, 13, 10) "
    "THEN '''' || ac.c1 ELSE NULLIF(ac.c1, '') END, "
    "CASE WHEN unicode(ac.c2) IN (61, 43, 45, 64, 9, 13, 10) "
    "THEN '''' || ac.c2 ELSE NULLIF(ac.c2, '') END "
    "FROM annotations_annotation q "
    "LEFT JOIN (SELECT id, group_concat(c0, '; ') AS c0 FROM (SELECT x.content_object_id AS id, "
    r"replace(replace(t.name, '\', '\\'), ';', '\;') AS c0 "
    "FROM annotations_taggedtheme x JOIN annotations_theme t ON t.id = x.tag_id "
    "WHERE x.content_object_id {quotes} ORDER BY x.content_object_id, t.name) GROUP BY id) th "
    "ON th.id = q.id "
    "LEFT JOIN (SELECT id, group_concat(c0, '; ') AS c0, group_concat(c1, '; ') AS c1, "
    "group_concat(c2, '; ') AS c2 FROM (SELECT x.content_object_id AS id, "
    r"replace(replace(t.name, '\', '\\'), ';', '\;') AS c0, t.kind AS c1, t.wikidata_id AS c2 "
    "FROM annotations_taggedactor x JOIN annotations_entity t ON t.id = x.tag_id "
    "WHERE x.content_object_id {quotes} ORDER BY x.content_object_id, t.name) GROUP BY id) ac "
    "ON ac.id = q.id "
    "WHERE q.id {quotes} ON CONFLICT (annotation_id) DO UPDATE SET "
    "themes = excluded.themes, actors = excluded.actors, actor_kinds = excluded.actor_kinds, "
    "actor_wikidata_ids = excluded.actor_wikidata_ids"
)

POSTGRES_FORWARD = f"""
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
    {POSTGRES_REFRESH.format(quotes="= ANY(quotes)")};
END $$;

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
    DELETE FROM annotations_annotation_tag_lists WHERE annotation_id = OLD.id;
    RETURN NULL;
END $$;

-- Statement triggers see every tagging a statement changed at once (bulk tagging).
CREATE TRIGGER annotations_taggedtheme_lists_insert AFTER INSERT ON annotations_taggedtheme
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION newsroom_taggings_changed();
CREATE TRIGGER annotations_taggedtheme_lists_update AFTER UPDATE ON annotations_taggedtheme
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION newsroom_taggings_changed();
CREATE TRIGGER annotations_taggedtheme_lists_delete AFTER DELETE ON annotations_taggedtheme
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION newsroom_taggings_changed();
CREATE TRIGGER annotations_taggedactor_lists_insert AFTER INSERT ON annotations_taggedactor
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION newsroom_taggings_changed();
CREATE TRIGGER annotations_taggedactor_lists_update AFTER UPDATE ON annotations_taggedactor
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION newsroom_taggings_changed();
CREATE TRIGGER annotations_taggedactor_lists_delete AFTER DELETE ON annotations_taggedactor
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION newsroom_taggings_changed();
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

INSERTED = SQLITE_REFRESH.format(quotes="= new.content_object_id")
DELETED = SQLITE_REFRESH.format(quotes="= old.content_object_id")
MOVED = SQLITE_REFRESH.format(quotes="IN (old.content_object_id, new.content_object_id)")
OF_TAG = "IN (SELECT content_object_id FROM annotations_tagged{} WHERE tag_id = new.id)"

SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedtheme_lists_insert "
    f"AFTER INSERT ON annotations_taggedtheme BEGIN {INSERTED}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedtheme_lists_delete "
    f"AFTER DELETE ON annotations_taggedtheme BEGIN {DELETED}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedtheme_lists_update "
    f"AFTER UPDATE ON annotations_taggedtheme BEGIN {MOVED}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedactor_lists_insert "
    f"AFTER INSERT ON annotations_taggedactor BEGIN {INSERTED}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedactor_lists_delete "
    f"AFTER DELETE ON annotations_taggedactor BEGIN {DELETED}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedactor_lists_update "
    f"AFTER UPDATE ON annotations_taggedactor BEGIN {MOVED}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_theme_lists_update "
    "AFTER UPDATE OF name ON annotations_theme WHEN old.name IS NOT new.name BEGIN "
    f"{SQLITE_REFRESH.format(quotes=OF_TAG.format('theme'))}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_entity_lists_update "
    "AFTER UPDATE OF name, kind, wikidata_id ON annotations_entity "
    "WHEN old.name IS NOT new.name OR old.kind IS NOT new.kind "
    "OR old.wikidata_id IS NOT new.wikidata_id BEGIN "
    f"{SQLITE_REFRESH.format(quotes=OF_TAG.format('actor'))}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_annotation_lists_delete "
    "AFTER DELETE ON annotations_annotation BEGIN "
    "DELETE FROM annotations_annotation_tag_lists WHERE annotation_id = old.id; END",
]

SQLITE_FORWARD = [
    *SQLITE_TRIGGERS,
    SQLITE_REFRESH.format(
        quotes="IN (SELECT content_object_id FROM annotations_taggedtheme "
        "UNION SELECT content_object_id FROM annotations_taggedactor)"
    ),
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS annotations_taggedtheme_lists_insert",
    "DROP TRIGGER IF EXISTS annotations_taggedtheme_lists_delete",
    "DROP TRIGGER IF EXISTS annotations_taggedtheme_lists_update",
    "DROP TRIGGER IF EXISTS annotations_taggedactor_lists_insert",
    "DROP TRIGGER IF EXISTS annotations_taggedactor_lists_delete",
    "DROP TRIGGER IF EXISTS annotations_taggedactor_lists_update",
    "DROP TRIGGER IF EXISTS annotations_theme_lists_update",
    "DROP TRIGGER IF EXISTS annotations_entity_lists_update",
    "DROP TRIGGER IF EXISTS annotations_annotation_lists_delete",
]


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
        RunVendorSQL("postgresql", [POSTGRES_FORWARD], [POSTGRES_BACKWARD]),
        RunVendorSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
    ]
