"""selectors.mention_candidates: mentions suggested in an article; "tag every mention"."""

import pytest

from annotations.models import Dossier
from annotations.selectors import mention_candidates
from tests.factories import ArticleFactory, EntityFactory
from tests.selectors.helpers import dismiss

pytestmark = pytest.mark.django_db

# No language: the recogniser stays out, the registry alone finds the mentions.
TEXT = "Patrouchev a reçu Ahmadian à Téhéran. Selon Patrouchev, l’Iran coopère."


@pytest.fixture
def registry():
    patrushev = EntityFactory(name="Nikolai Patrushev", kind="person")
    patrushev.aliases.create(name="Patrouchev")
    return {"patrushev": patrushev, "iran": EntityFactory(name="Iran", kind="country")}


def test_the_candidates_are_every_article_or_the_dossier_s_by_id(registry):
    kept, other, last = ArticleFactory(), ArticleFactory(), ArticleFactory()
    dossier = Dossier.objects.create(name="Gaz")
    dossier.articles.add(last, kept)
    patrushev = registry["patrushev"]
    every = mention_candidates.mention_candidate_articles(entity=patrushev, dossier=None)
    assert list(every) == [kept, other, last]
    chosen = mention_candidates.mention_candidate_articles(entity=patrushev, dossier=dossier)
    assert list(chosen) == [kept, last]


def test_suggestions_name_the_actor_and_give_the_context(registry):
    article = ArticleFactory(text=TEXT, language="")
    rows = mention_candidates.article_suggestions(article=article)
    assert [(row["text"], row["actor_name"], row["start"]) for row in rows] == [
        ("Patrouchev", "Nikolai Patrushev", 0),
        ("Patrouchev", "Nikolai Patrushev", 44),
        ("Iran", "Iran", 58),
    ]
    assert rows[2]["actor_id"] == registry["iran"].pk and rows[2]["label"] == "LOC"
    assert rows[2]["context"] == (TEXT[:58], "Iran", " coopère.")


def test_suggestions_leave_out_highlighted_and_dismissed_spans(registry, make_quote, analyst):
    article = ArticleFactory(text=TEXT, language="")
    make_quote(article, start=0, end=10)
    dismiss(article, analyst, 58, 62)
    rows = mention_candidates.article_suggestions(article=article)
    assert [(row["start"], row["end"]) for row in rows] == [(44, 54)]


def test_the_preview_shows_the_actor_s_matches_only_with_context(registry):
    article = ArticleFactory(title="Visite", text=TEXT)
    ArticleFactory(text="Rien sur lui.")
    preview = mention_candidates.mention_preview(entity=registry["patrushev"], dossier=None)
    assert preview["articles_with_matches"] == 1
    assert preview["matches"] == [
        {
            "article_id": article.pk,
            "title": "Visite",
            # Sixty characters either side, the cut marked.
            "context": ("", "Patrouchev", TEXT[10:70] + "…"),
        },
        {
            "article_id": article.pk,
            "title": "Visite",
            "context": (TEXT[:44], "Patrouchev", TEXT[54:]),
        },
    ]


def test_the_preview_stops_once_it_has_enough(registry):
    for n in range(5):
        ArticleFactory(text=f"Article {n} : Patrouchev parle.")
    dossier = Dossier.objects.create(name="Vide")
    iran = registry["iran"]
    preview = mention_candidates.mention_preview(
        entity=registry["patrushev"], dossier=None, limit=2
    )
    # Two matches shown; articles counted until there are more than the limit.
    assert len(preview["matches"]) == 2 and preview["articles_with_matches"] == 3
    assert mention_candidates.mention_preview(entity=iran, dossier=dossier) == {
        "matches": [],
        "articles_with_matches": 0,
    }


@pytest.mark.parametrize("mentions", [1, 6])
def test_suggestions_take_a_fixed_number_of_queries(registry, mentions, django_assert_num_queries):
    article = ArticleFactory(text=" ".join(["Patrouchev parle."] * mentions), language="")
    mention_candidates.article_suggestions(article=article)  # builds the registry matcher
    # Highlighted and dismissed spans, the registry's version asked twice by
    # entities.suggest_mentions (4), the actors' names.
    with django_assert_num_queries(7):
        assert len(mention_candidates.article_suggestions(article=article)) == mentions
