"""Dossiers: named sets of articles an analyst works on.

Creating, renaming and changing a dossier's articles each need the matching dossier
permission; deleting one is for its creator or a user allowed to delete dossiers
(editors). Deleting a dossier, or taking an article out of it, keeps the articles
and their annotations. Only changing the articles runs in a transaction of its own;
the others write one row.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from annotations.models import Article, Dossier


def _check_dossier_owner(user: AbstractBaseUser, dossier: Dossier, action: str) -> None:
    if dossier.created_by_id != user.pk and not user.has_perm("annotations.delete_dossier"):
        raise PermissionDenied(f"Only its creator or an editor may {action} this dossier.")


def dossier_create(*, user: AbstractBaseUser, name: str, description: str = "") -> Dossier:
    """A new named set of articles."""
    if not user.has_perm("annotations.add_dossier"):
        raise PermissionDenied("You may not create dossiers.")
    dossier = Dossier(name=" ".join(name.split()), description=description.strip(), created_by=user)
    dossier.full_clean()
    dossier.save()
    return dossier


def dossier_rename(*, user: AbstractBaseUser, dossier: Dossier, name: str) -> Dossier:
    """Give the dossier a new name."""
    if not user.has_perm("annotations.change_dossier"):
        raise PermissionDenied("You may not rename dossiers.")
    dossier.name = " ".join(name.split())
    dossier.full_clean()
    dossier.save(update_fields=["name"])
    return dossier


def dossier_delete(*, user: AbstractBaseUser, dossier: Dossier) -> None:
    """Delete the dossier; its articles and their annotations stay."""
    _check_dossier_owner(user, dossier, "delete")
    dossier.delete()


@transaction.atomic
def dossier_set_articles(
    *, user: AbstractBaseUser, dossier: Dossier, article_ids: Iterable[int], add: bool
) -> int:
    """Add (or remove) articles to (from) a dossier; returns how many were asked for."""
    if not user.has_perm("annotations.change_dossier"):
        raise PermissionDenied("You may not change dossiers.")
    ids = list(Article.objects.filter(pk__in=list(article_ids)).values_list("pk", flat=True))
    if add:
        dossier.articles.add(*ids)
    else:
        dossier.articles.remove(*ids)
    return len(ids)
