"""views.themes: the themes' index, a theme's page, suggestions and the theme stylesheet."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from annotations.models import Theme
from tests.factories import AnnotationFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def test_theme_page_shows_its_quotes(client, analyst):
    annotation = AnnotationFactory()
    annotation.themes.add("Énergie")
    annotation.actors.add("Téhéran")
    client.force_login(analyst)
    response = client.get(annotation.themes.get().get_absolute_url())
    assert response.status_code == 200
    assert annotation.exact in response.content.decode()


def test_theme_page_totals_are_a_minute_old_at_most_its_quotes_never(client, analyst):
    first = AnnotationFactory()
    first.themes.add("Énergie", "Sanctions")
    theme = Theme.objects.get(name="Énergie")
    client.force_login(analyst)
    assert "Sanctions</a> 1" in client.get(theme.get_absolute_url()).content.decode()
    second = AnnotationFactory(end=12)
    second.themes.add(theme, "Sanctions")
    body = client.get(theme.get_absolute_url()).content.decode()
    assert "All 2 quotes" in body  # the count and the latest quotes are live
    assert "Sanctions</a> 1" in body and "Totals as of" in body
    cache.clear()  # as a minute passing does
    assert "Sanctions</a> 2" in client.get(theme.get_absolute_url()).content.decode()


def test_theme_page_shows_cooccurrence_and_timeline_and_the_index_lists_it(
    client, analyst, faceted_quotes
):
    client.force_login(analyst)
    body = client.get(faceted_quotes["q1"].themes.get().get_absolute_url()).content.decode()
    assert "<svg" in body and "2026-03" in body and "2026-06" in body
    assert "Vladimir Putin" in body and "Téhéran" in body  # actors alongside Sanctions
    assert "All 2 quotes" in body and "?theme=Sanctions" in body
    assert "Sanctions" in client.get(reverse("theme_list")).content.decode()


def test_theme_timeline_has_axes_and_counts_undated_articles_apart(client, analyst):
    dated = AnnotationFactory(
        article=ArticleFactory(published=datetime.datetime(2026, 3, 4, tzinfo=datetime.UTC))
    )
    undated = AnnotationFactory(article=ArticleFactory(published=None))
    for quote in (dated, undated):
        quote.themes.add("Sanctions")
    client.force_login(analyst)
    body = client.get(dated.themes.get().get_absolute_url()).content.decode()
    assert "Week of 2 Mar 2026: 1 quote</title>" in body
    assert 'class="count" dy="3">1</text>' in body  # the count axis
    assert "quotes per week, by the article's date" in body
    assert "1 quote from undated articles is not shown." in body


def test_theme_index_counts_are_a_minute_old(client, analyst):
    article = ArticleFactory()
    for start in range(3):
        quote = AnnotationFactory(article=article, author=analyst, start=start, end=start + 5)
        quote.themes.add("Sanctions")
    client.force_login(analyst)
    themes = client.get(reverse("theme_list")).content.decode()
    assert '<td class="num">3</td>' in themes and "Counts as of" in themes
    AnnotationFactory(article=article, author=analyst, start=9, end=12).themes.add("Sanctions")
    assert '<td class="num">3</td>' in client.get(reverse("theme_list")).content.decode()
    cache.clear()  # a minute later
    assert '<td class="num">4</td>' in client.get(reverse("theme_list")).content.decode()


def test_theme_suggestions_and_stylesheet(client, analyst):
    theme = Theme.objects.create(name="Sécurité", colour="#123abc")
    client.force_login(analyst)
    found = client.get(reverse("theme_suggest"), {"q": "secu"}).content.decode()
    assert found.strip() == '<li role="option" data-name="Sécurité">Sécurité</li>'
    css = client.get(reverse("theme_stylesheet"))
    assert css["Content-Type"].startswith("text/css")
    assert f".theme-{theme.pk} {{ --theme-colour: #123abc; }}" in css.content.decode()


def test_tags_named_without_slug_characters_break_no_page(client, analyst):
    from annotations.services import highlights

    quote = highlights.annotation_create(
        article=ArticleFactory(),
        author=analyst,
        start=0,
        end=8,
        themes=["!!!", "Énergie"],
        actors=["???", "Téhéran"],
        speaker="???",
        note="",
    )
    client.force_login(analyst)
    theme, actor = Theme.objects.get(name="!!!"), quote.actors.get(name="???")
    pages = [
        reverse("home"),
        reverse("theme_list"),
        reverse("actor_list"),
        reverse("quote_list"),
        reverse("quote_detail", args=[quote.pk]),
        reverse("article_detail", args=[quote.article_id]),
        theme.get_absolute_url(),
        actor.get_absolute_url(),
        Theme.objects.get(name="Énergie").get_absolute_url(),
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert theme.get_absolute_url() in client.get(reverse("theme_list")).content.decode()
    assert actor.get_absolute_url() in client.get(reverse("actor_list")).content.decode()
