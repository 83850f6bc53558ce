"""Pure text anchoring: selectors from offsets, UTF-16 <-> code points, re-anchoring.

Offsets are Python ``str`` indices (code points) into ``Article.text``; the browser
counts UTF-16 code units. Every conversion between the two happens here.
No Django imports: this module is pure and tested on its own.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass


def utf16_length(text: str) -> int:
    """Number of UTF-16 code units needed to encode ``text``."""
    # The codec counts in C; a Python loop over characters is ~20x slower on long texts.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def codepoint_to_utf16(text: str, offset: int) -> int:
    """UTF-16 offset of the code point offset ``offset`` in ``text``."""
    if not 0 <= offset <= len(text):
        raise ValueError(f"offset {offset} outside 0..{len(text)}")
    return utf16_length(text[:offset])


def utf16_to_codepoint(text: str, offset_utf16: int) -> int:
    """Code point offset of the UTF-16 offset ``offset_utf16`` in ``text``.

    An offset that falls between the two halves of a surrogate pair is refused:
    it cannot come from a real browser selection of whole characters.
    """
    if offset_utf16 < 0:
        raise ValueError(f"negative UTF-16 offset {offset_utf16}")
    units = 0
    for index, char in enumerate(text):
        if units == offset_utf16:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
        if units > offset_utf16:
            raise ValueError(f"UTF-16 offset {offset_utf16} splits a surrogate pair")
    if units == offset_utf16:
        return len(text)
    raise ValueError(f"UTF-16 offset {offset_utf16} beyond the text ({units} units)")


# --- Selectors -----------------------------------------------------------------------------

CONTEXT_LENGTH = 32


@dataclass(frozen=True)
class Anchor:
    """A located annotation: TextPositionSelector plus TextQuoteSelector."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class AnchorMismatch(ValueError):
    """The browser's selected text is not the text at the offsets it sent."""


def describe(text: str, start: int, end: int, *, context: int = CONTEXT_LENGTH) -> Anchor:
    """Selectors for `text[start:end]` with up to `context` code points on each side."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"range ({start}, {end}) is not inside 0..{len(text)}")
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink the range so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise ValueError("only whitespace is selected")
    return start, end


def _collapse(value: str) -> str:
    return " ".join(value.split())


def selection_to_anchor(
    text: str, start_utf16: int, end_utf16: int, exact: str | None = None
) -> Anchor:
    """Anchor for a browser selection given in UTF-16 offsets, trimmed of edge whitespace.

    When `exact` (the browser's own copy of the selection) is given it must match the
    text at those offsets; whitespace runs are compared collapsed because browsers render
    paragraph breaks as one or two newlines.
    """
    start = utf16_to_codepoint(text, start_utf16)
    end = utf16_to_codepoint(text, end_utf16)
    if end <= start:
        raise ValueError("the selection is empty")
    start, end = trim_whitespace(text, start, end)
    anchor = describe(text, start, end)
    if exact is not None and _collapse(exact) != _collapse(anchor.exact):
        raise AnchorMismatch(
            "The selected text does not match the article at that place; "
            "reload the page and select again."
        )
    return anchor


# --- Re-anchoring after the text changed ---------------------------------------------------


@dataclass(frozen=True)
class Reanchored:
    start: int
    end: int
    method: str  # "position", "quote" or "fuzzy"


# Below this context agreement (0..1) a lone exact occurrence of a short quote is not trusted.
_MIN_CONTEXT = 0.25
_DISTINCTIVE_LENGTH = 10
# Two candidates whose context agreement differs by less than this are indistinguishable.
_AMBIGUITY_MARGIN = 0.1
_FUZZY_THRESHOLD = 0.8


def _common_suffix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _context_agreement(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How much of the stored prefix and suffix surround text[start:end] (0..1)."""
    if not prefix and not suffix:
        return 1.0
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    matched = _common_suffix(before, prefix) + _common_prefix(after, suffix)
    return matched / (len(prefix) + len(suffix))


def _occurrences(text: str, exact: str) -> list[int]:
    found, position = [], text.find(exact)
    while position != -1:
        found.append(position)
        position = text.find(exact, position + 1)
    return found


def _fuzzy(text: str, exact: str, prefix: str, suffix: str) -> Reanchored | None:
    """Locate an edited quote between its unchanged context (each found exactly once)."""
    if len(prefix) < 8 and len(suffix) < 8:
        return None
    prefix_hits = _occurrences(text, prefix) if len(prefix) >= 8 else []
    suffix_hits = _occurrences(text, suffix) if len(suffix) >= 8 else []
    candidates = []
    if len(prefix_hits) == 1 and len(suffix_hits) == 1:
        candidates.append((prefix_hits[0] + len(prefix), suffix_hits[0]))
    elif len(prefix_hits) == 1 and not suffix:
        candidates.append((prefix_hits[0] + len(prefix), prefix_hits[0] + len(prefix) + len(exact)))
    elif len(suffix_hits) == 1 and not prefix:
        candidates.append((suffix_hits[0] - len(exact), suffix_hits[0]))
    for start, end in candidates:
        if not 0 <= start < end <= len(text):
            continue
        if not 0.5 * len(exact) <= end - start <= 1.5 * len(exact):
            continue
        if difflib.SequenceMatcher(None, text[start:end], exact, autojunk=False).ratio() < (
            _FUZZY_THRESHOLD
        ):
            continue
        try:
            start, end = trim_whitespace(text, start, end)
        except ValueError:
            continue
        return Reanchored(start, end, "fuzzy")
    return None


def reanchor(
    text: str, *, start: int, end: int, exact: str, prefix: str = "", suffix: str = ""
) -> Reanchored | None:
    """Place an annotation in a (possibly edited) text, or None (orphaned) when unsure.

    1. the exact quote still at its offsets, with context at least as good as anywhere else;
    2. else the occurrence of the quote whose surrounding text best matches the stored
       prefix and suffix, when it is clearly better than any other occurrence;
    3. else an approximate match of an edited quote held between its unchanged context.
    """
    if not exact:
        return None
    occurrences = _occurrences(text, exact)
    if occurrences:
        scored = sorted(
            (
                (_context_agreement(text, i, i + len(exact), prefix, suffix), -abs(i - start), i)
                for i in occurrences
            ),
            reverse=True,
        )
        best_context = scored[0][0]
        if start in occurrences and (
            _context_agreement(text, start, end, prefix, suffix) >= best_context
        ):
            return Reanchored(start, start + len(exact), "position")
        runner_up = scored[1][0] if len(scored) > 1 else None
        unambiguous = runner_up is None or best_context - runner_up >= _AMBIGUITY_MARGIN
        trusted = best_context >= _MIN_CONTEXT or (
            len(occurrences) == 1 and len(exact) >= _DISTINCTIVE_LENGTH
        )
        if unambiguous and trusted:
            found = scored[0][2]
            return Reanchored(found, found + len(exact), "quote")
        if len(occurrences) > 1:
            return None
    placed = _fuzzy(text, exact, prefix, suffix)
    if placed is not None and occurrences:
        # The quote is still there whole, inside the span held by its context: text
        # inserted next to it is not part of it.
        found = occurrences[0]
        if placed.start <= found and found + len(exact) <= placed.end:
            return Reanchored(found, found + len(exact), "quote")
    return placed


def reanchor_many(text: str, anchors: Iterable[Anchor]) -> list[Reanchored | None]:
    """`reanchor` for every annotation of one text, in order."""
    return [
        reanchor(
            text,
            start=anchor.start,
            end=anchor.end,
            exact=anchor.exact,
            prefix=anchor.prefix,
            suffix=anchor.suffix,
        )
        for anchor in anchors
    ]


# --- Context for reviewers -----------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…](?:[ \u00a0\u202f]?[»”\"])?\s|\n")


def sentence_context(text: str, start: int, end: int, *, limit: int = 300) -> tuple[str, str]:
    """The rest of the sentences around text[start:end]: (before, after), each at most
    `limit` code points, cut at a sentence end or a line break where there is one."""
    window_start = max(0, start - limit)
    before = text[window_start:start]
    boundaries = list(_SENTENCE_END.finditer(before))
    if boundaries:
        before = before[boundaries[-1].end() :]
    after = text[end : end + limit]
    boundary = _SENTENCE_END.search(after)
    if boundary:
        after = after[: boundary.end()].rstrip()
    return before.lstrip(), after.rstrip()
