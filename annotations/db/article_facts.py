"""The article facts every tagging carries, kept by triggers (migration 0014).

Each tagging (TaggedTheme, TaggedActor) holds its quote's article, the article's
publication date and outlet (ArticleFacts in models/tags.py). A theme's quotes approved in a
date range, or its articles, were found by visiting each of the theme's 25,000 quotes and
then their articles (50 to 100 ms a list among a million quotes); with the facts on the
tagging, the (tag, published) index holds them all and the list filters read it alone.

Triggers fill a tagging's facts from its quote's article when it is inserted or moved to
another quote, copy an article's new date or outlet onto its taggings, and follow a quote
moved to another article. Copying facts changes no tag list (`tag_lists` skips updates
that leave a tagging's tag and quote as they were).

On PostgreSQL a tagging's insert share-locks the quote's article, so that it waits for (and
then reads) a concurrent change of the article's date or outlet, whose own copy onto the
taggings then sees it. SQLite has one writer at a time.
"""

# Only constant table and column names are interpolated into this SQL.
# ruff: noqa: S608

from __future__ import annotations

from annotations.db.sql import Trigger, TriggerSet, changed, pg_function, pg_trigger, sqlite_trigger
from annotations.db.tag_lists import TAGGINGS

FACTS = ("published", "outlet_id")  # of the article, copied as they change
FACTS_OF_QUOTE = (
    "SELECT ar.id, ar.published, ar.outlet_id FROM annotations_annotation a "
    "JOIN annotations_article ar ON ar.id = a.article_id WHERE a.id = {quote}"
)


def trigger_set(vendor: str) -> TriggerSet:
    if vendor == "postgresql":
        fill = tuple(
            f"UPDATE {table} t SET article_id = ar.id, published = ar.published, "
            "outlet_id = ar.outlet_id FROM annotations_annotation a "
            "JOIN annotations_article ar ON ar.id = a.article_id WHERE a.id = t.content_object_id"
            for table in TAGGINGS
        )
        return TriggerSet(_postgres_functions(), _postgres_triggers(), fill)
    fill = tuple(_fill(table, f"{table}.content_object_id", "1 = 1") for table in TAGGINGS)
    return TriggerSet((), _sqlite_triggers(), fill)


def _fill(table: str, quote: str, where: str) -> str:
    """Set the facts of `table`'s taggings `where` from the article of the quote `quote`."""
    return (
        f"UPDATE {table} SET (article_id, published, outlet_id) = "
        f"({FACTS_OF_QUOTE.format(quote=quote)}) WHERE {where}"
    )


def _copy_facts(table: str, new: str) -> str:
    """Copy the article `new`'s facts onto `table`'s taggings of it."""
    return (
        f"UPDATE {table} SET published = {new}.published, outlet_id = {new}.outlet_id "
        f"WHERE article_id = {new}.id"
    )


def _postgres_functions() -> tuple:
    tagging_facts = f"""
BEGIN
    {FACTS_OF_QUOTE.format(quote="NEW.content_object_id")} FOR SHARE OF ar
        INTO NEW.article_id, NEW.published, NEW.outlet_id;
    RETURN NEW;
END """
    copied = "".join(f"    {_copy_facts(table, 'NEW')};\n" for table in TAGGINGS)
    followed = "".join(
        f"    {_fill(table, 'NEW.id', 'content_object_id = NEW.id')};\n" for table in TAGGINGS
    )
    return (
        pg_function("newsroom_tagging_facts", "", "trigger", tagging_facts),
        pg_function(
            "newsroom_article_facts_changed",
            "",
            "trigger",
            f"\nBEGIN\n{copied}    RETURN NULL;\nEND ",
        ),
        pg_function(
            "newsroom_quote_moved", "", "trigger", f"\nBEGIN\n{followed}    RETURN NULL;\nEND "
        ),
    )


def _postgres_triggers() -> tuple[Trigger, ...]:
    return (
        *(
            pg_trigger(
                f"{table}_facts",
                table,
                "BEFORE INSERT OR UPDATE OF content_object_id",
                "newsroom_tagging_facts()",
            )
            for table in TAGGINGS
        ),
        pg_trigger(
            "annotations_article_tag_facts",
            "annotations_article",
            "AFTER UPDATE",
            "newsroom_article_facts_changed()",
            condition=changed("postgresql", FACTS),
        ),
        pg_trigger(
            "annotations_annotation_tag_facts",
            "annotations_annotation",
            "AFTER UPDATE",
            "newsroom_quote_moved()",
            condition=changed("postgresql", ["article_id"]),
        ),
    )


def _sqlite_triggers() -> tuple[Trigger, ...]:
    return (
        *(
            sqlite_trigger(
                f"{table}_facts_{name}",
                table,
                event,
                _fill(table, "new.content_object_id", "id = new.id"),
            )
            for table in TAGGINGS
            for name, event in (("insert", "INSERT"), ("update", "UPDATE OF content_object_id"))
        ),
        sqlite_trigger(
            "annotations_article_tag_facts",
            "annotations_article",
            f"UPDATE OF {', '.join(FACTS)}",
            "; ".join(_copy_facts(table, "new") for table in TAGGINGS),
            when=changed("sqlite", FACTS),
        ),
        sqlite_trigger(
            "annotations_annotation_tag_facts",
            "annotations_annotation",
            "UPDATE OF article_id",
            "; ".join(_fill(table, "new.id", "content_object_id = new.id") for table in TAGGINGS),
            when=changed("sqlite", ["article_id"]),
        ),
    )
