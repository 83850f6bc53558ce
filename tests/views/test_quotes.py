"""views.quotes: the quotes page and one quote's page."""

import pytest
from django.urls import reverse

from tests.factories import AnnotationFactory
from tests.helpers import HX

pytestmark = pytest.mark.django_db


def test_quote_page_filters_and_keeps_the_url(client, analyst, faceted_quotes):  # noqa: F811
    client.force_login(analyst)
    response = client.get(reverse("quote_list"), {"theme": "Sanctions", "actor": "Téhéran"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 quote" in body
    assert 'value="Sanctions"' in body
    fragment = client.get(reverse("quote_list"), {"theme": "Sanctions"}, **HX).content.decode()
    assert fragment.lstrip().startswith('<section id="results"')
    assert "2 quotes" in fragment


def test_quote_page_shows_history(client, analyst):
    annotation = AnnotationFactory()
    annotation.review_events.create(actor=analyst, from_status="", to_status="pending")
    client.force_login(analyst)
    body = client.get(annotation.get_absolute_url()).content.decode()
    assert "created → Pending" in body


def test_a_refused_filter_value_is_said_beside_its_field(client, analyst):
    client.force_login(analyst)
    body = client.get(reverse("quote_list"), {"until": "9999-12-31"}).content.decode()
    assert "Use a date between 1000-01-01 and 9998-12-31." in body
    # An htmx update replaces the results alone: they say it too.
    results = client.get(
        reverse("quote_list"), {"until": "9999-12-31"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Published until: Use a date between 1000-01-01 and 9998-12-31." in results
