"""views.mentions: suggested actors in the reader, accepted or dismissed; tag every mention."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from annotations import entities
from annotations.models import Annotation, DismissedMention, Entity, MentionTagging
from annotations.services import review
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory
from tests.helpers import HX

pytestmark = pytest.mark.django_db


TEXT = "Patrouchev a reçu Ahmadian. Selon Patrouchev, l’Iran coopère.\n\nFin."


@pytest.fixture
def setup(analyst, monkeypatch):
    monkeypatch.setattr(entities, "ner_available", lambda language: False)
    patrushev = EntityFactory(name="Nikolai Patrushev", kind="person")
    patrushev.aliases.create(name="Patrouchev")
    EntityFactory(name="Iran", kind="country")
    return {"article": ArticleFactory(text=TEXT), "patrushev": patrushev}


def test_suggestions_accept_and_dismiss(client, analyst, setup):
    article = setup["article"]
    client.force_login(analyst)
    body = client.get(reverse("article_suggestions", args=[article.pk]), **HX).content.decode()
    assert 'Suggested actors <span class="count">3</span>' in body
    assert "recogniser is not installed" in body
    first = TEXT.index("Patrouchev")
    url = reverse("mention_decide", args=[article.pk])
    client.post(
        url,
        {"decision": "accept", "scope": "one", "start": first, "end": first + 10,
         "actor_id": setup["patrushev"].pk, "label": "PER"},
        **HX,
    )  # fmt: skip
    annotation = Annotation.objects.get()
    assert (annotation.exact, annotation.status) == ("Patrouchev", "pending")
    assert list(annotation.actors.all()) == [setup["patrushev"]]
    iran = TEXT.index("Iran")
    client.post(url, {"decision": "dismiss", "scope": "one", "start": iran, "end": iran + 4}, **HX)
    body = client.get(reverse("article_suggestions", args=[article.pk]), **HX).content.decode()
    assert 'Suggested actors <span class="count">1</span>' in body  # the second Patrouchev
    assert DismissedMention.objects.get().text == "Iran"
    client.post(url, {"decision": "accept", "scope": "all"}, **HX)
    assert Annotation.objects.count() == 2


def test_an_unknown_actor_from_the_recogniser_is_added_with_its_kind(client, analyst, setup):
    article = ArticleFactory(text="Le ministre Karim Benali est arrivé.")
    start = article.text.index("Karim")
    client.force_login(analyst)
    client.post(
        reverse("mention_decide", args=[article.pk]),
        {"decision": "accept", "scope": "one", "start": start, "end": start + 12, "label": "PER"},
        **HX,
    )
    entity = Entity.objects.get(name="Karim Benali")
    assert entity.kind == "person"
    assert list(Annotation.objects.get().actors.all()) == [entity]


@pytest.mark.django_db(transaction=True)
def test_tag_every_mention_runs_in_the_background_without_duplicates(client, analyst, setup):
    other = ArticleFactory(text="Nikolai Patrushev et PATROUCHEV.")
    existing = AnnotationFactory(article=other, author=analyst, start=0, end=17)
    client.force_login(analyst)
    url = reverse("tag_every_mention", args=[setup["patrushev"].slug])
    preview = client.get(url).content.decode()
    assert "2 articles mention Nikolai Patrushev" in preview
    response = client.post(url)
    tagging = MentionTagging.objects.get()
    assert response["Location"] == tagging.get_absolute_url()
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    tagging.refresh_from_db()
    assert (tagging.status, tagging.articles_done, tagging.created_count) == ("done", 2, 3)
    assert tagging.tagged_existing == 1
    assert list(existing.actors.all()) == [setup["patrushev"]]
    assert Annotation.objects.count() == 4
    client.post(url)
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    assert Annotation.objects.count() == 4  # a second run duplicates nothing
    page = client.get(tagging.get_absolute_url()).content.decode()
    assert "3 new highlights" in page


@pytest.mark.parametrize("dossier", ["abc", "-1", str(10**20), "987654"])
def test_tag_every_mention_refuses_a_dossier_that_is_not_one(client, analyst, setup, dossier):
    client.force_login(analyst)
    url = reverse("tag_every_mention", args=[setup["patrushev"].slug])
    assert client.get(url, {"dossier": dossier}).status_code == 400
    assert client.post(url, {"dossier": dossier}).status_code == 400
    assert not MentionTagging.objects.exists()


def test_accepting_a_mention_on_another_analysts_approved_quote_is_refused(
    client, analyst, other_analyst, editor, setup
):
    article, patrushev = setup["article"], setup["patrushev"]
    quote = AnnotationFactory(article=article, author=other_analyst, start=0, end=10)
    quote = review.annotation_review(annotation=quote, reviewer=editor, to_status="approved")
    client.force_login(analyst)
    body = client.post(
        reverse("mention_decide", args=[article.pk]),
        {"decision": "accept", "scope": "one", "start": 0, "end": 10,
         "actor_id": patrushev.pk, "label": "PER"},
        **HX,
    ).content.decode()  # fmt: skip
    assert "already highlighted by someone else" in body
    quote.refresh_from_db()
    assert (quote.status, quote.version, list(quote.actors.all())) == ("approved", 2, [])
    assert Annotation.objects.count() == 1


def test_tag_every_mention_of_a_common_word_is_refused_to_an_analyst(client, analyst):
    actor = EntityFactory(name="the")
    client.force_login(analyst)
    response = client.post(reverse("tag_every_mention", args=[actor.slug]), follow=True)
    assert response.status_code == 200
    assert "“the” is a common English word" in response.content.decode()
    assert not MentionTagging.objects.exists()
