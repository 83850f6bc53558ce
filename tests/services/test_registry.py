"""services.registry: actors renamed, spelt, merged without loss; a registry imported."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from annotations.models import Annotation, Entity, EntityAlias, EntityMerge, Theme
from annotations.services import registry, review
from tests.factories import (
    AnnotationFactory,
    ArticleFactory,
    EntityFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_alias_naming_another_actor_is_refused(db):
    putin = EntityFactory(name="Vladimir Putin")
    EntityFactory(name="Poutine")
    with pytest.raises(ValidationError, match="already names"):
        registry.entity_alias_add(entity=putin, name="POUTINE")


def test_rename_keeps_the_former_name_as_an_alias(editor):
    entity = EntityFactory(name="Patrushev")
    registry.entity_update(user=editor, entity=entity, name="Nikolai Patrushev", kind="person")
    assert registry.entity_find(name="patrushev") == entity
    assert entity.aliases.get().name == "Patrushev"


def test_rename_to_an_existing_name_is_refused(editor):
    entity = EntityFactory(name="Iran")
    EntityFactory(name="Téhéran")
    with pytest.raises(ValidationError, match="already names"):
        registry.entity_update(user=editor, entity=entity, name="TEHERAN", kind="country")


def test_analyst_cannot_rename_or_merge(analyst):
    a, b = EntityFactory(), EntityFactory()
    with pytest.raises(PermissionDenied):
        registry.entity_update(user=analyst, entity=a, name="X", kind="person")
    with pytest.raises(PermissionDenied):
        registry.entity_merge(user=analyst, survivor=a, merged=b)


def test_merge_moves_everything_and_loses_nothing(editor):
    putin = EntityFactory(name="Vladimir Putin", kind="person")
    poutine = EntityFactory(name="Poutine", kind="person", wikidata_id="Q7747")
    registry.entity_alias_add(entity=poutine, name="V. Poutine")
    both = AnnotationFactory()
    both.actors.add(putin, poutine)
    only_loser = AnnotationFactory()
    only_loser.actors.add(poutine)
    only_loser.speaker = poutine
    only_loser.save()
    record = registry.entity_merge(user=editor, survivor=putin, merged=poutine)
    assert not Entity.objects.filter(name="Poutine").exists()
    assert list(both.actors.all()) == [putin]
    assert list(only_loser.actors.all()) == [putin]
    only_loser.refresh_from_db()
    assert only_loser.speaker == putin
    assert sorted(putin.aliases.values_list("name", flat=True)) == ["Poutine", "V. Poutine"]
    putin.refresh_from_db()
    assert putin.wikidata_id == "Q7747"
    assert record.moved == {"tags": 1, "speaker": 1, "aliases": 1}
    assert EntityMerge.objects.get().merged_name == "Poutine"
    assert Annotation.objects.count() == 2


def test_registry_import_matches_existing_actors_and_reports_problems(editor):
    existing = EntityFactory(name="Téhéran", kind="place")
    report = registry.registry_import(
        user=editor,
        records=[
            {"name": "TEHERAN", "kind": "", "aliases": ["Tehran"]},
            {"name": "", "kind": "person"},
            {"name": "X", "kind": "planet"},
            {"name": "Iran", "kind": "country", "aliases": ["tehran"]},
        ],
    )
    assert report["updated"] == ["Téhéran"]
    assert existing.aliases.get().name == "Tehran"
    assert len(report["problems"]) == 3
    assert any("already names Téhéran" in problem for problem in report["problems"])


def test_a_bad_wikidata_id_is_refused_in_plain_words_not_by_constraint_name(editor):
    report = registry.registry_import(user=editor, records=[{"name": "Iran", "wikidata_id": "Q0"}])
    assert report["problems"] == ["Row 1 (Iran): A Wikidata id looks like Q7747."]


def test_a_merge_records_itself_on_each_quote_and_keeps_approvals(analyst, editor):
    putin = EntityFactory(name="Vladimir Putin", kind="person")
    poutine = EntityFactory(name="Poutine", kind="person")
    tagged, spoken, untouched = (AnnotationFactory(author=analyst) for _ in range(3))
    tagged.actors.add(poutine)
    spoken.speaker = poutine
    spoken.save()
    untouched.actors.add(putin)
    tagged = review.annotation_review(annotation=tagged, reviewer=editor, to_status="approved")
    registry.entity_merge(user=editor, survivor=putin, merged=poutine)
    for quote, status, version in [(tagged, "approved", 3), (spoken, "pending", 2)]:
        quote.refresh_from_db()
        assert (quote.status, quote.version, quote.reviewer_id) == (
            status,
            version,
            editor.pk if status == "approved" else None,
        )
        event = quote.review_events.last()
        assert (event.actor, event.from_status, event.to_status, event.reason) == (
            editor,
            status,
            status,
            "Actor Poutine merged into Vladimir Putin",
        )
    untouched.refresh_from_db()
    assert untouched.version == 1 and not untouched.review_events.exists()


@pytest.mark.parametrize(
    ("spelling", "reason"),
    [
        ("the", "“the” is a common English word"),
        ("De la", "“De la” is a common French word"),
        ("AB", "“AB” is only two letters long"),
        ("!!", "“!!” has no letter"),
        ("é", "“é” is only one letter long"),
    ],
)
def test_an_analyst_may_not_add_a_spelling_that_would_flood_but_an_editor_may(
    analyst, editor, spelling, reason
):
    actor = EntityFactory(name="Nikolaï Patrouchev")
    with pytest.raises(ValidationError, match=f"{reason}: Tag every mention would mark"):
        registry.entity_spelling_add(user=analyst, entity=actor, name=spelling)
    assert not actor.aliases.exists()
    registry.entity_spelling_add(user=editor, entity=actor, name=spelling)
    assert actor.aliases.get().name == spelling


def test_a_spelling_found_in_most_articles_needs_an_editor(analyst, editor):
    ArticleFactory.create_batch(registry.FREQUENT_MIN_ARTICLES)  # each says "ministre"
    ArticleFactory(text="Nikolaï Patrouchev est venu.")
    actor = EntityFactory(name="Nikolaï Patrouchev")
    with pytest.raises(ValidationError, match="“Ministre” appears in 95 % of the articles"):
        registry.entity_spelling_add(user=analyst, entity=actor, name="Ministre")
    # A spelling that finds the actor's own few articles is what spellings are for.
    assert registry.entity_spelling_add(user=analyst, entity=actor, name="Patrouchev").pk
    assert registry.entity_spelling_add(user=editor, entity=actor, name="Ministre").pk


def test_a_user_without_a_role_adds_no_spelling(db):
    with pytest.raises(PermissionDenied):
        registry.entity_spelling_add(user=UserFactory(), entity=EntityFactory(), name="Kestran")


@pytest.mark.parametrize("bad", ["Pou\x00tine", "Pou\x1btine", "\u202eenituoP", "Pou\ud800"])
def test_control_characters_in_a_name_are_refused_in_plain_words(editor, bad):
    actor = EntityFactory(name="Vladimir Putin")
    theme = ThemeFactory(name="Énergie")
    refusals = [
        lambda: registry.entity_spelling_add(user=editor, entity=actor, name=bad),
        lambda: registry.entity_alias_add(entity=actor, name=bad),
        lambda: registry.entity_get_or_create(name=bad),
        lambda: registry.theme_get_or_create(name=bad),
        lambda: registry.entity_update(user=editor, entity=actor, name=bad, kind="person"),
        lambda: registry.entity_update(
            user=editor, entity=actor, name="V. Putin", kind="person", description=bad
        ),
        lambda: registry.entity_update(
            user=editor, entity=actor, name="V. Putin", kind="person", wikidata_id=bad
        ),
    ]
    for refused in refusals:
        with pytest.raises(ValidationError, match="cannot contain"):
            refused()
    assert registry.entity_find(name=bad) is None
    assert list(Entity.objects.values_list("name", flat=True)) == ["Vladimir Putin"]
    assert not EntityAlias.objects.exists()
    assert list(Theme.objects.all()) == [theme]


def test_registry_import_refuses_rows_that_are_not_actor_records_and_keeps_the_rest(editor):
    report = registry.registry_import(
        user=editor,
        records=[
            1,
            ["Iran"],
            {"name": "Iran", "aliases": "Perse"},
            {"name": "Iran", "aliases": {"fr": "Perse"}},
            {"name": "Iran", "aliases": ["Perse", 7]},
            {"name": ["Iran"]},
            {"name": "Iran", "description": "\x00"},
            {"name": "Ir\x00an"},
            {"name": "Téhéran", "kind": "place", "aliases": ["Tehran"]},
        ],
    )
    assert report["created"] == ["Téhéran"]
    assert report["problems"] == [
        "Row 1: not an actor (each item is an object with a name, a kind, aliases…)",
        "Row 2: not an actor (each item is an object with a name, a kind, aliases…)",
        "Row 3: the aliases are one text, not a list of names",
        "Row 4: the aliases are not a list of names",
        "Row 5: an alias is not a text",
        "Row 6: the name is not a text",
        "Row 7: the description holds control characters",
        "Row 8: the name holds control characters",
    ]
    assert list(Entity.objects.values_list("name", flat=True)) == ["Téhéran"]
    assert list(EntityAlias.objects.values_list("name", flat=True)) == ["Tehran"]


def test_an_actor_read_before_a_merge_is_followed_to_the_survivor(editor):
    putin = EntityFactory(name="Vladimir Putin")
    stale = EntityFactory(name="Poutine")
    registry.entity_merge(user=editor, survivor=putin, merged=stale)
    assert registry.entity_current(entity=stale) == putin
    putin.aliases.all().delete()
    with pytest.raises(ValidationError, match="no longer exists: reload the page"):
        registry.entity_current(entity=stale)


def test_merging_an_actor_already_merged_away_is_a_clear_refusal(editor):
    putin, stale = EntityFactory(name="Vladimir Putin"), EntityFactory(name="Poutine")
    registry.entity_merge(user=editor, survivor=putin, merged=stale)
    with pytest.raises(ValidationError, match="merged or deleted meanwhile"):
        registry.entity_merge(user=editor, survivor=putin, merged=stale)


def _in_thread(work, *args):
    """Run `work` in a thread of its own (its own database connection); the thread and
    what `work` returned or raised."""
    outcome = {}

    def run():
        try:
            outcome["value"] = work(*args)
        except Exception as error:  # noqa: BLE001 - the test asserts on it
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


_PG_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: SQLite has one writer at a time"
)


@_PG_ONLY
@pytest.mark.django_db(transaction=True)
def test_a_merge_waits_for_a_tagging_that_holds_the_merged_actor(editor):
    putin, poutine = EntityFactory(name="Vladimir Putin"), EntityFactory(name="Poutine")
    quote = AnnotationFactory()
    holding, release = threading.Event(), threading.Event()

    def tag():
        with transaction.atomic():
            entity = registry.entity_find(name="Poutine")
            holding.set()
            release.wait(5)
            quote.actors.add(entity)
        return entity

    tagger, tagged = _in_thread(tag)
    assert holding.wait(5)
    merger, merged = _in_thread(
        lambda: registry.entity_merge(user=editor, survivor=putin, merged=poutine)
    )
    merger.join(0.5)
    assert merger.is_alive(), "the merge must wait for the tagging's transaction"
    release.set()
    tagger.join(5), merger.join(5)
    assert "error" not in tagged and "error" not in merged, (tagged, merged)
    assert list(quote.actors.all()) == [putin]
    assert not Entity.objects.filter(pk=poutine.pk).exists()


@_PG_ONLY
@pytest.mark.django_db(transaction=True)
def test_a_tagging_during_a_merge_follows_it_to_the_survivor(editor):
    putin, poutine = EntityFactory(name="Vladimir Putin"), EntityFactory(name="Poutine")
    quote = AnnotationFactory()
    merging, release = threading.Event(), threading.Event()

    def merge():
        with transaction.atomic():
            registry.entity_merge(user=editor, survivor=putin, merged=poutine)
            merging.set()
            release.wait(5)

    def tag():
        with transaction.atomic():
            entity = registry.entity_current(entity=poutine)
            quote.actors.add(entity)
        return entity

    merger, merged = _in_thread(merge)
    assert merging.wait(5)
    tagger, tagged = _in_thread(tag)
    tagger.join(0.5)
    assert tagger.is_alive(), "the tagging must wait for the merge's transaction"
    release.set()
    merger.join(5), tagger.join(5)
    assert "error" not in merged and "error" not in tagged, (merged, tagged)
    assert tagged["value"] == putin
    assert list(quote.actors.all()) == [putin]
