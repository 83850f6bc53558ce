import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory, UserFactory
from tests.test_filters import corpus  # noqa: F401 - shared fixture

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def test_quote_page_filters_and_keeps_the_url(client, analyst, corpus):  # noqa: F811
    client.force_login(analyst)
    response = client.get(reverse("quote_list"), {"theme": "Sanctions", "actor": "Téhéran"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 quote" in body
    assert 'value="Sanctions"' in body
    fragment = client.get(reverse("quote_list"), {"theme": "Sanctions"}, **HX).content.decode()
    assert fragment.lstrip().startswith('<section id="results"')
    assert "2 quotes" in fragment


def test_article_page_shows_counts_and_top_tags(client, analyst, corpus):  # noqa: F811
    client.force_login(analyst)
    body = client.get(reverse("article_list"), {"annotated": "on"}).content.decode()
    assert "2 articles" in body
    assert "Sanctions" in body and "Téhéran" in body


@pytest.mark.parametrize("url_name", ["quote_list", "article_list"])
def test_query_count_is_constant_whatever_the_page_size(client, analyst, url_name):
    actor = EntityFactory(name="Kestrany")
    for n in range(60):
        article = ArticleFactory()
        annotation = AnnotationFactory(article=article, author=analyst, start=0, end=8)
        annotation.themes.add(f"Theme {n % 5}")
        annotation.actors.add(actor)
        annotation.speaker = actor
        annotation.save()
    client.force_login(analyst)
    counts = []
    for size in (20, 50):
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse(url_name), {"size": size, "actor": "Kestrany"}).status_code
                == 200
            )
        counts.append(len(queries))
    # Session, user, names to ids, count, page ids, page rows, tags, form choices: a fixed 15.
    assert counts[0] == counts[1] <= 15


def test_theme_and_actor_pages_show_cooccurrence_and_timeline(client, analyst, corpus):  # noqa: F811
    client.force_login(analyst)
    body = client.get(corpus["q1"].themes.get().get_absolute_url()).content.decode()
    assert "<svg" in body and "2026-03" in body and "2026-06" in body
    assert "Vladimir Putin" in body and "Téhéran" in body  # actors alongside Sanctions
    assert "All 2 quotes" in body and "?theme=Sanctions" in body
    body = client.get(reverse("actor_detail", args=["téhéran"])).content.decode()
    assert "Énergie" in body and "Sanctions" in body
    index = client.get(reverse("actor_list"), {"kind": "place"}).content.decode()
    assert "Téhéran" in index and "Vladimir Putin" not in index
    assert "Sanctions" in client.get(reverse("theme_list")).content.decode()


def test_overview(client, analyst, corpus):  # noqa: F811
    client.force_login(analyst)
    body = client.get(reverse("home")).content.decode()
    assert "Overview" in body and "Sanctions" in body and "Vladimir Putin" in body
    assert "<strong>1</strong> approved" in body


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


def test_timeline_counts_weeks_for_short_spans_and_months_for_long_ones(analyst):
    import datetime

    from annotations.models import Annotation
    from annotations.selectors import tag_pages

    def quote_on(day: str):
        published = datetime.datetime.fromisoformat(f"{day}T12:00:00+00:00")
        AnnotationFactory(article=ArticleFactory(published=published), author=analyst)

    for day in ("2026-01-05", "2026-01-07", "2026-01-20"):  # Monday, Wednesday, Tuesday
        quote_on(day)
    weekly = tag_pages.quote_timeline(Annotation.objects.all())
    assert [(bar.label, bar.count) for bar in weekly.bars] == [
        ("2026-W02", 2),
        ("2026-W03", 0),
        ("2026-W04", 1),
    ]
    quote_on("2026-09-30")
    monthly = tag_pages.quote_timeline(Annotation.objects.all())
    labels = [(bar.label, bar.count) for bar in monthly.bars]
    assert labels[0] == ("2026-01", 3) and labels[-1] == ("2026-09", 1) and len(labels) == 9


def test_quote_card_shows_every_field_linked_and_escaped(client, analyst, corpus):  # noqa: F811
    q1 = corpus["q1"]
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


def test_article_row_shows_every_column_escaped(client, analyst, corpus):  # noqa: F811
    article = corpus["q1"].article
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


def test_lists_count_up_to_the_cap_and_page_through_its_rows(client, analyst, monkeypatch):
    from annotations.views import listing

    monkeypatch.setattr(listing.CappedPaginator, "cap", 25)
    article = ArticleFactory()
    for start in range(30):
        AnnotationFactory(article=article, author=analyst, start=start, end=start + 5)
    client.force_login(analyst)
    first = client.get(reverse("quote_list")).content.decode()
    assert "More than 25 quotes" in first and first.count('<li class="quote-card') == 20
    assert "Page 1 of 2 (the first 25: narrow the filters" in first
    second = client.get(reverse("quote_list"), {"page": 2}).content.decode()
    assert second.count('<li class="quote-card') == 5 and "Next" not in second
    narrowed = client.get(reverse("quote_list"), {"status": "pending", "size": 50})
    assert "More than 25 quotes" in narrowed.content.decode()
    exact = client.get(reverse("quote_list"), {"q": "nothing-like-this"}).content.decode()
    assert "0 quotes" in exact
    # The review queue counts exactly: "approve all" must say how many.
    editor = UserFactory(role="editor")
    client.force_login(editor)
    queue = client.get(reverse("review_queue")).content.decode()
    assert "30 quotes to review" in queue and "Approve all 30 filtered" in queue


def test_tag_indexes_rank_by_counts_a_minute_old_and_names_always_current(client, analyst):
    from django.core.cache import cache

    article = ArticleFactory()
    busy = EntityFactory(name="Zeta", kind="person")
    quiet = EntityFactory(name="Alpha", kind="organisation")
    for start in range(3):
        quote = AnnotationFactory(article=article, author=analyst, start=start, end=start + 5)
        quote.themes.add("Sanctions")
        quote.actors.add(busy)
    client.force_login(analyst)
    body = client.get(reverse("actor_list")).content.decode()
    assert body.index("Zeta") < body.index("Alpha") and "Quote counts as of" in body
    themes = client.get(reverse("theme_list")).content.decode()
    assert '<td class="num">3</td>' in themes and "Counts as of" in themes
    AnnotationFactory(article=article, author=analyst, start=9, end=12).themes.add("Sanctions")
    quiet.name = "Alphabet"
    quiet.save()
    body = client.get(reverse("actor_list")).content.decode()
    assert "Alphabet" in body  # names are live
    assert '<td class="num">3</td>' in client.get(reverse("theme_list")).content.decode()
    cache.clear()  # a minute later
    assert '<td class="num">4</td>' in client.get(reverse("theme_list")).content.decode()
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
