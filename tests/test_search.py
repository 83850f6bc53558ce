"""search: stems, accents, phrases, OR, exclusion, ranking, hostile input, snippets."""

import pytest

from annotations import search
from annotations.models import Annotation, Article
from tests.factories import AnnotationFactory, ArticleFactory
from tests.helpers import ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return {
        "sanctions": ArticleFactory(
            title="Nouvelles sanctions", text="Téhéran répond aux SANCTIONS de l’Élysée."
        ),
        "gaz": ArticleFactory(title="Le gazoduc", text="Valgaz relance le projet du Tarsk."),
        "xss": ArticleFactory(title="Piège", text="<script>alert(1)</script> et sanction."),
        "conseil": ArticleFactory(
            title="Réunion à Moscou",
            text="Le Conseil de sécurité s’est réuni. La sécurité du conseil est assurée.",
        ),
        "english": ArticleFactory(
            title="Energy talks",
            text="The ministers discussed sanctions and cooperation on energy.",
            language="en",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sanction", {"sanctions", "xss", "english"}),
        ("Teheran", {"sanctions"}),
        ("TÉHÉRAN", {"sanctions"}),
        ("ELYSEE sanctions", {"sanctions"}),
        ("gazoduc", {"gaz"}),
        ("tarsk valgaz", {"gaz"}),
        ("tarsk sanctions", set()),
        ("tarsk OR teheran", {"gaz", "sanctions"}),
        ("sanctions -teheran", {"xss", "english"}),
        ('"conseil de sécurité"', {"conseil"}),
        ('"securite conseil"', set()),
        ("minister cooperation", {"english"}),
        ("réunions", {"conseil"}),
    ],
)
def test_articles(corpus, query, expected):
    found = ids(search.search_articles(Article.objects.all(), query))
    assert found == {corpus[name].pk for name in expected}


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Une œuvre majeure", "oeuvre"),
        ("Une oeuvre majeure", "œuvre"),
        ("L’ŒUVRE", "oeuvre"),
        ("Ægypt and Rome", "Aegypt"),
        ("Aegypt and Rome", "Ægypt"),
        ("Die Straße", "strasse"),
        ("Die Strasse", "Straße"),
        ("Au ｋｒｅｍｌｉｎ", "kremlin"),
        ("Au kremlin", "ＫＲＥＭＬＩＮ"),
        ("Ｇ２０ summit", "g20"),
        ("La ﬁnance", "finance"),
        ("La finance", "ﬁnance"),
    ],
)
def test_ligatures_and_full_width_letters_fold(text, query):
    article = ArticleFactory(title="Revue", text=text)
    quote = AnnotationFactory(note=text)
    ArticleFactory(title="Autre", text="Rien à voir.")
    assert ids(search.search_articles(Article.objects.all(), query)) == {article.pk}
    assert ids(search.search_annotations(Annotation.objects.all(), query)) == {quote.pk}


def test_folded_matches_mark_the_original_characters():
    article = ArticleFactory(title="Revue", text="Une œuvre dans la Straße, ｓａｎｃｔｉｏｎｓ.")
    snippet = search.article_snippets([article.pk], "oeuvre strasse sanctions")[article.pk]
    assert "<mark>œuvre</mark>" in snippet
    assert "<mark>Straße</mark>" in snippet
    assert "<mark>ｓａｎｃｔｉｏｎｓ</mark>" in snippet


def test_stop_words_do_not_hide_results(corpus):
    found = ids(search.search_articles(Article.objects.all(), "sanctions de Téhéran"))
    assert found == {corpus["sanctions"].pk}


def test_title_ranks_above_text():
    in_text = ArticleFactory(title="Chronique", text="Il fut question de gazoduc hier.")
    in_title = ArticleFactory(title="Le gazoduc", text="Un projet discuté hier.")
    found = list(search.search_articles(Article.objects.all(), "gazoduc"))
    assert found == [in_title, in_text]


def test_parse_understands_engine_syntax():
    parsed = search.parse('sanctions OR embargo "conseil de sécurité" -russie l’Iran')
    assert parsed.groups == [["sanctions", "embargo"], ["conseil de sécurité"], ["l Iran"]]
    assert parsed.excluded == ["russie"]
    assert not search.parse("- () OR")
    # Full-width syntax is the engine's syntax too.
    parsed = search.parse("ｓａｎｃｔｉｏｎｓ ＯＲ œuvre ＂Straße ﬁnale＂ －ﬂux")
    assert parsed.groups == [["sanctions", "oeuvre"], ["Strasse finale"]]
    assert parsed.excluded == ["flux"]


@pytest.mark.parametrize(
    "query",
    ['"', "'", "AND (", "NEAR(", "-", "*", ":", "\\", "%", "_", "😀", "x" * 5000, "OR OR", "!!"],
)
def test_hostile_queries_never_break(corpus, query):
    list(search.search_articles(Article.objects.all(), query))
    list(search.search_annotations(Annotation.objects.all(), query))
    search.article_snippets([corpus["sanctions"].pk], query)


def test_blank_query_changes_nothing(corpus):
    queryset = Article.objects.all()
    assert search.search_articles(queryset, "  ") is queryset


def test_quotes_by_text_and_note():
    quote = AnnotationFactory(note="Voir la réaction de Téhéran")
    other = AnnotationFactory()
    assert ids(search.search_annotations(Annotation.objects.all(), "teheran")) == {quote.pk}
    first_word = other.exact.split()[0]
    assert other.pk in ids(search.search_annotations(Annotation.objects.all(), first_word))


def test_snippets_escape_and_mark(corpus):
    risky = ArticleFactory(title="Marchés", text="Si a < b & c > d, la sanction tombe.")
    snippets = search.article_snippets([risky.pk, corpus["xss"].pk], "sanction")
    assert "&lt; b &amp; c &gt; d" in snippets[risky.pk]
    assert "<mark>sanction</mark>" in snippets[risky.pk]
    assert "<script" not in snippets[corpus["xss"].pk]
    assert "<mark>sanction</mark>" in snippets[corpus["xss"].pk]
    accented = search.article_snippets([corpus["sanctions"].pk], "teheran")
    assert "<mark>Téhéran</mark>" in accented[corpus["sanctions"].pk]


def test_quote_snippets_show_quote_and_note():
    quote = AnnotationFactory(note="À propos de <b>Téhéran</b>")
    snippet = search.annotation_snippets([quote.pk], "teheran")[quote.pk]
    assert snippet.startswith(quote.exact[:10])
    assert "&lt;b&gt;<mark>Téhéran</mark>&lt;/b&gt;" in snippet


def test_search_composes_with_filters_in_constant_queries(
    client, analyst, corpus, django_assert_max_num_queries
):
    client.force_login(analyst)
    with django_assert_max_num_queries(14):
        body = client.get("/articles/", {"q": "sanction", "language": "fr"}).content.decode()
    assert "2 articles" in body and "<mark>" in body
