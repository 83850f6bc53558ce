"""services.imports: storing imported drafts (bulk path, duplicates, failures, corrections)."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import connection

from annotations.importers.base import ArticleDraft, ImportItem
from annotations.intake import items_from_upload
from annotations.models import Annotation, Article, Dossier, Theme
from annotations.services import dossiers, highlights, imports, review
from tests.factories import UserFactory
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


def _jsonl(*records) -> bytes:
    return "\n".join(json.dumps(record, ensure_ascii=False) for record in records).encode()


def _backup_line(n: int, **annotation) -> dict:
    text = f"Titre {n}\n\nLe ministre a déclaré : « Nous coopérerons {n}. »"
    quote = f"« Nous coopérerons {n}. »"
    start = text.index(quote)
    record = {"start": start, "end": start + len(quote), "exact": quote, "author": "ana"}
    return {"title": f"Titre {n}", "text": text, "language": "fr",
            "annotations": [record | annotation]}  # fmt: skip


BAD_ANNOTATIONS = [
    {"start": "abc"},
    {"start": 40, "end": 12},
    {"status": "hacked"},
    {"note": ["une", "liste"]},
    {"actors": [{"name": "Poutine", "wikidata_id": "Q7747; DROP"}]},
    {"themes": [{"colour": "#ffffff"}]},
    {"author": "a" * 300},
]


@pytest.mark.parametrize("full", [False, True])
def test_each_bad_backup_line_fails_alone_in_plain_words(analyst, full):
    importer = UserFactory(username="admin", role="editor", is_staff=True) if full else analyst
    lines = [_backup_line(0)]
    lines += [_backup_line(n, **bad) for n, bad in enumerate(BAD_ANNOTATIONS, start=1)]
    lines += [_backup_line(99)]
    items = list(items_from_upload("lot.jsonl", _jsonl(*lines)))
    outcomes = list(
        imports.articles_import(items=items, created_by=importer, full_restore=full, chunk_size=4)
    )
    statuses = [(o.source, o.status) for o in outcomes]
    assert statuses == [("lot.jsonl:1", "imported")] + [
        (f"lot.jsonl:{n}", "failed") for n in range(2, len(BAD_ANNOTATIONS) + 2)
    ] + [(f"lot.jsonl:{len(BAD_ANNOTATIONS) + 2}", "imported")]
    for outcome in outcomes[1:-1]:
        assert outcome.message.startswith("Annotation 1: "), outcome.message
        assert "constraint" not in outcome.message.lower()
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Titre 0", "Titre 99"]
    assert Annotation.objects.count() == 2


def test_what_the_registry_refuses_while_storing_fails_that_item_only(analyst):
    admin = UserFactory(username="admin", role="editor", is_staff=True)
    red = _backup_line(2, themes=[{"name": "Rouge", "colour": "red"}])
    items = list(items_from_upload("lot.jsonl", _jsonl(_backup_line(1), red, _backup_line(3))))
    outcomes = list(imports.articles_import(items=items, created_by=admin, full_restore=True))
    assert [o.status for o in outcomes] == ["imported", "failed", "imported"]
    assert outcomes[1].message == "Annotation 1: Use a colour like #e4572e."
    assert not Theme.objects.filter(name="Rouge").exists()
    assert Article.objects.count() == 2


def test_an_import_reports_what_its_backups_did(analyst):
    items = list(items_from_upload("lot.jsonl", _jsonl(_backup_line(1, status="approved"))))
    (outcome,) = imports.articles_import(items=items, created_by=analyst)
    assert (outcome.status, outcome.message) == ("imported", "annotations: 1 pending")


def test_only_staff_restore_a_backup_in_full(analyst, editor):
    for user in (analyst, editor):
        with pytest.raises(PermissionDenied):
            list(imports.articles_import(items=[_item(1)], created_by=user, full_restore=True))
        with pytest.raises(PermissionDenied):
            imports.import_batch_create(user=user, urls=["https://a.example"], full_restore=True)
    assert not Article.objects.exists()


def test_the_dossier_deleted_while_the_import_runs_fails_nothing(analyst):
    dossier = Dossier.objects.create(name="Gaz", created_by=analyst)
    Dossier.objects.filter(pk=dossier.pk).delete()  # by someone else, after the import began
    outcomes = list(
        imports.articles_import(items=[_item(1), _item(2)], created_by=analyst, dossier=dossier)
    )
    connection.check_constraints()  # what the commit would have refused
    assert [o.status for o in outcomes] == ["imported", "imported"]
    assert "the dossier, which was deleted meanwhile" in outcomes[0].message
    assert Article.objects.count() == 2


def test_a_batch_stopped_by_an_unexpected_error_says_so_in_plain_words(analyst, settings):
    settings.STORAGES = {"default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    batch = imports.import_batch_create(user=analyst, uploads=[("a.txt", b"Titre\n\nTexte.")])
    stored = batch.file_names[0]["stored"]
    default_storage.delete(stored)  # gone before the worker ran
    with pytest.raises(FileNotFoundError):
        imports.import_batch_run(batch=batch)
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert stored not in batch.error and "Errno" not in batch.error
    assert batch.error.startswith("The import stopped on an unexpected error")


def _distinct_words(count: int) -> str:
    letters = "bcdfghjklmnpqrstvwxz"
    words = []
    for n in range(count):
        word = ""
        for _ in range(6):
            n, digit = divmod(n, len(letters))
            word += letters[digit] + "a"
        words.append(word)
    return " ".join(words)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's tsvector limit")
def test_a_text_past_the_tsvector_limit_imports_with_the_rest(analyst):
    # Over a megabyte of distinct words: more than a PostgreSQL tsvector holds. The search
    # trigger indexes its title and beginning instead of refusing it (db/search.py).
    huge = _item(2, text="Trop long\n\n" + _distinct_words(120_000))
    outcomes = list(imports.articles_import(items=[_item(1), huge, _item(3)], created_by=analyst))
    assert [o.status for o in outcomes] == ["imported", "imported", "imported"]
    assert Article.objects.count() == 3


def test_a_corrected_version_whose_words_changed_sends_the_quote_back_to_review(editor, analyst):
    text = "Le ministre a salué une étape décisive pour la coopération entre les deux pays."
    first = list(imports.articles_import(items=[_item(1, text=text)], created_by=editor))
    quote = "une étape décisive pour la coopération"
    start = text.index(quote)
    annotation = highlights.annotation_create(
        article=first[0].article, author=analyst, start=start, end=start + len(quote)
    )
    review.annotation_review(annotation=annotation, reviewer=editor, to_status="approved")
    corrected = _item(1, text=text.replace("décisive", "funeste"))
    list(imports.articles_import(items=[corrected], created_by=editor, update_existing=True))
    annotation.refresh_from_db()
    assert annotation.exact == "une étape funeste pour la coopération"
    assert (annotation.status, annotation.reviewer) == ("pending", None)
    assert f"“{quote}” → “{annotation.exact}”" in annotation.review_events.last().reason


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
