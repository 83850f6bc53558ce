"""views.articles: the home page, pasting an article, the reader, correcting a text, the list."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Article
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory, OutletFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_overview(client, analyst, faceted_quotes):  # noqa: F811
    client.force_login(analyst)
    body = client.get(reverse("home")).content.decode()
    assert "Overview" in body and "Sanctions" in body and "Vladimir Putin" in body
    assert "<strong>1</strong> approved" in body


def test_paste_an_article(client, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("article_paste"),
        {"title": "", "text": "Le titre\n\nCorps de l’article.", "language": "fr"},
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert (article.title, article.text) == ("Le titre", "Corps de l’article.")


def test_paste_a_duplicate_links_to_the_existing_article(client, analyst, article):
    client.force_login(analyst)
    response = client.post(reverse("article_paste"), {"title": "Copie", "text": article.text})
    assert response.status_code == 409
    assert article.get_absolute_url() in response.content.decode()
    assert Article.objects.count() == 1


PASTED = (
    "Téhéran et Moscou resserrent leurs liens\n\nad\n\n- Advertisement -\n\n"
    "Le ministre russe a reçu mercredi son homologue iranien à Moscou pour parler de "
    "coopération économique et de sécurité.\n\nLes deux pays veulent contourner les "
    "sanctions occidentales, a-t-il ajouté.\n\nLEAVE A REPLY\n\nPlease enter your comment!"
    "\n\nArticles Liés\n\nUn autre article sans rapport."
)
PASTED_JUNK = ["ad", "- Advertisement -", "LEAVE A REPLY", "Please enter your comment!"]


def _paste(client, text: str, **fields):
    return client.post(reverse("article_paste"), {"text": text, **fields}, follow=True)


def test_paste_is_cleaned_and_its_language_detected_like_an_upload(client, analyst):
    client.force_login(analyst)
    assert _paste(client, PASTED).status_code == 200
    article = Article.objects.get()
    paragraphs = article.text.split("\n\n")
    assert not set(PASTED_JUNK) & set(paragraphs)
    assert "Articles Liés" not in article.text and "Un autre article" not in article.text
    assert article.language == "fr"
    # An uploaded .txt of the same text would be the same article: a duplicate.
    upload = SimpleUploadedFile("copie.txt", PASTED.encode())
    report = client.post(reverse("import_start"), {"files": [upload]}, follow=True)
    assert "duplicate of" in report.content.decode()
    assert Article.objects.count() == 1


def test_paste_of_an_uploaded_article_is_a_duplicate_named_once_with_its_link(client, analyst):
    client.force_login(analyst)
    upload = SimpleUploadedFile("article.txt", PASTED.encode())
    client.post(reverse("import_start"), {"files": [upload]})
    stored = Article.objects.get()
    # The same article pasted with its junk trimmed and different spacing.
    response = _paste(client, PASTED.replace("ad\n\n", "").replace("\n\n", "\n\n\n"))
    assert response.status_code == 409
    (outcome,) = re.findall(
        r'<p class="[^"]*import-outcome.*?</p>', response.content.decode(), re.S
    )
    assert "duplicate of" in outcome and stored.get_absolute_url() in outcome
    assert outcome.count(stored.title) == 1
    assert Article.objects.count() == 1


def test_paste_with_nothing_but_junk_says_why_it_failed(client, analyst):
    client.force_login(analyst)
    response = _paste(client, "ad\n\nLEAVE A REPLY\n\nPlease enter your comment!")
    assert response.status_code == 200
    assert "failed: No article text found" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("title", ["Pourquoi Moscou ?", "Il a dit non.", "« Jamais ! »"])
def test_paste_confirmation_has_no_doubled_punctuation(client, analyst, title):
    client.force_login(analyst)
    response = _paste(client, "Le ministre a parlé hier de la coopération.", title=title)
    (message,) = [str(message) for message in response.context["messages"]]
    assert message == f"Imported “{title}”"


def test_paste_of_one_long_paragraph_imports_with_a_derived_title(client, analyst):
    client.force_login(analyst)
    sentence = "Le président a reçu son homologue iranien à Kazan, en marge du sommet. "
    text = sentence * 7000  # about 500 kB on a single line
    response = _paste(client, text)
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.text == text.strip()
    assert (article.title, article.title_derived) == (sentence.strip(), True)
    assert "derived title" in response.content.decode()


def test_pasted_seeds_keep_a_headline_as_title_and_a_lede_in_the_text(client, analyst, seed_texts):
    client.force_login(analyst)
    headline, lede = seed_texts
    _paste(client, headline)
    _paste(client, lede)
    first, second = Article.objects.order_by("pk")
    assert first.title == headline.split("\n", 1)[0] and not first.title_derived
    assert not first.text.startswith(first.title)
    first_line = lede.split("\n", 1)[0]
    assert second.text.startswith(first_line + "\n\n") and second.title_derived
    assert first_line.startswith(second.title.removesuffix("…"))
    assert {first.language, second.language} == {"fr"}


def test_reader_shows_highlights_and_escapes_text(client, analyst):
    article = ArticleFactory(text="<script>alert(1)</script> et « la suite ».\n\nFin.")
    AnnotationFactory(article=article, start=0, end=25)
    client.force_login(analyst)
    body = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert '<mark class="hl ' in body


def test_reader_query_count_does_not_grow_with_highlights(client, analyst, editor):
    article = ArticleFactory(text="Un deux trois quatre cinq six sept huit neuf dix. " * 40)
    client.force_login(analyst)

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(queries)

    counts = []
    for total in (2, 40):
        while article.annotations.count() < total:
            start = 10 * article.annotations.count()
            author = analyst if start % 20 else editor
            annotation = AnnotationFactory(
                article=article, author=author, start=start, end=start + 30
            )
            annotation.themes.add(f"Thème {start % 3}")
            annotation.actors.add(f"Acteur {start % 4}")
            annotation.speaker = EntityFactory(name=f"Orateur {start}")
            annotation.save()
        counts.append(queries_for_page())
    assert counts[0] == counts[1] <= 13  # 12, and the article's history of changes
    body = client.get(article.get_absolute_url()).content.decode()
    assert body.count('class="annotation-card') == 40
    assert body.count("data-edit-link") == 20  # only the analyst's own


def test_editor_corrects_text_and_orphans_are_listed_for_repair(client, analyst, editor):
    article = ArticleFactory(text="Un passage stable.\n\nUn passage voué à disparaître.")
    stable = AnnotationFactory(article=article, author=analyst, start=0, end=18)
    doomed = AnnotationFactory(article=article, author=analyst, start=20, end=49)
    url = reverse("article_edit_text", args=[article.pk])
    client.force_login(analyst)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    response = client.post(url, {"text": "Un chapeau.\n\nUn passage stable."})
    assert response.status_code == 302
    page = client.get(article.get_absolute_url())
    assert "1 to repair" in page.content.decode()
    stable.refresh_from_db()
    doomed.refresh_from_db()
    assert (stable.exact, stable.orphaned, doomed.orphaned) == ("Un passage stable.", False, True)

    client.force_login(analyst)
    body = client.get(article.get_absolute_url()).content.decode()
    assert f'action="/annotations/{doomed.pk}/reattach/"' in body
    article.refresh_from_db()
    start = article.text.index("chapeau")
    response = client.post(
        reverse("highlight_reattach", args=[doomed.pk]),
        {"start_utf16": start, "end_utf16": start + 7, "exact": "chapeau"},
    )
    assert response.status_code == 302
    doomed.refresh_from_db()
    assert (doomed.exact, doomed.orphaned, doomed.start) == ("chapeau", False, start)


def test_article_page_shows_counts_and_top_tags(client, analyst, faceted_quotes):  # noqa: F811
    client.force_login(analyst)
    body = client.get(reverse("article_list"), {"annotated": "on"}).content.decode()
    assert "2 articles" in body
    assert "Sanctions" in body and "Téhéran" in body


def test_the_pages_name_an_icon_that_is_served(client, analyst):
    from django.contrib.staticfiles import finders

    client.force_login(analyst)
    page = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg"' in page
    assert finders.find("favicon.svg")


def test_outlet_suggestions_fill_the_outlet_filter_s_list(client, analyst):
    OutletFactory(name="Gazette du Nord")
    client.force_login(analyst)
    found = client.get(reverse("outlet_suggest"), {"q": "gazette"}).content.decode()
    assert found.strip() == '<li role="option" data-name="Gazette du Nord">Gazette du Nord</li>'
    page = client.get(reverse("article_list")).content.decode()
    assert f'hx-get="{reverse("outlet_suggest")}"' in page


def _details_form(article, **changes) -> dict:
    data = {
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet.name if article.outlet else "",
        "author": article.author,
        "published_date": "",
        "published_time": "",
        "language": article.language,
        "modified": article.modified.isoformat(),
    }
    return {**data, **changes}


def test_the_importer_corrects_details_in_place_and_sees_them_in_the_history(client, analyst):
    article = ArticleFactory(imported_by=analyst, url="")
    client.force_login(analyst)
    page = client.get(article.get_absolute_url()).content.decode()
    edit_url = reverse("article_edit_details", args=[article.pk])
    assert f'hx-get="{edit_url}"' in page
    form = client.get(edit_url, headers={"HX-Request": "true"}).content.decode()
    assert form.lstrip().startswith('<form id="article-details"')
    response = client.post(
        edit_url,
        _details_form(
            article, title="Le vrai titre", published_date="2026-03-04", outlet="Le Monde"
        ),
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == article.get_absolute_url()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<h1>Le vrai titre</h1>" in page and "Details saved." in page
    assert "History: 1 change since the import" in page
    assert f"Title: “{article.title}” → “Le vrai titre”" in page
    assert "Published: (empty) → “2026-03-04”" in page


def test_other_analysts_get_no_details_form(client, analyst, other_analyst):
    article = ArticleFactory(imported_by=analyst)
    client.force_login(other_analyst)
    assert "Edit details" not in client.get(article.get_absolute_url()).content.decode()
    edit_url = reverse("article_edit_details", args=[article.pk])
    assert client.get(edit_url).status_code == 403
    assert client.post(edit_url, _details_form(article, title="Pris")).status_code == 403


def test_a_concurrent_correction_keeps_the_input_and_says_what_is_there_now(
    client, analyst, editor
):
    article = ArticleFactory(imported_by=analyst)
    opened = _details_form(article, title="Mon titre")
    client.force_login(editor)
    client.post(
        reverse("article_edit_details", args=[article.pk]),
        _details_form(article, title="Titre de l'éditeur"),
    )
    client.force_login(analyst)
    response = client.post(reverse("article_edit_details", args=[article.pk]), opened)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone changed these details while you were editing them" in body
    assert "now the title is “Titre de l&#39;éditeur”" in body
    assert 'value="Mon titre"' in body  # the input is kept
    # Saving again, knowingly, replaces them.
    article.refresh_from_db()
    client.post(
        reverse("article_edit_details", args=[article.pk]),
        _details_form(article, title="Mon titre"),
    )
    article.refresh_from_db()
    assert article.title == "Mon titre"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("url", "ftp://example.org/a", "Enter a valid URL."),
        ("language", "=2+5+cmd|", "give a two-letter ISO 639-1 code"),
        ("title", "", "This field is required."),
        ("published_time", "10:30", "A time needs a date."),
    ],
)
def test_bad_details_are_refused_with_the_reason(client, analyst, field, value, error):
    article = ArticleFactory(imported_by=analyst)
    client.force_login(analyst)
    response = client.post(
        reverse("article_edit_details", args=[article.pk]), _details_form(article, **{field: value})
    )
    assert response.status_code == 200 and error in response.content.decode()
    assert not article.revisions.exists()


def test_a_url_of_another_article_links_to_it(client, analyst):
    taken = ArticleFactory(url="https://example.org/pris", title="Déjà là")
    article = ArticleFactory(imported_by=analyst, url="")
    client.force_login(analyst)
    body = client.post(
        reverse("article_edit_details", args=[article.pk]),
        _details_form(article, url="https://example.org/pris"),
    ).content.decode()
    assert f'<a href="{taken.get_absolute_url()}">Déjà là</a>' in body


def test_an_untouched_date_with_seconds_is_no_change(client, analyst):
    published = datetime.datetime(2026, 3, 4, 14, 30, 15, tzinfo=datetime.UTC)
    article = ArticleFactory(imported_by=analyst, published=published, url="")
    client.force_login(analyst)
    edit_url = reverse("article_edit_details", args=[article.pk])
    form = client.get(edit_url).content.decode()
    assert 'value="2026-03-04"' in form and 'value="14:30"' in form
    client.post(
        edit_url, _details_form(article, published_date="2026-03-04", published_time="14:30")
    )
    assert not article.revisions.exists()
    article.refresh_from_db()
    assert article.published == published


def test_the_paste_form_says_a_text_is_over_the_limit(client, analyst, settings):
    settings.NEWSROOM_MAX_ARTICLE_CHARS = 100
    client.force_login(analyst)
    response = client.post(reverse("article_paste"), {"text": "Un mot de plus. " * 10})
    assert response.status_code == 200
    assert "characters long; an article holds at most 100." in response.content.decode()
    assert not Article.objects.exists()


def test_paste_stores_no_controls_and_search_marks_only_matches(client, analyst):
    from annotations import search

    client.force_login(analyst)
    response = client.post(
        reverse("article_paste"),
        {
            "title": "Le \u202etitre\x07",
            "text": "Le \x02gazoduc\x03 de Valgaz\u2066 est relancé.\n\nSuite \x9b du texte.",
            "author": "Jean\x02 Dupont",
            "outlet": "\u202bGazette",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    article = Article.objects.select_related("outlet").get()
    assert (article.title, article.author, article.outlet.name) == (
        "Le titre",
        "Jean Dupont",
        "Gazette",
    )
    assert article.text == "Le gazoduc de Valgaz est relancé.\n\nSuite du texte."
    snippet = search.article_snippets([article.pk], "valgaz")[article.pk]
    assert snippet.count("<mark>") == 1 and "<mark>Valgaz</mark>" in snippet


@pytest.mark.parametrize("language", ["abcdefghijkl", "xx", "=cmd|"])
def test_paste_refuses_a_language_that_is_no_code(client, analyst, language):
    client.force_login(analyst)
    response = client.post(
        reverse("article_paste"), {"text": "Le titre\n\nCorps.", "language": language}
    )
    assert response.status_code == 200 and not Article.objects.exists()
    assert "give a two-letter ISO 639-1 code such as fr" in response.content.decode()
