"""Article text + annotation spans -> paragraphs of segments for the reading view.

Pure: no Django imports. Overlapping, nested and adjacent spans are allowed; a segment
is a maximal run of text covered by the same set of annotations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from annotations.anchoring import utf16_length

_PARAGRAPH_BREAK = re.compile(r"(?:\r?\n){2,}")


@dataclass(frozen=True)
class Span:
    id: int
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    text: str
    start: int
    end: int
    start_utf16: int
    annotation_ids: tuple[int, ...]

    @property
    def is_highlighted(self) -> bool:
        return bool(self.annotation_ids)


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    start_utf16: int
    segments: tuple[Segment, ...]


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph; separators (two or more newlines) excluded."""
    ranges, position = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > position:
            ranges.append((position, match.start()))
        position = match.end()
    if position < len(text):
        ranges.append((position, len(text)))
    return ranges


def render_paragraphs(text: str, spans: Iterable[Span]) -> list[Paragraph]:
    """Cut the text into paragraphs of segments, each knowing which annotations cover it."""
    spans = list(spans)
    for span in spans:
        if not 0 <= span.start < span.end <= len(text):
            raise ValueError(f"span {span.id} ({span.start}, {span.end}) outside the text")
    order = {span.id: (span.start, -span.end, span.id) for span in spans}
    # Every place where the set of covering annotations may change.
    openings: dict[int, list[int]] = {}
    closings: dict[int, list[int]] = {}
    for span in spans:
        openings.setdefault(span.start, []).append(span.id)
        closings.setdefault(span.end, []).append(span.id)
    paragraphs = split_paragraphs(text)
    cuts = sorted(set(openings) | set(closings) | {p for r in paragraphs for p in r})
    active: set[int] = set()
    result: list[Paragraph] = []
    utf16_position, consumed = 0, 0
    cut_index = 0
    for paragraph_start, paragraph_end in paragraphs:
        segments = []
        # Apply every boundary up to the paragraph start (including spans crossing the break).
        while cut_index < len(cuts) and cuts[cut_index] <= paragraph_start:
            point = cuts[cut_index]
            active.difference_update(closings.get(point, ()))
            active.update(openings.get(point, ()))
            cut_index += 1
        utf16_position += utf16_length(text[consumed:paragraph_start])
        consumed = paragraph_start
        paragraph_utf16 = utf16_position
        position = paragraph_start
        while position < paragraph_end:
            next_cut = cuts[cut_index] if cut_index < len(cuts) else paragraph_end
            segment_end = min(next_cut, paragraph_end)
            if segment_end > position:
                piece = text[position:segment_end]
                ids = tuple(sorted(active, key=order.__getitem__))
                segments.append(Segment(piece, position, segment_end, utf16_position, ids))
                utf16_position += utf16_length(piece)
                consumed = segment_end
                position = segment_end
            if cut_index < len(cuts) and cuts[cut_index] == position:
                active.difference_update(closings.get(position, ()))
                active.update(openings.get(position, ()))
                cut_index += 1
        result.append(Paragraph(paragraph_start, paragraph_end, paragraph_utf16, tuple(segments)))
    return result
