"""Saved or fetched web pages -> ArticleDraft, with trafilatura doing the extraction."""

from __future__ import annotations

import codecs
import logging
import re
from urllib.parse import urljoin, urlsplit

from annotations.importers.base import (
    ArticleDraft,
    ImportFailure,
    human_size,
    language_code,
    parse_published,
)
from annotations.importers.cleaning import build_draft, decode_bytes

logger = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_SNIFF_BYTES = 4096
# The HTML standard reads these labels as windows-1252, and so do browsers.
_WINDOWS_1252_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "ascii"})
# Extraction time grows faster than a page's size (issue #18: 1 MB 2.4 s, 2.6 MB 19.6 s, a
# 10.7 MB page outlasted the worker's timeout; see bench/html_sizes.py). Above the first
# size trafilatura skips its fallback extractors (readability, jusText), which cost the
# most; above the second a page is refused: its text can be imported as a .txt file.
HTML_FULL_EXTRACTION_CHARS = 1_000_000
HTML_MAX_CHARS = 5_000_000
_DATE_PARAMS = {
    "original_date": True,  # publication date, not "last updated"
    # No guessing from dates quoted in the text: a missing date beats a wrong one.
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def decode_html(data: bytes, charset: str = "") -> str:
    """Text of an HTML document: BOM, then `charset` (HTTP header), then <meta charset>.

    Falls back to decode_bytes (strict UTF-8, then cp1252) when the declaration is
    missing, unknown or wrong. Raises ImportFailure for binary content.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)
    if b"\x00" not in data:
        sniffed = _META_CHARSET.search(data[:_SNIFF_BYTES])
        for label in (charset, sniffed.group(1).decode("ascii") if sniffed else ""):
            encoding = _encoding(label)
            if encoding:
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError:
                    logger.debug("Page declared %s but is not valid in it", label)
    return decode_bytes(data)


def _encoding(label: str) -> str:
    label = label.strip().lower()
    if not label:
        return ""
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ""
    # A UTF-16 declaration without a BOM is a lie (the bytes were ASCII-compatible).
    return "" if name.startswith(("utf-16", "utf-32")) else name


def draft_from_html(
    html: str | bytes,
    *,
    url: str = "",
    language: str = "",
    full_extraction_chars: int = HTML_FULL_EXTRACTION_CHARS,
    max_chars: int = HTML_MAX_CHARS,
) -> ArticleDraft:
    """A draft from a web page: main text and metadata extracted by trafilatura.

    Title, author, publication date, site name (as outlet), language and canonical URL
    come from the page's metadata when it has them; `url` is where the page came from
    (used to resolve a relative canonical link, and as the URL when there is none).
    Paragraph breaks are kept and scraping junk is removed. `language` overrides
    detection. Pages over `full_extraction_chars` get trafilatura's fast extraction;
    pages over `max_chars` are refused. Raises ImportFailure when no article text can
    be found.
    """
    # Imported here: trafilatura takes a quarter of a second to import, which every
    # management command would otherwise pay.
    import trafilatura

    if len(html) > max_chars * 4:
        # Not even decoded: no encoding takes more than four bytes a character.
        raise ImportFailure(_too_large(len(html), max_chars))
    page = decode_html(html) if isinstance(html, bytes) else html
    if not page.strip():
        raise ImportFailure("The page is empty")
    if len(page) > max_chars:
        raise ImportFailure(_too_large(len(page), max_chars))
    try:
        tree = trafilatura.load_html(page)
        document = None
        if tree is not None:
            document = trafilatura.bare_extraction(
                tree,
                fast=len(page) > full_extraction_chars,
                url=url or None,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                include_images=False,
                include_links=False,
                date_extraction_params=dict(_DATE_PARAMS),
            )
    except Exception:
        # trafilatura and lxml raise assorted errors on hostile markup; one bad page must
        # not stop a batch, and the user needs a reason rather than a traceback.
        logger.exception("trafilatura failed on %s", url or "a page")
        raise ImportFailure("This page could not be read as HTML") from None
    text = _body_text(document.body) if document is not None else ""
    if not text.strip():
        raise ImportFailure("No article text found in the page")
    return build_draft(
        text=text,
        title=document.title or "",
        url=_canonical_url(document.url, url),
        outlet=document.sitename or "",
        author=document.author or "",
        published=_published(document.date),
        language=language,
        fallback_language=_declared_language(tree),
    )


def _too_large(size: int, max_chars: int) -> str:
    return (
        f"This page is too large to extract an article from ({human_size(size)}; at most "
        f"{human_size(max_chars)}). Save its text as a .txt file and import that."
    )


# Elements of trafilatura's output tree that hold paragraphs, or blocks of them; anything
# else (hi, ref, del, cell...) is inline.
_BLOCK_ELEMENTS = frozenset(
    {"body", "div", "p", "head", "list", "item", "quote", "code", "table", "ab", "lg", "l"}
)


def _body_text(body) -> str:
    """Plain text of trafilatura's output tree, one paragraph per block element.

    Its own text rendering marks tables, lists and headings up as Markdown; article text
    wants none of that. Table rows become cells joined by " | ".
    """
    if body is None:
        return ""
    for line_break in body.iter("lb"):
        line_break.tail = "\n" + (line_break.tail or "")
    paragraphs: list[str] = []
    _collect_blocks(body, paragraphs)
    return "\n\n".join(paragraphs)


def _collect_blocks(element, paragraphs: list[str]) -> None:
    inline = [element.text or ""]
    for child in element:
        if child.tag == "row":
            _flush(inline, paragraphs)
            cells = (" ".join("".join(cell.itertext()).split()) for cell in child)
            paragraphs.append(" | ".join(cell for cell in cells if cell))
        elif child.tag in _BLOCK_ELEMENTS:
            _flush(inline, paragraphs)
            _collect_blocks(child, paragraphs)
        else:
            inline.append("".join(child.itertext()))
        inline.append(child.tail or "")
    _flush(inline, paragraphs)


def _flush(inline: list[str], paragraphs: list[str]) -> None:
    text = "".join(inline).strip()
    if text:
        paragraphs.append(text)
    inline.clear()


def _canonical_url(found: str | None, given: str) -> str:
    if found:
        resolved = urljoin(given, found.strip()) if given else found.strip()
        if urlsplit(resolved).scheme in ("http", "https") and urlsplit(resolved).netloc:
            return resolved
    return given


def _published(value: str | None):
    # A page's metadata is not ours to reject: an unreadable date just goes missing.
    try:
        return parse_published(value)
    except ImportFailure:
        return None


def _declared_language(tree) -> str:
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath(
        "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')="
        "'content-language']/@content|//meta[@property='og:locale']/@content"
    )
    for candidate in candidates:
        code = language_code(candidate)
        if code:
            return code
    return ""
