"""Fixtures for every test: a clean cache, the users of each role, an article, the seed
articles, and two small sets of tagged quotes that modules in several folders share."""

import datetime
import os

import pytest

from annotations.models import Dossier, Entity
from annotations.services import highlights, registry, review
from tests.factories import (
    AnnotationFactory,
    ArticleFactory,
    EntityFactory,
    OutletFactory,
    UserFactory,
)
from tests.helpers import SEEDS


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The overview, the tag pages and the tag indexes cache their counts for a minute:
    each test starts without them."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def analyst(db):
    return UserFactory(username="ana", role="analyst")


@pytest.fixture
def other_analyst(db):
    return UserFactory(username="otto", role="analyst")


@pytest.fixture
def editor(db):
    return UserFactory(username="eddie", role="editor")


@pytest.fixture
def article(db):
    return ArticleFactory()


@pytest.fixture
def seed_texts():
    """The real French articles in ../shared/seeds, when the checkout sits beside shared/."""
    if not SEEDS.is_dir():
        # CI has ../shared beside its checkout: there a missing seed is a failure, so the
        # seed tests always run where it counts.
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the seeds are missing: {SEEDS}")
        pytest.skip("../shared/seeds is not beside this checkout")
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture
def faceted_quotes(analyst, editor):
    """Three quotes that differ on every facet (for the filters, the list pages, the cards)."""
    monde, gazette = OutletFactory(name="Le Monde"), OutletFactory(name="Gazette")
    march = datetime.datetime(2026, 3, 10, tzinfo=datetime.UTC)
    june = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
    a1 = ArticleFactory(outlet=monde, published=march, language="fr")
    a2 = ArticleFactory(outlet=gazette, published=june, language="en")
    putin = EntityFactory(name="Vladimir Putin")
    registry.entity_alias_add(entity=putin, name="Poutine")
    tehran = EntityFactory(name="Téhéran", kind="place")
    q1 = AnnotationFactory(article=a1, author=analyst, start=0, end=8)
    q1.themes.add(registry.theme_get_or_create(name="Sanctions"))
    q1.actors.add(putin)
    q1.speaker = putin
    q1.save()
    q2 = AnnotationFactory(article=a1, author=editor, start=10, end=20)
    q2.themes.add(registry.theme_get_or_create(name="Énergie"))
    q2.actors.add(tehran)
    q3 = AnnotationFactory(article=a2, author=analyst, start=0, end=8)
    q3.themes.add(registry.theme_get_or_create(name="Sanctions"))
    q3.actors.add(tehran, putin)
    review.annotation_review(annotation=q3, reviewer=editor, to_status="approved")
    dossier = Dossier.objects.create(name="Gaz")
    dossier.articles.add(a2)
    return {"q1": q1, "q2": q2, "q3": q3, "monde": monde, "dossier": dossier}


@pytest.fixture
def tagged_quote(analyst, editor):
    """One rejected quote with every field the exports write: themes, actors (one with a
    Wikidata id and a spelling), a speaker, a note, a reason with a semicolon (for the
    exports, their views and commands)."""
    article = ArticleFactory(url="https://news.example.org/a", title="Gaz ; « accord »")
    annotation = highlights.annotation_create(
        article=article,
        author=analyst,
        start=0,
        end=18,
        themes=["Sanctions", "Énergie"],
        actors=["Vladimir Putin", "Téhéran"],
        # Chosen, so that the exports' expected kinds do not hang on the installed recogniser.
        actor_kinds={"teheran": "other"},
        speaker="Vladimir Putin",
        note="Voir **aussi** l’autre article",
    )
    putin = Entity.objects.get(name="Vladimir Putin")
    putin.wikidata_id, putin.kind = "Q7747", "person"
    putin.save()
    registry.entity_alias_add(entity=putin, name="Poutine")
    return review.annotation_review(
        annotation=annotation, reviewer=editor, to_status="rejected", reason="Hors sujet; revoir"
    )
