"""Mentions of actors in articles: accepting or dismissing a suggestion, tagging them all.

A mention is an occurrence of an actor's name or spelling in an article's text.
Accepting one highlights it (or adds the actor to the highlight already on that span);
dismissing one stops it being suggested in that article. "Tag every mention" runs in
the background over a dossier or the whole corpus: it never puts a second highlight on
a span that has one (it adds the actor to it), skips dismissed mentions, and writes
each chunk of articles in one transaction, so a run that stops leaves only whole
chunks behind, counted in the run's progress.

Adding an actor to a highlight already on the span is a change of that highlight and
follows the rule of `changes`: only its author or an editor may (a reviewed quote goes
back to review, its version bumps, its history says "Actor X added by …"). Accepting a
mention on a highlight the user may not edit is refused (an analyst expects the actor on
that highlight, not a second highlight of the same words); a run skips such highlights
and counts them (`skipped_count`).

Permissions: `mention_dismiss` and `mention_tagging_start` need the permission to
annotate; tagging every mention of an actor with a name or spelling that would flood
the corpus (`registry.spelling_refusal`) needs an editor. The run trusts the start that
recorded it, edits only the highlights its starter may, and follows its actor if it is
merged into another meanwhile. `mention_accept` needs the permission to add actors for
an actor the registry lacks, the permission to annotate when it creates a highlight
(`highlights.annotation_create` checks), and the permission to edit the highlight it
adds an actor to.
"""

from __future__ import annotations

import unicodedata

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from annotations import anchoring, entities
from annotations.models import (
    Annotation,
    Article,
    DismissedMention,
    Dossier,
    Entity,
    MentionTagging,
    ReviewEvent,
    TaggedActor,
)
from annotations.normalization import normalize_name
from annotations.services import changes, highlights, registry, review

# A mention's place: (article id, start, end) in code points.
Span = tuple[int, int, int]


@transaction.atomic
def mention_accept(
    *,
    user: AbstractBaseUser,
    article: Article,
    start: int,
    end: int,
    actor_id: int | None = None,
    label: str = "",
) -> Annotation:
    """Turn a suggested mention into a pending annotation tagged with its actor.

    A mention the recogniser found but the registry does not know adds the actor first,
    with its kind guessed from the built-in list, then from the label (`entities.guess_kind`).
    """
    if actor_id is not None:
        entity = Entity.objects.filter(pk=actor_id).first()
        if entity is None:
            raise ValidationError("This actor was merged or deleted: reload the suggestions.")
        entity = registry.entity_current(entity=entity)
    else:
        if not user.has_perm("annotations.add_entity"):
            raise PermissionDenied("You may not add actors.")
        name = article.text[start:end]
        entity = registry.entity_get_or_create(
            name=name, kind=entities.guess_kind(name, language=article.language, label=label).kind
        )
    on_span = list(article.annotations.filter(start=start, end=end))
    if on_span:
        return _add_actor(user, on_span, entity)
    return highlights.annotation_create(
        article=article, author=user, start=start, end=end, actors=[entity.name]
    )


def _add_actor(user: AbstractBaseUser, on_span: list[Annotation], entity: Entity) -> Annotation:
    """Add the actor to the user's own highlight of the span, or to one they may edit."""
    tagged = TaggedActor.objects.filter(
        tag=entity, content_object_id__in=[a.pk for a in on_span]
    ).values_list("content_object_id", flat=True)
    if tagged:
        return next(a for a in on_span if a.pk == tagged[0])  # nothing to change
    editable = highlights.editable_annotation_ids(user, on_span)
    if not editable:
        raise PermissionDenied(
            f"“{on_span[0].exact}” is already highlighted by someone else: only its "
            f"author or an editor can add {entity.name} to it."
        )
    target = min(
        (a for a in on_span if a.pk in editable), key=lambda a: (a.author_id != user.pk, a.pk)
    )
    current = review.annotation_locked(annotation=target)
    changes.annotation_change(
        annotation=current,
        user=user,
        how=f"Actor {entity.name} added by accepting a mention",
        reopens=True,
    )
    current.save(update_fields=changes.CHANGED_FIELDS)
    current.actors.add(entity)
    return current


def mention_dismiss(*, user: AbstractBaseUser, article: Article, start: int, end: int) -> None:
    """Stop suggesting this mention in this article."""
    if not user.has_perm("annotations.add_annotation"):
        raise PermissionDenied("You may not dismiss suggestions.")
    DismissedMention.objects.get_or_create(
        article=article,
        start=start,
        end=end,
        defaults={"text": article.text[start:end][:255], "dismissed_by": user},
    )


def mention_tagging_start(
    *, user: AbstractBaseUser, entity: Entity, dossier: Dossier | None = None
) -> MentionTagging:
    """Record a "tag every mention" run for the background task to do."""
    if not user.has_perm("annotations.add_annotation"):
        raise PermissionDenied("You may not annotate.")
    if not user.has_perm("annotations.change_entity"):
        # Names are not vetted when actors are created (a highlight names what was selected):
        # tagging every occurrence of one is where a common word would flood the corpus.
        for spelling in [entity.name, *entity.aliases.values_list("name", flat=True)]:
            if reason := registry.spelling_refusal(spelling):
                raise ValidationError(
                    f"{reason}: tagging its every mention would mark passages that are not "
                    f"about {entity.name}, so only an editor may start it."
                )
    return MentionTagging.objects.create(entity=entity, dossier=dossier, created_by=user)


def mention_tagging_run(*, tagging: MentionTagging, chunk_size: int = 200) -> MentionTagging:
    """Tag every mention of an actor in the chosen articles; never a second annotation on a
    span that already has one (the actor is added to it instead)."""
    from annotations import entities
    from annotations.selectors import mention_candidates

    tagging.status = MentionTagging.Status.RUNNING
    articles = mention_candidates.mention_candidate_articles(
        entity=tagging.entity, dossier=tagging.dossier
    )
    tagging.articles_total = articles.count()
    tagging.save(update_fields=["status", "articles_total"])
    matcher = entities.registry_matcher()
    author = tagging.created_by
    try:
        batch: list[tuple[int, str]] = []
        for row in articles.values_list("pk", "text").iterator(chunk_size=chunk_size):
            batch.append(row)
            if len(batch) >= chunk_size:
                _tag_mentions_in(batch, tagging, matcher, author)
                batch = []
        if batch:
            _tag_mentions_in(batch, tagging, matcher, author)
        tagging.status = MentionTagging.Status.DONE
    except Exception as error:  # noqa: BLE001 - the page must say what stopped the run
        tagging.status, tagging.error = MentionTagging.Status.FAILED, str(error)
        raise
    finally:
        tagging.finished = timezone.now()
        tagging.save()
    return tagging


@transaction.atomic
def _tag_mentions_in(rows, tagging: MentionTagging, matcher, author) -> None:
    """Tag the actor's mentions in one chunk of (article id, text) rows, all or nothing,
    and add the chunk to the run's counts."""
    # Merged away since the run started: its mentions are now the survivor's.
    entity = tagging.entity = registry.entity_current(entity=tagging.entity)
    spans = _mention_spans(rows, entity, matcher)
    new, on_spans = _new_highlights(spans, [article_id for article_id, _ in rows], author)
    created = Annotation.objects.bulk_create(new, batch_size=500)
    newly_tagged, skipped = _tag_with_actor(entity, created, on_spans, author)
    ReviewEvent.objects.bulk_create(
        [
            ReviewEvent(annotation_id=a.pk, actor=author, from_status="", to_status="pending")
            for a in created
        ],
        batch_size=1000,
    )
    MentionTagging.objects.filter(pk=tagging.pk).update(
        articles_done=F("articles_done") + len(rows),
        created_count=F("created_count") + len(created),
        tagged_existing=F("tagged_existing") + newly_tagged,
        skipped_count=F("skipped_count") + skipped,
    )
    tagging.refresh_from_db(
        fields=["articles_done", "created_count", "tagged_existing", "skipped_count"]
    )


def _ascii_fold(text: str) -> str:
    # C-speed folding, good enough to rule an article out before the exact matcher runs.
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def _mention_spans(rows, entity: Entity, matcher) -> dict[Span, str]:
    """Where the actor's name or spellings occur in the rows, each with its article's text."""
    spellings = [entity.name, *(alias.name for alias in entity.aliases.all())]
    names = [_ascii_fold(name) for name in spellings]
    # The shortcut holds only for names the ASCII folding keeps whole (Latin script).
    prefilter = all(
        name == normalize_name(spelling).replace("'", "")
        for name, spelling in zip(names, spellings, strict=True)
    )
    spans = {}
    for article_id, text in rows:
        if prefilter and not any(name in _ascii_fold(text) for name in names):
            continue
        for mention in matcher.find(text):
            if mention.entity_id == entity.pk:
                spans[(article_id, mention.start, mention.end)] = text
    return spans


def _new_highlights(
    spans: dict[Span, str], article_ids: list[int], author
) -> tuple[list[Annotation], list[list[Annotation]]]:
    """Unsaved highlights for the spans that have none, and the highlights already on
    each of the others; dismissed mentions are left out."""
    existing: dict[Span, list[Annotation]] = {}
    for a in Annotation.objects.filter(article_id__in=article_ids).only(
        "pk", "article_id", "start", "end", "author_id"
    ):
        existing.setdefault((a.article_id, a.start, a.end), []).append(a)
    dismissed = set(
        DismissedMention.objects.filter(article_id__in=article_ids).values_list(
            "article_id", "start", "end"
        )
    )
    new, on_spans = [], []
    for key, text in spans.items():
        if key in dismissed:
            continue
        if key in existing:
            on_spans.append(existing[key])
            continue
        article_id, start, end = key
        anchor = anchoring.describe(text, start, end)
        new.append(Annotation(article_id=article_id, author=author, **highlights.location(anchor)))
    return new, on_spans


def _tag_with_actor(
    entity: Entity, created: list[Annotation], on_spans: list[list[Annotation]], author
) -> tuple[int, int]:
    """Tag the new highlights with the actor, and one highlight of each other span that
    lacks it, if the run's starter may edit one (a change, by `changes`' rule); returns
    how many existing highlights were tagged and how many spans were skipped."""
    everyone = [a for span in on_spans for a in span]
    already = set(
        TaggedActor.objects.filter(
            tag=entity, content_object_id__in=[a.pk for a in everyone]
        ).values_list("content_object_id", flat=True)
    )
    editable = highlights.editable_annotation_ids(author, everyone)
    to_tag, skipped = [], 0
    for span in on_spans:
        if any(a.pk in already for a in span):
            continue
        mine = [a for a in span if a.pk in editable]
        if not mine:
            skipped += 1
            continue
        to_tag.append(min(mine, key=lambda a: (a.author_id != author.pk, a.pk)).pk)
    changes.annotations_change(
        annotations=Annotation.objects.filter(pk__in=to_tag),
        user=author,
        how=f"Actor {entity.name} added by tagging every mention",
        reopens=True,
    )
    TaggedActor.objects.bulk_create(
        [TaggedActor(tag=entity, content_object_id=a.pk) for a in created]
        + [TaggedActor(tag=entity, content_object_id=pk) for pk in to_tag],
        batch_size=1000,
    )
    return len(to_tag), skipped
