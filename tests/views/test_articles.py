"""views.articles: the home page, pasting an article, the reader, correcting a text, the list."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Article
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory

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
    assert counts[0] == counts[1] <= 12
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
