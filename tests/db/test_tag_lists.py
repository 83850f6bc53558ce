"""db.tag_lists: each annotation's tag lists, ready CSV cells, follow every change."""

import threading
import time

import pytest
from django.db import connection, transaction

from annotations.db import sql, tag_lists
from annotations.exports import csv_writer
from annotations.models import (
    Annotation,
    AnnotationTagLists,
    Entity,
    TaggedActor,
    TaggedTheme,
    Theme,
)
from annotations.services import highlights, registry
from tests.db.migration_sql import run_migration_sql
from tests.factories import AnnotationFactory, EntityFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def expected(annotation: Annotation) -> tuple:
    """The cells as the Python CSV writer builds them from the taggings (None if empty)."""
    themes = sorted(annotation.themes.all(), key=lambda theme: theme.name)
    actors = sorted(annotation.actors.all(), key=lambda actor: actor.name)
    lists = (
        csv_writer.join_names(theme.name for theme in themes),
        csv_writer.join_names(actor.name for actor in actors),
        csv_writer.join_names(actor.kind for actor in actors),
        csv_writer.join_names(actor.wikidata_id for actor in actors),
    )
    return tuple(csv_writer.neutralize(value) or None for value in lists)


def stored(annotation: Annotation) -> tuple:
    row = AnnotationTagLists.objects.filter(annotation_id=annotation.pk).first()
    if row is None:  # never tagged
        return (None, None, None, None)
    return (row.themes, row.actors, row.actor_kinds, row.actor_wikidata_ids)


def assert_in_step(*annotations: Annotation) -> None:
    for annotation in annotations:
        assert stored(annotation) == expected(annotation), annotation.pk


@pytest.fixture
def editor():
    return UserFactory(role="editor")


@pytest.fixture
def quote():
    annotation = AnnotationFactory()
    annotation.themes.add(ThemeFactory(name="Sanctions"), ThemeFactory(name="Énergie; gaz"))
    annotation.actors.add(
        EntityFactory(name="Poutine", kind="person", wikidata_id="Q7747"),
        EntityFactory(name="Iran\\Perse", kind="country", wikidata_id=""),
    )
    return annotation


def test_tagging_writes_the_lists_in_name_order_escaped(quote):
    assert stored(quote) == (
        "Sanctions; Énergie\\; gaz",
        "Iran\\\\Perse; Poutine",
        "country; person",
        "; Q7747",
    )
    assert_in_step(quote)


def test_lists_are_ready_csv_cells(quote):
    quote.themes.add(ThemeFactory(name="=Formule"))
    quote.actors.remove(Entity.objects.get(name="Poutine"))
    assert stored(quote)[0] == "'=Formule; Sanctions; Énergie\\; gaz"
    assert stored(quote)[3] is None  # no Wikidata id at all: an empty cell
    assert_in_step(quote)


def test_services_that_tag_keep_the_lists(quote, editor):
    created = highlights.annotation_create(
        article=quote.article,
        author=editor,
        start=0,
        end=5,
        themes=["Sécurité", "Nucléaire"],
        actors=["Pezeshkian"],
    )
    assert_in_step(created)
    highlights.annotation_update(
        annotation=quote,
        user=editor,
        expected_version=quote.version,
        themes=["Sanctions"],
        actors=[],
    )
    assert_in_step(quote)
    assert stored(quote)[1:] == (None, None, None)


def test_renaming_a_theme_or_changing_an_actor_rewrites_its_quotes(quote, editor):
    other = AnnotationFactory()
    other.themes.add(Theme.objects.get(name="Sanctions"))
    theme = Theme.objects.get(name="Sanctions")
    theme.name = "Régime de sanctions"
    theme.save()
    actor = Entity.objects.get(name="Poutine")
    registry.entity_update(
        user=editor, entity=actor, name="Vladimir Poutine", kind="person", wikidata_id="Q7747"
    )
    actor.refresh_from_db()
    Entity.objects.filter(pk=actor.pk).update(kind="organisation", wikidata_id="Q1")
    assert_in_step(quote, other)
    assert "Vladimir Poutine" in stored(quote)[1]


def test_merging_and_deleting_tags_keep_the_lists(quote, editor):
    survivor = EntityFactory(name="Vladimir Poutine", kind="person")
    both = AnnotationFactory()
    both.actors.add(survivor, Entity.objects.get(name="Poutine"))
    registry.entity_merge(user=editor, survivor=survivor, merged=Entity.objects.get(name="Poutine"))
    assert_in_step(quote, both)
    Theme.objects.get(name="Sanctions").delete()
    assert_in_step(quote)


def test_bulk_and_queryset_writes_keep_the_lists(quote):
    others = [AnnotationFactory() for _ in range(3)]
    actor = EntityFactory(name="AIEA", kind="organisation")
    TaggedActor.objects.bulk_create([TaggedActor(tag=actor, content_object=q) for q in others])
    TaggedTheme.objects.filter(content_object=quote).update(content_object=others[0])
    assert_in_step(quote, *others)
    TaggedActor.objects.filter(tag=actor).delete()
    assert_in_step(*others)


def test_a_deleted_annotation_takes_its_lists_along(quote):
    pk = quote.pk
    quote.delete()
    assert not AnnotationTagLists.objects.filter(annotation_id=pk).exists()
    quote.article.delete()  # articles delete their quotes: nothing is left behind either
    assert not AnnotationTagLists.objects.exists()


def test_the_tag_list_cells_follow_the_csv_writer_rules():
    names = ["=Formule", "a;b", "c\\d", "Énergie", "", "+1", " =1", "\u200b＋1", '"@x', "' a"]
    sql_cell = tag_lists.cell(connection.vendor, "v")
    escaped = csv_writer.sql_escaped_name("v")
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(
                f"SELECT {sql_cell}, {escaped} FROM (SELECT CAST(%s AS text) AS v) t",  # noqa: S608
                [name],
            )
            assert cursor.fetchone() == (
                csv_writer.neutralize(name) or None,
                csv_writer.join_names([name]),
            )


@pytest.fixture
def current_tag_lists_afterwards():
    """Migration 0010 run again installs its own triggers, which later migrations changed:
    the current ones come back afterwards."""
    yield
    sql.install(connection, tag_lists.trigger_set(connection.vendor), fill=False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("current_tag_lists_afterwards")
def test_the_migration_fills_the_lists_of_existing_annotations(quote):
    run_migration_sql("0010_tag_lists", "backwards")
    AnnotationTagLists.objects.all().delete()
    untagged = AnnotationFactory()
    run_migration_sql("0010_tag_lists", "forwards")
    assert_in_step(quote)
    assert not AnnotationTagLists.objects.filter(annotation_id=untagged.pk).exists()
    # The triggers are back too.
    quote.themes.clear()
    assert_in_step(quote)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("current_tag_lists_afterwards")
def test_the_formula_rule_migration_writes_the_stored_lists_again():
    quote = AnnotationFactory()
    run_migration_sql("0018_csv_formula_rule", "backwards")
    # The former rule looked at the first character only.
    quote.themes.add(ThemeFactory(name=" =2"), ThemeFactory(name="\u3000＝1+1"))
    assert stored(quote)[0] == " =2; \u3000＝1+1"
    run_migration_sql("0018_csv_formula_rule", "forwards")
    assert stored(quote)[0] == "' =2; \u3000＝1+1"
    assert_in_step(quote)
    # And its triggers write by the new rule.
    quote.themes.set([ThemeFactory(name="＠x")])
    assert stored(quote)[0] == "'＠x"


def _in_thread(work):
    """Run work() in its own thread, hence its own database connection; join() returns."""

    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", ["rename", "tag"])
def test_tagging_while_a_tag_is_renamed_never_leaves_the_old_name(first):
    theme = ThemeFactory(name="Sanctions")
    quote = AnnotationFactory()
    renamed, tagged = threading.Event(), threading.Event()

    def rename():
        with transaction.atomic():
            Theme.objects.filter(pk=theme.pk).update(name="Régime de sanctions")
            renamed.set()
            time.sleep(0.5)  # the other transaction, meanwhile, waits for this one

    def tag():
        with transaction.atomic():
            TaggedTheme.objects.create(tag=theme, content_object=quote)
            tagged.set()
            time.sleep(0.5)

    first_work, then, first_done = (
        (rename, tag, renamed) if first == "rename" else (tag, rename, tagged)
    )
    one = _in_thread(first_work)
    assert first_done.wait(5)
    two = _in_thread(then)
    one.join()
    two.join()
    assert stored(quote)[0] == "Régime de sanctions"
