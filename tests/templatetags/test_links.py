"""templatetags.links: URL builders that give what reverse() gives, quicker."""

import pytest
from django.urls import reverse

from annotations.templatetags.links import IdUrls, SlugUrls


@pytest.mark.parametrize(
    "slug", ["sanctions", "thème-7", "téhéran", "nikolaï-patrouchev", "acteur_42", "ирaн", "a-b-c"]
)
@pytest.mark.parametrize("route", ["theme_detail", "actor_detail"])
def test_slug_urls_are_those_of_reverse(route, slug):
    urls = SlugUrls(route)
    assert urls[slug] == reverse(route, args=[slug])
    assert urls[slug] == urls[slug]  # and again, remembered


def test_id_urls_are_those_of_reverse():
    article_urls = IdUrls("article_detail")
    assert article_urls[7] == reverse("article_detail", args=[7])
    assert article_urls[987654321] == reverse("article_detail", args=[987654321])
