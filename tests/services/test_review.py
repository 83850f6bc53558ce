"""services.review: approving and rejecting quotes, who may, and decisions that collide."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.test import override_settings
from django.utils import timezone

from annotations.models import Annotation
from annotations.services import highlights, review
from tests.factories import AnnotationFactory

pytestmark = pytest.mark.django_db


def test_analyst_cannot_review(analyst):
    annotation = AnnotationFactory()
    with pytest.raises(PermissionDenied):
        review.annotation_review(annotation=annotation, reviewer=analyst, to_status="approved")


def test_editor_approves_and_rejects_with_reason(editor):
    approved = review.annotation_review(
        annotation=AnnotationFactory(), reviewer=editor, to_status="approved"
    )
    assert (approved.status, approved.reviewer, approved.version) == ("approved", editor, 2)
    with pytest.raises(ValidationError, match="why"):
        review.annotation_review(
            annotation=AnnotationFactory(), reviewer=editor, to_status="rejected"
        )
    rejected = review.annotation_review(
        annotation=AnnotationFactory(), reviewer=editor, to_status="rejected", reason="Hors sujet"
    )
    assert rejected.review_reason == "Hors sujet"
    assert [e.to_status for e in rejected.review_events.all()] == ["rejected"]


def test_editor_cannot_approve_own_quote_unless_allowed(editor):
    own = AnnotationFactory(author=editor)
    with pytest.raises(PermissionDenied):
        review.annotation_review(annotation=own, reviewer=editor, to_status="approved")
    with override_settings(NEWSROOM_ALLOW_SELF_APPROVAL=True):
        assert review.annotation_review(annotation=own, reviewer=editor, to_status="approved")


def test_second_reviewer_sees_the_first_decision(editor):
    annotation = AnnotationFactory()
    review.annotation_review(
        annotation=annotation, reviewer=editor, to_status="approved", expected_version=1
    )
    with pytest.raises(review.AnnotationConflict, match="approved by eddie"):
        review.annotation_review(
            annotation=annotation,
            reviewer=editor,
            to_status="rejected",
            reason="late",
            expected_version=1,
        )


def test_reopening_clears_the_reviewer_and_reason_the_history_keeps_them(editor):
    rejected = review.annotation_review(
        annotation=AnnotationFactory(), reviewer=editor, to_status="rejected", reason="Hors sujet"
    )
    reopened = review.annotation_review(annotation=rejected, reviewer=editor, to_status="pending")
    reopened.refresh_from_db()
    assert (reopened.status, reopened.reviewer, reopened.reviewed_at) == ("pending", None, None)
    assert reopened.review_reason == ""
    history = [(e.to_status, e.actor, e.reason) for e in reopened.review_events.all()]
    assert history == [("rejected", editor, "Hors sujet"), ("pending", editor, "")]


def _shown(*annotations):
    return review.Shown(versions={a.pk: a.version for a in annotations})


def test_bulk_approval_skips_a_quote_changed_since_it_was_shown(analyst, editor):
    kept, edited = AnnotationFactory(author=analyst), AnnotationFactory(author=analyst)
    shown = _shown(kept, edited)
    highlights.annotation_update(annotation=edited, user=analyst, expected_version=1, note="x")
    result = review.annotation_approve_many(
        reviewer=editor, annotations=Annotation.objects.all(), shown=shown
    )
    assert result == {"approved": 1, "changed": 1, "skipped": 0}
    assert set(Annotation.objects.values_list("pk", "status")) == {
        (kept.pk, "approved"),
        (edited.pk, "pending"),
    }


def test_approving_a_whole_set_skips_quotes_added_or_changed_since(analyst, editor):
    on_page, off_page, edited_off_page = (AnnotationFactory(author=analyst) for _ in range(3))
    shown = review.Shown(
        versions={on_page.pk: on_page.version},
        max_id=Annotation.objects.aggregate(Max("pk"))["pk__max"],
        as_of=timezone.now(),
    )
    added = AnnotationFactory(author=analyst)
    highlights.annotation_update(
        annotation=edited_off_page, user=analyst, expected_version=1, note="x"
    )
    result = review.annotation_approve_many(
        reviewer=editor, annotations=Annotation.objects.all(), shown=shown
    )
    assert result == {"approved": 2, "changed": 2, "skipped": 0}
    approved = set(Annotation.objects.filter(status="approved").values_list("pk", flat=True))
    assert approved == {on_page.pk, off_page.pk}
    assert added.pk not in approved
