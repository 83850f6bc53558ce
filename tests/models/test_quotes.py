import pytest
from django.db import IntegrityError, transaction

from annotations.models import Annotation, EntityAlias, Theme
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory, UserFactory

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


@pytest.mark.parametrize("variant", ["PATROUCHEV", "patrouchev", "Pâtrouchev", " Patrouchev "])
def test_alias_normal_form_is_unique_across_case_and_accents(variant):
    entity = EntityFactory(name="Nikolai Patrushev")
    EntityAlias.objects.create(entity=entity, name="Patrouchev")
    with pytest.raises(IntegrityError), transaction.atomic():
        EntityAlias.objects.create(entity=entity, name=variant)


def test_theme_names_collide_whatever_their_case_and_accents():
    Theme.objects.create(name="Élysée")
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(name="ELYSEE")


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


def test_absolute_urls():
    annotation = AnnotationFactory()
    theme = Theme.objects.create(name="Sanctions")
    entity = EntityFactory(name="Téhéran")
    assert annotation.get_absolute_url() == f"/annotations/{annotation.pk}/"
    assert annotation.article.get_absolute_url() == f"/articles/{annotation.article.pk}/"
    assert theme.get_absolute_url() == "/themes/sanctions/"
    assert entity.get_absolute_url() == "/actors/t%C3%A9h%C3%A9ran/"
