import pytest

from tests.factories import ArticleFactory, UserFactory
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
        pytest.skip("../shared/seeds is not beside this checkout")
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
