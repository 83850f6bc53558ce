"""services.review: approving and rejecting quotes, who may, and decisions that collide."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from annotations.services import review
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
