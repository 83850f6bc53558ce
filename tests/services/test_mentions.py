"""services.mentions: tagging every mention of an actor, chunk by chunk, in any script."""

import pytest
from django.db import DatabaseError

from annotations.models import Annotation, MentionTagging, ReviewEvent, TaggedActor
from annotations.services import mentions
from tests.factories import ArticleFactory, EntityFactory

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
