"""selectors.overview: the home page."""

import pytest

from annotations.models import Article
from annotations.selectors import overview
from tests.factories import ArticleFactory, EntityFactory
from tests.selectors.helpers import created_at, review

pytestmark = pytest.mark.django_db


def test_the_overview_shows_what_is_new_and_what_is_busiest(make_quote, analyst, editor):
    putin, iran = EntityFactory(name="Vladimir Putin"), EntityFactory(name="Iran")
    quotes = [
        created_at(make_quote(themes=["Sanctions"], actors=[putin]), day) for day in range(10)
    ]
    quotes.append(created_at(make_quote(themes=["Énergie"], actors=[iran]), 20))
    review(quotes[0], editor, "approved")
    review(quotes[1], editor, "rejected", reason="Doublon")
    review(created_at(make_quote(author=editor), 15), editor, "rejected", reason="Le mien")
    articles = list(Article.objects.order_by("-created", "-id"))

    home = overview.overview(user=analyst)

    assert home["status_counts"] == [
        ("pending", "Pending", 9),
        ("approved", "Approved", 1),
        ("rejected", "Rejected", 2),
    ]
    assert [(theme.name, theme.quotes) for theme in home["busiest_themes"]] == [
        ("Sanctions", 10),
        ("Énergie", 1),
    ]
    assert [(entity.name, entity.quotes) for entity in home["busiest_actors"]] == [
        ("Vladimir Putin", 10),
        ("Iran", 1),
    ]
    assert home["recent_articles"] == articles[:8]
    assert home["latest_quotes"][0] == quotes[-1] and len(home["latest_quotes"]) == 8
    assert [theme.name for theme in home["latest_quotes"][0].theme_list] == ["Énergie"]
    assert home["my_rejected"] == 1


def test_totals_are_cached_the_lists_and_the_user_s_count_are_not(make_quote, analyst, editor):
    created_at(make_quote(themes=["Sanctions"]), 1)
    first = overview.overview(user=analyst)
    rejected = created_at(make_quote(themes=["Énergie"]), 2)
    review(rejected, editor, "rejected", reason="Doublon")
    again = overview.overview(user=analyst)
    assert again["status_counts"] == first["status_counts"]
    assert again["totals_at"] == first["totals_at"]
    assert again["latest_quotes"][0] == rejected and again["my_rejected"] == 1


@pytest.mark.parametrize("quotes", [1, 10])
def test_the_overview_takes_a_fixed_number_of_queries(
    make_quote, analyst, quotes, django_assert_num_queries
):
    actor = EntityFactory()
    for _ in range(quotes):
        make_quote(ArticleFactory(), themes=["Sanctions"], actors=[actor], speaker=actor)
    # Totals: by status, theme uses and themes, actor uses, names and rows (6); recent
    # articles, latest quotes and their tags (6), the user's rejected quotes (1).
    with django_assert_num_queries(13):
        overview.overview(user=analyst)
    with django_assert_num_queries(7):
        overview.overview(user=analyst)
