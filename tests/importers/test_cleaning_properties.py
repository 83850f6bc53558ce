"""importers.cleaning, property-based (hypothesis): canonical text, lossless decoding."""

import codecs

from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotations.importers.base import ImportFailure
from annotations.importers.cleaning import (
    build_draft,
    clean_text,
    decode_bytes,
    normalize_text,
    strip_controls,
    text_fingerprint,
)
from tests.importers.helpers import assert_canonical, assert_canonical_shape
from tests.strategies import ANY_TEXT, PURE, RANDOM_BYTES, texts


@settings(PURE, max_examples=400)
@given(ANY_TEXT)
@example("e\ufeff\u0301")  # a BOM removed between letter and accent
def test_normalize_text_gives_canonical_text_and_is_idempotent(raw):
    once = normalize_text(raw)
    assert_canonical(once)
    assert normalize_text(once) == once
    # Nothing but spacing, controls and bidi overrides changes: the same words in order.
    assert strip_controls(once) == once
    assert text_fingerprint(once) == text_fingerprint(strip_controls(raw.replace("\ufeff", "")))


@settings(PURE, max_examples=400)
@given(ANY_TEXT)
def test_clean_text_gives_canonical_text(raw):
    cleaned = clean_text(raw)
    assert_canonical(cleaned)
    assert normalize_text(cleaned) == cleaned


@PURE
@given(ANY_TEXT, st.text(max_size=30))
def test_build_draft_gives_a_titled_canonical_article_or_a_clear_failure(raw, title):
    try:
        draft = build_draft(text=raw, title=title, language="fr")
    except ImportFailure as failure:
        assert str(failure)
        return
    # A title taken from the text keeps its non-breaking spaces, like the text does.
    assert draft.title and draft.title == draft.title.strip() and "\n" not in draft.title
    assert_canonical(draft.text)


def _visible(text: str) -> str:
    return "".join(text.split())


@PURE
@given(ANY_TEXT)
@example("Le ministre a parlé hier.\nIl a ajouté : rien.")
@example("Titre court\n\nLe corps.")
def test_no_character_of_the_cleaned_text_is_lost_to_the_title(raw):
    try:
        draft = build_draft(text=raw, language="fr")
    except ImportFailure:
        return
    # Only a first line taken as the title leaves the text, and it is then the title.
    kept = draft.text if draft.title_derived else f"{draft.title}{draft.text}"
    assert _visible(kept) == _visible(clean_text(raw))


@PURE
@given(ANY_TEXT)
def test_a_backup_text_without_title_is_kept_whole(raw):
    try:
        draft = build_draft(text=raw, language="fr", clean=False)
    except ImportFailure:
        return
    assert draft.text == normalize_text(raw) and draft.title_derived


@PURE
@given(texts(max_size=60, surrogates=True))
def test_cleaning_survives_lone_surrogates(raw):
    # They only arrive through JSON escapes; cleaning must not be where an import dies.
    assert_canonical_shape(normalize_text(raw))
    assert_canonical_shape(clean_text(raw))


# How a decoded text may have been written (with its BOM, if any).
_CANDIDATES = [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("utf-32-be", codecs.BOM_UTF32_BE),
    ("cp1252", b""),
    ("latin-1", b""),
]


def _written_as(text: str, data: bytes) -> bool:
    for encoding, bom in _CANDIDATES:
        # A second BOM after the first one is dropped on purpose.
        for variant in (text, "\ufeff" + text):
            try:
                if bom + variant.encode(encoding) == data:
                    return True
            except UnicodeEncodeError:
                continue
    return False


@PURE
@given(RANDOM_BYTES)
def test_decode_bytes_is_lossless_or_refuses_clearly(data):
    try:
        text = decode_bytes(data)
    except ImportFailure as failure:
        assert str(failure)
        return
    assert isinstance(text, str)
    # Strict decoding: the text encodes back to the very bytes, so no silent U+FFFD.
    assert _written_as(text, data)


def test_a_line_made_a_paragraph_loses_its_leading_space():
    cleaned = clean_text(".\r\xa0.")
    assert cleaned == ".\n\n." and normalize_text(cleaned) == cleaned
