"""management.commands.load_demo: the demo corpus and users, loaded once however often run."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from annotations.models import Annotation, Article, Dossier, Entity, ReviewEvent, Theme

pytestmark = pytest.mark.django_db


def test_load_demo_loads_corpus_users_and_is_idempotent(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "username: analyst" in out and "username: editor" in out
    articles, annotations = Article.objects.count(), Annotation.objects.count()
    assert 6 <= articles <= 10
    assert annotations >= 10
    assert Entity.objects.filter(aliases__isnull=False).distinct().count() >= 3
    assert Theme.objects.exclude(colour="").count() >= 5
    assert set(Annotation.objects.values_list("status", flat=True)) == {
        "pending",
        "approved",
        "rejected",
    }
    assert ReviewEvent.objects.filter(to_status="rejected").exclude(reason="").exists()
    assert Dossier.objects.get().articles.count() == articles
    for annotation in Annotation.objects.select_related("article"):
        assert annotation.article.text[annotation.start : annotation.end] == annotation.exact
    call_command("load_demo")
    assert (Article.objects.count(), Annotation.objects.count()) == (articles, annotations)
    editor = get_user_model().objects.get(username="editor")
    assert editor.check_password("newsroom-editor")
    assert editor.has_perm("annotations.review_annotation")
