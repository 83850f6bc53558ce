"""db.article_facts: the article facts every tagging carries follow every change."""

import datetime

import pytest
from django.db import connection

from annotations.db import sql, tag_lists
from annotations.models import Annotation, Article, TaggedActor, TaggedTheme
from tests.db.migration_sql import run_migration_sql
from tests.factories import (
    AnnotationFactory,
    ArticleFactory,
    EntityFactory,
    OutletFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

MARCH = datetime.datetime(2026, 3, 10, 8, 30, tzinfo=datetime.UTC)
JUNE = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)


def facts(tagging_model) -> set[tuple]:
    """(quote, article, published, outlet) of every tagging, as stored."""
    return set(
        tagging_model.objects.values_list("content_object_id", "article_id", "published", "outlet")
    )


def expected(tagging_model) -> set[tuple]:
    """The same, read from the quotes' articles."""
    return {
        (quote.pk, quote.article_id, quote.article.published, quote.article.outlet_id)
        for quote in Annotation.objects.select_related("article").filter(
            pk__in=tagging_model.objects.values("content_object_id")
        )
    }


def assert_in_step() -> None:
    for tagging_model in (TaggedTheme, TaggedActor):
        assert facts(tagging_model) == expected(tagging_model)


@pytest.fixture
def quote():
    article = ArticleFactory(published=MARCH, outlet=OutletFactory(name="Le Monde"))
    annotation = AnnotationFactory(article=article)
    annotation.themes.add(ThemeFactory(name="Sanctions"))
    annotation.actors.add(EntityFactory(name="Poutine"))
    return annotation


def test_a_new_tagging_takes_its_article_facts(quote):
    tagging = TaggedTheme.objects.get(content_object=quote)
    assert (tagging.article_id, tagging.published) == (quote.article_id, MARCH)
    assert tagging.outlet_id == quote.article.outlet_id
    assert_in_step()


def test_bulk_created_taggings_take_theirs_too(quote):
    others = [AnnotationFactory(article=ArticleFactory(published=JUNE)) for _ in range(3)]
    actor = EntityFactory(name="AIEA")
    TaggedActor.objects.bulk_create([TaggedActor(tag=actor, content_object=q) for q in others])
    assert_in_step()


def test_an_article_redated_or_moved_to_another_outlet_carries_its_taggings(quote):
    article = quote.article
    article.published, article.outlet = JUNE, OutletFactory(name="Gazette")
    article.save()
    assert_in_step()
    Article.objects.filter(pk=article.pk).update(published=None, outlet=None)
    assert_in_step()
    assert facts(TaggedTheme) == {(quote.pk, article.pk, None, None)}


def test_a_tagging_moved_to_another_quote_or_a_quote_to_another_article(quote):
    elsewhere = AnnotationFactory(article=ArticleFactory(published=JUNE))
    TaggedTheme.objects.filter(content_object=quote).update(content_object=elsewhere)
    assert_in_step()
    Annotation.objects.filter(pk=quote.pk).update(article=elsewhere.article)
    assert_in_step()
    assert TaggedActor.objects.get(content_object=quote).published == JUNE


def test_other_articles_and_quotes_are_left_alone(quote):
    other = AnnotationFactory(article=ArticleFactory(published=JUNE))
    other.themes.add(ThemeFactory(name="Énergie"))
    Article.objects.filter(pk=quote.article_id).update(published=None)
    assert TaggedTheme.objects.get(content_object=other).published == JUNE
    assert_in_step()


@pytest.fixture
def current_triggers_afterwards():
    """Migration 0014 run again installs its own tag-list triggers, which later migrations
    changed: the current ones come back afterwards, for the tests after this one."""
    yield
    sql.install(connection, tag_lists.trigger_set(connection.vendor), fill=False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("current_triggers_afterwards")
def test_the_migration_fills_the_facts_of_existing_taggings(quote):
    run_migration_sql("0014_tagging_article_facts", "backwards")
    TaggedTheme.objects.update(article=None, published=None, outlet=None)
    run_migration_sql("0014_tagging_article_facts", "forwards")
    assert_in_step()
    # The triggers are back too.
    Article.objects.filter(pk=quote.article_id).update(published=JUNE)
    assert_in_step()
