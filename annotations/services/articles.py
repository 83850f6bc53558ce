"""Articles and their outlets: storing one article, correcting an article's text or its
details (title, outlet, author, date, URL, language), each change kept in its history.

An article is stored once: the same text (by fingerprint) or the same URL is refused
with DuplicateArticle, also when a concurrent request stored it first. Its text is
normalised and, without a title, its first line becomes the title when it looks like
one, else the title is derived from the first sentence and marked so (`title_and_text`,
which the import shares). A corrected text re-anchors the article's highlights; one
that cannot be placed with certainty is marked orphaned, never moved to a wrong place.
Each highlight that moves is changed by the rule of `changes`, as the corrector's
change: one whose words changed (a fuzzy placement) or are no longer found goes back to
review with an event showing the old and new wording; unchanged words that only moved
keep their status.
`article_create`, `article_update_text` and `article_update_details` run in one
transaction and check the user's permission (`article_create` checks none when no user is
given: a command-line import run without --user). `outlet_get_or_create` checks none: it
serves them. Details may be corrected by whoever imported the article and by editors
(`can_edit_details`); a save made on outdated details raises ArticleConflict and writes
nothing, so two people correcting one article never overwrite each other unseen.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotations import anchoring
from annotations.importers.base import ImportFailure, checked_language
from annotations.importers.cleaning import (
    normalize_text,
    plain_line,
    split_title,
    text_fingerprint,
)
from annotations.models import (
    Annotation,
    Article,
    ArticleRevision,
    Dossier,
    Outlet,
    ReviewEvent,
)
from annotations.normalization import normalize_name
from annotations.services import changes, highlights, names


class DuplicateArticle(Exception):
    """The article is already in Newsroom (same URL or same text)."""

    def __init__(self, existing: Article):
        self.existing = existing
        super().__init__(f"Already imported as “{existing.title}” (#{existing.pk})")


class ArticleConflict(Exception):
    """The article's details changed since the user opened them; `current` is the article now."""

    def __init__(self, current: Article):
        self.current = current
        super().__init__("Someone changed these details since you opened them.")


def outlet_get_or_create(*, name: str) -> Outlet | None:
    """The outlet called `name` (case and accents ignored), created if new."""
    name = plain_line(name)
    if not normalize_name(name):
        return None
    return names.find(Outlet.objects, name) or names.add(Outlet, name=name)


def refuse_oversized(text: str) -> None:
    """The one limit on an article's text (NEWSROOM_MAX_ARTICLE_CHARS), checked before the
    database, whatever brings the text: paste, upload, import or correction."""
    limit = settings.NEWSROOM_MAX_ARTICLE_CHARS
    if len(text) > limit:
        raise ValidationError(
            {
                "text": f"The text is {len(text):,} characters long; "
                f"an article holds at most {limit:,}."
            }
        )


def article_language(value: str) -> str:
    """The language code to store (checked_language's one rule), or ValidationError."""
    try:
        return checked_language(value)
    except ImportFailure as failure:
        raise ValidationError({"language": str(failure)}) from None


def title_and_text(title: str, text: str, *, title_derived: bool = False) -> tuple[str, str, bool]:
    """The title (spaces collapsed), normalised text and whether the title is derived, to
    store. Without a title, the first line becomes it when it looks like a title, else one
    is derived from the first sentence and the text is kept whole (`split_title`). The
    text may come back empty: callers refuse that; an oversized one is refused here
    (ValidationError)."""
    refuse_oversized(text)
    text = normalize_text(text)
    title = plain_line(title)
    if not title and text:
        return split_title(text)
    return title, text, title_derived and bool(title)


def _stored_copy(article: Article) -> Article | None:
    """The stored article with the same text, or else the same URL, as `article`."""
    existing = Article.objects.filter(text_hash=article.text_hash).first()
    if existing is None and article.url:
        existing = Article.objects.filter(url=article.url).first()
    return existing


@transaction.atomic
def article_create(
    *,
    text: str,
    created_by: AbstractBaseUser | None,
    title: str = "",
    url: str = "",
    outlet_name: str = "",
    author: str = "",
    published: datetime.datetime | None = None,
    language: str = "",
    dossier: Dossier | None = None,
    title_derived: bool = False,
) -> Article:
    """Store an article from raw text; without a title, the first line becomes it when it
    looks like one, else one is derived (`title_and_text`).

    Raises DuplicateArticle when the same URL or the same text is already stored.
    """
    if created_by is not None and not created_by.has_perm("annotations.add_article"):
        raise PermissionDenied("You may not add articles.")
    title, text, title_derived = title_and_text(title, text, title_derived=title_derived)
    if not text:
        raise ValidationError({"text": "The article has no text."})
    article = Article(
        title=title[:500],
        title_derived=title_derived,
        text=text,
        url=url.strip(),
        outlet=outlet_get_or_create(name=outlet_name),
        author=plain_line(author),
        published=published,
        language=article_language(language),
        text_hash=text_fingerprint(text),
        imported_by=created_by,
    )
    existing = _stored_copy(article)
    if existing is not None:
        raise DuplicateArticle(existing)
    article.full_clean(exclude=["text_hash"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Another request stored the same article between our check and our insert.
        existing = _stored_copy(article)
        if existing is None:
            raise
        raise DuplicateArticle(existing) from None
    if dossier is not None:
        dossier.articles.add(article)
    return article


@transaction.atomic
def article_update_text(*, article: Article, text: str, user: AbstractBaseUser) -> dict[str, int]:
    """Replace an article's text (a corrected version) and re-anchor every annotation.

    Annotations that cannot be placed with certainty are marked orphaned, never moved
    to a wrong place. Returns counts per outcome: position, quote, fuzzy, orphaned.
    """
    if not user.has_perm("annotations.change_article"):
        raise PermissionDenied("Only editors and staff correct article text.")
    refuse_oversized(text)
    text = normalize_text(text)
    if not text:
        raise ValidationError({"text": "The article has no text."})
    article = Article.objects.select_for_update().get(pk=article.pk)
    fingerprint = text_fingerprint(text)
    clash = Article.objects.filter(text_hash=fingerprint).exclude(pk=article.pk).first()
    if clash is not None:
        raise DuplicateArticle(clash)
    length_before = len(article.text)
    article.text, article.text_hash = text, fingerprint
    article.save(update_fields=["text", "text_hash", "modified"])
    annotations = list(article.annotations.select_for_update())
    before = [anchoring.Anchor(a.start, a.end, a.exact, a.prefix, a.suffix) for a in annotations]
    results = anchoring.reanchor_many(text, before)
    counts = {"position": 0, "quote": 0, "fuzzy": 0, "orphaned": 0}
    events, changed = [], []
    for annotation, old, placed in zip(annotations, before, results, strict=True):
        if placed is None:
            counts["orphaned"] += 1
            if not annotation.orphaned:
                annotation.orphaned = True
                events.append(_reanchored(annotation, user, None))
                changed.append(annotation)
            continue
        counts[placed.method] += 1
        anchor = anchoring.describe(text, placed.start, placed.end)
        if anchor != old or annotation.orphaned:
            events.append(_reanchored(annotation, user, anchor.exact))
            highlights.place(annotation, anchor)
            changed.append(annotation)
    ReviewEvent.objects.bulk_create(events, batch_size=1000)
    Annotation.objects.bulk_update(
        changed,
        ["start", "end", "exact", "prefix", "suffix", "orphaned", *changes.CHANGED_FIELDS],
        batch_size=500,
    )
    ArticleRevision.objects.create(
        article=article,
        user=user,
        changes={"text": [length_before, len(text)], "highlights": counts},
    )
    return counts


def can_edit_details(user: AbstractBaseUser, article: Article) -> bool:
    """Editors correct any article's details; analysts those of the articles they imported."""
    if user.has_perm("annotations.change_article"):
        return True
    return article.imported_by_id == user.pk and user.has_perm("annotations.add_article")


def _shown(field: str, value) -> str:
    """A detail as the history shows it."""
    if value is None:
        return ""
    if field == "published":
        local = timezone.localtime(value)
        # A date without a time is stored at midnight: shown as the date alone.
        midnight = local.time() == datetime.time.min
        return f"{local:%Y-%m-%d}" if midnight else f"{local:%Y-%m-%d %H:%M}"
    return str(value)


@transaction.atomic
def article_update_details(
    *,
    article: Article,
    user: AbstractBaseUser,
    expected_modified: datetime.datetime,
    title: str,
    url: str = "",
    outlet_name: str = "",
    author: str = "",
    published: datetime.datetime | None = None,
    language: str = "",
) -> ArticleRevision | None:
    """Correct an article's details and record what changed; None when nothing did.

    `expected_modified` is the article's `modified` when the user opened the form: a
    later change raises ArticleConflict. A URL another article has raises DuplicateArticle.
    """
    if not can_edit_details(user, article):
        raise PermissionDenied("Only editors and the analyst who imported it correct an article.")
    current = (
        Article.objects.select_for_update(of=("self",)).select_related("outlet").get(pk=article.pk)
    )
    if current.modified != expected_modified:
        raise ArticleConflict(current)
    wanted = {
        "title": plain_line(title),
        "url": url.strip(),
        "outlet": outlet_get_or_create(name=outlet_name),
        "author": plain_line(author),
        "published": published,
        "language": article_language(language),
    }
    if not wanted["title"]:
        raise ValidationError({"title": "An article needs a title."})
    changed = {
        field: [_shown(field, getattr(current, field)), _shown(field, value)]
        for field, value in wanted.items()
        if getattr(current, field) != value
    }
    if not changed:
        return None
    if "url" in changed and wanted["url"]:
        clash = Article.objects.filter(url=wanted["url"]).exclude(pk=current.pk).first()
        if clash is not None:
            raise DuplicateArticle(clash)
    for field in changed:
        setattr(current, field, wanted[field])
    # A title someone typed is no longer one derived from the text.
    derived = ["title_derived"] if "title" in changed and current.title_derived else []
    current.title_derived = current.title_derived and "title" not in changed
    current.full_clean(exclude=["text_hash"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            current.save(update_fields=[*changed, *derived, "modified"])
    except IntegrityError:
        # Another request gave an article this URL between our check and our save.
        clash = Article.objects.filter(url=wanted["url"]).exclude(pk=current.pk).first()
        if clash is None:
            raise
        raise DuplicateArticle(clash) from None
    return ArticleRevision.objects.create(article=current, user=user, changes=changed)


def _reanchored(annotation: Annotation, user: AbstractBaseUser, exact: str | None) -> ReviewEvent:
    """The history of a highlight moved by a text correction; changed or lost words send
    it back to review."""
    if exact is None:
        how = f"No longer found in the corrected text: “{annotation.exact}”"
    elif exact != annotation.exact:
        how = f"Words changed when the text was corrected: “{annotation.exact}” → “{exact}”"
    else:
        how = "Moved with the corrected text, words unchanged"
    return changes.change_event(
        annotation=annotation, user=user, how=how, reopens=exact != annotation.exact
    )
