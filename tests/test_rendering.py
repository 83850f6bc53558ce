"""rendering: the reading view's segmentation (overlaps, paragraphs, UTF-16 offsets)."""

import random

import pytest

from annotations.rendering import Span, render_paragraphs, split_paragraphs

TEXT = "Le ministre a parlé.\n\n« Nous coopérerons » avec 😀 Téhéran.\n\nFin de l’article."


def utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def segments(text, spans):
    return [
        (segment.text, segment.annotation_ids)
        for paragraph in render_paragraphs(text, spans)
        for segment in paragraph.segments
    ]


def test_paragraphs_split_on_blank_lines_of_any_length():
    text = "Un.\n\nDeux\nsuite.\n\n\n\nTrois.\r\n\r\nQuatre."
    assert [text[a:b] for a, b in split_paragraphs(text)] == [
        "Un.",
        "Deux\nsuite.",
        "Trois.",
        "Quatre.",
    ]
    assert split_paragraphs("") == []


def test_no_spans_gives_plain_paragraphs():
    paragraphs = render_paragraphs(TEXT, [])
    assert [p.segments[0].text for p in paragraphs] == TEXT.split("\n\n")
    assert not any(s.is_highlighted for p in paragraphs for s in p.segments)


def test_overlapping_nested_identical_and_adjacent_spans():
    text = "abcdefghij"
    spans = [Span(1, 0, 6), Span(2, 3, 9), Span(3, 4, 5), Span(4, 4, 5), Span(5, 9, 10)]
    assert segments(text, spans) == [
        ("abc", (1,)),
        ("d", (1, 2)),
        ("e", (1, 2, 3, 4)),
        ("f", (1, 2)),
        ("ghi", (2,)),
        ("j", (5,)),
    ]


def test_a_span_crossing_paragraph_breaks_never_covers_the_break():
    start = TEXT.index("parlé")
    end = TEXT.index("Fin") + 3
    result = segments(TEXT, [Span(7, start, end)])
    assert ("parlé.", (7,)) in result
    assert (TEXT.split("\n\n")[1], (7,)) in result
    assert ("Fin", (7,)) in result
    assert all("\n\n" not in text for text, _ in result)


def test_utf16_offsets_after_emoji_and_astral_characters():
    start = TEXT.index("Téhéran")
    for paragraph in render_paragraphs(TEXT, [Span(1, start, start + 7)]):
        assert paragraph.start_utf16 == utf16(TEXT, paragraph.start)
        for segment in paragraph.segments:
            assert segment.start_utf16 == utf16(TEXT, segment.start)


def test_invalid_spans_are_refused():
    with pytest.raises(ValueError):
        render_paragraphs("abc", [Span(1, 2, 2)])
    with pytest.raises(ValueError):
        render_paragraphs("abc", [Span(1, 1, 9)])
    with pytest.raises(ValueError):
        render_paragraphs("", [Span(1, 0, 1)])


def test_random_texts_and_spans_keep_every_invariant():
    rng = random.Random(2026)
    alphabet = ["a", "é", "e\u0301", " ", "😀", "𝔘", "\n", "\n\n", "«", "»", "’"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))).strip() or "x"
        spans = []
        for pk in range(rng.randint(0, 6)):
            start = rng.randrange(0, len(text))
            spans.append(Span(pk, start, rng.randint(start + 1, len(text))))
        paragraphs = render_paragraphs(text, spans)
        for paragraph in paragraphs:
            assert (
                "".join(s.text for s in paragraph.segments) == text[paragraph.start : paragraph.end]
            )
            for left, right in zip(paragraph.segments, paragraph.segments[1:], strict=False):
                assert left.end == right.start
                assert set(left.annotation_ids) != set(right.annotation_ids)
            for segment in paragraph.segments:
                assert segment.text == text[segment.start : segment.end]
                assert segment.start_utf16 == utf16(text, segment.start)
                covering = {
                    s.id for s in spans if s.start <= segment.start and segment.end <= s.end
                }
                assert set(segment.annotation_ids) == covering
