"""The one rule for changing an annotation that exists: who may, its version, its review,
its history.

Every path that changes an annotation after its creation goes through here: editing and
re-placing it (`highlights`), accepting a mention on it and tagging every mention
(`mentions`), merging actors (`registry`), re-anchoring it on a corrected text
(`articles`); a restore that changes a stored annotation must too (`restore`). The rule:

- Who: its author (with the permission to change annotations) or an editor
  (`can_edit_annotation`). A change made for everyone by someone whose own permission
  the caller checked (an editor merging actors, correcting an article's text) is
  `for_everyone`: no per-quote check, but it is recorded as that person's change.
- Version: every change bumps it, so a page or a bulk approval prepared before the
  change cannot save over it or approve it unseen.
- Review: a change of meaning (`reopens=True`: its words changed or are no longer in the
  text, a tag added or removed, the speaker or note edited, placed on another passage)
  sends an approved or rejected quote back to pending and clears its reviewer, review
  time and reason, which the history keeps. A change that keeps the meaning
  (`reopens=False`) keeps the status: an actor merged into another record of the same
  real-world actor (the editor's merge says they are one, so what was approved still
  holds), or unchanged words moved with a corrected text.
- History: every change writes a ReviewEvent by the user whose reason says how ("Actor X
  added by accepting a mention"); when the status is kept its from and to are equal.

`annotation_change` changes one annotation the caller has locked and then saves
(`CHANGED_FIELDS`); `change_event` is its unsaved form for callers that write many rows
at once; `annotations_change` changes a whole queryset in SQL. None opens a transaction:
callers run in theirs. Only `annotation_change` checks a permission (unless `for_everyone`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.utils import timezone

from annotations.models import Annotation, ReviewEvent

# The fields a change writes besides the ones the caller changes.
CHANGED_FIELDS = ["status", "reviewer", "reviewed_at", "review_reason", "version", "modified"]


def can_edit_annotation(user: AbstractBaseUser, annotation: Annotation) -> bool:
    if user.has_perm("annotations.edit_any_annotation"):
        return True
    return annotation.author_id == user.pk and user.has_perm("annotations.change_annotation")


def editable_annotation_ids(user: AbstractBaseUser, annotations: Iterable[Annotation]) -> set[int]:
    """Ids among `annotations` that `user` may edit (permissions looked up once)."""
    if user.has_perm("annotations.edit_any_annotation"):
        return {annotation.pk for annotation in annotations}
    if not user.has_perm("annotations.change_annotation"):
        return set()
    return {annotation.pk for annotation in annotations if annotation.author_id == user.pk}


def reopen(annotation: Annotation) -> None:
    """Back to pending, with no reviewer, time or reason shown as if current."""
    annotation.status = Annotation.Status.PENDING
    annotation.reviewer = None
    annotation.reviewed_at = None
    annotation.review_reason = ""


def change_event(
    *, annotation: Annotation, user: AbstractBaseUser, how: str, reopens: bool
) -> ReviewEvent:
    """Apply the rule to `annotation` in memory; returns its history event, unsaved."""
    from_status = annotation.status
    if reopens and from_status != Annotation.Status.PENDING:
        reopen(annotation)
    annotation.version += 1
    annotation.modified = timezone.now()
    return ReviewEvent(
        annotation=annotation,
        actor=user,
        from_status=from_status,
        to_status=annotation.status,
        reason=how,
    )


def annotation_change(
    *,
    annotation: Annotation,
    user: AbstractBaseUser,
    how: str,
    reopens: bool,
    for_everyone: bool = False,
) -> None:
    """Check that `user` may change the (locked) annotation, apply the rule and write
    its history; the caller saves the annotation."""
    if not for_everyone and not can_edit_annotation(user, annotation):
        raise PermissionDenied(
            "This highlight is someone else's: only its author or an editor can change it."
        )
    change_event(annotation=annotation, user=user, how=how, reopens=reopens).save()


def annotations_change(
    *, annotations: QuerySet[Annotation], user: AbstractBaseUser, how: str, reopens: bool
) -> int:
    """Apply the rule to every annotation of `annotations` in SQL (no permission check);
    returns how many."""
    rows = list(annotations.order_by("pk").select_for_update().values_list("pk", "status"))
    if not rows:
        return 0
    now = timezone.now()
    ReviewEvent.objects.bulk_create(
        [
            ReviewEvent(
                annotation_id=pk,
                actor=user,
                from_status=status,
                to_status=Annotation.Status.PENDING if reopens else status,
                reason=how,
                created=now,
            )
            for pk, status in rows
        ],
        batch_size=1000,
    )
    ids = [pk for pk, _ in rows]
    for start in range(0, len(ids), 5000):
        chunk = Annotation.objects.filter(pk__in=ids[start : start + 5000])
        chunk.update(version=F("version") + 1, modified=now)
        if reopens:
            chunk.exclude(status=Annotation.Status.PENDING).update(
                status=Annotation.Status.PENDING, reviewer=None, reviewed_at=None, review_reason=""
            )
    return len(ids)
