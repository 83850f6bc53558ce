"""Exports: JSON-LD structure, paging, the JSONL round trip, the command, streaming."""

import contextlib
import io
import json
import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from annotations.models import Annotation, Article, Entity, EntityAlias, Theme
from annotations.services import highlights, registry, review
from tests.factories import (
    AnnotationFactory,
    ArticleFactory,
    EntityFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(analyst, editor):
    article = ArticleFactory(url="https://news.example.org/a", title="Gaz ; « accord »")
    annotation = highlights.annotation_create(
        article=article,
        author=analyst,
        start=0,
        end=18,
        themes=["Sanctions", "Énergie"],
        actors=["Vladimir Putin", "Téhéran"],
        speaker="Vladimir Putin",
        note="Voir **aussi** l’autre article",
    )
    putin = Entity.objects.get(name="Vladimir Putin")
    putin.wikidata_id, putin.kind = "Q7747", "person"
    putin.save()
    registry.entity_alias_add(entity=putin, name="Poutine")
    return review.annotation_review(
        annotation=annotation, reviewer=editor, to_status="rejected", reason="Hors sujet; revoir"
    )


def test_jsonld_has_every_kind_of_body_and_selector(client, analyst, tagged):
    client.force_login(analyst)
    response = client.get(reverse("export_annotations", args=["jsonld"]))
    assert response.streaming
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(b"".join(response.streaming_content))
    assert document["type"] == "AnnotationCollection"
    assert document["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert document["total"] == 1
    page = document["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    item = page["items"][0]
    assert item["id"] == f"http://testserver/annotations/{tagged.pk}/"
    assert item["type"] == "Annotation"
    assert item["target"]["source"] == "https://news.example.org/a"
    selectors = {selector["type"]: selector for selector in item["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == tagged.exact
    assert (
        selectors["TextPositionSelector"]["start"],
        selectors["TextPositionSelector"]["end"],
    ) == (0, 18)
    purposes = [(body["purpose"], body.get("value") or body.get("source")) for body in item["body"]]
    assert ("commenting", "Voir **aussi** l’autre article") in purposes
    assert ("tagging", "Sanctions") in purposes and ("tagging", "Énergie") in purposes
    assert ("identifying", "http://www.wikidata.org/entity/Q7747") in purposes
    assert ("identifying", "Téhéran") in purposes
    assert item["creator"]["nickname"] == "ana"
    assert item["created"] and item["modified"]
    assert item["newsroom:status"] == "rejected"


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


def test_filtered_csv_export_and_options(client, analyst, tagged):
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


def test_invalid_filters_are_refused(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("export_annotations", args=["csv"]), {"since": "yesterday"})
    assert response.status_code == 400


def test_command_filters_and_writes_files(tmp_path, tagged):
    other = AnnotationFactory()
    other.themes.add("Autre")
    output = tmp_path / "out.csv"
    call_command(
        "export_annotations", "--theme", "Sanctions", "--status", "rejected", "-o", str(output)
    )
    lines = output.read_text(encoding="utf-8").strip().splitlines()
    assert len(lines) == 2 and str(tagged.pk) == lines[1].split(",")[0]
    stdout = io.StringIO()
    call_command("export_annotations", "--format", "jsonld", "--actor", "Téhéran", stdout=stdout)
    assert json.loads(stdout.getvalue())["total"] == 1


def test_jsonl_round_trip_into_an_empty_newsroom(tmp_path, tagged, django_user_model):
    ArticleFactory(title="Sans annotation")
    backup = tmp_path / "backup.jsonl"
    call_command("export_annotations", "--format", "jsonl", "-o", str(backup))

    def snapshot():
        rows = []
        for annotation in Annotation.objects.select_related(
            "article", "speaker", "author", "reviewer"
        ):
            rows.append(
                (
                    annotation.article.title,
                    annotation.article.text,
                    annotation.start,
                    annotation.end,
                    annotation.exact,
                    annotation.note,
                    annotation.status,
                    annotation.review_reason,
                    annotation.author.username,
                    annotation.reviewer.username if annotation.reviewer else "",
                    annotation.speaker.name if annotation.speaker else "",
                    sorted(t.name for t in annotation.themes.all()),
                    sorted((a.name, a.kind, a.wikidata_id) for a in annotation.actors.all()),
                )
            )
        aliases = sorted(EntityAlias.objects.values_list("entity__name", "name"))
        colours = sorted(Theme.objects.values_list("name", "colour"))
        return sorted(rows), aliases, colours, Article.objects.count()

    before = snapshot()
    Annotation.objects.all().delete()
    Article.objects.all().delete()
    Entity.objects.all().delete()
    Theme.objects.all().delete()
    importer = UserFactory(username="restorer", role="editor")
    out = io.StringIO()
    call_command("import_articles", str(backup), "--user", "restorer", stdout=out)
    assert "2 imported, 0 duplicates, 0 failed" in out.getvalue()
    assert snapshot() == before
    assert importer.pk  # the restoring user exists alongside the original authors


def test_fast_path_writes_exactly_what_the_python_writer_writes(tagged):
    """The database-built rows (COPY on PostgreSQL, one query on SQLite) equal the rows
    built from model instances, byte for byte."""
    from annotations.exports import csv_writer, database_csv
    from annotations.selectors import export_sets

    other = AnnotationFactory(note="=1+1")
    other.themes.add("=Formule", "a\\b")
    # Created before the names that sort ahead of them: lists follow names, not ids.
    other.themes.add(ThemeFactory(name="Zone grise"), ThemeFactory(name="Azur"))
    other.actors.add(EntityFactory(name="Zelensky"), EntityFactory(name="Abbas"))
    queryset = Annotation.objects.all()
    for options in ({"bom": True, "delimiter": ";"}, {"bom": False, "delimiter": ","}):
        python_csv = io.StringIO()
        csv_writer.write_csv(
            export_sets.annotations_for_export(queryset),
            python_csv,
            base_url="https://n.example",
            **options,
        )
        fast = io.BytesIO()
        database_csv.fast_csv(queryset, fast, base_url="https://n.example", **options)
        assert fast.getvalue().decode() == python_csv.getvalue()
    streamed = b"".join(database_csv.iter_fast_csv(queryset.filter(pk=other.pk), base_url="x"))
    assert streamed.decode().count("\n") == 2


@pytest.fixture
def selected_quotes():
    """17 of 20 tagged quotes: a selection, not the whole table."""
    article = ArticleFactory(text="Un passage cité, puis un autre, et un troisième encore.")
    author = UserFactory(username="parts", role="analyst")
    for start in range(0, 40, 2):
        quote = AnnotationFactory(article=article, author=author, start=start, end=start + 5)
        quote.themes.add(f"Thème {start % 3}", "Commun")
    return Annotation.objects.filter(pk__in=Annotation.objects.values("pk")[:17])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_large_postgresql_export_in_parallel_parts_equals_one_copy(monkeypatch, selected_quotes):
    """Parts copied at once by other connections, from the same snapshot, come back in
    order and equal the single COPY byte for byte."""
    from annotations.exports import database_csv

    monkeypatch.setattr(database_csv, "PARALLEL_MIN_ROWS", 1)
    whole, parts = io.BytesIO(), io.BytesIO()
    database_csv.fast_csv(selected_quotes, whole, base_url="https://n.example", streams=1)
    database_csv.fast_csv(selected_quotes, parts, base_url="https://n.example", streams=4)
    assert parts.getvalue() == whole.getvalue()
    assert whole.getvalue().decode().count("\n") == 18


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's processes")
@pytest.mark.django_db(transaction=True)
def test_a_large_sqlite_export_in_parallel_processes_equals_one_query(
    monkeypatch, tmp_path, selected_quotes
):
    """Parts written at once by spawned processes from one snapshot come back in order and
    equal the single query's rows byte for byte. (The test database lives in memory,
    where other processes cannot reach it: the parts read a copy in a file.)"""
    from annotations.exports import database_csv

    whole = io.BytesIO()
    database_csv.fast_csv(selected_quotes, whole, base_url="https://n.example", delimiter=";")
    database = tmp_path / "newsroom.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as copy:
        connection.connection.backup(copy)
    monkeypatch.setattr(database_csv, "PARALLEL_MIN_ROWS", 1)
    ids_sql, ids_params = database_csv._selection(selected_quotes)
    with connection.cursor() as cursor:
        bounds = database_csv._split_points(
            cursor, database_csv._where("sqlite", ids_sql), ids_params, 4
        )
    assert len(bounds) == 3
    parts = io.BytesIO()
    database_csv._sqlite_parts(
        str(database), ids_sql, ["https://n.example", *ids_params], bounds, parts, ";"
    )
    header, rows = whole.getvalue().split(b"\n", 1)
    assert parts.getvalue() == rows
    assert rows.count(b"\n") == 17
