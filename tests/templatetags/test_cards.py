"""The quote card, one template for every page that shows quotes, and its fast URL builders."""

import pytest
from django.urls import reverse
from markupsafe import escape

from annotations.jinja_environment import SHORT_QUOTE, shorten
from annotations.models import Dossier
from annotations.templatetags.links import IdUrls, SlugUrls
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory, ThemeFactory


@pytest.mark.parametrize(
    "slug", ["sanctions", "thème-7", "téhéran", "nikolaï-patrouchev", "acteur_42", "ирaн", "a-b-c"]
)
@pytest.mark.parametrize("route", ["theme_detail", "actor_detail"])
def test_slug_urls_are_those_of_reverse(route, slug):
    urls = SlugUrls(route)
    assert urls[slug] == reverse(route, args=[slug])
    assert urls[slug] == urls[slug]  # and again, remembered


def test_id_urls_are_those_of_reverse():
    article_urls = IdUrls("article_detail")
    assert article_urls[7] == reverse("article_detail", args=[7])
    assert article_urls[987654321] == reverse("article_detail", args=[987654321])


def test_a_long_quote_is_shortened_to_one_length():
    assert shorten("court") == "court"
    long = "mot " * 100
    assert len(shorten(long)) <= SHORT_QUOTE and shorten(long).endswith("mot…")


LONG_QUOTE = "« <b>Nous</b> & eux » " * 20


@pytest.fixture
def quote(analyst):
    """A long quote whose every shown value holds markup, with a theme, an actor who is
    also its speaker, and a note."""
    article = ArticleFactory(title="<i>Titre</i>", text=LONG_QUOTE + "\n\nFin.")
    quote = AnnotationFactory(article=article, author=analyst, start=0, end=len(LONG_QUOTE) - 1)
    theme, actor = ThemeFactory(name="<b>Thème</b>"), EntityFactory(name="<b>Orateur</b>")
    quote.themes.add(theme)
    quote.actors.add(actor)
    quote.speaker = actor
    quote.note_html = "<p>Relu <em>deux fois</em></p>"
    quote.save()
    Dossier.objects.create(name="Dossier").articles.add(article)
    return quote


@pytest.mark.django_db
def test_every_page_shows_the_same_card(client, analyst, editor, quote):
    theme, actor = quote.themes.get(), quote.actors.get()
    dossier = Dossier.objects.get()
    theme_link = f'<a href="{theme.get_absolute_url()}">&lt;b&gt;Thème&lt;/b&gt;</a>'
    actor_link = f'<a href="{actor.get_absolute_url()}">&lt;b&gt;Orateur&lt;/b&gt;</a>'
    card_parts = [
        f'<li class="tag theme theme-{theme.pk}">{theme_link}</li>',
        f'<li class="tag actor">{actor_link}</li>',
        f"Speaker: {actor_link} · ana · ",
        f'<a href="{quote.get_absolute_url()}">details</a>',
    ]
    shortened = str(escape(shorten(quote.exact)))
    client.force_login(analyst)
    pages = [
        reverse("quote_list"),
        reverse("home"),
        theme.get_absolute_url(),
        actor.get_absolute_url(),
        dossier.get_absolute_url(),
        quote.article.get_absolute_url(),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert all(part in body for part in card_parts), url
        assert shortened in body and "<b>" not in body, url
        if url != quote.article.get_absolute_url():  # the reader's text holds it whole
            assert str(escape(quote.exact)) not in body, url
    reader = client.get(quote.article.get_absolute_url()).content.decode()
    assert '<div class="note"><p>Relu <em>deux fois</em></p></div>' in reader
    assert f'<li id="annotation-{quote.pk}" class="annotation-card quote-card status-' in reader

    client.force_login(editor)
    queue = client.get(reverse("review_queue")).content.decode()
    assert all(part in queue for part in card_parts)
    assert f"<mark>{escape(quote.exact)}</mark>" in queue  # the whole quote, to be reviewed
    assert '<div class="note"><p>Relu <em>deux fois</em></p></div>' in queue
