"""management.commands.load_demo: the demo corpus and users, loaded once however often run."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from annotations.models import Annotation, Article, Dossier, Entity, ReviewEvent, Theme

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


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


@pytest.mark.parametrize(
    ("typed", "found"), [("vassilenko", "Dmitri Vasylenko"), ("valdorie", "Valdoria")]
)
def test_the_readme_s_spelling_example_works_on_the_demo_corpus(client, typed, found):
    call_command("load_demo")
    client.force_login(get_user_model().objects.get(username="analyst"))
    suggestions = client.get(reverse("actor_suggest"), {"q": typed}).content.decode()
    assert f'data-name="{found}"' in suggestions
    assert f'typing "{typed}" finds {found}' in README.read_text(encoding="utf-8").replace(
        "\n  ", " "
    )
