"""models.articles: an article's text and URL unique; its URL."""

import pytest
from django.db import IntegrityError, transaction

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_article_text_hash_is_unique():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(text=article.text)


def test_article_url_is_unique_only_when_set():
    ArticleFactory(url="")
    ArticleFactory(url="")
    ArticleFactory(url="https://news.example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://news.example.org/a")


def test_an_article_s_url():
    article = ArticleFactory()
    assert article.get_absolute_url() == f"/articles/{article.pk}/"
