"""management.commands.import_articles: a JSONL backup restored into an empty newsroom."""

import io

import pytest
from django.core.management import CommandError, call_command

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
    importer = UserFactory(username="restorer", role="editor", is_staff=True)
    out = io.StringIO()
    call_command("import_articles", str(backup), "--user", "restorer", "--restore", stdout=out)
    assert "2 imported, 0 duplicates, 0 failed" in out.getvalue()
    assert "Restored from backups: annotations: 1 rejected" in out.getvalue()
    assert snapshot() == before
    assert importer.pk  # the restoring user exists alongside the original authors


def test_an_unknown_language_is_refused_before_anything_is_imported(tmp_path):
    from django.core.management.base import CommandError

    source = tmp_path / "a.txt"
    source.write_text("Titre\n\nLe conseil municipal a adopté le projet.", encoding="utf-8")
    with pytest.raises(CommandError, match="--language: Unknown language code 'french'"):
        call_command("import_articles", str(source), "--language", "french")
    assert not Article.objects.exists()


def test_without_restore_a_backup_comes_in_as_the_users_pending_highlights(
    tmp_path, tagged_quote, other_analyst
):
    backup = tmp_path / "backup.jsonl"
    call_command("export_annotations", "--format", "jsonl", "-o", str(backup))
    Article.objects.all().delete()
    out = io.StringIO()
    call_command("import_articles", str(backup), "--user", other_analyst.username, stdout=out)
    (annotation,) = Annotation.objects.all()
    assert (annotation.status, annotation.author, annotation.reviewer) == (
        "pending",
        other_analyst,
        None,
    )
    assert "Imported as pending from backups: annotations: 1 pending" in out.getvalue()


def test_without_a_user_or_restore_a_backups_annotations_fail_their_item(tmp_path, tagged_quote):
    backup = tmp_path / "backup.jsonl"
    call_command("export_annotations", "--format", "jsonl", "-o", str(backup))
    Article.objects.all().delete()
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_articles", str(backup), stdout=out)
    assert f"failed     {backup}:1: A backup's annotations need someone" in out.getvalue()
    assert not Article.objects.exists()


def test_only_staff_restore_in_full(tmp_path, tagged_quote, editor):
    backup = tmp_path / "backup.jsonl"
    call_command("export_annotations", "--format", "jsonl", "-o", str(backup))
    with pytest.raises(CommandError, match="Only staff restore"):
        call_command("import_articles", str(backup), "--user", editor.username, "--restore")
