"""services.mentions: accepting a mention, and tagging every mention of an actor chunk by
chunk in any script; both change only the highlights the user may edit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError

from annotations.models import Annotation, Entity, MentionTagging, ReviewEvent, TaggedActor
from annotations.services import mentions, registry, review
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db


def test_a_chunk_that_fails_half_way_leaves_nothing_of_itself(analyst, monkeypatch):
    putin = EntityFactory(name="Vladimir Putin", kind="person")
    first = ArticleFactory(text="Vladimir Putin a parlé mardi.")
    second = ArticleFactory(text="Selon Vladimir Putin, rien n’est décidé.")
    write_events = ReviewEvent.objects.bulk_create
    chunks = []

    def fail_in_the_second_chunk(events, *args, **kwargs):
        # By now the chunk has stored its highlights and their actor tags.
        chunks.append(events)
        if len(chunks) == 2:
            raise DatabaseError("disk full")
        return write_events(events, *args, **kwargs)

    monkeypatch.setattr(ReviewEvent.objects, "bulk_create", fail_in_the_second_chunk)
    tagging = mentions.mention_tagging_start(user=analyst, entity=putin)
    with pytest.raises(DatabaseError):
        mentions.mention_tagging_run(tagging=tagging, chunk_size=1)

    assert not Annotation.objects.filter(article=second).exists()
    assert not TaggedActor.objects.filter(content_object__article=second).exists()
    kept = Annotation.objects.get(article=first)
    assert list(kept.actors.all()) == [putin]
    assert kept.review_events.count() == 1
    tagging.refresh_from_db()
    assert tagging.status == MentionTagging.Status.FAILED
    assert (tagging.articles_done, tagging.created_count) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_tag_every_mention_of_a_name_in_another_script(analyst):
    putin = EntityFactory(name="Путин", kind="person")
    ArticleFactory(text="Путин сказал, что ничего не решено.")
    tagging = mentions.mention_tagging_start(user=analyst, entity=putin)
    mentions.mention_tagging_run(tagging=tagging)
    assert Annotation.objects.get().exact == "Путин"


def _approved_quote_of_a_mention(author, editor):
    putin = EntityFactory(name="Vladimir Putin", kind="person")
    article = ArticleFactory(text="Vladimir Putin a parlé mardi.")
    quote = AnnotationFactory(article=article, author=author, start=0, end=14)
    quote = review.annotation_review(annotation=quote, reviewer=editor, to_status="approved")
    return putin, article, quote


def test_accepting_a_mention_on_someone_elses_quote_is_refused_and_changes_nothing(
    analyst, other_analyst, editor
):
    putin, article, quote = _approved_quote_of_a_mention(analyst, editor)
    with pytest.raises(PermissionDenied, match="already highlighted by someone else"):
        mentions.mention_accept(
            user=other_analyst, article=article, start=0, end=14, actor_id=putin.pk
        )
    stored = Annotation.objects.get()
    assert (stored.status, stored.version, list(stored.actors.all())) == (
        "approved",
        quote.version,
        [],
    )
    assert stored.review_events.count() == 1


def test_accepting_a_mention_on_ones_own_approved_quote_sends_it_back_to_review(analyst, editor):
    putin, article, quote = _approved_quote_of_a_mention(analyst, editor)
    tagged = mentions.mention_accept(
        user=analyst, article=article, start=0, end=14, actor_id=putin.pk
    )
    tagged.refresh_from_db()
    assert tagged.pk == quote.pk and list(tagged.actors.all()) == [putin]
    assert (tagged.status, tagged.version, tagged.reviewer) == ("pending", quote.version + 1, None)
    last = tagged.review_events.last()
    assert (last.actor, last.from_status, last.reason) == (
        analyst,
        "approved",
        "Actor Vladimir Putin added by accepting a mention",
    )


def test_an_editor_may_accept_a_mention_on_an_analysts_quote(analyst, editor):
    putin, article, quote = _approved_quote_of_a_mention(analyst, editor)
    tagged = mentions.mention_accept(
        user=editor, article=article, start=0, end=14, actor_id=putin.pk
    )
    assert tagged.pk == quote.pk and tagged.status == "pending"
    assert tagged.review_events.last().actor == editor


def test_tag_every_mention_skips_and_counts_highlights_the_starter_may_not_edit(
    analyst, other_analyst, editor
):
    putin, article, quote = _approved_quote_of_a_mention(analyst, editor)
    own_article = ArticleFactory(text="Selon Vladimir Putin, rien n’est décidé.")
    own = AnnotationFactory(article=own_article, author=other_analyst, start=6, end=20)
    tagging = mentions.mention_tagging_start(user=other_analyst, entity=putin)
    mentions.mention_tagging_run(tagging=tagging)
    quote.refresh_from_db()
    own.refresh_from_db()
    assert (quote.status, quote.version, list(quote.actors.all())) == ("approved", 2, [])
    assert list(own.actors.all()) == [putin] and own.version == 2
    assert own.review_events.get().reason == "Actor Vladimir Putin added by tagging every mention"
    assert (tagging.skipped_count, tagging.tagged_existing, tagging.created_count) == (1, 1, 0)


def test_a_run_whose_actor_is_merged_meanwhile_tags_the_survivor(analyst, editor):
    putin = EntityFactory(name="Vladimir Putin", kind="person")
    poutine = EntityFactory(name="Poutine", kind="person")
    ArticleFactory(text="Poutine a parlé mardi.")
    started = mentions.mention_tagging_start(user=analyst, entity=poutine)
    # What the background task loaded before the merge: the run and its actor, unmerged.
    tagging = MentionTagging.objects.select_related("entity").get(pk=started.pk)
    registry.entity_merge(user=editor, survivor=putin, merged=poutine)
    mentions.mention_tagging_run(tagging=tagging)
    assert list(Annotation.objects.get().actors.all()) == [putin]
    tagging.refresh_from_db()
    assert (tagging.status, tagging.entity) == (MentionTagging.Status.DONE, putin)


def test_accepting_a_suggestion_of_an_actor_merged_away_is_a_clear_refusal(analyst, editor):
    putin, poutine = EntityFactory(name="Vladimir Putin"), EntityFactory(name="Poutine")
    article = ArticleFactory(text="Poutine a parlé mardi.")
    suggested = poutine.pk
    registry.entity_merge(user=editor, survivor=putin, merged=poutine)
    with pytest.raises(ValidationError, match="merged or deleted: reload the suggestions"):
        mentions.mention_accept(user=analyst, article=article, start=0, end=7, actor_id=suggested)
    assert not Annotation.objects.exists()


@pytest.mark.parametrize("name", ["the", "Le", "US"])
def test_tagging_every_mention_of_a_common_word_needs_an_editor(analyst, editor, name):
    actor = EntityFactory(name=name)
    with pytest.raises(ValidationError, match="only an editor may start it"):
        mentions.mention_tagging_start(user=analyst, entity=actor)
    assert not MentionTagging.objects.exists()
    assert mentions.mention_tagging_start(user=editor, entity=actor).entity == actor


def test_tagging_every_mention_checks_the_actors_spellings_too(analyst):
    actor = EntityFactory(name="Nikolaï Patrouchev")
    registry.entity_alias_add(entity=actor, name="de")  # an editor's, or an old one
    with pytest.raises(ValidationError, match="“de” is only two letters long"):
        mentions.mention_tagging_start(user=analyst, entity=actor)


def test_a_new_actor_from_a_mention_takes_the_built_in_kind_before_the_label(analyst):
    article = ArticleFactory(text="L’Iran et Kestra ont parlé.")
    mentions.mention_accept(user=analyst, article=article, start=2, end=6, label="LOC")
    mentions.mention_accept(user=analyst, article=article, start=10, end=16, label="ORG")
    assert dict(Entity.objects.values_list("name", "kind")) == {
        "Iran": "country",
        "Kestra": "organisation",
    }
