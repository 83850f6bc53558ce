"""db.search: the search documents follow every write (text, notes, language, deletes)."""

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
