"""sanitize: notes rendered from Markdown, nothing dangerous left."""

import pytest

from annotations.sanitize import render_markdown


def test_markdown_is_rendered():
    assert render_markdown("**fort** et *doux*") == "<p><strong>fort</strong> et <em>doux</em></p>"


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[clic](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_dangerous_markup_is_removed(payload):
    html = render_markdown(payload)
    assert "<script" not in html and "onerror" not in html and "onload" not in html
    assert "javascript:" not in html and "style=" not in html


def test_links_open_safely():
    html = render_markdown("voir https://example.org")
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_empty_note_is_empty():
    assert render_markdown("  \n ") == ""
