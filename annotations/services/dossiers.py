"""Dossiers: named sets of articles an analyst works on, and the record of their changes.

Creating a dossier needs the permission to add dossiers. Every change of a dossier
(renaming, describing, adding or removing articles, including at import, and deleting)
is for its creator or an editor (`may_change`, checked by each function here and by
`check_may_change` for the import services); views offer only the forms the user may
use. Each change is recorded as a DossierChange (who, what, when), which outlives the
dossier. Deleting a dossier, or taking an article out of it, keeps the articles and
their annotations. Every function that writes runs in a transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from annotations.models import Article, Dossier, DossierChange

# Editors may change anyone's dossier; everyone else only their own.
_ANY_DOSSIER = "annotations.delete_dossier"


def may_change(user: AbstractBaseUser, dossier: Dossier) -> bool:
    """Whether `user` may rename, describe, fill, empty or delete `dossier`."""
    if not user.has_perm("annotations.change_dossier"):
        return False
    return dossier.created_by_id == user.pk or user.has_perm(_ANY_DOSSIER)


def changeable_by(user: AbstractBaseUser) -> QuerySet[Dossier]:
    """The dossiers `user` may change (for the forms that offer a choice of dossiers)."""
    if not user.has_perm("annotations.change_dossier"):
        return Dossier.objects.none()
    if user.has_perm(_ANY_DOSSIER):
        return Dossier.objects.all()
    return Dossier.objects.filter(created_by=user.pk)


def check_may_change(user: AbstractBaseUser | None, dossier: Dossier | None) -> None:
    """Refuse unless `user` may change `dossier`; nothing to check without a dossier or
    without a user (the command line without --user)."""
    if dossier is not None and user is not None and not may_change(user, dossier):
        raise PermissionDenied(
            f"Only its creator or an editor may change the dossier “{dossier.name}”."
        )


def _record(
    user: AbstractBaseUser | None,
    dossier: Dossier,
    action: str,
    detail: str = "",
    article_ids: Iterable[int] = (),
) -> DossierChange:
    return DossierChange.objects.create(
        dossier=dossier,
        dossier_name=dossier.name,
        action=action,
        detail=detail[:500],
        article_ids=sorted(article_ids),
        user=user,
    )


def _clean_or_undo(dossier: Dossier, field: str, old_value: str) -> None:
    """Validate the changed dossier; if refused, the caller's object is as it was."""
    try:
        dossier.full_clean()
    except ValidationError:
        setattr(dossier, field, old_value)
        raise


@transaction.atomic
def dossier_create(*, user: AbstractBaseUser, name: str, description: str = "") -> Dossier:
    """A new named set of articles."""
    if not user.has_perm("annotations.add_dossier"):
        raise PermissionDenied("You may not create dossiers.")
    dossier = Dossier(name=" ".join(name.split()), description=description.strip(), created_by=user)
    dossier.full_clean()
    dossier.save()
    _record(user, dossier, DossierChange.Action.CREATE)
    return dossier


@transaction.atomic
def dossier_rename(*, user: AbstractBaseUser, dossier: Dossier, name: str) -> Dossier:
    """Give the dossier a new name."""
    check_may_change(user, dossier)
    old_name = dossier.name
    dossier.name = " ".join(name.split())
    _clean_or_undo(dossier, "name", old_name)
    if dossier.name != old_name:
        dossier.save(update_fields=["name"])
        _record(user, dossier, DossierChange.Action.RENAME, f"“{old_name}” → “{dossier.name}”")
    return dossier


@transaction.atomic
def dossier_describe(*, user: AbstractBaseUser, dossier: Dossier, description: str) -> Dossier:
    """Give the dossier a new description (blank for none)."""
    check_may_change(user, dossier)
    old = dossier.description
    dossier.description = description.strip()
    _clean_or_undo(dossier, "description", old)
    if dossier.description != old:
        dossier.save(update_fields=["description"])
        _record(user, dossier, DossierChange.Action.DESCRIBE, dossier.description)
    return dossier


@transaction.atomic
def dossier_delete(*, user: AbstractBaseUser, dossier: Dossier) -> None:
    """Delete the dossier; its articles and their annotations stay, and so does its record."""
    check_may_change(user, dossier)
    _record(user, dossier, DossierChange.Action.DELETE, article_ids=[])
    dossier.delete()


@transaction.atomic
def dossier_set_articles(
    *, user: AbstractBaseUser, dossier: Dossier, article_ids: Iterable[int], add: bool
) -> int:
    """Add (or remove) articles to (from) a dossier; returns how many were asked for."""
    check_may_change(user, dossier)
    ids = list(Article.objects.filter(pk__in=list(article_ids)).values_list("pk", flat=True))
    if add:
        dossier.articles.add(*ids)
    else:
        dossier.articles.remove(*ids)
    if ids:
        action = DossierChange.Action.ADD if add else DossierChange.Action.REMOVE
        _record(user, dossier, action, f"{len(ids)} article{'s' if len(ids) != 1 else ''}", ids)
    return len(ids)


@transaction.atomic
def dossier_add_imported(
    *, user: AbstractBaseUser | None, dossier: Dossier, article_ids: Iterable[int]
) -> None:
    """Put imported articles into the dossier chosen for the import, recorded as an
    addition by the importer. The import services check `check_may_change` once, before
    their first item, rather than once per chunk."""
    ids = sorted(set(article_ids))
    if ids:
        dossier.articles.add(*ids)
        detail = f"{len(ids)} article{'s' if len(ids) != 1 else ''} at import"
        _record(user, dossier, DossierChange.Action.ADD, detail, ids)
