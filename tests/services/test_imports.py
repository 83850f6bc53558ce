"""services.imports: storing imported drafts (bulk path, duplicates, failures, corrections)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from annotations.importers.base import ArticleDraft, ImportItem
from annotations.models import Article, Dossier
from annotations.services import dossiers, highlights, imports
from tests.helpers import ids

pytestmark = pytest.mark.django_db


def _item(n: int, **overrides) -> ImportItem:
    draft = ArticleDraft(
        title=f"Titre {n}",
        text=f"Paragraphe unique numéro {n} sur le gazoduc.\n\nSecond paragraphe {n}.",
        url=f"https://news.example.org/{n}",
        outlet="Gazette du Nord",
        published=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
        language="fr",
    )
    for key, value in overrides.items():
        setattr(draft, key, value)
    return ImportItem(source=f"item-{n}", draft=draft)


def test_bulk_import_reports_each_item_and_reruns_harmlessly(analyst):
    dossier = Dossier.objects.create(name="Gaz", created_by=analyst)
    items = [_item(n) for n in range(7)] + [ImportItem("broken.html", None, "No article text")]
    outcomes = list(
        imports.articles_import(items=items, created_by=analyst, dossier=dossier, chunk_size=3)
    )
    assert [o.status for o in outcomes] == ["imported"] * 7 + ["failed"]
    assert outcomes[-1].message == "No article text"
    assert Article.objects.count() == 7 == dossier.articles.count()
    assert Article.objects.values("outlet").distinct().count() == 1
    again = list(imports.articles_import(items=items, created_by=analyst, chunk_size=3))
    assert [o.status for o in again[:7]] == ["duplicate"] * 7
    assert again[0].article == outcomes[0].article
    assert Article.objects.count() == 7


def test_duplicates_within_one_batch_and_by_url(analyst):
    same_text = _item(1, url="")
    same_url = _item(2, url="https://news.example.org/1", text="Un autre texte.")
    outcomes = list(
        imports.articles_import(items=[_item(1), same_text, same_url], created_by=analyst)
    )
    assert [o.status for o in outcomes] == ["imported", "duplicate", "duplicate"]
    assert "earlier item" in outcomes[1].message


def test_invalid_draft_fails_alone(analyst):
    items = [_item(1), _item(2, text="   "), _item(3, url="not a url")]
    outcomes = list(imports.articles_import(items=items, created_by=analyst))
    assert [o.status for o in outcomes] == ["imported", "failed", "failed"]
    assert "no text" in outcomes[1].message
    assert "URL" in outcomes[2].message


def test_a_corrected_version_replaces_the_text_and_reanchors(editor, analyst):
    first = list(imports.articles_import(items=[_item(1)], created_by=editor))[0].article
    quote = "Second paragraphe 1."
    start = first.text.index(quote)
    annotation = highlights.annotation_create(
        article=first, author=analyst, start=start, end=start + len(quote)
    )
    corrected = _item(1, text="Un chapeau ajouté.\n\n" + first.text)
    outcomes = list(imports.articles_import(items=[corrected], created_by=editor))
    assert outcomes[0].status == "duplicate"  # by default a known URL is a duplicate
    outcomes = list(
        imports.articles_import(items=[corrected], created_by=editor, update_existing=True)
    )
    assert (outcomes[0].status, outcomes[0].message) == (
        "updated",
        "text corrected; every highlight placed",
    )
    first.refresh_from_db()
    annotation.refresh_from_db()
    assert first.text.startswith("Un chapeau ajouté.")
    assert first.text[annotation.start : annotation.end] == quote
    with pytest.raises(PermissionDenied):
        list(imports.articles_import(items=[corrected], created_by=analyst, update_existing=True))


def test_importing_into_someone_elses_dossier_is_refused(analyst, other_analyst):
    dossier = dossiers.dossier_create(user=analyst, name="Gaz")
    with pytest.raises(PermissionDenied, match="Only its creator or an editor"):
        imports.import_batch_create(
            user=other_analyst, uploads=[("a.txt", b"Titre\n\nTexte.")], dossier=dossier
        )
    with pytest.raises(PermissionDenied, match="Only its creator or an editor"):
        list(imports.articles_import(items=[], created_by=other_analyst, dossier=dossier))
    assert not dossier.articles.exists()


def test_an_import_into_ones_own_dossier_is_recorded_as_the_importers(analyst):
    dossier = dossiers.dossier_create(user=analyst, name="Gaz")
    items = [_item(n) for n in range(3)]
    outcomes = list(imports.articles_import(items=items, created_by=analyst, dossier=dossier))
    assert ids(dossier.articles) == {outcome.article.pk for outcome in outcomes}
    assert [(c.user, c.action, c.detail) for c in dossier.changes.all()][0] == (
        analyst,
        "add",
        "3 articles at import",
    )
