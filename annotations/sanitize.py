"""The only module that produces HTML from user input: notes written in Markdown.

The rendered, cleaned HTML is stored next to the source; templates mark only that
field safe. Everything else users type is stored plain and escaped by templates.
"""

import bleach
import markdown

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "i", "li", "ol", "p", "pre",
    "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"]}
ALLOWED_PROTOCOLS = {"http", "https", "mailto"}


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener noreferrer"
    attrs[(None, "target")] = "_blank"
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    filters=[
        lambda source: bleach.linkifier.LinkifyFilter(
            source, callbacks=[_set_link_rel], skip_tags={"pre", "code"}
        )
    ],
)


def render_markdown(source: str) -> str:
    """Markdown to HTML that is safe to insert in a page as is."""
    if not source.strip():
        return ""
    html = markdown.markdown(source, extensions=["sane_lists"], output_format="html")
    return _cleaner.clean(html)
