"""exports.jsonld: the W3C Web Annotation collection, every body and selector of a quote."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_jsonld_has_every_kind_of_body_and_selector(client, analyst, tagged_quote):
    client.force_login(analyst)
    response = client.get(reverse("export_annotations", args=["jsonld"]))
    assert response.streaming
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(b"".join(response.streaming_content))
    assert document["type"] == "AnnotationCollection"
    assert document["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert document["total"] == 1
    page = document["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    item = page["items"][0]
    assert item["id"] == f"http://testserver/annotations/{tagged_quote.pk}/"
    assert item["type"] == "Annotation"
    assert item["target"]["source"] == "https://news.example.org/a"
    selectors = {selector["type"]: selector for selector in item["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == tagged_quote.exact
    assert (
        selectors["TextPositionSelector"]["start"],
        selectors["TextPositionSelector"]["end"],
    ) == (0, 18)
    purposes = [(body["purpose"], body.get("value") or body.get("source")) for body in item["body"]]
    assert ("commenting", "Voir **aussi** l’autre article") in purposes
    assert ("tagging", "Sanctions") in purposes and ("tagging", "Énergie") in purposes
    assert ("identifying", "http://www.wikidata.org/entity/Q7747") in purposes
    assert ("identifying", "Téhéran") in purposes
    assert item["creator"]["nickname"] == "ana"
    assert item["created"] and item["modified"]
    assert item["newsroom:status"] == "rejected"
