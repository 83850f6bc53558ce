"""services.registry: actors renamed, spelt, merged without loss; a registry imported."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Annotation, Entity, EntityMerge
from annotations.services import registry, review
from tests.factories import AnnotationFactory, EntityFactory

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
