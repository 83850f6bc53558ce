"""models.quotes: what the database refuses in an Annotation; a quote's clean() and URL."""

import pytest
from django.db import IntegrityError, transaction

from annotations.models import Annotation
from tests.factories import AnnotationFactory, ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def _raw_annotation(article, author, start, end):
    # Bypasses full_clean on purpose: the database itself must refuse the range.
    return Annotation.objects.create(
        article=article, author=author, start=start, end=end, exact=article.text[start:end]
    )


@pytest.mark.parametrize(("start", "end"), [(5, 5), (8, 3)])
def test_database_refuses_empty_or_reversed_ranges(start, end):
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw_annotation(article, UserFactory(), start, end)


def test_database_accepts_a_valid_range():
    article = ArticleFactory()
    annotation = _raw_annotation(article, UserFactory(), 0, 7)
    assert annotation.exact == article.text[0:7]


def test_database_refuses_unknown_status():
    annotation = AnnotationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.filter(pk=annotation.pk).update(status="published")


def test_clean_refuses_quote_that_does_not_match_text():
    annotation = AnnotationFactory.build(article=ArticleFactory(), author=UserFactory())
    annotation.start, annotation.end, annotation.exact = 0, 7, "nothing"
    with pytest.raises(Exception, match="does not match"):
        annotation.clean()


def test_a_quote_s_url():
    annotation = AnnotationFactory()
    assert annotation.get_absolute_url() == f"/annotations/{annotation.pk}/"
