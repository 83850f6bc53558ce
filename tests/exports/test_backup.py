"""exports.backup: an article and everything about its annotations, one JSON line each."""

import datetime
import json

import pytest

from annotations.exports import backup
from annotations.models import Annotation, Theme
from annotations.selectors import export_sets
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db


def test_an_article_backup_holds_every_field_of_its_annotations(tagged_quote):
    article = tagged_quote.article
    article.published = datetime.datetime(
        2026, 3, 10, 9, 30, 15, 999, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    article.author = "Anne Dupont"
    article.save()
    Theme.objects.filter(name="Sanctions").update(colour="#e4572e", description="Mesures")
    Theme.objects.filter(name="Énergie").update(colour="#4e79a7")
    Annotation.objects.filter(pk=tagged_quote.pk).update(
        created=datetime.datetime(2026, 3, 11, 7, 0, tzinfo=datetime.UTC),
        reviewed_at=datetime.datetime(2026, 3, 12, 18, 45, 30, tzinfo=datetime.UTC),
    )
    ((article, annotations),) = export_sets.articles_for_backup(None)
    record = backup.article_backup(article, annotations)
    assert {key: value for key, value in record.items() if key != "annotations"} == {
        "title": "Gaz ; « accord »",
        "text": article.text,
        "url": "https://news.example.org/a",
        "outlet": article.outlet.name,
        "author": "Anne Dupont",
        "published": "2026-03-10T08:30:15Z",
        "language": "fr",
    }
    (quote,) = record["annotations"]
    assert quote == {
        "start": 0,
        "end": 18,
        "exact": article.text[:18],
        "prefix": "",
        "suffix": tagged_quote.suffix,
        "note": "Voir **aussi** l’autre article",
        # Themes and actors by name, each with what a restore needs to add it back.
        "themes": [
            {"name": "Sanctions", "colour": "#e4572e", "description": "Mesures"},
            {"name": "Énergie", "colour": "#4e79a7", "description": ""},
        ],
        "actors": [
            {
                "name": "Téhéran",
                "kind": "other",
                "wikidata_id": "",
                "description": "",
                "aliases": [],
            },
            {
                "name": "Vladimir Putin",
                "kind": "person",
                "wikidata_id": "Q7747",
                "description": "",
                "aliases": ["Poutine"],
            },
        ],
        "speaker": {
            "name": "Vladimir Putin",
            "kind": "person",
            "wikidata_id": "Q7747",
            "description": "",
            "aliases": ["Poutine"],
        },
        "author": "ana",
        "status": "rejected",
        "reviewer": "eddie",
        "reviewed_at": "2026-03-12T18:45:30Z",
        "review_reason": "Hors sujet; revoir",
        "created": "2026-03-11T07:00:00Z",
        "orphaned": False,
    }


def test_a_bare_article_and_an_unreviewed_orphan_have_empty_fields(analyst):
    article = ArticleFactory(outlet=None, published=None, url="")
    orphan = AnnotationFactory(article=article, author=analyst, start=5, end=12)
    orphan.orphaned = True
    orphan.save()
    record = backup.article_backup(article, [orphan])
    assert (record["outlet"], record["published"], record["url"]) == ("", "", "")
    (quote,) = record["annotations"]
    assert (quote["speaker"], quote["reviewer"], quote["reviewed_at"]) == (None, "", "")
    assert (quote["themes"], quote["actors"], quote["status"]) == ([], [], "pending")
    assert (quote["start"], quote["end"], quote["orphaned"]) == (5, 12, True)
    assert quote["exact"] == article.text[5:12]


def test_aliases_themes_and_actors_are_written_in_name_order(analyst):
    quote = AnnotationFactory(author=analyst)
    zeta, alpha = EntityFactory(name="Zeta"), EntityFactory(name="Alpha")
    quote.actors.add(zeta, alpha)
    # Python's order (by code point), which a database's collation may not follow.
    for name in ("zed", "Zêta", "Dzeta", "Sêta"):
        zeta.aliases.create(name=name)
    alpha.aliases.create(name="A")
    quote.themes.add("Sanctions", "Armes", "Monnaie")
    (record,) = backup.article_backup(quote.article, [quote])["annotations"]
    assert [theme["name"] for theme in record["themes"]] == ["Armes", "Monnaie", "Sanctions"]
    assert [actor["name"] for actor in record["actors"]] == ["Alpha", "Zeta"]
    assert record["actors"][1]["aliases"] == ["Dzeta", "Sêta", "Zêta", "zed"]


def test_iter_jsonl_writes_one_line_of_json_per_article(tagged_quote):
    bare = ArticleFactory(title="Sans annotation\nsur deux lignes")
    pairs = [(tagged_quote.article, [tagged_quote]), (bare, [])]
    lines = list(backup.iter_jsonl(pairs))
    assert len(lines) == 2
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    assert [json.loads(line) for line in lines] == [
        backup.article_backup(article, quotes) for article, quotes in pairs
    ]
    # Written as UTF-8 text, not as \u escapes.
    assert "« accord »" in lines[0] and "Énergie" in lines[0]


def test_iter_jsonl_of_nothing_is_nothing():
    assert list(backup.iter_jsonl([])) == []
