"""views.actors: the actors' index, an actor's page, its spellings, merging, the registry files."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from annotations.models import EntityAlias
from annotations.services import registry
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory
from tests.helpers import HX

pytestmark = pytest.mark.django_db


def test_actor_page_shows_its_quotes(client, analyst):
    annotation = AnnotationFactory()
    annotation.themes.add("Énergie")
    annotation.actors.add("Téhéran")
    client.force_login(analyst)
    response = client.get(annotation.actors.get().get_absolute_url())
    assert response.status_code == 200
    assert annotation.exact in response.content.decode()


def test_actor_page_shows_cooccurrence_and_the_index_filters_by_kind(
    client, analyst, faceted_quotes
):
    client.force_login(analyst)
    body = client.get(reverse("actor_detail", args=["téhéran"])).content.decode()
    assert "Énergie" in body and "Sanctions" in body
    index = client.get(reverse("actor_list"), {"kind": "place"}).content.decode()
    assert "Téhéran" in index and "Vladimir Putin" not in index


def test_actor_index_title_is_clean_and_the_registry_section_is_in_the_page(client, editor):
    EntityFactory(name="Kestrany")
    client.force_login(editor)
    body = client.get(reverse("actor_list")).content.decode()
    head, _, page = body.partition("</head>")
    title = head[head.index("<title>") + len("<title>") : head.index("</title>")]
    assert title == "Actors · Newsroom"
    main = page[page.index('<main id="main">') :]
    assert "Share the registry" in main
    assert f'action="{reverse("registry_import")}"' in main
    assert 'name="registry"' in main and "csrfmiddlewaretoken" in main
    assert reverse("registry_export", args=["csv"]) in main


def test_actor_index_ranks_by_counts_a_minute_old_and_names_always_current(client, analyst):
    article = ArticleFactory()
    busy = EntityFactory(name="Zeta", kind="person")
    quiet = EntityFactory(name="Alpha", kind="organisation")
    for start in range(3):
        quote = AnnotationFactory(article=article, author=analyst, start=start, end=start + 5)
        quote.actors.add(busy)
    client.force_login(analyst)
    body = client.get(reverse("actor_list")).content.decode()
    assert body.index("Zeta") < body.index("Alpha") and "Quote counts as of" in body
    quiet.name = "Alphabet"
    quiet.save()
    body = client.get(reverse("actor_list")).content.decode()
    assert "Alphabet" in body  # names are live
    cache.clear()  # a minute later
    people = client.get(reverse("actor_list"), {"kind": "person"}).content.decode()
    assert "Zeta" in people and "Alphabet" not in people


def test_actor_index_pages_through_the_ranking(client, analyst):
    article = ArticleFactory()
    for n in range(25):
        actor = EntityFactory(name=f"Acteur {n:02d}")
        if n == 24:
            AnnotationFactory(article=article, author=analyst, start=0, end=5).actors.add(actor)
    client.force_login(analyst)
    first = client.get(reverse("actor_list")).content.decode()
    assert first.count('<td class="num">') == 20 and "Page 1 of 2" in first
    assert first.index("Acteur 24") < first.index("Acteur 00")  # the quoted one first
    second = client.get(reverse("actor_list"), {"page": 2}, **HX).content.decode()
    assert second.lstrip().startswith('<section id="results"') and "Acteur 23" in second
    assert second.count('<td class="num">') == 5


def test_actor_suggestions_match_spellings_without_accents(client, analyst):
    putin = EntityFactory(name="Vladimir Putin")
    registry.entity_alias_add(entity=putin, name="Poutine")
    EntityFactory(name="Téhéran", kind="place")
    client.force_login(analyst)
    found = client.get(reverse("actor_suggest"), {"q": "poutine"}).content.decode()
    assert found.strip() == (
        '<li role="option" data-name="Vladimir Putin">Vladimir Putin'
        "<small> person, also “Poutine”</small></li>"
    )
    found = client.get(reverse("actor_suggest"), {"q": "TEHE"}).content.decode()
    assert found.count("<li") == 1 and 'data-name="Téhéran"' in found
    assert "<li" not in client.get(reverse("actor_suggest"), {"q": ""}).content.decode()


def test_actor_merge_through_the_page(client, editor):
    putin = EntityFactory(name="Vladimir Putin")
    EntityFactory(name="Poutine")
    client.force_login(editor)
    response = client.post(reverse("actor_merge", args=[putin.slug]), {"other": "poutine"})
    assert response.status_code == 302
    page = client.get(putin.get_absolute_url()).content.decode()
    assert "Merged “Poutine” into Vladimir Putin" in page
    assert "“Poutine” merged by eddie" in page


def test_actor_spellings_added_and_removed_on_the_page(client, analyst, editor):
    entity = EntityFactory(name="Ali Akbar Ahmadian")
    client.force_login(analyst)
    client.post(reverse("actor_spelling_add", args=[entity.slug]), {"name": "Ahmadian"})
    alias = EntityAlias.objects.get()
    remove = reverse("actor_spelling_remove", args=[entity.slug, alias.pk])
    assert client.post(remove).status_code == 403
    client.force_login(editor)
    client.post(remove)
    assert not EntityAlias.objects.exists()


def test_a_spelling_that_would_flood_is_refused_to_an_analyst_with_the_reason(
    client, analyst, editor
):
    entity = EntityFactory(name="Nikolaï Patrouchev")
    url = reverse("actor_spelling_add", args=[entity.slug])
    client.force_login(analyst)
    page = client.post(url, {"name": "the"}, follow=True).content.decode()
    assert "“the” is a common English word: Tag every mention would mark" in page
    assert not EntityAlias.objects.exists()
    client.force_login(editor)
    page = client.post(url, {"name": "the"}, follow=True).content.decode()
    assert "“the” now finds Nikolaï Patrouchev." in page
    assert EntityAlias.objects.get().name == "the"


@pytest.mark.parametrize("control", ["\x00", "\x07", "\u202e"])
def test_a_spelling_with_a_control_character_is_refused_in_plain_words(client, editor, control):
    entity = EntityFactory(name="Vladimir Putin")
    client.force_login(editor)
    response = client.post(
        reverse("actor_spelling_add", args=[entity.slug]),
        {"name": f"Pou{control}tine"},
        follow=True,
    )
    edit = client.post(
        reverse("actor_edit", args=[entity.slug]),
        {"name": f"Vladimir{control}Putin", "kind": "person"},
        follow=True,
    )
    for answer in (response, edit):
        body = answer.content.decode()
        if control == "\x00":  # refused for every request by the NUL middleware
            assert answer.status_code == 400 and "This request was refused" in body
        else:
            assert answer.status_code == 200
            assert "A name cannot contain control characters" in body
    entity.refresh_from_db()
    assert (entity.name, EntityAlias.objects.exists()) == ("Vladimir Putin", False)


def test_saving_an_actor_adds_no_period_after_its_name(client, editor):
    actor = EntityFactory(name="Hamas")
    client.force_login(editor)
    response = client.post(
        reverse("actor_edit", args=[actor.slug]),
        {"name": "Ansar Allah (Houthis) ?", "kind": "organisation"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Saved “Ansar Allah (Houthis) ?”"]
