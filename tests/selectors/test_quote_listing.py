"""selectors.quote_listing: the quotes page's selection, cards and search snippets."""

import datetime

import pytest

from annotations.selectors import quote_listing
from tests.factories import ArticleFactory, EntityFactory, OutletFactory
from tests.selectors.helpers import created_at

pytestmark = pytest.mark.django_db


def test_the_selection_is_every_quote_newest_first(make_quote):
    old, new, middle = (created_at(make_quote(), day) for day in (1, 30, 10))
    assert list(quote_listing.quotes_for_listing()) == [new, middle, old]


def test_a_card_has_the_quote_its_source_people_and_tags_by_name(make_quote, actor):
    published = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)
    article = ArticleFactory(outlet=OutletFactory(name="Le Monde"), published=published)
    other = EntityFactory(name="Ali Ahmadian")
    quote = make_quote(
        article, start=10, end=20, themes=["Énergie", "Diplomatie"], actors=[actor, other]
    )
    quote.speaker = actor
    quote.save()

    card = quote_listing.quote_cards_of([quote.pk])[quote.pk]

    assert (card.pk, card.exact, card.prefix, card.suffix) == (
        quote.pk,
        article.text[10:20],
        quote.prefix,
        quote.suffix,
    )
    assert (card.status, card.get_status_display()) == ("pending", "Pending")
    assert (card.article_id, card.article_title, card.published, card.outlet_name) == (
        article.pk,
        article.title,
        published,
        "Le Monde",
    )
    assert (card.author_name, card.speaker_name, card.speaker_slug) == (
        "ana",
        actor.name,
        actor.slug,
    )
    assert [label.name for label in card.themes] == ["Diplomatie", "Énergie"]
    assert card.actors == [
        quote_listing.TagLabel(other.pk, other.slug, other.name),
        quote_listing.TagLabel(actor.pk, actor.slug, actor.name),
    ]


def test_cards_of_quotes_without_outlet_speaker_or_tags(make_quote):
    quote = make_quote(ArticleFactory(outlet=None))
    card = quote_listing.quote_cards_of([quote.pk, 987654])
    assert list(card) == [quote.pk]
    assert (card[quote.pk].outlet_name, card[quote.pk].speaker_name) == (None, None)
    assert (card[quote.pk].themes, card[quote.pk].actors) == ([], [])


@pytest.mark.parametrize("quotes", [1, 8])
def test_cards_take_three_queries_however_many(
    make_quote, actor, quotes, django_assert_num_queries
):
    ids = [
        make_quote(themes=["Sanctions"], actors=[actor], speaker=actor).pk for _ in range(quotes)
    ]
    with django_assert_num_queries(3):
        cards = quote_listing.quote_cards_of(ids)
    assert len(cards) == quotes


def test_snippets_mark_the_search_in_the_quotes_shown(make_quote, django_assert_num_queries):
    article = ArticleFactory(text="Le ministre parle des sanctions contre Téhéran.")
    quote = make_quote(article, start=0, end=len(article.text), note="Voir Téhéran")
    cards = list(quote_listing.quote_cards_of([quote.pk]).values())
    snippet = quote_listing.quote_snippets(cards, "teheran")[quote.pk]
    assert "<mark>Téhéran</mark>" in snippet
    with django_assert_num_queries(0):
        assert quote_listing.quote_snippets(cards, "  ") == {}
        assert quote_listing.quote_snippets([], "teheran") == {}
