"""views.lookups: found_or_404, and the pages that read their main row through it."""

import pytest
from django.http import Http404
from django.urls import reverse

from annotations.models import Annotation, Article, Entity
from annotations.selectors import reading
from annotations.views.lookups import found_or_404
from tests.factories import AnnotationFactory

pytestmark = pytest.mark.django_db


def test_gives_what_the_selector_returns(article):
    reader = found_or_404(reading.article_for_reading, Article, pk=article.pk)
    assert reader.article == article


def test_a_missing_row_of_that_model_is_a_404_naming_it():
    with pytest.raises(Http404, match=r"^No such article\.$"):
        found_or_404(reading.article_for_reading, Article, pk=987654)


def test_another_model_missing_is_not_hidden_as_a_404():
    def reads_an_actor(*, pk):
        return Entity.objects.get(pk=pk)

    with pytest.raises(Entity.DoesNotExist):
        found_or_404(reads_an_actor, Annotation, pk=987654)


@pytest.mark.parametrize("name", ["article_detail", "quote_detail", "highlight_edit"])
def test_pages_of_a_missing_article_or_quote_answer_404(client, analyst, name):
    AnnotationFactory()
    client.force_login(analyst)
    assert client.get(reverse(name, args=[987654])).status_code == 404
