"""services.changes: the one rule for changing an annotation (who, version, review, history)."""

import pytest
from django.core.exceptions import PermissionDenied

from annotations.models import Annotation
from annotations.services import changes, review
from tests.factories import AnnotationFactory

pytestmark = pytest.mark.django_db


def _rejected(author, editor) -> Annotation:
    return review.annotation_review(
        annotation=AnnotationFactory(author=author),
        reviewer=editor,
        to_status="rejected",
        reason="Hors sujet",
    )


def test_a_change_of_meaning_reopens_many_quotes_at_once(analyst, editor):
    rejected, pending = _rejected(analyst, editor), AnnotationFactory(author=analyst)
    count = changes.annotations_change(
        annotations=Annotation.objects.all(), user=editor, how="Tag added", reopens=True
    )
    assert count == 2
    rows = Annotation.objects.order_by("pk").values_list(
        "status", "version", "reviewer", "reviewed_at", "review_reason"
    )
    assert list(rows) == [("pending", 3, None, None, ""), ("pending", 2, None, None, "")]
    last = rejected.review_events.last()
    assert (last.from_status, last.to_status, last.actor, last.reason) == (
        "rejected",
        "pending",
        editor,
        "Tag added",
    )
    assert pending.review_events.get().reason == "Tag added"


def test_a_change_that_keeps_the_meaning_keeps_the_review(analyst, editor):
    rejected = _rejected(analyst, editor)
    changes.annotations_change(
        annotations=Annotation.objects.all(), user=editor, how="Merged", reopens=False
    )
    rejected.refresh_from_db()
    assert (rejected.status, rejected.version, rejected.review_reason) == (
        "rejected",
        3,
        "Hors sujet",
    )


def test_only_its_author_or_an_editor_changes_a_quote_unless_the_change_is_for_everyone(
    analyst, other_analyst
):
    quote = AnnotationFactory(author=analyst)
    with pytest.raises(PermissionDenied, match="someone else's"):
        changes.annotation_change(annotation=quote, user=other_analyst, how="x", reopens=True)
    assert not quote.review_events.exists()
    changes.annotation_change(
        annotation=quote, user=other_analyst, how="Corrected", reopens=True, for_everyone=True
    )
    assert quote.version == 2
    assert quote.review_events.get().actor == other_analyst
