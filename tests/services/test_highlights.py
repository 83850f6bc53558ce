"""services.highlights: an analyst's highlights created, edited and deleted; who may."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Annotation, Entity, ReviewEvent
from annotations.services import highlights, registry, review
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db


def test_annotation_create_tags_and_records_creation(article, analyst):
    start = article.text.index("Nous coopérerons.")
    annotation = highlights.annotation_create(
        article=article,
        author=analyst,
        start=start,
        end=start + len("Nous coopérerons."),
        themes=["Sécurité", "sécurité ", "Énergie"],
        actors=["Poutine"],
        speaker="Vladimir Poutine",
        note="**Important** <script>alert(1)</script>",
    )
    assert annotation.exact == "Nous coopérerons."
    assert annotation.prefix == article.text[max(0, start - 32) : start]
    assert sorted(t.name for t in annotation.themes.all()) == ["Sécurité", "Énergie"]
    assert [a.name for a in annotation.actors.all()] == ["Poutine"]
    assert annotation.speaker.name == "Vladimir Poutine"
    assert annotation.status == Annotation.Status.PENDING
    assert "<strong>Important</strong>" in annotation.note_html
    assert "<script" not in annotation.note_html
    event = ReviewEvent.objects.get(annotation=annotation)
    assert (event.from_status, event.to_status, event.actor) == ("", "pending", analyst)


def test_annotation_create_finds_actors_by_alias_and_ignores_accents(article, analyst):
    putin = EntityFactory(name="Vladimir Putin")
    registry.entity_alias_add(entity=putin, name="Poutine")
    annotation = highlights.annotation_create(
        article=article, author=analyst, start=0, end=9, actors=["POUTINE", "vladimir putin"]
    )
    assert list(annotation.actors.all()) == [putin]
    assert Entity.objects.count() == 1


def test_annotation_create_refuses_a_stale_quote(article, analyst):
    with pytest.raises(ValidationError, match="does not match"):
        highlights.annotation_create(
            article=article, author=analyst, start=0, end=9, exact="autre chose"
        )
    assert not Annotation.objects.exists()


@pytest.mark.parametrize(("start", "end"), [(-1, 4), (4, 4), (0, 10_000)])
def test_annotation_create_refuses_bad_offsets(article, analyst, start, end):
    with pytest.raises(ValidationError):
        highlights.annotation_create(article=article, author=analyst, start=start, end=end)


def test_user_without_role_cannot_annotate(article, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x-long-password")
    with pytest.raises(PermissionDenied):
        highlights.annotation_create(article=article, author=nobody, start=0, end=5)


def test_annotation_update_changes_tags_and_bumps_version(analyst):
    annotation = AnnotationFactory(author=analyst)
    updated = highlights.annotation_update(
        annotation=annotation,
        user=analyst,
        expected_version=1,
        themes=["Énergie"],
        actors=["Kestrany"],
        actor_kinds={"kestrany": "country"},
        note="_vu_",
    )
    assert updated.version == 2
    assert [t.name for t in updated.themes.all()] == ["Énergie"]
    assert updated.actors.get().kind == "country"
    assert updated.note_html == "<p><em>vu</em></p>"


def test_concurrent_edit_is_refused_without_writing(analyst):
    annotation = AnnotationFactory(author=analyst)
    highlights.annotation_update(annotation=annotation, user=analyst, expected_version=1, note="A")
    with pytest.raises(review.AnnotationConflict, match="edited"):
        highlights.annotation_update(
            annotation=annotation, user=analyst, expected_version=1, note="B"
        )
    annotation.refresh_from_db()
    assert (annotation.note, annotation.version) == ("A", 2)


def test_editing_an_approved_quote_sends_it_back_to_review(analyst, editor):
    annotation = AnnotationFactory(author=analyst)
    approved = review.annotation_review(
        annotation=annotation, reviewer=editor, to_status="approved"
    )
    edited = highlights.annotation_update(
        annotation=annotation, user=analyst, expected_version=approved.version, note="fix"
    )
    assert edited.status == "pending"
    assert [e.to_status for e in edited.review_events.order_by("id")] == ["approved", "pending"]


def test_analyst_cannot_edit_another_analysts_quote_but_editor_can(analyst, other_analyst, editor):
    annotation = AnnotationFactory(author=analyst)
    with pytest.raises(PermissionDenied):
        highlights.annotation_update(annotation=annotation, user=other_analyst, expected_version=1)
    assert highlights.annotation_update(annotation=annotation, user=editor, expected_version=1)


def test_only_author_or_editor_deletes(analyst, other_analyst, editor):
    annotation = AnnotationFactory(author=analyst)
    with pytest.raises(PermissionDenied):
        highlights.annotation_delete(annotation=annotation, user=other_analyst)
    highlights.annotation_delete(annotation=annotation, user=editor)
    assert not Annotation.objects.exists()


def test_an_edit_reopens_a_rejected_quote_without_its_old_review(analyst, editor):
    rejected = review.annotation_review(
        annotation=AnnotationFactory(author=analyst),
        reviewer=editor,
        to_status="rejected",
        reason="Mauvais orateur",
    )
    edited = highlights.annotation_update(
        annotation=rejected, user=analyst, expected_version=rejected.version, note="corrigé"
    )
    edited.refresh_from_db()
    assert (edited.status, edited.reviewer, edited.reviewed_at, edited.review_reason) == (
        "pending",
        None,
        None,
        "",
    )
    last = edited.review_events.last()
    assert (last.from_status, last.to_status, last.actor, last.reason) == (
        "rejected",
        "pending",
        analyst,
        "Edited",
    )


def test_every_edit_is_in_the_history_even_of_a_pending_quote(analyst):
    annotation = AnnotationFactory(author=analyst)
    highlights.annotation_update(annotation=annotation, user=analyst, expected_version=1, note="x")
    event = annotation.review_events.get()
    assert (event.from_status, event.to_status, event.reason) == ("pending", "pending", "Edited")


def test_re_placing_a_quote_records_its_old_and_new_words(analyst, editor):
    annotation = AnnotationFactory(author=analyst, start=0, end=8)
    approved = review.annotation_review(
        annotation=annotation, reviewer=editor, to_status="approved"
    )
    moved = highlights.annotation_reattach(annotation=approved, user=analyst, start=0, end=17)
    assert (moved.status, moved.version) == ("pending", approved.version + 1)
    assert moved.review_events.last().reason == (
        f"Placed on a new passage: “{annotation.exact}” → “{moved.exact}”"
    )


def _kinds(names):
    return dict(Entity.objects.filter(name__in=names).values_list("name", "kind"))


def test_new_actors_get_their_guessed_kind_never_person_by_default(analyst):
    # No language: the guess does not depend on whether the recogniser is installed here.
    article = ArticleFactory(text="L’Iran et l’OTAN selon Kestra.", language="")
    highlights.annotation_create(
        article=article,
        author=analyst,
        start=0,
        end=10,
        actors=["Iran", "Russie", "OTAN", "Kestra"],
        speaker="ONU",
    )
    assert _kinds(["Iran", "Russie", "OTAN", "Kestra", "ONU"]) == {
        "Iran": "country",
        "Russie": "country",
        "OTAN": "organisation",
        "Kestra": "person",
        "ONU": "organisation",
    }


def test_the_kinds_chosen_for_new_actors_win_and_known_actors_keep_theirs(analyst):
    iran = EntityFactory(name="Iran", kind="place")
    annotation = AnnotationFactory(author=analyst)
    highlights.annotation_update(
        annotation=annotation,
        user=analyst,
        expected_version=1,
        actors=["iran", "Kestra", "Russie"],
        speaker="Kestra",
        actor_kinds={"kestra": "group", "iran": "country"},
    )
    iran.refresh_from_db()
    assert iran.kind == "place"
    assert _kinds(["Kestra", "Russie"]) == {"Kestra": "group", "Russie": "country"}
    annotation.refresh_from_db()
    assert annotation.speaker.name == "Kestra"
