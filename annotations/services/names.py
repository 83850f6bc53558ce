"""Rows known by a folded name: outlets, themes, actors and their spellings.

These models (FoldedNameModel) are unique once their name is folded: case, accents,
apostrophe and dash variants and spacing ignored (annotations.normalization). Every
service that looks one up by name or adds one goes through here, so all of them match
names the same way. A blank name, or one with characters no name may hold (control
characters: `normalization.name_refusal`), matches nothing; adding one is refused. A
new row is stored with its name's whitespace collapsed and is validated before it is
saved. No permission is checked
here: the calling service or view does that.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db.models import Manager, QuerySet

from annotations.models import FoldedNameModel
from annotations.normalization import name_refusal, normalize_name

Named = TypeVar("Named", bound=FoldedNameModel)


def find(rows: Manager[Named] | QuerySet[Named], name: str) -> Named | None:
    """The row among `rows` whose folded name is that of `name`, if any."""
    normalized = normalize_name(name)
    # PostgreSQL refuses NUL in a query's text: a name that could not be stored is no one's.
    if not normalized or name_refusal(name):
        return None
    return rows.filter(normalized=normalized).first()


def add(model: type[Named], *, name: str, exclude: Iterable[str] | None = None, **fields) -> Named:
    """A new `model` row called `name` (whitespace collapsed), validated, then saved."""
    row = model(name=" ".join(name.split()), **fields)
    row.full_clean(exclude=None if exclude is None else list(exclude))
    row.save()
    return row
