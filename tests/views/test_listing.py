"""views.listing: page sizes, the capped count and paging of the list pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["quote_list", "article_list"])
def test_query_count_is_constant_whatever_the_page_size(client, analyst, url_name):
    actor = EntityFactory(name="Kestrany")
    for n in range(60):
        article = ArticleFactory()
        annotation = AnnotationFactory(article=article, author=analyst, start=0, end=8)
        annotation.themes.add(f"Theme {n % 5}")
        annotation.actors.add(actor)
        annotation.speaker = actor
        annotation.save()
    client.force_login(analyst)
    counts = []
    for size in (20, 50):
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse(url_name), {"size": size, "actor": "Kestrany"}).status_code
                == 200
            )
        counts.append(len(queries))
    # Session, user, names to ids, count, page ids, page rows, tags, form choices: a fixed 15.
    assert counts[0] == counts[1] <= 15


def test_lists_count_up_to_the_cap_and_page_through_its_rows(client, analyst, monkeypatch):
    from annotations.views import listing

    monkeypatch.setattr(listing.CappedPaginator, "cap", 25)
    article = ArticleFactory()
    for start in range(30):
        AnnotationFactory(article=article, author=analyst, start=start, end=start + 5)
    client.force_login(analyst)
    first = client.get(reverse("quote_list")).content.decode()
    assert "More than 25 quotes" in first and first.count('<li class="quote-card') == 20
    assert "Page 1 of 2 (the first 25: narrow the filters" in first
    second = client.get(reverse("quote_list"), {"page": 2}).content.decode()
    assert second.count('<li class="quote-card') == 5 and "Next" not in second
    narrowed = client.get(reverse("quote_list"), {"status": "pending", "size": 50})
    assert "More than 25 quotes" in narrowed.content.decode()
    exact = client.get(reverse("quote_list"), {"q": "nothing-like-this"}).content.decode()
    assert "0 quotes" in exact
    # The review queue counts exactly: "approve all" must say how many.
    editor = UserFactory(role="editor")
    client.force_login(editor)
    queue = client.get(reverse("review_queue")).content.decode()
    assert "30 quotes to review" in queue and "Approve all 30 filtered" in queue
