"""The tag-list refresh (migration 0010) share-locks its tags by looking their taggings up
by quote.

Written as `id IN (SELECT tag_id ... WHERE content_object_id = ANY(quotes))`, PostgreSQL
walked each tag's taggings and compared every one with every quote of the statement:
5 s per theme and per actor lock for a bulk tagging of 5,000 quotes among a million, where
an array of the taggings' tags, read by the quote index, takes 50 ms.

The SQL below is frozen: the function as this migration installs it, and as 0010 had it
(to go back). The current one is `annotations/db/tag_lists.py`'s.
"""

from django.db import migrations

from annotations.migrations._vendor_sql import RunVendorSQL

# Migration 0010's upsert of the lists of the quotes at hand, unchanged.
REFRESH = (
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
    "WHERE x.content_object_id = ANY(quotes) GROUP BY x.content_object_id) th ON th.id = q.id "
    "LEFT JOIN (SELECT x.content_object_id AS id, "
    r"string_agg(replace(replace(t.name, '\', '\\'), ';', '\;'), '; ' ORDER BY t.name) AS c0, "
    "string_agg(t.kind, '; ' ORDER BY t.name) AS c1, "
    "string_agg(t.wikidata_id, '; ' ORDER BY t.name) AS c2 "
    "FROM annotations_taggedactor x JOIN annotations_entity t ON t.id = x.tag_id "
    "WHERE x.content_object_id = ANY(quotes) GROUP BY x.content_object_id) ac ON ac.id = q.id "
    "WHERE q.id = ANY(quotes) ON CONFLICT (annotation_id) DO UPDATE SET "
    "themes = excluded.themes, actors = excluded.actors, actor_kinds = excluded.actor_kinds, "
    "actor_wikidata_ids = excluded.actor_wikidata_ids"
)

FUNCTION = """
-- A plan made for the quotes at hand: a generic plan, not knowing how many there are,
-- scans whole tagging tables (seconds per statement once they hold millions of rows).
CREATE OR REPLACE FUNCTION newsroom_refresh_tag_lists(quotes bigint[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
    -- Wait for whoever renames one of these tags; the upsert below, a statement of its
    -- own, then reads the names they committed.
{locks}
    {refresh};
END $$;
"""

LOCKS = """\
    PERFORM 1 FROM annotations_theme WHERE id = ANY(ARRAY(
        SELECT DISTINCT tag_id FROM annotations_taggedtheme WHERE content_object_id = ANY(quotes)
    )) ORDER BY id FOR SHARE;
    PERFORM 1 FROM annotations_entity WHERE id = ANY(ARRAY(
        SELECT DISTINCT tag_id FROM annotations_taggedactor WHERE content_object_id = ANY(quotes)
    )) ORDER BY id FOR SHARE;"""

PREVIOUS_LOCKS = """\
    PERFORM 1 FROM annotations_theme WHERE id IN (
        SELECT tag_id FROM annotations_taggedtheme WHERE content_object_id = ANY(quotes)
    ) ORDER BY id FOR SHARE;
    PERFORM 1 FROM annotations_entity WHERE id IN (
        SELECT tag_id FROM annotations_taggedactor WHERE content_object_id = ANY(quotes)
    ) ORDER BY id FOR SHARE;"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0011_tag_quote_indexes")]

    operations = [
        RunVendorSQL(
            "postgresql",
            [FUNCTION.format(locks=LOCKS, refresh=REFRESH)],
            [FUNCTION.format(locks=PREVIOUS_LOCKS, refresh=REFRESH)],
        )
    ]
