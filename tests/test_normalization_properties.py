"""normalization, property-based (hypothesis): folded names are stable and accent-free."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from annotations.normalization import normalize_name
from tests.strategies import PURE, texts


@PURE
@given(st.one_of(texts(max_size=40), st.text(max_size=40)))
def test_normalize_name_is_folded_accent_free_and_idempotent(name):
    folded = normalize_name(name)
    assert folded == " ".join(folded.split())
    assert not any(unicodedata.combining(char) for char in folded)
    assert normalize_name(folded) == folded
    assert normalize_name(unicodedata.normalize("NFD", name)) == folded


@PURE
@given(st.text("abcdeiouyzAEIOUZéèêëàâçîïôùûüÿœæÉÈÊÀÂÇÎÏÔÙÛÜŸŒÆ '’-–", max_size=30))
def test_case_and_accents_never_make_two_names_differ(name):
    plain = "".join(
        char for char in unicodedata.normalize("NFD", name) if not unicodedata.combining(char)
    )
    folded = normalize_name(name)
    assert normalize_name(name.upper()) == normalize_name(name.lower()) == folded
    assert normalize_name(plain) == folded
