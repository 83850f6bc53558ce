"""services.dossiers: creating, renaming, filling and deleting dossiers, and who may."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Annotation, Article, Dossier, DossierChange
from annotations.services import dossiers
from tests.factories import AnnotationFactory, ArticleFactory, UserFactory
from tests.helpers import ids

pytestmark = pytest.mark.django_db


def test_create_collapses_the_name_and_records_the_creator(analyst):
    dossier = dossiers.dossier_create(
        user=analyst, name="  Gazoduc \n  nord ", description="  Le tracé.\n"
    )
    dossier.refresh_from_db()
    assert (dossier.name, dossier.description) == ("Gazoduc nord", "Le tracé.")
    assert dossier.created_by == analyst


def test_create_validates_before_saving(analyst):
    dossiers.dossier_create(user=analyst, name="Gaz")
    with pytest.raises(ValidationError, match="already exists"):
        dossiers.dossier_create(user=analyst, name=" Gaz ")
    with pytest.raises(ValidationError):
        dossiers.dossier_create(user=analyst, name="   ")
    assert list(Dossier.objects.values_list("name", flat=True)) == ["Gaz"]


def test_a_user_without_a_role_may_not_create_rename_or_fill(analyst):
    nobody = UserFactory()
    dossier = dossiers.dossier_create(user=analyst, name="Gaz")
    with pytest.raises(PermissionDenied):
        dossiers.dossier_create(user=nobody, name="Autre")
    with pytest.raises(PermissionDenied):
        dossiers.dossier_rename(user=nobody, dossier=dossier, name="Autre")
    with pytest.raises(PermissionDenied):
        dossiers.dossier_set_articles(
            user=nobody, dossier=dossier, article_ids=[ArticleFactory().pk], add=True
        )
    dossier.refresh_from_db()
    assert (dossier.name, dossier.articles.count()) == ("Gaz", 0)
    assert Dossier.objects.count() == 1


def test_rename_collapses_the_name_and_saves_only_the_name(analyst):
    dossier = dossiers.dossier_create(user=analyst, name="Gaz", description="Avant")
    Dossier.objects.filter(pk=dossier.pk).update(description="Changé ailleurs")
    dossiers.dossier_rename(user=analyst, dossier=dossier, name=" Gaz   russe ")
    dossier.refresh_from_db()
    assert (dossier.name, dossier.description) == ("Gaz russe", "Changé ailleurs")


def test_rename_to_a_taken_name_is_refused(analyst):
    dossiers.dossier_create(user=analyst, name="Gaz")
    other = dossiers.dossier_create(user=analyst, name="Pétrole")
    with pytest.raises(ValidationError, match="already exists"):
        dossiers.dossier_rename(user=analyst, dossier=other, name="Gaz")
    other.refresh_from_db()
    assert other.name == "Pétrole"


def test_set_articles_adds_and_removes_and_ignores_unknown_ids(analyst):
    dossier = dossiers.dossier_create(user=analyst, name="Gaz")
    first, second, third = (ArticleFactory() for _ in range(3))
    missing = third.pk + 1000
    added = dossiers.dossier_set_articles(
        user=analyst, dossier=dossier, article_ids=[first.pk, second.pk, missing], add=True
    )
    assert added == 2
    assert ids(dossier.articles) == {first.pk, second.pk}
    # Adding again is harmless; the count is of the articles asked for that exist.
    assert (
        dossiers.dossier_set_articles(
            user=analyst, dossier=dossier, article_ids=iter([second.pk, third.pk]), add=True
        )
        == 2
    )
    assert ids(dossier.articles) == {first.pk, second.pk, third.pk}
    removed = dossiers.dossier_set_articles(
        user=analyst, dossier=dossier, article_ids=[first.pk, missing], add=False
    )
    assert removed == 1
    assert ids(dossier.articles) == {second.pk, third.pk}
    assert Article.objects.count() == 3


def test_the_creator_deletes_and_the_articles_and_annotations_stay(analyst):
    dossier = dossiers.dossier_create(user=analyst, name="Gaz")
    annotation = AnnotationFactory()
    dossier.articles.add(annotation.article)
    dossiers.dossier_delete(user=analyst, dossier=dossier)
    assert not Dossier.objects.exists()
    assert Article.objects.filter(pk=annotation.article.pk).exists()
    assert Annotation.objects.filter(pk=annotation.pk).exists()


def test_only_the_creator_or_an_editor_deletes(analyst, other_analyst, editor):
    dossier = dossiers.dossier_create(user=analyst, name="Gaz")
    with pytest.raises(PermissionDenied, match="Only its creator or an editor may change"):
        dossiers.dossier_delete(user=other_analyst, dossier=dossier)
    assert Dossier.objects.filter(pk=dossier.pk).exists()
    dossiers.dossier_delete(user=editor, dossier=dossier)
    assert not Dossier.objects.exists()


def _changes(dossier) -> list[tuple[str, str, str]]:
    return [
        (change.user.username, change.action, change.detail)
        for change in DossierChange.objects.filter(dossier=dossier).order_by("pk")
    ]


def test_another_analyst_changes_nothing_of_someone_elses_dossier(analyst, other_analyst):
    dossier = dossiers.dossier_create(user=analyst, name="Gaz", description="Le tracé")
    kept = ArticleFactory()
    dossier.articles.add(kept)
    refusals = [
        lambda: dossiers.dossier_rename(user=other_analyst, dossier=dossier, name="Autre"),
        lambda: dossiers.dossier_describe(user=other_analyst, dossier=dossier, description=""),
        lambda: dossiers.dossier_set_articles(
            user=other_analyst, dossier=dossier, article_ids=[kept.pk], add=False
        ),
        lambda: dossiers.dossier_set_articles(
            user=other_analyst, dossier=dossier, article_ids=[ArticleFactory().pk], add=True
        ),
        lambda: dossiers.dossier_delete(user=other_analyst, dossier=dossier),
    ]
    for refused in refusals:
        with pytest.raises(PermissionDenied, match="Only its creator or an editor"):
            refused()
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert (dossier.name, dossier.description, ids(dossier.articles)) == (
        "Gaz",
        "Le tracé",
        {kept.pk},
    )
    assert _changes(dossier) == [(analyst.username, "create", "")]
    assert not dossiers.may_change(other_analyst, dossier)
    assert not dossiers.changeable_by(other_analyst).exists()


def test_an_editor_changes_any_dossier_and_every_change_is_recorded(analyst, editor):
    dossier = dossiers.dossier_create(user=analyst, name="Gaz")
    first, second = ArticleFactory(), ArticleFactory()
    dossiers.dossier_rename(user=editor, dossier=dossier, name="Gaz russe")
    dossiers.dossier_describe(user=editor, dossier=dossier, description=" Le tracé ")
    dossiers.dossier_set_articles(
        user=editor, dossier=dossier, article_ids=[first.pk, second.pk], add=True
    )
    dossiers.dossier_set_articles(user=analyst, dossier=dossier, article_ids=[first.pk], add=False)
    # Saving the same name or description again changes nothing and records nothing.
    dossiers.dossier_rename(user=editor, dossier=dossier, name="Gaz  russe")
    dossiers.dossier_describe(user=editor, dossier=dossier, description="Le tracé")
    assert _changes(dossier) == [
        (analyst.username, "create", ""),
        (editor.username, "rename", "“Gaz” → “Gaz russe”"),
        (editor.username, "describe", "Le tracé"),
        (editor.username, "add", "2 articles"),
        (analyst.username, "remove", "1 article"),
    ]
    assert DossierChange.objects.get(action="add").article_ids == sorted([first.pk, second.pk])
    assert dossiers.changeable_by(editor).get() == dossier


def test_a_deleted_dossier_keeps_the_record_of_who_deleted_it(analyst, editor):
    dossier = dossiers.dossier_create(user=analyst, name="Gaz")
    dossiers.dossier_delete(user=editor, dossier=dossier)
    deletion = DossierChange.objects.get(action="delete")
    assert (deletion.dossier, deletion.dossier_name, deletion.user) == (None, "Gaz", editor)


def test_control_characters_in_a_dossiers_name_or_description_are_refused(analyst):
    with pytest.raises(ValidationError, match="A name cannot contain control characters"):
        dossiers.dossier_create(user=analyst, name="Gaz\x00")
    dossier = dossiers.dossier_create(user=analyst, name="Gaz")
    with pytest.raises(ValidationError, match="A name cannot contain control characters"):
        dossiers.dossier_rename(user=analyst, dossier=dossier, name="\u202eGaz")
    with pytest.raises(ValidationError, match="A description cannot contain control"):
        dossiers.dossier_describe(user=analyst, dossier=dossier, description="Le\x00tracé")
    dossier.refresh_from_db()
    assert (dossier.name, dossier.description) == ("Gaz", "")
