"""Fixtures of the selector tests: quotes made through the factories and tagged through
their tag managers (the database fills each tagging's article facts)."""

import pytest

from annotations.models import Annotation, Entity
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory


@pytest.fixture
def make_quote(analyst):
    """make_quote(article=None, themes=("Sanctions",), actors=(entity,), speaker=entity,
    start=0, end=8, **fields): a quote of `analyst` (or `author`) on a new or given article,
    tagged with these theme names and actors."""

    def make(article=None, *, themes=(), actors=(), start=0, end=8, **fields) -> Annotation:
        fields.setdefault("author", analyst)
        quote = AnnotationFactory(
            article=article or ArticleFactory(), start=start, end=end, **fields
        )
        if themes:
            quote.themes.add(*themes)
        if actors:
            quote.actors.add(*actors)
        return quote

    return make


@pytest.fixture
def actor():
    return EntityFactory(name="Vladimir Putin", kind=Entity.Kind.PERSON)
