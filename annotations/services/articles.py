"""Articles and their outlets: storing one article, correcting an article's text.

An article is stored once: the same text (by fingerprint) or the same URL is refused
with DuplicateArticle, also when a concurrent request stored it first. Its text is
normalised and, without a title, its first line becomes the title when it looks like
one, else the title is derived from the first sentence and marked so (`title_and_text`,
which the import shares). A corrected text re-anchors the article's highlights; one
that cannot be placed with certainty is marked orphaned, never moved to a wrong place.
`article_create` and `article_update_text` run in one transaction and check the
user's permission (`article_create` checks none when no user is given: a command-line
import run without --user). `outlet_get_or_create` checks none: it serves them.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from annotations import anchoring
from annotations.importers.cleaning import normalize_text, split_title, text_fingerprint
from annotations.models import Annotation, Article, Dossier, Outlet
from annotations.normalization import normalize_name
from annotations.services import highlights, names


class DuplicateArticle(Exception):
    """The article is already in Newsroom (same URL or same text)."""

    def __init__(self, existing: Article):
        self.existing = existing
        super().__init__(f"Already imported as “{existing.title}” (#{existing.pk})")


def outlet_get_or_create(*, name: str) -> Outlet | None:
    """The outlet called `name` (case and accents ignored), created if new."""
    if not normalize_name(name):
        return None
    return names.find(Outlet.objects, name) or names.add(Outlet, name=name)


def title_and_text(title: str, text: str, *, title_derived: bool = False) -> tuple[str, str, bool]:
    """The title (spaces collapsed), normalised text and whether the title is derived, to
    store. Without a title, the first line becomes it when it looks like a title, else one
    is derived from the first sentence and the text is kept whole (`split_title`). The
    text may come back empty: callers refuse that."""
    text = normalize_text(text)
    title = " ".join(title.split())
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
        author=" ".join(author.split()),
        published=published,
        language=language.strip().lower(),
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
    text = normalize_text(text)
    if not text:
        raise ValidationError({"text": "The article has no text."})
    article = Article.objects.select_for_update().get(pk=article.pk)
    fingerprint = text_fingerprint(text)
    clash = Article.objects.filter(text_hash=fingerprint).exclude(pk=article.pk).first()
    if clash is not None:
        raise DuplicateArticle(clash)
    article.text, article.text_hash = text, fingerprint
    article.save(update_fields=["text", "text_hash", "modified"])
    annotations = list(article.annotations.all())
    results = anchoring.reanchor_many(
        text,
        [anchoring.Anchor(a.start, a.end, a.exact, a.prefix, a.suffix) for a in annotations],
    )
    counts = {"position": 0, "quote": 0, "fuzzy": 0, "orphaned": 0}
    for annotation, placed in zip(annotations, results, strict=True):
        if placed is None:
            annotation.orphaned = True
            counts["orphaned"] += 1
            continue
        highlights.place(annotation, anchoring.describe(text, placed.start, placed.end))
        counts[placed.method] += 1
    Annotation.objects.bulk_update(
        annotations, ["start", "end", "exact", "prefix", "suffix", "orphaned"], batch_size=500
    )
    return counts
