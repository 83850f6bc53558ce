"""Plain-text and Markdown files -> ArticleDraft."""

from __future__ import annotations

import logging
import re

import markdown
from lxml import html as lxml_html

from annotations.importers.base import ArticleDraft, ImportFailure, parse_published
from annotations.importers.cleaning import build_draft

logger = logging.getLogger(__name__)


def draft_from_text(
    raw: str,
    *,
    source: str = "",
    language: str = "",
    title: str = "",
    url: str = "",
    outlet: str = "",
    author: str = "",
    published: object = None,
) -> ArticleDraft:
    """A draft from plain text (a file or the paste form).

    The text is cleaned (scraping junk removed, normalised). Without a `title`, the first
    line is the title when it looks like one, else the whole text is the article and the
    title is derived (`cleaning.split_title`). `language` overrides detection; the other
    fields are the metadata a user typed; `source` (a file name) only labels log
    messages. Raises ImportFailure when there is no article text.
    """
    if not raw.replace("\ufeff", "").strip():
        raise ImportFailure("The file is empty")
    logger.debug("Drafting plain text from %s", source or "text")
    return build_draft(
        text=raw,
        title=title,
        url=url,
        outlet=outlet,
        author=author,
        published=published,
        language=language,
    )


# YAML-style front matter as static site generators and note apps write it; only flat
# "key: value" lines are read, which is all an article header needs.
_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_FRONT_MATTER_LINE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")
_FRONT_MATTER_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "date": "published",
    "published": "published",
    "url": "url",
    "canonical_url": "url",
    "link": "url",
    "outlet": "outlet",
    "source": "outlet",
    "site": "outlet",
    "language": "language",
    "lang": "language",
}
# Block elements that become paragraphs; lists give one paragraph per item.
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "li", "tr", "dt", "dd"})
_CONTAINERS = frozenset({"ul", "ol", "blockquote", "div", "table", "thead", "tbody", "dl"})
_NESTED_BLOCKS = _CONTAINERS | {"p"}
_LINE_BREAK = "\u2028"  # stands for <br> while whitespace is collapsed


def draft_from_markdown(raw: str, *, source: str = "", language: str = "") -> ArticleDraft:
    """A draft from Markdown, reduced to plain text.

    Heading marks, emphasis and code marks go; links keep their text; images are
    dropped. A leading `# Title` (or a `title:` in front matter) is the title, else the
    first line is. Front matter may also give author, date, url, outlet and language
    (an unreadable date is ignored). `language` overrides detection; `source` only
    labels log messages.
    """
    if not raw.replace("\ufeff", "").strip():
        raise ImportFailure("The file is empty")
    logger.debug("Drafting Markdown from %s", source or "text")
    fields, body = _front_matter(raw)
    rendered = markdown.markdown(body, extensions=["tables", "fenced_code", "sane_lists"])
    paragraphs = _html_paragraphs(rendered)
    title = fields.pop("title", "")
    if not title and paragraphs and paragraphs[0][0] == "h1":
        title = paragraphs.pop(0)[1]
    text = "\n\n".join(paragraph for _, paragraph in paragraphs)
    if language:
        fields["language"] = language
    return build_draft(text=text, title=title, **fields)


def _front_matter(raw: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(raw)
    if match is None:
        return {}, raw
    fields = {}
    for line in match.group(1).splitlines():
        pair = _FRONT_MATTER_LINE.fullmatch(line.strip())
        if pair and pair.group(1).lower() in _FRONT_MATTER_KEYS:
            value = pair.group(2).strip().strip("\"'")
            fields.setdefault(_FRONT_MATTER_KEYS[pair.group(1).lower()], value)
    if "published" in fields:
        # Hand-written headers hold dates like "March 3": better no date than no article.
        try:
            parse_published(fields["published"])
        except ImportFailure:
            del fields["published"]
    return fields, raw[match.end() :]


def _html_paragraphs(rendered: str) -> list[tuple[str, str]]:
    """(tag, plain text) of each block of Markdown's HTML output, in order."""
    if not rendered.strip():
        return []
    root = lxml_html.fragment_fromstring(rendered, create_parent="div")
    for element in root.xpath(".//script|.//style|.//img"):
        # Keep the text that follows a removed element.
        element.drop_tree()
    for br in root.iter("br"):
        br.tail = _LINE_BREAK + (br.tail or "")
    paragraphs: list[tuple[str, str]] = []
    _collect(root, paragraphs)
    return paragraphs


def _collect(element, paragraphs: list[tuple[str, str]]) -> None:
    loose = [element.text or ""]  # inline content directly inside a container
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCKS and not any(
            isinstance(inner.tag, str) and inner.tag in _NESTED_BLOCKS for inner in child
        ):
            _flush(loose, paragraphs)
            _add(tag, child.text_content(), paragraphs)
        elif tag in _BLOCKS or tag in _CONTAINERS:
            _flush(loose, paragraphs)
            _collect(child, paragraphs)
        else:
            loose.append(child.text_content() if tag else "")
        loose.append(child.tail or "")
    _flush(loose, paragraphs)


def _flush(loose: list[str], paragraphs: list[tuple[str, str]]) -> None:
    _add("p", "".join(loose), paragraphs)
    loose.clear()


def _add(tag: str, content: str, paragraphs: list[tuple[str, str]]) -> None:
    if tag == "pre":
        text = content.strip("\n")
    else:
        # Markdown's soft line breaks are spaces; explicit <br> breaks are kept.
        text = "\n".join(" ".join(part.split()) for part in content.split(_LINE_BREAK))
    if text.strip():
        paragraphs.append((tag, text.strip()))
