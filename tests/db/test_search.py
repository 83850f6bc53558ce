"""db.search: the search documents follow every write (text, notes, language, deletes)."""

import itertools
import string

import pytest
from django.db import connection

from annotations import search
from annotations.models import Annotation, Article
from annotations.services import articles
from tests.factories import AnnotationFactory, ArticleFactory
from tests.helpers import ids

pytestmark = pytest.mark.django_db


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
