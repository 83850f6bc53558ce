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

Caution for later migrations on SQLite: rebuilding the tagging, annotation or article table
drops its triggers; re-run SQLITE_TRIGGERS here after any such migration (and 0010's, but
for its tagging update triggers, which these replace). tests/test_tagging_facts.py fails if
the facts fall out of step.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

tag_lists = importlib.import_module("annotations.migrations.0010_tag_lists")

TAGGINGS = ("annotations_taggedtheme", "annotations_taggedactor")
FACTS_OF_QUOTE = (
    "SELECT ar.id, ar.published, ar.outlet_id FROM annotations_annotation a "
    "JOIN annotations_article ar ON ar.id = a.article_id WHERE a.id = {quote}"
)


ORIGINAL_UPDATE_BRANCH = (
    "quotes := ARRAY(SELECT content_object_id FROM old_rows\n"
    "                        UNION SELECT content_object_id FROM new_rows);"
)


def _taggings_changed(update_branch: str) -> str:
    """newsroom_taggings_changed (migration 0010) with another branch for UPDATE."""
    source = tag_lists.POSTGRES_FORWARD
    start = source.index("CREATE FUNCTION newsroom_taggings_changed()")
    end = source.index("END $$;", start) + len("END $$;")
    function = source[start:end].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    assert ORIGINAL_UPDATE_BRANCH in function
    return function.replace(ORIGINAL_UPDATE_BRANCH, update_branch)


# Only taggings moved to another tag or quote: the facts copied here change no list.
MOVED = "(o.tag_id, o.content_object_id) IS DISTINCT FROM (n.tag_id, n.content_object_id)"
POSTGRES_TAGGINGS_CHANGED = _taggings_changed(
    f"""quotes := ARRAY(
            SELECT o.content_object_id FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE {MOVED}
            UNION SELECT n.content_object_id FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE {MOVED});
        IF cardinality(quotes) = 0 THEN
            RETURN NULL;
        END IF;"""
)


def _fill(table: str, quote: str, where: str) -> str:
    return (
        f"UPDATE {table} SET (article_id, published, outlet_id) = "
        f"({FACTS_OF_QUOTE.format(quote=quote)}) WHERE {where}"
    )


# A quote moved to another article: its taggings take the new article's facts.
POSTGRES_FOLLOW_QUOTE = "\n".join(
    f"    {_fill(table, 'NEW.id', 'content_object_id = NEW.id')};" for table in TAGGINGS
)


def _each_tagging(statement: str) -> str:
    """`statement` for both tagging tables ({table})."""
    return "\n".join(statement.format(table=table) for table in TAGGINGS)


POSTGRES_FORWARD = f"""
{POSTGRES_TAGGINGS_CHANGED}

{
    _each_tagging(
        "UPDATE {table} t SET article_id = ar.id, published = ar.published, "
        "outlet_id = ar.outlet_id FROM annotations_annotation a "
        "JOIN annotations_article ar ON ar.id = a.article_id WHERE a.id = t.content_object_id;"
    )
}

CREATE FUNCTION newsroom_tagging_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {FACTS_OF_QUOTE.format(quote="NEW.content_object_id")} FOR SHARE OF ar
        INTO NEW.article_id, NEW.published, NEW.outlet_id;
    RETURN NEW;
END $$;

CREATE FUNCTION newsroom_article_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{
    _each_tagging(
        "    UPDATE {table} SET published = NEW.published, outlet_id = NEW.outlet_id "
        "WHERE article_id = NEW.id;"
    )
}
    RETURN NULL;
END $$;

CREATE FUNCTION newsroom_quote_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{POSTGRES_FOLLOW_QUOTE}
    RETURN NULL;
END $$;

{
    _each_tagging(
        "CREATE TRIGGER {table}_facts BEFORE INSERT OR UPDATE OF content_object_id ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION newsroom_tagging_facts();"
    )
}
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
{_each_tagging("DROP TRIGGER {table}_facts ON {table};")}
DROP FUNCTION newsroom_quote_moved();
DROP FUNCTION newsroom_article_facts_changed();
DROP FUNCTION newsroom_tagging_facts();
{_taggings_changed(ORIGINAL_UPDATE_BRANCH)}
"""


def _sqlite_trigger(name: str, event: str, body: str, when: str = "") -> str:
    return f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event}{when} BEGIN {body}; END"


SQLITE_TRIGGERS = [
    *(
        trigger
        for table in TAGGINGS
        for trigger in (
            # The tag lists follow a tagging's tag and quote only, not the facts below.
            _sqlite_trigger(
                f"{table}_lists_update",
                f"UPDATE OF tag_id, content_object_id ON {table}",
                tag_lists.refresh_sql(
                    "sqlite", "IN (old.content_object_id, new.content_object_id)"
                ),
            ),
            _sqlite_trigger(
                f"{table}_facts_insert",
                f"INSERT ON {table}",
                _fill(table, "new.content_object_id", "id = new.id"),
            ),
            _sqlite_trigger(
                f"{table}_facts_update",
                f"UPDATE OF content_object_id ON {table}",
                _fill(table, "new.content_object_id", "id = new.id"),
            ),
        )
    ),
    _sqlite_trigger(
        "annotations_article_tag_facts",
        "UPDATE OF published, outlet_id ON annotations_article",
        "; ".join(
            f"UPDATE {table} SET published = new.published, outlet_id = new.outlet_id "
            "WHERE article_id = new.id"
            for table in TAGGINGS
        ),
        when=" WHEN old.published IS NOT new.published OR old.outlet_id IS NOT new.outlet_id",
    ),
    _sqlite_trigger(
        "annotations_annotation_tag_facts",
        "UPDATE OF article_id ON annotations_annotation",
        "; ".join(_fill(table, "new.id", "content_object_id = new.id") for table in TAGGINGS),
        when=" WHEN old.article_id IS NOT new.article_id",
    ),
]

SQLITE_FORWARD = [
    *(f"DROP TRIGGER {table}_lists_update" for table in TAGGINGS),
    *(_fill(table, f"{table}.content_object_id", "1 = 1") for table in TAGGINGS),
    *SQLITE_TRIGGERS,
    *(
        f"CREATE INDEX {kind}_tag_facts_idx ON {table} (tag_id, published)"
        for kind, table in zip(("theme", "actor"), TAGGINGS, strict=True)
    ),
]

SQLITE_BACKWARD = [
    "DROP INDEX actor_tag_facts_idx",
    "DROP INDEX theme_tag_facts_idx",
    "DROP TRIGGER annotations_annotation_tag_facts",
    "DROP TRIGGER annotations_article_tag_facts",
    *(
        f"DROP TRIGGER {table}_{name}"
        for table in TAGGINGS
        for name in ("facts_insert", "facts_update", "lists_update")
    ),
    *(
        trigger
        for trigger in tag_lists.SQLITE_TRIGGERS
        if any(f"{table}_lists_update " in trigger for table in TAGGINGS)
    ),
]


def forwards(apps, schema_editor):
    tag_lists.run(schema_editor, POSTGRES_FORWARD, SQLITE_FORWARD)


def backwards(apps, schema_editor):
    tag_lists.run(schema_editor, POSTGRES_BACKWARD, SQLITE_BACKWARD)


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
        migrations.RunPython(forwards, backwards),
    ]
