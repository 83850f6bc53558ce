"""views.exports: downloads of filtered quotes (CSV, JSON-LD pages) and of an article's."""

import csv
import io
import json

import pytest
from django.urls import reverse

from tests.factories import AnnotationFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def test_filtered_csv_export_and_options(client, analyst, tagged_quote):
    AnnotationFactory()  # not matching the filter
    client.force_login(analyst)
    response = client.get(
        reverse("export_annotations", args=["csv"]),
        {"actor": "Poutine", "bom": "1", "delimiter": "semicolon"},
    )
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeffannotation_id;")
    assert len(text.strip().splitlines()) == 2
    assert "Hors sujet; revoir" in text  # a semicolon inside a quoted cell
    assert "Q7747" in text


def test_the_two_csv_links_download_under_different_names(client, analyst):
    client.force_login(analyst)
    url = reverse("export_annotations", args=["csv"])
    plain = client.get(url)["Content-Disposition"]
    excel = client.get(url, {"bom": "1", "delimiter": "semicolon"})["Content-Disposition"]
    assert 'filename="newsroom-quotes-2' in plain
    assert 'filename="newsroom-quotes-excel-2' in excel


def test_invalid_filters_are_refused(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("export_annotations", args=["csv"]), {"since": "yesterday"})
    assert response.status_code == 400


def test_jsonld_pages_large_sets(client, analyst, monkeypatch):
    from annotations.views import exports as export_views

    monkeypatch.setattr(export_views, "JSONLD_PAGE_SIZE", 2)
    article = ArticleFactory()
    for start in range(5):
        AnnotationFactory(article=article, start=start, end=start + 5)
    client.force_login(analyst)
    url = reverse("export_annotations", args=["jsonld"])
    collection = client.get(url, {"status": "pending"}).json()
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 5
    assert collection["first"].endswith("page=1") and collection["last"].endswith("page=3")
    page2 = json.loads(
        b"".join(client.get(url, {"status": "pending", "page": 2}).streaming_content)
    )
    assert page2["startIndex"] == 2 and len(page2["items"]) == 2
    assert page2["next"].endswith("page=3") and page2["prev"].endswith("page=1")
    assert client.get(url, {"page": 9}).status_code == 400


def test_csv_download_of_an_article(client, analyst, article):
    annotation = AnnotationFactory(article=article, author=analyst, start=0, end=17)
    annotation.themes.add("=Sanctions")
    client.force_login(analyst)
    response = client.get(reverse("article_annotations_csv", args=[article.pk]))
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    assert rows[0]["quote"] == article.text[0:17]
    assert rows[0]["themes"] == "'=Sanctions"
    assert rows[0]["annotation_url"] == f"http://testserver/annotations/{annotation.pk}/"


@pytest.mark.parametrize("fmt", ["csv", "jsonld", "jsonl"])
@pytest.mark.parametrize("query", ["actor=Nobody", "theme=Nothing", "speaker=Ghost"])
def test_an_unknown_name_is_a_clear_400(client, analyst, tagged_quote, fmt, query):
    client.force_login(analyst)
    response = client.get(reverse("export_annotations", args=[fmt]) + "?" + query)
    assert response.status_code == 400
    assert "is called “" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "jsonld", "jsonl"])
def test_a_date_past_the_calendars_end_is_a_400(client, analyst, tagged_quote, fmt):
    client.force_login(analyst)
    for query in ("until=9999-12-31", "since=9999-12-31"):
        response = client.get(reverse("export_annotations", args=[fmt]) + "?" + query)
        assert response.status_code == 400
        assert "Use a date between" in response.content.decode()
