"""An analyst's highlights: creating, editing, re-placing and deleting them, and who may.

A highlight is an Annotation: a passage of an article, located by code-point offsets
and by its quoted text with some context, tagged with themes and actors, with an
optional speaker and note. A new highlight starts pending review; editing or
re-placing one follows the rule of `changes` (its version bumps, a reviewed quote goes
back to review, the history says who and how). Its author may edit and delete it,
editors any: the `can_*` predicates say who, and every write here checks its
permission first, validates what it writes and runs in one transaction. An edit
made on an outdated version raises `review.AnnotationConflict` and writes nothing.
Themes and actors named in a form are found by name or spelling, or added
(`registry`); a new actor gets the kind the user chose for it (`actor_kinds`, keyed by
folded name), else the kind guessed from its name (`entities.guess_kind`), never
Person by default. `location` and `place` are how every service puts an annotation on a
passage (here, on a corrected text, in a restore, when tagging every mention).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from annotations import anchoring, entities
from annotations.models import Annotation, Article, Entity, ReviewEvent
from annotations.normalization import normalize_name
from annotations.sanitize import render_markdown
from annotations.services import changes, registry, review

# Who may edit is the rule's (`changes`); pages ask here, where highlights are written.
can_edit_annotation = changes.can_edit_annotation
editable_annotation_ids = changes.editable_annotation_ids


def can_delete_annotation(user: AbstractBaseUser, annotation: Annotation) -> bool:
    if user.has_perm("annotations.edit_any_annotation"):
        return True
    return annotation.author_id == user.pk and user.has_perm("annotations.delete_annotation")


def _names(values: Iterable[str]) -> list[str]:
    seen, names = set(), []
    for value in values:
        clean = " ".join(value.split())
        if clean and normalize_name(clean) not in seen:
            seen.add(normalize_name(clean))
            names.append(clean)
    return names


def _actor(name: str, actor_kinds: Mapping[str, str], language: str) -> Entity:
    """The actor called `name`, added with the chosen or guessed kind if the registry
    does not know it."""
    entity = registry.entity_find(name=name)
    if entity is not None:
        return entity
    kind = actor_kinds.get(normalize_name(name))
    kind = kind or entities.guess_kind(name, language=language).kind
    return registry.entity_get_or_create(name=name, kind=kind)


def _speaker(name: str, actor_kinds: Mapping[str, str], language: str) -> Entity | None:
    """The quoted actor, added to the registry if unknown; none for a blank name."""
    return _actor(" ".join(name.split()), actor_kinds, language) if name.strip() else None


def _set_tags(
    annotation: Annotation,
    themes: Iterable[str],
    actors: Iterable[str],
    actor_kinds: Mapping[str, str],
    language: str,
) -> None:
    """Tag with exactly these themes and actors (each named once), adding the unknown ones."""
    annotation.themes.set([registry.theme_get_or_create(name=name) for name in _names(themes)])
    annotation.actors.set([_actor(name, actor_kinds, language) for name in _names(actors)])


def location(anchor: anchoring.Anchor) -> dict[str, int | str | bool]:
    """The fields that put an annotation on `anchor`'s passage (so not orphaned)."""
    return {
        "start": anchor.start,
        "end": anchor.end,
        "exact": anchor.exact,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "orphaned": False,
    }


def place(annotation: Annotation, anchor: anchoring.Anchor) -> None:
    """Move `annotation` (unsaved) onto `anchor`'s passage."""
    for field, value in location(anchor).items():
        setattr(annotation, field, value)


def _anchor(text: str, start: int, end: int) -> anchoring.Anchor:
    """The selectors of `text[start:end]`; an impossible range is a ValidationError."""
    try:
        return anchoring.describe(text, start, end)
    except ValueError as error:
        raise ValidationError(f"Invalid passage: {error}") from error


@transaction.atomic
def annotation_create(
    *,
    article: Article,
    author: AbstractBaseUser,
    start: int,
    end: int,
    exact: str | None = None,
    themes: Iterable[str] = (),
    actors: Iterable[str] = (),
    actor_kinds: Mapping[str, str] | None = None,
    speaker: str = "",
    note: str = "",
) -> Annotation:
    """Highlight `article.text[start:end]` (code points) and tag it; it starts pending review.

    When `exact` is given it must be the text at those offsets, so a stale page
    cannot anchor a highlight to the wrong passage.
    """
    if not author.has_perm("annotations.add_annotation"):
        raise PermissionDenied("You may not annotate.")
    anchor = _anchor(article.text, start, end)
    if exact is not None and anchor.exact != exact:
        raise ValidationError("The selected passage does not match the article text.")
    annotation = Annotation(
        article=article,
        **location(anchor),
        note=note.strip(),
        note_html=render_markdown(note),
        speaker=_speaker(speaker, actor_kinds or {}, article.language),
        author=author,
    )
    annotation.full_clean(exclude=["themes", "actors"])
    annotation.save()
    _set_tags(annotation, themes, actors, actor_kinds or {}, article.language)
    ReviewEvent.objects.create(
        annotation=annotation, actor=author, from_status="", to_status=Annotation.Status.PENDING
    )
    return annotation


@transaction.atomic
def annotation_update(
    *,
    annotation: Annotation,
    user: AbstractBaseUser,
    expected_version: int,
    themes: Iterable[str] = (),
    actors: Iterable[str] = (),
    actor_kinds: Mapping[str, str] | None = None,
    speaker: str = "",
    note: str = "",
) -> Annotation:
    """Change a quote's tags, speaker and note; an edited quote goes back to review.

    `expected_version` is the version the user started from: if someone else saved
    since, AnnotationConflict is raised and nothing is written.
    """
    if not can_edit_annotation(user, annotation):
        raise PermissionDenied("You may only edit your own annotations.")
    current = review.annotation_locked(annotation=annotation)
    if current.version != expected_version:
        raise review.AnnotationConflict(current)
    changes.annotation_change(annotation=current, user=user, how="Edited", reopens=True)
    # The caller's copy usually has its article loaded; the language only feeds kind guesses.
    language = annotation.article.language
    current.speaker = _speaker(speaker, actor_kinds or {}, language)
    current.note = note.strip()
    current.note_html = render_markdown(note)
    current.full_clean(exclude=["themes", "actors"])
    current.save()
    _set_tags(current, themes, actors, actor_kinds or {}, language)
    return current


@transaction.atomic
def annotation_reattach(
    *, annotation: Annotation, user: AbstractBaseUser, start: int, end: int
) -> Annotation:
    """Place an orphaned (or misplaced) quote on a passage the user selected again."""
    if not can_edit_annotation(user, annotation):
        raise PermissionDenied("You may only repair your own annotations.")
    current = review.annotation_locked(annotation=annotation, related="article")
    anchor = _anchor(current.article.text, start, end)
    changes.annotation_change(
        annotation=current,
        user=user,
        how=f"Placed on a new passage: “{current.exact}” → “{anchor.exact}”",
        reopens=True,
    )
    place(current, anchor)
    current.full_clean(exclude=["themes", "actors"])
    current.save()
    return current


@transaction.atomic
def annotation_delete(*, annotation: Annotation, user: AbstractBaseUser) -> None:
    """Delete an annotation: its author may, and editors may delete any."""
    if not can_delete_annotation(user, annotation):
        raise PermissionDenied("You may only delete your own annotations.")
    annotation.delete()
