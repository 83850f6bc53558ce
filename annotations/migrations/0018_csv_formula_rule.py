"""CSV cells are neutralised when a formula hides behind what a spreadsheet passes over
(spaces of every kind, zero-width characters, the byte order mark, quotes) or is written
in characters that fold into =, +, - or @ (full-width ＝ ＋ － ＠ and the like): the
tag-list cells, kept by triggers as ready CSV cells, follow the CSV writer's new rule, and
the lists already stored are written again.

The SQL below is frozen: what this migration installs, and (to go back) what migrations
0010, 0012 and 0014 had installed. Statements are written once with a `<cell column>`
mark where each rule puts its cell. The current triggers and functions are
`annotations/db/tag_lists.py`'s, the rule `annotations/exports/csv_writer.py`'s.
"""

from django.db import migrations

from annotations.migrations._vendor_sql import RunVendorSQL

COLUMNS = ("th.c0", "ac.c0", "ac.c1", "ac.c2")
# The code points of the formula characters and of what is skipped before them, and the
# skipped characters as an SQL string.
TRIGGERS = (
    "61, 43, 45, 64, 9, 13, 10, 65309, 65126, 8316, 8332, 65291, 65122, 8314, 8330, "
    "64297, 65293, 65123, 65312, 65131"
)
SKIPPED_CODES = (
    "32, 9, 10, 11, 12, 13, 28, 29, 30, 31, 133, 160, 5760, 8192, 8193, 8194, 8195, "
    "8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 6158, "
    "8203, 8204, 8205, 8288, 65279, 34, 39"
)
SKIPPED = (
    "' \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u180e\u200b\u200c\u200d"
    "\u2060\ufeff\"'''"
)
PREVIOUS_TRIGGERS = "61, 43, 45, 64, 9, 13, 10"


def new_cell(first: str, column: str) -> str:
    trimmed = f"{first}(ltrim({column}, {SKIPPED}))"
    return (
        f"CASE WHEN {first}({column}) IN ({TRIGGERS}) "
        f"OR ({first}({column}) IN ({SKIPPED_CODES}) AND {trimmed} IN ({TRIGGERS})) "
        f"THEN '''' || {column} ELSE NULLIF({column}, '') END"
    )


def previous_cell(first: str, column: str) -> str:
    return (
        f"CASE WHEN {first}({column}) IN ({PREVIOUS_TRIGGERS}) "
        f"THEN '''' || {column} ELSE NULLIF({column}, '') END"
    )


# PostgreSQL: the refresh function, then the lists written again.
POSTGRESQL = [
    (
        "CREATE OR REPLACE FUNCTION newsroom_refresh_tag_lists(quotes bigint[]) RETURNS "
        "void\nLANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$\nBEGIN\n    -- "
        "Wait for whoever renames one of these tags; the upsert below, a statement of its\n  "
        "  -- own, then reads the names they committed.\n    PERFORM 1 FROM "
        "annotations_theme WHERE id = ANY(ARRAY(\n        SELECT DISTINCT tag_id FROM "
        "annotations_taggedtheme WHERE content_object_id = ANY(quotes)\n    )) ORDER BY id "
        "FOR SHARE;\n    PERFORM 1 FROM annotations_entity WHERE id = ANY(ARRAY(\n        "
        "SELECT DISTINCT tag_id FROM annotations_taggedactor WHERE content_object_id = "
        "ANY(quotes)\n    )) ORDER BY id FOR SHARE;\n    INSERT INTO "
        "annotations_annotation_tag_lists (annotation_id, themes, actors, actor_kinds, "
        "actor_wikidata_ids) SELECT q.id, <cell th.c0>, <cell ac.c0>, <cell ac.c1>, <cell "
        "ac.c2> FROM annotations_annotation q LEFT JOIN (SELECT x.content_object_id AS id, "
        "string_agg(replace(replace(t.name, '\\', '\\\\'), ';', '\\;'), '; ' ORDER BY "
        "t.name) AS c0 FROM annotations_taggedtheme x JOIN annotations_theme t ON t.id = "
        "x.tag_id WHERE x.content_object_id = ANY(quotes) GROUP BY x.content_object_id) th "
        "ON th.id = q.id LEFT JOIN (SELECT x.content_object_id AS id, "
        "string_agg(replace(replace(t.name, '\\', '\\\\'), ';', '\\;'), '; ' ORDER BY "
        "t.name) AS c0, string_agg(t.kind, '; ' ORDER BY t.name) AS c1, "
        "string_agg(t.wikidata_id, '; ' ORDER BY t.name) AS c2 FROM annotations_taggedactor "
        "x JOIN annotations_entity t ON t.id = x.tag_id WHERE x.content_object_id = "
        "ANY(quotes) GROUP BY x.content_object_id) ac ON ac.id = q.id WHERE q.id = "
        "ANY(quotes) ON CONFLICT (annotation_id) DO UPDATE SET themes = excluded.themes, "
        "actors = excluded.actors, actor_kinds = excluded.actor_kinds, actor_wikidata_ids = "
        "excluded.actor_wikidata_ids;\nEND $$"
    ),
    (
        "DELETE FROM annotations_annotation_tag_lists WHERE annotation_id NOT IN (SELECT id "
        "FROM annotations_annotation)"
    ),
    (
        "SELECT newsroom_refresh_tag_lists(ARRAY(SELECT content_object_id FROM "
        "annotations_taggedtheme UNION SELECT content_object_id FROM annotations_taggedactor "
        "UNION SELECT annotation_id FROM annotations_annotation_tag_lists))"
    ),
]

# SQLite: each trigger whose body writes the lists, then the lists written again.
SQLITE = [
    ("DROP TRIGGER IF EXISTS annotations_taggedtheme_lists_insert"),
    (
        "CREATE TRIGGER annotations_taggedtheme_lists_insert AFTER INSERT ON "
        "annotations_taggedtheme BEGIN INSERT INTO annotations_annotation_tag_lists "
        "(annotation_id, themes, actors, actor_kinds, actor_wikidata_ids) SELECT q.id, <cell "
        "th.c0>, <cell ac.c0>, <cell ac.c1>, <cell ac.c2> FROM annotations_annotation q LEFT "
        "JOIN (SELECT id, group_concat(c0, '; ') AS c0 FROM (SELECT x.content_object_id AS "
        "id, replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS c0 FROM "
        "annotations_taggedtheme x JOIN annotations_theme t ON t.id = x.tag_id WHERE "
        "x.content_object_id = new.content_object_id ORDER BY x.content_object_id, t.name) "
        "GROUP BY id) th ON th.id = q.id LEFT JOIN (SELECT id, group_concat(c0, '; ') AS c0, "
        "group_concat(c1, '; ') AS c1, group_concat(c2, '; ') AS c2 FROM (SELECT "
        "x.content_object_id AS id, replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS "
        "c0, t.kind AS c1, t.wikidata_id AS c2 FROM annotations_taggedactor x JOIN "
        "annotations_entity t ON t.id = x.tag_id WHERE x.content_object_id = "
        "new.content_object_id ORDER BY x.content_object_id, t.name) GROUP BY id) ac ON "
        "ac.id = q.id WHERE q.id = new.content_object_id ON CONFLICT (annotation_id) DO "
        "UPDATE SET themes = excluded.themes, actors = excluded.actors, actor_kinds = "
        "excluded.actor_kinds, actor_wikidata_ids = excluded.actor_wikidata_ids; END"
    ),
    ("DROP TRIGGER IF EXISTS annotations_taggedtheme_lists_delete"),
    (
        "CREATE TRIGGER annotations_taggedtheme_lists_delete AFTER DELETE ON "
        "annotations_taggedtheme BEGIN INSERT INTO annotations_annotation_tag_lists "
        "(annotation_id, themes, actors, actor_kinds, actor_wikidata_ids) SELECT q.id, <cell "
        "th.c0>, <cell ac.c0>, <cell ac.c1>, <cell ac.c2> FROM annotations_annotation q LEFT "
        "JOIN (SELECT id, group_concat(c0, '; ') AS c0 FROM (SELECT x.content_object_id AS "
        "id, replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS c0 FROM "
        "annotations_taggedtheme x JOIN annotations_theme t ON t.id = x.tag_id WHERE "
        "x.content_object_id = old.content_object_id ORDER BY x.content_object_id, t.name) "
        "GROUP BY id) th ON th.id = q.id LEFT JOIN (SELECT id, group_concat(c0, '; ') AS c0, "
        "group_concat(c1, '; ') AS c1, group_concat(c2, '; ') AS c2 FROM (SELECT "
        "x.content_object_id AS id, replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS "
        "c0, t.kind AS c1, t.wikidata_id AS c2 FROM annotations_taggedactor x JOIN "
        "annotations_entity t ON t.id = x.tag_id WHERE x.content_object_id = "
        "old.content_object_id ORDER BY x.content_object_id, t.name) GROUP BY id) ac ON "
        "ac.id = q.id WHERE q.id = old.content_object_id ON CONFLICT (annotation_id) DO "
        "UPDATE SET themes = excluded.themes, actors = excluded.actors, actor_kinds = "
        "excluded.actor_kinds, actor_wikidata_ids = excluded.actor_wikidata_ids; END"
    ),
    ("DROP TRIGGER IF EXISTS annotations_taggedtheme_lists_update"),
    (
        "CREATE TRIGGER annotations_taggedtheme_lists_update AFTER UPDATE OF tag_id, "
        "content_object_id ON annotations_taggedtheme BEGIN INSERT INTO "
        "annotations_annotation_tag_lists (annotation_id, themes, actors, actor_kinds, "
        "actor_wikidata_ids) SELECT q.id, <cell th.c0>, <cell ac.c0>, <cell ac.c1>, <cell "
        "ac.c2> FROM annotations_annotation q LEFT JOIN (SELECT id, group_concat(c0, '; ') "
        "AS c0 FROM (SELECT x.content_object_id AS id, replace(replace(t.name, '\\', "
        "'\\\\'), ';', '\\;') AS c0 FROM annotations_taggedtheme x JOIN annotations_theme t "
        "ON t.id = x.tag_id WHERE x.content_object_id IN (old.content_object_id, "
        "new.content_object_id) ORDER BY x.content_object_id, t.name) GROUP BY id) th ON "
        "th.id = q.id LEFT JOIN (SELECT id, group_concat(c0, '; ') AS c0, group_concat(c1, "
        "'; ') AS c1, group_concat(c2, '; ') AS c2 FROM (SELECT x.content_object_id AS id, "
        "replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS c0, t.kind AS c1, "
        "t.wikidata_id AS c2 FROM annotations_taggedactor x JOIN annotations_entity t ON "
        "t.id = x.tag_id WHERE x.content_object_id IN (old.content_object_id, "
        "new.content_object_id) ORDER BY x.content_object_id, t.name) GROUP BY id) ac ON "
        "ac.id = q.id WHERE q.id IN (old.content_object_id, new.content_object_id) ON "
        "CONFLICT (annotation_id) DO UPDATE SET themes = excluded.themes, actors = "
        "excluded.actors, actor_kinds = excluded.actor_kinds, actor_wikidata_ids = "
        "excluded.actor_wikidata_ids; END"
    ),
    ("DROP TRIGGER IF EXISTS annotations_theme_lists_update"),
    (
        "CREATE TRIGGER annotations_theme_lists_update AFTER UPDATE OF name ON "
        "annotations_theme WHEN old.name IS NOT new.name BEGIN INSERT INTO "
        "annotations_annotation_tag_lists (annotation_id, themes, actors, actor_kinds, "
        "actor_wikidata_ids) SELECT q.id, <cell th.c0>, <cell ac.c0>, <cell ac.c1>, <cell "
        "ac.c2> FROM annotations_annotation q LEFT JOIN (SELECT id, group_concat(c0, '; ') "
        "AS c0 FROM (SELECT x.content_object_id AS id, replace(replace(t.name, '\\', "
        "'\\\\'), ';', '\\;') AS c0 FROM annotations_taggedtheme x JOIN annotations_theme t "
        "ON t.id = x.tag_id WHERE x.content_object_id IN (SELECT content_object_id FROM "
        "annotations_taggedtheme WHERE tag_id = new.id) ORDER BY x.content_object_id, "
        "t.name) GROUP BY id) th ON th.id = q.id LEFT JOIN (SELECT id, group_concat(c0, '; "
        "') AS c0, group_concat(c1, '; ') AS c1, group_concat(c2, '; ') AS c2 FROM (SELECT "
        "x.content_object_id AS id, replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS "
        "c0, t.kind AS c1, t.wikidata_id AS c2 FROM annotations_taggedactor x JOIN "
        "annotations_entity t ON t.id = x.tag_id WHERE x.content_object_id IN (SELECT "
        "content_object_id FROM annotations_taggedtheme WHERE tag_id = new.id) ORDER BY "
        "x.content_object_id, t.name) GROUP BY id) ac ON ac.id = q.id WHERE q.id IN (SELECT "
        "content_object_id FROM annotations_taggedtheme WHERE tag_id = new.id) ON CONFLICT "
        "(annotation_id) DO UPDATE SET themes = excluded.themes, actors = excluded.actors, "
        "actor_kinds = excluded.actor_kinds, actor_wikidata_ids = "
        "excluded.actor_wikidata_ids; END"
    ),
    ("DROP TRIGGER IF EXISTS annotations_taggedactor_lists_insert"),
    (
        "CREATE TRIGGER annotations_taggedactor_lists_insert AFTER INSERT ON "
        "annotations_taggedactor BEGIN INSERT INTO annotations_annotation_tag_lists "
        "(annotation_id, themes, actors, actor_kinds, actor_wikidata_ids) SELECT q.id, <cell "
        "th.c0>, <cell ac.c0>, <cell ac.c1>, <cell ac.c2> FROM annotations_annotation q LEFT "
        "JOIN (SELECT id, group_concat(c0, '; ') AS c0 FROM (SELECT x.content_object_id AS "
        "id, replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS c0 FROM "
        "annotations_taggedtheme x JOIN annotations_theme t ON t.id = x.tag_id WHERE "
        "x.content_object_id = new.content_object_id ORDER BY x.content_object_id, t.name) "
        "GROUP BY id) th ON th.id = q.id LEFT JOIN (SELECT id, group_concat(c0, '; ') AS c0, "
        "group_concat(c1, '; ') AS c1, group_concat(c2, '; ') AS c2 FROM (SELECT "
        "x.content_object_id AS id, replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS "
        "c0, t.kind AS c1, t.wikidata_id AS c2 FROM annotations_taggedactor x JOIN "
        "annotations_entity t ON t.id = x.tag_id WHERE x.content_object_id = "
        "new.content_object_id ORDER BY x.content_object_id, t.name) GROUP BY id) ac ON "
        "ac.id = q.id WHERE q.id = new.content_object_id ON CONFLICT (annotation_id) DO "
        "UPDATE SET themes = excluded.themes, actors = excluded.actors, actor_kinds = "
        "excluded.actor_kinds, actor_wikidata_ids = excluded.actor_wikidata_ids; END"
    ),
    ("DROP TRIGGER IF EXISTS annotations_taggedactor_lists_delete"),
    (
        "CREATE TRIGGER annotations_taggedactor_lists_delete AFTER DELETE ON "
        "annotations_taggedactor BEGIN INSERT INTO annotations_annotation_tag_lists "
        "(annotation_id, themes, actors, actor_kinds, actor_wikidata_ids) SELECT q.id, <cell "
        "th.c0>, <cell ac.c0>, <cell ac.c1>, <cell ac.c2> FROM annotations_annotation q LEFT "
        "JOIN (SELECT id, group_concat(c0, '; ') AS c0 FROM (SELECT x.content_object_id AS "
        "id, replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS c0 FROM "
        "annotations_taggedtheme x JOIN annotations_theme t ON t.id = x.tag_id WHERE "
        "x.content_object_id = old.content_object_id ORDER BY x.content_object_id, t.name) "
        "GROUP BY id) th ON th.id = q.id LEFT JOIN (SELECT id, group_concat(c0, '; ') AS c0, "
        "group_concat(c1, '; ') AS c1, group_concat(c2, '; ') AS c2 FROM (SELECT "
        "x.content_object_id AS id, replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS "
        "c0, t.kind AS c1, t.wikidata_id AS c2 FROM annotations_taggedactor x JOIN "
        "annotations_entity t ON t.id = x.tag_id WHERE x.content_object_id = "
        "old.content_object_id ORDER BY x.content_object_id, t.name) GROUP BY id) ac ON "
        "ac.id = q.id WHERE q.id = old.content_object_id ON CONFLICT (annotation_id) DO "
        "UPDATE SET themes = excluded.themes, actors = excluded.actors, actor_kinds = "
        "excluded.actor_kinds, actor_wikidata_ids = excluded.actor_wikidata_ids; END"
    ),
    ("DROP TRIGGER IF EXISTS annotations_taggedactor_lists_update"),
    (
        "CREATE TRIGGER annotations_taggedactor_lists_update AFTER UPDATE OF tag_id, "
        "content_object_id ON annotations_taggedactor BEGIN INSERT INTO "
        "annotations_annotation_tag_lists (annotation_id, themes, actors, actor_kinds, "
        "actor_wikidata_ids) SELECT q.id, <cell th.c0>, <cell ac.c0>, <cell ac.c1>, <cell "
        "ac.c2> FROM annotations_annotation q LEFT JOIN (SELECT id, group_concat(c0, '; ') "
        "AS c0 FROM (SELECT x.content_object_id AS id, replace(replace(t.name, '\\', "
        "'\\\\'), ';', '\\;') AS c0 FROM annotations_taggedtheme x JOIN annotations_theme t "
        "ON t.id = x.tag_id WHERE x.content_object_id IN (old.content_object_id, "
        "new.content_object_id) ORDER BY x.content_object_id, t.name) GROUP BY id) th ON "
        "th.id = q.id LEFT JOIN (SELECT id, group_concat(c0, '; ') AS c0, group_concat(c1, "
        "'; ') AS c1, group_concat(c2, '; ') AS c2 FROM (SELECT x.content_object_id AS id, "
        "replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS c0, t.kind AS c1, "
        "t.wikidata_id AS c2 FROM annotations_taggedactor x JOIN annotations_entity t ON "
        "t.id = x.tag_id WHERE x.content_object_id IN (old.content_object_id, "
        "new.content_object_id) ORDER BY x.content_object_id, t.name) GROUP BY id) ac ON "
        "ac.id = q.id WHERE q.id IN (old.content_object_id, new.content_object_id) ON "
        "CONFLICT (annotation_id) DO UPDATE SET themes = excluded.themes, actors = "
        "excluded.actors, actor_kinds = excluded.actor_kinds, actor_wikidata_ids = "
        "excluded.actor_wikidata_ids; END"
    ),
    ("DROP TRIGGER IF EXISTS annotations_entity_lists_update"),
    (
        "CREATE TRIGGER annotations_entity_lists_update AFTER UPDATE OF name, kind, "
        "wikidata_id ON annotations_entity WHEN old.name IS NOT new.name OR old.kind IS NOT "
        "new.kind OR old.wikidata_id IS NOT new.wikidata_id BEGIN INSERT INTO "
        "annotations_annotation_tag_lists (annotation_id, themes, actors, actor_kinds, "
        "actor_wikidata_ids) SELECT q.id, <cell th.c0>, <cell ac.c0>, <cell ac.c1>, <cell "
        "ac.c2> FROM annotations_annotation q LEFT JOIN (SELECT id, group_concat(c0, '; ') "
        "AS c0 FROM (SELECT x.content_object_id AS id, replace(replace(t.name, '\\', "
        "'\\\\'), ';', '\\;') AS c0 FROM annotations_taggedtheme x JOIN annotations_theme t "
        "ON t.id = x.tag_id WHERE x.content_object_id IN (SELECT content_object_id FROM "
        "annotations_taggedactor WHERE tag_id = new.id) ORDER BY x.content_object_id, "
        "t.name) GROUP BY id) th ON th.id = q.id LEFT JOIN (SELECT id, group_concat(c0, '; "
        "') AS c0, group_concat(c1, '; ') AS c1, group_concat(c2, '; ') AS c2 FROM (SELECT "
        "x.content_object_id AS id, replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS "
        "c0, t.kind AS c1, t.wikidata_id AS c2 FROM annotations_taggedactor x JOIN "
        "annotations_entity t ON t.id = x.tag_id WHERE x.content_object_id IN (SELECT "
        "content_object_id FROM annotations_taggedactor WHERE tag_id = new.id) ORDER BY "
        "x.content_object_id, t.name) GROUP BY id) ac ON ac.id = q.id WHERE q.id IN (SELECT "
        "content_object_id FROM annotations_taggedactor WHERE tag_id = new.id) ON CONFLICT "
        "(annotation_id) DO UPDATE SET themes = excluded.themes, actors = excluded.actors, "
        "actor_kinds = excluded.actor_kinds, actor_wikidata_ids = "
        "excluded.actor_wikidata_ids; END"
    ),
    (
        "DELETE FROM annotations_annotation_tag_lists WHERE annotation_id NOT IN (SELECT id "
        "FROM annotations_annotation)"
    ),
    (
        "INSERT INTO annotations_annotation_tag_lists (annotation_id, themes, actors, "
        "actor_kinds, actor_wikidata_ids) SELECT q.id, <cell th.c0>, <cell ac.c0>, <cell "
        "ac.c1>, <cell ac.c2> FROM annotations_annotation q LEFT JOIN (SELECT id, "
        "group_concat(c0, '; ') AS c0 FROM (SELECT x.content_object_id AS id, "
        "replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS c0 FROM "
        "annotations_taggedtheme x JOIN annotations_theme t ON t.id = x.tag_id WHERE "
        "x.content_object_id IN (SELECT content_object_id FROM annotations_taggedtheme UNION "
        "SELECT content_object_id FROM annotations_taggedactor UNION SELECT annotation_id "
        "FROM annotations_annotation_tag_lists) ORDER BY x.content_object_id, t.name) GROUP "
        "BY id) th ON th.id = q.id LEFT JOIN (SELECT id, group_concat(c0, '; ') AS c0, "
        "group_concat(c1, '; ') AS c1, group_concat(c2, '; ') AS c2 FROM (SELECT "
        "x.content_object_id AS id, replace(replace(t.name, '\\', '\\\\'), ';', '\\;') AS "
        "c0, t.kind AS c1, t.wikidata_id AS c2 FROM annotations_taggedactor x JOIN "
        "annotations_entity t ON t.id = x.tag_id WHERE x.content_object_id IN (SELECT "
        "content_object_id FROM annotations_taggedtheme UNION SELECT content_object_id FROM "
        "annotations_taggedactor UNION SELECT annotation_id FROM "
        "annotations_annotation_tag_lists) ORDER BY x.content_object_id, t.name) GROUP BY "
        "id) ac ON ac.id = q.id WHERE q.id IN (SELECT content_object_id FROM "
        "annotations_taggedtheme UNION SELECT content_object_id FROM annotations_taggedactor "
        "UNION SELECT annotation_id FROM annotations_annotation_tag_lists) ON CONFLICT "
        "(annotation_id) DO UPDATE SET themes = excluded.themes, actors = excluded.actors, "
        "actor_kinds = excluded.actor_kinds, actor_wikidata_ids = excluded.actor_wikidata_ids"
    ),
]


def statements(templates: list[str], first: str, cell) -> list[str]:
    written = []
    for template in templates:
        for column in COLUMNS:
            template = template.replace(f"<cell {column}>", cell(first, column))
        written.append(template)
    return written


class Migration(migrations.Migration):
    dependencies = [("annotations", "0017_search_index_size_limit")]

    operations = [
        RunVendorSQL(
            "postgresql",
            statements(POSTGRESQL, "ascii", new_cell),
            statements(POSTGRESQL, "ascii", previous_cell),
        ),
        RunVendorSQL(
            "sqlite",
            statements(SQLITE, "unicode", new_cell),
            statements(SQLITE, "unicode", previous_cell),
        ),
    ]
