"""The tag-list refresh (migration 0010) share-locks its tags by looking their taggings up
by quote.

Written as `id IN (SELECT tag_id ... WHERE content_object_id = ANY(quotes))`, PostgreSQL
walked each tag's taggings and compared every one with every quote of the statement:
5 s per theme and per actor lock for a bulk tagging of 5,000 quotes among a million, where
an array of the taggings' tags, read by the quote index, takes 50 ms.
"""

import importlib

from django.db import migrations

tag_lists = importlib.import_module("annotations.migrations.0010_tag_lists")

REFRESH_FUNCTION = rf"""
-- A plan made for the quotes at hand: a generic plan, not knowing how many there are,
-- scans whole tagging tables (seconds per statement once they hold millions of rows).
CREATE OR REPLACE FUNCTION newsroom_refresh_tag_lists(quotes bigint[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
    -- Wait for whoever renames one of these tags; the upsert below, a statement of its
    -- own, then reads the names they committed.
    PERFORM 1 FROM annotations_theme WHERE id = ANY(ARRAY(
        SELECT DISTINCT tag_id FROM annotations_taggedtheme WHERE content_object_id = ANY(quotes)
    )) ORDER BY id FOR SHARE;
    PERFORM 1 FROM annotations_entity WHERE id = ANY(ARRAY(
        SELECT DISTINCT tag_id FROM annotations_taggedactor WHERE content_object_id = ANY(quotes)
    )) ORDER BY id FOR SHARE;
    {tag_lists.refresh_sql("postgresql", "= ANY(quotes)")};
END $$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REFRESH_FUNCTION, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        previous = tag_lists.POSTGRES_REFRESH_FUNCTION.replace(
            "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
        )
        schema_editor.execute(previous, params=None)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0011_tag_quote_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
