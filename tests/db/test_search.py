"""db.search: the search documents follow every write (text, notes, language, deletes)."""

import importlib
import itertools
import string
from pathlib import Path

import pytest
from django.db import connection

from annotations import search
from annotations.models import Annotation, Article
from annotations.services import articles
from tests.factories import AnnotationFactory, ArticleFactory
from tests.helpers import ids

pytestmark = pytest.mark.django_db

MIGRATIONS = Path(importlib.import_module("annotations.migrations").__file__).parent


def test_indexes_follow_edits_and_deletes(editor):
    article = ArticleFactory(title="Brève", text="Rien à signaler.")
    assert not ids(search.search_articles(Article.objects.all(), "gazoduc"))
    articles.article_update_text(article=article, text="Le gazoduc fonctionne.", user=editor)
    assert ids(search.search_articles(Article.objects.all(), "gazoduc")) == {article.pk}
    quote = AnnotationFactory(article=article, note="première note")
    quote.note = "seconde remarque"
    quote.save()
    assert ids(search.search_annotations(Annotation.objects.all(), "remarque")) == {quote.pk}
    assert not ids(search.search_annotations(Annotation.objects.all(), "première"))
    # "running" is a word in French and "run" in English: the quote follows its article.
    quote.note = "running"
    quote.save()
    expected = set() if connection.vendor == "postgresql" else {quote.pk}
    assert ids(search.search_annotations(Annotation.objects.all(), "runs")) == expected
    Article.objects.filter(pk=article.pk).update(language="en")
    assert ids(search.search_annotations(Annotation.objects.all(), "runs")) == {quote.pk}
    article.delete()
    assert not ids(search.search_articles(Article.objects.all(), "gazoduc"))
    assert not ids(search.search_annotations(Annotation.objects.all(), "remarque"))


def _distinct_words(total_chars: int) -> str:
    """Words that are all different (each a lexeme of its own), about `total_chars` long."""
    words, size = [], 0
    for letters in itertools.product(string.ascii_lowercase, repeat=5):
        word = "mot" + "".join(letters)
        words.append(word)
        size += len(word) + 1
        if size >= total_chars:
            break
    return " ".join(words)


def test_an_article_past_the_tsvector_limit_is_stored_and_found_by_its_beginning(editor):
    """1.76 MB of distinct words made PostgreSQL refuse the insert (its tsvector holds
    1 MB), which answered "The database is not answering"."""
    text = "Gazoduc ouvert.\n\n" + _distinct_words(1_760_000)
    article = articles.article_create(title="Très long", text=text, created_by=editor)
    assert Article.objects.get(pk=article.pk).text.endswith(text[-20:])
    assert ids(search.search_articles(Article.objects.all(), "gazoduc")) == {article.pk}
    # A correction as large is indexed the same way.
    articles.article_update_text(article=article, text=text + " Fin.", user=editor)
    assert ids(search.search_articles(Article.objects.all(), "gazoduc")) == {article.pk}


def test_folded_indexes_follow_edits_and_deletes(editor):
    """On SQLite the index holds folded text the table does not: removing a document must
    take out exactly what was put in."""
    article = ArticleFactory(title="Straße", text="Une œuvre.")
    quote = AnnotationFactory(article=article, note="ｓａｎｃｔｉｏｎｓ")
    articles.article_update_text(article=article, text="Un gazoduc.", user=editor)
    assert not ids(search.search_articles(Article.objects.all(), "oeuvre"))
    assert ids(search.search_articles(Article.objects.all(), "strasse gazoduc")) == {article.pk}
    quote.note = "ﬁnance"
    quote.save()
    assert not ids(search.search_annotations(Annotation.objects.all(), "sanctions"))
    assert ids(search.search_annotations(Annotation.objects.all(), "finance")) == {quote.pk}
    article.delete()
    assert not ids(search.search_articles(Article.objects.all(), "strasse"))
    assert not ids(search.search_annotations(Annotation.objects.all(), "finance"))
    again = ArticleFactory(title="Straße", text="Une œuvre.")
    assert ids(search.search_articles(Article.objects.all(), "strasse oeuvre")) == {again.pk}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's unaccent folds them")
def test_the_fold_migration_indexes_the_stored_documents_folded():
    (path,) = MIGRATIONS.glob("*_search_folds_ligatures.py")
    migration = importlib.import_module(f"annotations.migrations.{path.stem}")

    def run(statements):
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    run(migration.BACKWARD)
    article = ArticleFactory(title="Revue", text="Une œuvre dans la Straße.")
    quote = AnnotationFactory(article=article, note="ｓａｎｃｔｉｏｎｓ")
    assert not ids(search.search_articles(Article.objects.all(), "oeuvre"))
    run(migration.FORWARD)
    assert ids(search.search_articles(Article.objects.all(), "oeuvre strasse")) == {article.pk}
    assert ids(search.search_annotations(Annotation.objects.all(), "sanctions")) == {quote.pk}
    # The documents indexed by the migration are taken out as the triggers put them in.
    article.delete()
    assert not ids(search.search_articles(Article.objects.all(), "oeuvre"))
    assert not ids(search.search_annotations(Annotation.objects.all(), "sanctions"))
