"""anchoring, property-based (hypothesis): no crash and no wrong anchor on any Unicode."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from annotations import anchoring
from tests.strategies import ANY_CODE_POINT, PURE, TRICKY, text_and_range, texts, utf16


@PURE
@given(text_and_range())
def test_selector_from_offsets_holds_the_text(case):
    text, start, end = case
    anchor = anchoring.describe(text, start, end)
    assert (anchor.start, anchor.end) == (start, end)
    assert anchor.exact == text[start:end]
    assert text.endswith(anchor.prefix + anchor.exact + anchor.suffix, 0, end + len(anchor.suffix))
    assert anchor.prefix == text[max(0, start - anchoring.CONTEXT_LENGTH) : start]
    assert anchor.suffix == text[end : end + anchoring.CONTEXT_LENGTH]


@PURE
@given(text_and_range())
def test_reanchoring_on_the_same_text_gives_the_same_range(case):
    text, start, end = case
    anchor = anchoring.describe(text, start, end)
    [placed] = anchoring.reanchor_many(text, [anchor])
    assert placed is not None
    assert (placed.start, placed.end) == (start, end)


@st.composite
def edit_outside(draw):
    """A text, a range in it, and an edit (insertion and/or deletion) that spares the range."""
    if draw(st.booleans()):
        text, start, end = draw(text_and_range())
    else:
        # Short quotes near an end of longer text, where context alone decides.
        sized = [draw(st.integers(low, high)) for low, high in ((0, 60), (1, 14), (0, 14))]
        alphabet = draw(st.sampled_from([ANY_CODE_POINT, st.sampled_from(TRICKY + ["b", "é"])]))
        before, quote, after = (
            "".join(draw(st.lists(alphabet, min_size=size, max_size=size))) for size in sized
        )
        text, start, end = before + quote + after, len(before), len(before) + len(quote)
    inserted = draw(st.one_of(texts(max_size=24, surrogates=True), st.text(max_size=4)))
    # Often right next to the quote, where an edit most confuses the context.
    if draw(st.booleans()):
        cut = draw(st.sampled_from([start, max(0, start - 1), start - min(start, 3)]))
        deleted = draw(st.integers(0, min(2, start - cut)))
        moved = start + len(inserted) - deleted
    else:
        cut = draw(st.sampled_from([end, min(len(text), end + 1)]))
        deleted = draw(st.integers(0, min(2, len(text) - cut)))
        moved = start
    if draw(st.booleans()):  # or anywhere outside it
        if draw(st.booleans()):
            cut = draw(st.integers(0, start))
            deleted = draw(st.integers(0, start - cut))
            moved = start + len(inserted) - deleted
        else:
            cut = draw(st.integers(end, len(text)))
            deleted = draw(st.integers(0, len(text) - cut))
            moved = start
    return text, start, end, text[:cut] + inserted + text[cut + deleted :], moved


@PURE
@given(edit_outside())
# Text inserted between a short quote and its prefix used to be swallowed by a fuzzy match.
@example(
    (
        "Un long prefixe de trente-deux caracteres ici: la phrase. Fin ok.",
        47,
        56,
        "Un long prefixe de trente-deux caracteres ici: xxla phrase. Fin ok.",
        49,
    )
)
def test_reanchoring_after_an_edit_elsewhere_is_exact_or_orphaned(case):
    text, start, end, edited, moved = case
    anchor = anchoring.describe(text, start, end)
    assert edited[moved : moved + len(anchor.exact)] == anchor.exact  # the quote survived
    [placed] = anchoring.reanchor_many(edited, [anchor])
    if placed is not None:
        assert edited[placed.start : placed.end] == anchor.exact, placed


@PURE
@given(text_and_range(), st.data())
def test_reanchoring_after_any_edit_places_whole_quotes_or_a_close_fuzzy_match(case, data):
    text, start, end = case
    anchor = anchoring.describe(text, start, end)
    cut = data.draw(st.integers(0, len(text)), label="cut")
    deleted = data.draw(st.integers(0, len(text) - cut), label="deleted")
    edited = text[:cut] + data.draw(texts(max_size=12), label="inserted") + text[cut + deleted :]
    [placed] = anchoring.reanchor_many(edited, [anchor])
    if placed is None:
        return
    assert 0 <= placed.start < placed.end <= len(edited)
    if placed.method in ("position", "quote"):
        assert edited[placed.start : placed.end] == anchor.exact
    else:
        assert placed.method == "fuzzy"
        found = edited[placed.start : placed.end]
        assert found == found.strip() and found != anchor.exact
        # An edited quote: close to the original in length, never padded with whitespace.
        assert 0.5 * len(anchor.exact) <= len(found) <= 1.5 * len(anchor.exact)


@PURE
@given(texts(surrogates=True))
def test_utf16_and_code_point_offsets_round_trip_at_every_offset(text):
    assert anchoring.utf16_length(text) == utf16(text, len(text))
    for offset in range(len(text) + 1):
        units = anchoring.codepoint_to_utf16(text, offset)
        assert units == utf16(text, offset)
        assert anchoring.utf16_to_codepoint(text, units) == offset
    # Offsets inside a surrogate pair or past the end are refused, never rounded.
    for offset, char in enumerate(text):
        if ord(char) > 0xFFFF:
            with pytest.raises(ValueError):
                anchoring.utf16_to_codepoint(text, utf16(text, offset) + 1)
    with pytest.raises(ValueError):
        anchoring.utf16_to_codepoint(text, anchoring.utf16_length(text) + 1)


@PURE
@given(text_and_range())
def test_a_browser_selection_anchors_on_its_own_text(case):
    text, start, end = case
    try:
        anchor = anchoring.selection_to_anchor(
            text, utf16(text, start), utf16(text, end), exact=text[start:end]
        )
    except ValueError as error:
        assert not isinstance(error, anchoring.AnchorMismatch)
        assert not text[start:end].strip()  # only whitespace was selected
        return
    assert start <= anchor.start < anchor.end <= end
    assert anchor.exact == text[anchor.start : anchor.end] == text[start:end].strip()
