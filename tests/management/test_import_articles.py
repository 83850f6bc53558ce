"""management.commands.import_articles: a JSONL backup restored into an empty newsroom."""

import io

import pytest
from django.core.management import call_command

from annotations.models import Annotation, Article, Entity, EntityAlias, Theme
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_jsonl_round_trip_into_an_empty_newsroom(tmp_path, tagged_quote, django_user_model):
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


def test_an_unknown_language_is_refused_before_anything_is_imported(tmp_path):
    from django.core.management.base import CommandError

    source = tmp_path / "a.txt"
    source.write_text("Titre\n\nLe conseil municipal a adopté le projet.", encoding="utf-8")
    with pytest.raises(CommandError, match="--language: Unknown language code 'french'"):
        call_command("import_articles", str(source), "--language", "french")
    assert not Article.objects.exists()
