"""models.search: SQLite's full-text index tables joined to the articles and quotes they index."""

import pytest
from django.db import connection

from annotations.models import Annotation, AnnotationSearchEntry, Article, ArticleSearchEntry
from tests.factories import AnnotationFactory, ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 tables"),
]


def test_match_finds_articles_through_their_index_row():
    pipeline = ArticleFactory(title="Le gazoduc", text="Le tracé du gazoduc passe au nord.")
    ArticleFactory(title="Les sanctions", text="Rien sur le sujet.")
    matching = Article.objects.filter(search_entry__document__match='"gazoduc"')
    assert " MATCH " in str(matching.query)
    assert list(matching) == [pipeline]
    assert list(Article.objects.filter(search_entry__document__match='"absent"')) == []


def test_match_finds_quotes_by_their_text_or_note():
    quote = AnnotationFactory(note="Voir le gazoduc")
    AnnotationFactory()
    assert list(Annotation.objects.filter(search_entry__document__match='"gazoduc"')) == [quote]


def test_each_row_has_its_rank_lower_for_a_better_match():
    often = ArticleFactory(title="Gazoduc", text="Gazoduc, gazoduc : le gazoduc encore.")
    once = ArticleFactory(title="Énergie", text="Un gazoduc parmi bien d’autres sujets.")
    entries = ArticleSearchEntry.objects.filter(document__match='"gazoduc"')
    ranks = dict(entries.values_list("article", "rank"))
    assert set(ranks) == {often.pk, once.pk}
    assert ranks[often.pk] < ranks[once.pk] < 0


def test_an_entry_names_its_row():
    quote = AnnotationFactory()
    entry = AnnotationSearchEntry.objects.get(annotation=quote)
    assert str(entry) == f"search entry {quote.pk}"
    assert entry.annotation == quote
