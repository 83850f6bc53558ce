"""templatetags.reader: the reading view's article text as paragraphs of marked segments."""

from django.template import Context, Template
from django.utils.safestring import SafeString

from annotations.rendering import Span, render_paragraphs
from annotations.templatetags.reader import article_body


def test_plain_paragraphs_are_spans_at_their_utf16_offsets():
    text = "Un 😀 émoji.\n\nDeux."
    assert article_body(render_paragraphs(text, []), {}) == (
        '<p data-u16="0"><span data-u16="0">Un 😀 émoji.</span></p>\n'
        # The emoji counts two UTF-16 units, as the browser's selection does.
        '<p data-u16="14"><span data-u16="14">Deux.</span></p>\n'
    )


def test_a_highlight_is_a_mark_with_its_style_and_id():
    text = "Le 😀 ministre a parlé."
    html = article_body(render_paragraphs(text, [Span(7, 5, 13)]), {7: "theme-2 status-approved"})
    assert html == (
        '<p data-u16="0"><span data-u16="0">Le 😀 </span>'
        '<mark class="hl theme-2 status-approved" data-u16="6" data-annotations="7">ministre</mark>'
        '<span data-u16="14"> a parlé.</span></p>\n'
    )


def test_overlapping_highlights_take_the_innermost_style_and_list_every_id():
    text = "Nous coopérerons avec Téhéran."
    spans = [Span(1, 0, 29), Span(2, 5, 16)]
    styles = {1: "theme-1 status-pending", 2: "theme-9 status-rejected"}
    html = article_body(render_paragraphs(text, spans), styles)
    assert html == (
        '<p data-u16="0">'
        '<mark class="hl theme-1 status-pending" data-u16="0" data-annotations="1">Nous </mark>'
        '<mark class="hl theme-9 status-rejected overlap" data-u16="5" data-annotations="1 2">'
        "coopérerons</mark>"
        '<mark class="hl theme-1 status-pending" data-u16="16" data-annotations="1">'
        " avec Téhéran</mark>"
        '<span data-u16="29">.</span></p>\n'
    )


def test_a_highlight_without_a_style_is_still_marked():
    html = article_body(render_paragraphs("Gaz russe.", [Span(4, 0, 3)]), {})
    assert html.startswith('<p data-u16="0"><mark class="hl " data-u16="0" data-annotations="4">')


def test_the_text_is_escaped_and_the_whole_is_safe_html():
    text = '<script>alert("x")</script> & <b>gras</b>'
    html = article_body(render_paragraphs(text, [Span(3, 0, 8)]), {3: "no-theme"})
    assert isinstance(html, SafeString)
    assert "<script>" not in html and "<b>" not in html
    assert '>&lt;script&gt;</mark><span data-u16="8">alert("x")&lt;/script&gt; &amp; ' in html


def test_the_tag_renders_unescaped_in_a_template():
    paragraphs = render_paragraphs("Un & deux.", [Span(1, 0, 2)])
    html = Template("{% load reader %}{% article_body paragraphs styles %}").render(
        Context({"paragraphs": paragraphs, "styles": {1: "theme-1"}})
    )
    assert html == article_body(paragraphs, {1: "theme-1"})
    assert html.startswith('<p data-u16="0"><mark class="hl theme-1"')


def test_no_paragraphs_is_no_html():
    assert article_body([], {}) == ""
