"""selectors.review_rows: the review queue's selection and one row."""

import pytest

from annotations.models import Annotation
from annotations.selectors import review_rows
from tests.selectors.helpers import created_at, review

pytestmark = pytest.mark.django_db


def test_the_queue_is_oldest_first_with_its_rows_joined(
    make_quote, actor, editor, django_assert_num_queries
):
    newer, older = created_at(make_quote(speaker=actor), 9), created_at(make_quote(), 2)
    review(older, editor, "approved")
    with django_assert_num_queries(1):
        rows = list(review_rows.quotes_for_review())
        seen = [(row.article.outlet.name, row.author.username, row.reviewer) for row in rows]
    assert rows == [older, newer]
    assert seen == [
        (older.article.outlet.name, "ana", editor),
        (newer.article.outlet.name, "ana", None),
    ]


def test_a_row_comes_joined_with_its_tag_lists(make_quote, actor, django_assert_num_queries):
    quote = make_quote(themes=["Sanctions"], actors=[actor], speaker=actor)
    with django_assert_num_queries(5):  # the quote joined, then its tags (4)
        row = review_rows.review_row(pk=quote.pk)
        seen = (row.article.text, row.speaker.name)
    assert seen == (quote.article.text, actor.name)
    assert ([t.name for t in row.theme_list], row.actor_list) == (["Sanctions"], [actor])


def test_a_missing_row_raises_does_not_exist():
    with pytest.raises(Annotation.DoesNotExist):
        review_rows.review_row(pk=987654)
