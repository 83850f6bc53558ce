"""Review of quotes: an editor approves, rejects (saying why) or reopens them.

Only users with the review permission (editors) review; an editor may not approve
their own quote unless NEWSROOM_ALLOW_SELF_APPROVAL is set. A decision follows
REVIEW_TRANSITIONS and is written with a ReviewEvent, the quote's history, in one
transaction. A decision taken on a page that loaded an older version of the quote
raises AnnotationConflict and writes nothing; the quote's row stays locked while a
decision or an edit is written. A reopened quote shows no reviewer, time or reason
(its history keeps them), as after any change that sends it back (`changes`).
Approving many at once approves only what the editor was shown (`Shown`): a quote
changed or added since is skipped and counted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from annotations.models import Annotation, ReviewEvent
from annotations.services import changes


class AnnotationConflict(Exception):
    """Someone else changed the annotation since the user loaded it; nothing was written."""

    def __init__(self, annotation: Annotation):
        self.annotation = annotation
        who = annotation.reviewer.get_username() if annotation.reviewer else "someone else"
        if annotation.status == Annotation.Status.PENDING:
            state = "it was edited"
        else:
            state = f"it was {annotation.get_status_display().lower()} by {who}"
        super().__init__(
            f"Someone changed this quote after you opened it: {state}. "
            "Your input is kept below; review the current version before saving again."
        )


# Which review decisions may follow which state.
REVIEW_TRANSITIONS = {
    Annotation.Status.PENDING: {Annotation.Status.APPROVED, Annotation.Status.REJECTED},
    Annotation.Status.APPROVED: {Annotation.Status.PENDING},
    Annotation.Status.REJECTED: {Annotation.Status.PENDING},
}


def annotation_locked(*, annotation: Annotation, related: str = "reviewer") -> Annotation:
    """The annotation as stored now, its row locked until the transaction ends, so that
    two people's changes are written one after the other, never over each other."""
    return (
        Annotation.objects.select_for_update(of=("self",))
        .select_related(related)
        .get(pk=annotation.pk)
    )


def self_approval_check(*, author_id: int, reviewer_id: int) -> None:
    """Refuse an approval by the quote's own author unless NEWSROOM_ALLOW_SELF_APPROVAL is
    set: the one rule for every path that sets a quote approved (a review, a restore)."""
    if author_id == reviewer_id and not settings.NEWSROOM_ALLOW_SELF_APPROVAL:
        raise PermissionDenied("Editors cannot approve their own quotes.")


@transaction.atomic
def annotation_review(
    *,
    annotation: Annotation,
    reviewer: AbstractBaseUser,
    to_status: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Annotation:
    """Approve, reject (a reason is required) or reopen a quote, and record the event.

    With `expected_version`, a quote changed by someone else since the page was loaded
    raises AnnotationConflict instead of being overwritten.
    """
    if not reviewer.has_perm("annotations.review_annotation"):
        raise PermissionDenied("Only editors review quotes.")
    current = annotation_locked(annotation=annotation)
    if expected_version is not None and current.version != expected_version:
        raise AnnotationConflict(current)
    if to_status not in REVIEW_TRANSITIONS.get(current.status, set()):
        raise ValidationError(f"A {current.status} quote cannot become {to_status}.")
    reason = reason.strip()
    if to_status == Annotation.Status.REJECTED and not reason:
        raise ValidationError({"reason": "Say why the quote is rejected."})
    if to_status == Annotation.Status.APPROVED:
        self_approval_check(author_id=current.author_id, reviewer_id=reviewer.pk)
    event = ReviewEvent.objects.create(
        annotation=current,
        actor=reviewer,
        from_status=current.status,
        to_status=to_status,
        reason=reason,
    )
    if to_status == Annotation.Status.PENDING:
        changes.reopen(current)
    else:
        current.status = to_status
        current.reviewer = reviewer
        current.reviewed_at = event.created
        current.review_reason = reason
    current.version = F("version") + 1
    current.save(
        update_fields=["status", "reviewer", "reviewed_at", "review_reason", "version", "modified"]
    )
    current.refresh_from_db(fields=["version"])
    return current


@dataclass(frozen=True)
class Shown:
    """What a page showed an editor: the version of each quote on it, and for a whole
    filtered set, the highest annotation id and the time when it was loaded."""

    versions: dict[int, int] = field(default_factory=dict)
    max_id: int | None = None
    as_of: datetime.datetime | None = None

    def _seen(self, pk: int, version: int, modified: datetime.datetime) -> bool:
        if pk in self.versions:
            return self.versions[pk] == version
        if self.max_id is None or self.as_of is None:
            return False
        return pk <= self.max_id and modified <= self.as_of

    def unseen(self, candidates: QuerySet[Annotation]) -> set[int]:
        """Ids among `candidates` that changed, or did not exist, when the page was loaded."""
        rows = candidates.values_list("pk", "version", "modified")
        return {pk for pk, version, modified in rows if not self._seen(pk, version, modified)}


@transaction.atomic
def annotation_approve_many(
    *, reviewer: AbstractBaseUser, annotations: QuerySet[Annotation], shown: Shown | None = None
) -> dict[str, int]:
    """Approve every pending quote of a (filtered) set, each with its ReviewEvent.

    Quotes that are not pending any more, and the reviewer's own quotes unless the
    setting allows, are left alone and counted as skipped. With `shown`, a quote
    changed or added since the page was loaded is left alone too and counted as
    changed; without it (a caller that showed nothing) the set is taken as it is now.
    """
    if not reviewer.has_perm("annotations.review_annotation"):
        raise PermissionDenied("Only editors review quotes.")
    candidates = Annotation.objects.filter(
        pk__in=annotations.order_by().values("pk"), status=Annotation.Status.PENDING
    )
    if not settings.NEWSROOM_ALLOW_SELF_APPROVAL:
        candidates = candidates.exclude(author=reviewer)
    ids = list(candidates.select_for_update().values_list("pk", flat=True))
    unseen = shown.unseen(candidates) if shown is not None else set()
    ids = [pk for pk in ids if pk not in unseen]
    requested = annotations.count()
    now = timezone.now()
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        ReviewEvent.objects.bulk_create(
            [
                ReviewEvent(
                    annotation_id=pk,
                    actor=reviewer,
                    from_status=Annotation.Status.PENDING,
                    to_status=Annotation.Status.APPROVED,
                    created=now,
                )
                for pk in chunk
            ],
            batch_size=1000,
        )
        Annotation.objects.filter(pk__in=chunk).update(
            status=Annotation.Status.APPROVED,
            reviewer=reviewer,
            reviewed_at=now,
            review_reason="",
            version=F("version") + 1,
            modified=now,
        )
    return {
        "approved": len(ids),
        "changed": len(unseen),
        "skipped": requested - len(ids) - len(unseen),
    }
