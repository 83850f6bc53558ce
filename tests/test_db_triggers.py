"""Cross-cutting, the migrations against annotations/db (every trigger set at once).

The migrated database has every trigger and function as annotations/db writes them today,
and installing them again brings the derived data back in step after a table rebuild
(SQLite drops a rebuilt table's triggers). Each set's own behaviour is tested in tests/db/.
"""

import pkgutil
from importlib import import_module

import pytest
from django.db import connection

import annotations.db
from annotations import search
from annotations.db import sql
from annotations.models import Annotation, AnnotationTagLists, Article, TaggedTheme, Theme
from tests.factories import AnnotationFactory, ArticleFactory, ThemeFactory

pytestmark = pytest.mark.django_db

MODULES = [
    import_module(f"annotations.db.{module.name}")
    for module in pkgutil.iter_modules(annotations.db.__path__)
    if module.name != "sql"
]


def trigger_sets() -> list[sql.TriggerSet]:
    return [module.trigger_set(connection.vendor) for module in MODULES]


def catalog() -> dict[str, str]:
    """Every trigger (and on PostgreSQL every function of ours) as the database defines it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            return {f"trigger {name}": definition for name, definition in cursor.fetchall()}
        cursor.execute(
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal"
        )
        triggers = {f"trigger {name}": definition for name, definition in cursor.fetchall()}
        # Functions of the schema, but not those of an extension (unaccent).
        cursor.execute(
            "SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid) FROM pg_proc p "
            "WHERE p.pronamespace = current_schema()::regnamespace AND NOT EXISTS ("
            "SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
        )
        return triggers | {f"function {name}": source for name, source in cursor.fetchall()}


def test_every_module_holds_a_trigger_set():
    assert {module.__name__.rsplit(".", 1)[1] for module in MODULES} >= {
        "search",
        "tag_lists",
        "article_facts",
    }


def test_the_migrated_database_has_every_trigger_and_function_of_annotations_db():
    """Guards the SQLite trap: a migration that rebuilds a table drops its triggers."""
    expected = set()
    for trigger_set in trigger_sets():
        expected |= {f"trigger {trigger.name}" for trigger in trigger_set.triggers}
        expected |= {f"function {function.signature}" for function in trigger_set.functions}
    assert set(catalog()) == expected


def test_the_migrations_installed_what_annotations_db_installs_today():
    """A change to annotations/db without a migration that installs it fails here."""
    migrated = catalog()
    if connection.vendor == "sqlite":
        # SQLite keeps the statement's text: compare it directly.
        written = {
            f"trigger {trigger.name}": trigger.create
            for trigger_set in trigger_sets()
            for trigger in trigger_set.triggers
        }
        assert written == migrated
    sql.install(connection, *trigger_sets(), fill=False)
    assert catalog() == migrated


def test_installing_again_after_a_rebuild_brings_the_derived_data_back_in_step():
    quote = AnnotationFactory(note="première note")
    quote.themes.add(ThemeFactory(name="Sanctions"))
    migrated = catalog()
    # What rebuilding the tables on SQLite does; then writes that no trigger sees.
    sql.drop(connection, *trigger_sets())
    assert not catalog()
    Theme.objects.filter(name="Sanctions").update(name="Embargo")
    other = ArticleFactory(title="Gazoduc")
    TaggedTheme.objects.filter(content_object=quote).update(content_object=AnnotationFactory())
    Annotation.objects.filter(pk=quote.pk).update(article=other, note="seconde remarque")
    sql.install(connection, *trigger_sets())
    assert catalog() == migrated
    moved = TaggedTheme.objects.get()
    assert AnnotationTagLists.objects.get(annotation_id=moved.content_object_id).themes == "Embargo"
    assert AnnotationTagLists.objects.get(annotation_id=quote.pk).themes is None
    assert moved.article_id == moved.content_object.article_id
    assert set(search.search_articles(Article.objects.all(), "gazoduc")) == {other}
    assert set(search.search_annotations(Annotation.objects.all(), "remarque")) == {quote}
