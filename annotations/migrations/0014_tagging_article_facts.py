"""Each tagging carries its quote's article, publication date and outlet, kept by triggers.

A theme's quotes approved in a date range, or its articles, were found by visiting each of
the theme's 25,000 quotes and then their articles (50 to 100 ms a list among a million
quotes). With the article facts on the tagging, the (tag, published) index holds them all:
the list filters read that index alone (ArticleFacts in models.py; NamesFilter).

Triggers fill a tagging's facts from its quote's article when it is inserted or moved to
another quote, copy an article's new date or outlet onto its taggings, and follow a quote
moved to another article. Bulk inserts, `QuerySet.update()`, the admin and raw SQL all go
through them.

On PostgreSQL it also adds covering indexes for the lists' other filters (an outlet's
articles, an author's quotes, the default newest-first order), read without the tables.

Updating a tagging's facts changes no tag list (migration 0010): the tag-list triggers now
skip updates that leave a tagging's tag and quote as they were.

On PostgreSQL a tagging's insert share-locks the quote's article, so that it waits for (and
then reads) a concurrent change of the article's date or outlet, whose own copy onto the
taggings then sees it. SQLite has one writer at a time.

The SQL below is frozen: what this migration installed. The current triggers and functions
are `annotations/db/article_facts.py`'s (and `tag_lists.py`'s for the tag lists). Caution
for later migrations on SQLite: rebuilding the tagging, annotation or article table drops
its triggers; install the current ones again after any such migration
(tests/test_db_triggers.py fails if one is missing).
"""

import django.db.models.deletion
from django.db import migrations, models

from annotations.migrations._vendor_sql import RunVendorSQL

THEMES, ACTORS = "annotations_taggedtheme", "annotations_taggedactor"

# Templates of this migration's statements: {quote} is the quote whose article's facts a
# tagging takes, {table} a tagging table, {new} the changed article.
FACTS_OF_QUOTE = (
    "SELECT ar.id, ar.published, ar.outlet_id FROM annotations_annotation a "
    "JOIN annotations_article ar ON ar.id = a.article_id WHERE a.id = {quote}"
)
FILL = (
    "UPDATE {table} SET (article_id, published, outlet_id) = (" + FACTS_OF_QUOTE + ") WHERE {where}"
)
COPY_FACTS = (
    "UPDATE {table} SET published = {new}.published, outlet_id = {new}.outlet_id "
    "WHERE article_id = {new}.id"
)

TAGGINGS_CHANGED = """
CREATE OR REPLACE FUNCTION newsroom_taggings_changed() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    quotes bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        quotes := ARRAY(SELECT DISTINCT content_object_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        quotes := ARRAY(SELECT DISTINCT content_object_id FROM old_rows);
    ELSE
        {update}
    END IF;
    -- One writer of a quote's tags at a time, in id order so that two never deadlock.
    PERFORM 1 FROM annotations_annotation WHERE id = ANY(quotes) ORDER BY id
        FOR NO KEY UPDATE;
    PERFORM newsroom_refresh_tag_lists(quotes);
    RETURN NULL;
END $$;"""

# Only taggings moved to another tag or quote: the facts copied here change no list.
MOVED = "(o.tag_id, o.content_object_id) IS DISTINCT FROM (n.tag_id, n.content_object_id)"
MOVED_ONLY = f"""quotes := ARRAY(
            SELECT o.content_object_id FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE {MOVED}
            UNION SELECT n.content_object_id FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE {MOVED});
        IF cardinality(quotes) = 0 THEN
            RETURN NULL;
        END IF;"""
# Migration 0010's branch, to go back.
EVERY_UPDATE = """quotes := ARRAY(SELECT content_object_id FROM old_rows
                        UNION SELECT content_object_id FROM new_rows);"""

POSTGRES_FORWARD = f"""{TAGGINGS_CHANGED.format(update=MOVED_ONLY)}

UPDATE annotations_taggedtheme t SET article_id = ar.id, published = ar.published,
    outlet_id = ar.outlet_id FROM annotations_annotation a
    JOIN annotations_article ar ON ar.id = a.article_id WHERE a.id = t.content_object_id;
UPDATE annotations_taggedactor t SET article_id = ar.id, published = ar.published,
    outlet_id = ar.outlet_id FROM annotations_annotation a
    JOIN annotations_article ar ON ar.id = a.article_id WHERE a.id = t.content_object_id;

CREATE FUNCTION newsroom_tagging_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {FACTS_OF_QUOTE.format(quote="NEW.content_object_id")} FOR SHARE OF ar
        INTO NEW.article_id, NEW.published, NEW.outlet_id;
    RETURN NEW;
END $$;

CREATE FUNCTION newsroom_article_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {COPY_FACTS.format(table=THEMES, new="NEW")};
    {COPY_FACTS.format(table=ACTORS, new="NEW")};
    RETURN NULL;
END $$;

CREATE FUNCTION newsroom_quote_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {FILL.format(table=THEMES, quote="NEW.id", where="content_object_id = NEW.id")};
    {FILL.format(table=ACTORS, quote="NEW.id", where="content_object_id = NEW.id")};
    RETURN NULL;
END $$;

CREATE TRIGGER annotations_taggedtheme_facts
    BEFORE INSERT OR UPDATE OF content_object_id ON annotations_taggedtheme
    FOR EACH ROW EXECUTE FUNCTION newsroom_tagging_facts();
CREATE TRIGGER annotations_taggedactor_facts
    BEFORE INSERT OR UPDATE OF content_object_id ON annotations_taggedactor
    FOR EACH ROW EXECUTE FUNCTION newsroom_tagging_facts();
CREATE TRIGGER annotations_article_tag_facts AFTER UPDATE ON annotations_article
    FOR EACH ROW WHEN (
        OLD.published IS DISTINCT FROM NEW.published OR OLD.outlet_id IS DISTINCT FROM NEW.outlet_id
    ) EXECUTE FUNCTION newsroom_article_facts_changed();
CREATE TRIGGER annotations_annotation_tag_facts AFTER UPDATE ON annotations_annotation
    FOR EACH ROW WHEN (OLD.article_id IS DISTINCT FROM NEW.article_id)
    EXECUTE FUNCTION newsroom_quote_moved();

-- Covering: a tag's quotes or articles in a date range and outlet, from the index alone.
CREATE INDEX theme_tag_facts_idx ON annotations_taggedtheme (tag_id, published)
    INCLUDE (content_object_id, article_id, outlet_id);
CREATE INDEX actor_tag_facts_idx ON annotations_taggedactor (tag_id, published)
    INCLUDE (content_object_id, article_id, outlet_id);
-- Covering: an outlet's articles in a date range (or by title), then their quotes by
-- author or status, found without reading either table.
CREATE INDEX article_outlet_facts_idx ON annotations_article (outlet_id, published)
    INCLUDE (id, title);
CREATE INDEX annotation_article_facts_idx ON annotations_annotation (article_id)
    INCLUDE (id, author_id, status, speaker_id, created);
-- Covering, in the lists' default order (newest first): a walk along it tests each quote's
-- status, author and article without reading the quote.
CREATE INDEX annotation_created_facts_idx ON annotations_annotation (created, id)
    INCLUDE (status, author_id, article_id);
-- Covering: an author's quotes by article, joined by hash with an outlet's articles.
CREATE INDEX annotation_author_facts_idx ON annotations_annotation (author_id, article_id)
    INCLUDE (id);
"""

POSTGRES_BACKWARD = f"""
DROP INDEX annotation_author_facts_idx;
DROP INDEX annotation_created_facts_idx;
DROP INDEX annotation_article_facts_idx;
DROP INDEX article_outlet_facts_idx;
DROP INDEX actor_tag_facts_idx;
DROP INDEX theme_tag_facts_idx;
DROP TRIGGER annotations_annotation_tag_facts ON annotations_annotation;
DROP TRIGGER annotations_article_tag_facts ON annotations_article;
DROP TRIGGER annotations_taggedtheme_facts ON annotations_taggedtheme;
DROP TRIGGER annotations_taggedactor_facts ON annotations_taggedactor;
DROP FUNCTION newsroom_quote_moved();
DROP FUNCTION newsroom_article_facts_changed();
DROP FUNCTION newsroom_tagging_facts();
{TAGGINGS_CHANGED.format(update=EVERY_UPDATE)}
"""

# Migration 0010's upsert of the lists of a tagging's old and new quote, unchanged.
REFRESH_MOVED = (
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
    "WHERE x.content_object_id IN (old.content_object_id, new.content_object_id) "
    "ORDER BY x.content_object_id, t.name) GROUP BY id) th ON th.id = q.id "
    "LEFT JOIN (SELECT id, group_concat(c0, '; ') AS c0, group_concat(c1, '; ') AS c1, "
    "group_concat(c2, '; ') AS c2 FROM (SELECT x.content_object_id AS id, "
    r"replace(replace(t.name, '\', '\\'), ';', '\;') AS c0, t.kind AS c1, t.wikidata_id AS c2 "
    "FROM annotations_taggedactor x JOIN annotations_entity t ON t.id = x.tag_id "
    "WHERE x.content_object_id IN (old.content_object_id, new.content_object_id) "
    "ORDER BY x.content_object_id, t.name) GROUP BY id) ac ON ac.id = q.id "
    "WHERE q.id IN (old.content_object_id, new.content_object_id) "
    "ON CONFLICT (annotation_id) DO UPDATE SET "
    "themes = excluded.themes, actors = excluded.actors, actor_kinds = excluded.actor_kinds, "
    "actor_wikidata_ids = excluded.actor_wikidata_ids"
)
TAGGED = {"quote": "new.content_object_id", "where": "id = new.id"}
FOLLOW = {"quote": "new.id", "where": "content_object_id = new.id"}

SQLITE_FORWARD = [
    "DROP TRIGGER annotations_taggedtheme_lists_update",
    "DROP TRIGGER annotations_taggedactor_lists_update",
    FILL.format(table=THEMES, quote=f"{THEMES}.content_object_id", where="1 = 1"),
    FILL.format(table=ACTORS, quote=f"{ACTORS}.content_object_id", where="1 = 1"),
    # The tag lists follow a tagging's tag and quote only, not the facts below.
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedtheme_lists_update "
    f"AFTER UPDATE OF tag_id, content_object_id ON {THEMES} BEGIN {REFRESH_MOVED}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedtheme_facts_insert "
    f"AFTER INSERT ON {THEMES} BEGIN {FILL.format(table=THEMES, **TAGGED)}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedtheme_facts_update "
    f"AFTER UPDATE OF content_object_id ON {THEMES} "
    f"BEGIN {FILL.format(table=THEMES, **TAGGED)}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedactor_lists_update "
    f"AFTER UPDATE OF tag_id, content_object_id ON {ACTORS} BEGIN {REFRESH_MOVED}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedactor_facts_insert "
    f"AFTER INSERT ON {ACTORS} BEGIN {FILL.format(table=ACTORS, **TAGGED)}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedactor_facts_update "
    f"AFTER UPDATE OF content_object_id ON {ACTORS} "
    f"BEGIN {FILL.format(table=ACTORS, **TAGGED)}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_article_tag_facts "
    "AFTER UPDATE OF published, outlet_id ON annotations_article "
    "WHEN old.published IS NOT new.published OR old.outlet_id IS NOT new.outlet_id BEGIN "
    f"{COPY_FACTS.format(table=THEMES, new='new')}; "
    f"{COPY_FACTS.format(table=ACTORS, new='new')}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_annotation_tag_facts "
    "AFTER UPDATE OF article_id ON annotations_annotation "
    "WHEN old.article_id IS NOT new.article_id BEGIN "
    f"{FILL.format(table=THEMES, **FOLLOW)}; {FILL.format(table=ACTORS, **FOLLOW)}; END",
    "CREATE INDEX theme_tag_facts_idx ON annotations_taggedtheme (tag_id, published)",
    "CREATE INDEX actor_tag_facts_idx ON annotations_taggedactor (tag_id, published)",
]

SQLITE_BACKWARD = [
    "DROP INDEX actor_tag_facts_idx",
    "DROP INDEX theme_tag_facts_idx",
    "DROP TRIGGER annotations_annotation_tag_facts",
    "DROP TRIGGER annotations_article_tag_facts",
    "DROP TRIGGER annotations_taggedtheme_facts_insert",
    "DROP TRIGGER annotations_taggedtheme_facts_update",
    "DROP TRIGGER annotations_taggedtheme_lists_update",
    "DROP TRIGGER annotations_taggedactor_facts_insert",
    "DROP TRIGGER annotations_taggedactor_facts_update",
    "DROP TRIGGER annotations_taggedactor_lists_update",
    # Migration 0010's: every update of a tagging refreshed its lists.
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedtheme_lists_update "
    f"AFTER UPDATE ON {THEMES} BEGIN {REFRESH_MOVED}; END",
    "CREATE TRIGGER IF NOT EXISTS annotations_taggedactor_lists_update "
    f"AFTER UPDATE ON {ACTORS} BEGIN {REFRESH_MOVED}; END",
]


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0013_facts_indexes"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model_name, name=name, field=field)
            for model_name in ("taggedactor", "taggedtheme")
            for name, field in (
                (
                    "article",
                    models.ForeignKey(
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="annotations.article",
                    ),
                ),
                (
                    "outlet",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="annotations.outlet",
                    ),
                ),
                ("published", models.DateTimeField(editable=False, null=True)),
            )
        ),
        RunVendorSQL("postgresql", [POSTGRES_FORWARD], [POSTGRES_BACKWARD]),
        RunVendorSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
    ]
