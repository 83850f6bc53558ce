"""templatetags.cards: one quote card on every page that shows quotes, the article rows."""

import pytest
from django.urls import reverse
from markupsafe import escape

from annotations.jinja_environment import shorten
from annotations.models import Dossier
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory, ThemeFactory

pytestmark = pytest.mark.django_db


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


def test_quote_card_shows_every_field_linked_and_escaped(client, analyst, faceted_quotes):  # noqa: F811
    q1 = faceted_quotes["q1"]
    q1.article.title = "<b>Sommet</b> & suites"
    q1.article.save()
    client.force_login(analyst)
    body = client.get(reverse("quote_list"), {"speaker": "Vladimir Putin"}).content.decode()
    card = body[body.index('<li class="quote-card') : body.index("</ol>")]
    assert card.count('<li class="quote-card') == 1
    assert f"<mark>{q1.exact}</mark>" in card
    assert f'href="/articles/{q1.article.pk}/#annotation-{q1.pk}"' in card
    assert "&lt;b&gt;Sommet&lt;/b&gt; &amp; suites" in card and "<b>" not in card
    assert "Le Monde" in card and '<time datetime="2026-03-10T' in card and ">2026-03-10<" in card
    sanctions, putin = q1.themes.get(), q1.actors.get()
    assert f'<a href="{sanctions.get_absolute_url()}">Sanctions</a>' in card
    assert f'Speaker: <a href="{putin.get_absolute_url()}">Vladimir Putin</a>' in card
    assert f"{analyst.username} · Pending · " in card
    assert f'<a href="{q1.get_absolute_url()}">details</a>' in card
    found = client.get(reverse("quote_list"), {"q": q1.exact}).content.decode()
    assert "<mark>" in found
    empty = client.get(reverse("quote_list"), {"theme": "nothing"}).content.decode()
    assert "No quotes match these filters." in empty


def test_article_row_shows_every_column_escaped(client, analyst, faceted_quotes):  # noqa: F811
    article = faceted_quotes["q1"].article
    article.title = '"Sommet" <i>&</i>'
    article.save()
    bare = ArticleFactory(outlet=None, language="")
    client.force_login(analyst)
    body = client.get(reverse("article_list")).content.decode()
    row = body[body.index(f'name="articles" value="{article.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'aria-label="Select &#34;Sommet&#34; &lt;i&gt;&amp;&lt;/i&gt;"' in row
    assert f'<a href="/articles/{article.pk}/">&#34;Sommet&#34; &lt;i&gt;&amp;&lt;/i&gt;</a>' in row
    assert "<td>Le Monde</td><td>2026-03-10</td><td>fr</td>" in row
    assert '<td class="num">2</td>' in row
    assert '<li class="tag theme">Sanctions</li>' in row and '<li class="tag actor">' in row
    empty = body[body.index(f'name="articles" value="{bare.pk}"') :]
    assert "<td>—</td><td>—</td><td>—</td>" in empty[: empty.index("</tr>")]
    found = client.get(reverse("article_list"), {"q": "coopérerons"}).content.decode()
    assert '<div class="snippet">' in found and "<mark>" in found
