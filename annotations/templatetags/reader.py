"""The reading view's article text, built in Python.

An article with hundreds of overlapping highlights has thousands of segments (see
annotations/rendering.py); a template loop over them costs ~300 ms, this loop a few. It is
the one piece of HTML built by hand: the segments' text goes through `escape`, the rest is
numbers and the reader's own class names. The side panel's cards are in templatetags/cards.py.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def article_body(paragraphs, highlight_styles) -> str:
    """Paragraphs of segments; each carries its UTF-16 offset for the selection script."""
    parts = []
    for paragraph in paragraphs:
        parts.append(f'<p data-u16="{paragraph.start_utf16}">')
        for segment in paragraph.segments:
            text = escape(segment.text, quote=False)
            if segment.annotation_ids:
                ids = segment.annotation_ids
                classes = highlight_styles.get(ids[-1], "")
                if len(ids) > 1:
                    classes += " overlap"
                parts.append(
                    f'<mark class="hl {classes}" data-u16="{segment.start_utf16}" '
                    f'data-annotations="{" ".join(map(str, ids))}">{text}</mark>'
                )
            else:
                parts.append(f'<span data-u16="{segment.start_utf16}">{text}</span>')
        parts.append("</p>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped
