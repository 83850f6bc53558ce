"""rendering, property-based (hypothesis): the text kept, each highlight covered exactly."""

from hypothesis import given
from hypothesis import strategies as st

from annotations.rendering import Span, render_paragraphs, split_paragraphs
from tests.strategies import PURE, texts, utf16


@st.composite
def text_and_spans(draw):
    text = draw(texts(max_size=60, surrogates=True))
    spans = []
    if text:
        for pk in range(draw(st.integers(0, 8))):
            start = draw(st.integers(0, len(text) - 1))
            spans.append(Span(pk, start, draw(st.integers(start + 1, len(text)))))
        # Identical ranges under different ids must render too.
        if spans and draw(st.booleans()):
            spans.append(Span(len(spans), spans[0].start, spans[0].end))
    return text, draw(st.permutations(spans))


@PURE
@given(text_and_spans())
def test_rendering_keeps_the_text_and_covers_each_annotation_exactly(case):
    text, spans = case
    paragraphs = render_paragraphs(text, spans)
    ranges = split_paragraphs(text)
    assert [(p.start, p.end) for p in paragraphs] == ranges
    # Paragraphs are separated only by paragraph breaks: gluing the pieces back together
    # with the separators gives the text.
    position, rebuilt = 0, []
    for paragraph in paragraphs:
        separator = text[position : paragraph.start]
        assert separator.replace("\r\n", "\n") == "\n" * separator.replace("\r\n", "\n").count("\n")
        assert position == 0 or separator.replace("\r\n", "\n").count("\n") >= 2
        rebuilt.append(separator)
        assert paragraph.segments, "an empty paragraph"
        assert paragraph.start_utf16 == utf16(text, paragraph.start)
        previous_end = paragraph.start
        for segment in paragraph.segments:
            assert segment.start == previous_end < segment.end
            assert segment.text == text[segment.start : segment.end]
            assert segment.start_utf16 == utf16(text, segment.start)
            rebuilt.append(segment.text)
            previous_end = segment.end
        assert previous_end == paragraph.end
        position = paragraph.end
    rebuilt.append(text[position:])
    assert "".join(rebuilt) == text
    trailing = text[position:].replace("\r\n", "\n")
    assert trailing == "\n" * trailing.count("\n")
    # Each annotation covers exactly its own characters (outside paragraph breaks).
    in_paragraph = {i for start, end in ranges for i in range(start, end)}
    for span in spans:
        covered = {
            i
            for paragraph in paragraphs
            for segment in paragraph.segments
            if span.id in segment.annotation_ids
            for i in range(segment.start, segment.end)
        }
        assert covered == set(range(span.start, span.end)) & in_paragraph
