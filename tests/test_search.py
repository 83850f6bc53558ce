"""Search on both databases: words, accents, case, hostile input, snippets."""

import pytest

from annotations import search
from annotations.models import Annotation, Article
from tests.factories import AnnotationFactory, ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return {
        "sanctions": ArticleFactory(
            title="Nouvelles sanctions", text="Téhéran répond aux SANCTIONS de l’Élysée."
        ),
        "gaz": ArticleFactory(title="Le gazoduc", text="Valgaz relance le projet du Tarsk."),
        "xss": ArticleFactory(title="Piège", text="<script>alert(1)</script> et sanction."),
    }


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sanction", {"sanctions", "xss"}),
        ("Teheran", {"sanctions"}),
        ("ELYSEE sanctions", {"sanctions"}),
        ("gazoduc", {"gaz"}),
        ("tarsk valgaz", {"gaz"}),
        ("tarsk sanctions", set()),
    ],
)
def test_articles(corpus, query, expected):
    found = ids(search.search_articles(Article.objects.all(), query))
    assert found == {corpus[name].pk for name in expected}


@pytest.mark.parametrize(
    "query", ['"', "'", "AND (", "NEAR(", "-", "*", ":", "\\", "%", "_", "😀", "x" * 5000]
)
def test_hostile_queries_never_break(corpus, query):
    list(search.search_articles(Article.objects.all(), query))
    list(search.search_annotations(Annotation.objects.all(), query))


def test_blank_query_changes_nothing(corpus):
    queryset = Article.objects.all()
    assert search.search_articles(queryset, "  ") is queryset


def test_quotes_by_text_and_note():
    quote = AnnotationFactory(note="Voir la réaction de Téhéran")
    other = AnnotationFactory()
    assert ids(search.search_annotations(Annotation.objects.all(), "teheran")) == {quote.pk}
    assert other.pk in ids(search.search_annotations(Annotation.objects.all(), quote.exact[:8]))


def test_snippets_escape_and_mark(corpus):
    snippets = search.article_snippets([corpus["xss"].pk], "sanction")
    assert "&lt;script&gt;" in snippets[corpus["xss"].pk]
    assert "<mark>sanction</mark>" in snippets[corpus["xss"].pk]
    accented = search.article_snippets([corpus["sanctions"].pk], "teheran")
    assert "<mark>Téhéran</mark>" in accented[corpus["sanctions"].pk]


def test_search_composes_with_filters_in_constant_queries(
    client, analyst, corpus, django_assert_max_num_queries
):
    client.force_login(analyst)
    with django_assert_max_num_queries(14):
        body = client.get("/articles/", {"q": "sanction", "language": "fr"}).content.decode()
    assert "2 articles" in body and "<mark>" in body
