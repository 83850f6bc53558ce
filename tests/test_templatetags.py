"""The list and reader cards' fast URL builders give what reverse() gives."""

from html import escape

import pytest
from django.urls import reverse

from annotations.templatetags.reader import SlugUrls, url_maker


@pytest.mark.parametrize(
    "slug", ["sanctions", "thème-7", "téhéran", "nikolaï-patrouchev", "acteur_42", "ирaн", "a-b-c"]
)
@pytest.mark.parametrize("route", ["theme_detail", "entity_detail"])
def test_slug_urls_are_those_of_reverse(route, slug):
    urls = SlugUrls(route)
    assert urls(slug) == escape(reverse(route, args=[slug]))
    assert urls(slug) == urls(slug)  # and again from the cache


def test_id_urls_are_those_of_reverse():
    article_url = url_maker("article_detail")
    assert article_url(7) == reverse("article_detail", args=[7])
    assert article_url(987654321) == reverse("article_detail", args=[987654321])
