"""selectors.dossier_pages: the dossiers' list and a dossier's page."""

import pytest

from annotations.models import Dossier
from annotations.selectors import dossier_pages
from tests.factories import ArticleFactory
from tests.selectors.helpers import created_at, review

pytestmark = pytest.mark.django_db


def test_the_index_counts_each_dossier_s_articles(analyst):
    gaz = Dossier.objects.create(name="Gaz", created_by=analyst)
    gaz.articles.add(ArticleFactory(), ArticleFactory())
    Dossier.objects.create(name="Vide")
    rows = dossier_pages.dossier_index()
    assert [(row.name, row.article_count) for row in rows] == [("Gaz", 2), ("Vide", 0)]
    assert rows[0].created_by == analyst


def test_a_dossier_page(make_quote, editor):
    inside, outside = ArticleFactory(), ArticleFactory()
    dossier = Dossier.objects.create(name="Gaz")
    dossier.articles.add(inside)
    quotes = [created_at(make_quote(inside, themes=["Sanctions"]), day) for day in range(12)]
    review(quotes[0], editor, "approved")
    review(quotes[1], editor, "rejected", reason="Doublon")
    make_quote(outside)

    page = dossier_pages.dossier_page(dossier=dossier)

    assert page["dossier"] == dossier
    assert list(page["articles"]) == [inside]
    assert page["articles"][0].annotation_count == 12
    assert page["quotes"] == quotes[::-1][:10]
    assert [theme.name for theme in page["quotes"][0].theme_list] == ["Sanctions"]
    assert page["status_counts"] == [("Pending", 10), ("Approved", 1), ("Rejected", 1)]
    assert page["quote_count"] == 12


@pytest.mark.parametrize("quotes", [1, 12])
def test_a_dossier_page_takes_a_fixed_number_of_queries(
    make_quote, actor, quotes, django_assert_num_queries
):
    dossier = Dossier.objects.create(name="Gaz")
    for _ in range(quotes):
        article = ArticleFactory()
        dossier.articles.add(article)
        make_quote(article, themes=["Sanctions"], actors=[actor], speaker=actor)
    # Counts by status, latest ids, their rows, their tags (4), the latest changes; the
    # articles stay a query.
    with django_assert_num_queries(8):
        dossier_pages.dossier_page(dossier=dossier)
