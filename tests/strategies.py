"""Hypothesis strategies shared by the property tests (tests/**/test_*_properties.py):
Unicode that breaks naive code, ranges in it, random bytes; and their settings."""

import codecs

from hypothesis import settings
from hypothesis import strategies as st

# Pure functions are cheap: many examples. No example database: nothing left behind.
PURE = settings(max_examples=200, database=None, deadline=None)


# Characters that break naive code: astral (two UTF-16 units), combining marks, decomposed
# accents, every kind of line end, odd and non-breaking spaces, BOM, French quotes.
TRICKY = [
    "a",
    "é",
    "e\u0301",
    "\u0301",
    "\u0327",
    "😀",
    "𝔘",
    "👩\u200d💻",
    "\r",
    "\n",
    "\r\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u202f",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b",
    "\x0c",
    "\ufeff",
    "«",
    "»",
    "’",
    "\u1100",
    "\u1161",
]


LONE_SURROGATES = ["\ud800", "\udfff", "\ud83d"]  # "\ud83d" is half of an emoji


COMPOSING = "eaAc\u0301\u0327\u030a\u1100\u1161\u11a8 \n\r\t\u00a0\u2028\ufeff\u200b"


# Text decoded from bytes never holds lone surrogates; JSON escapes can smuggle them in,
# and the pure modules (anchoring, rendering) must cope with them too.
ANY_CHAR = st.characters(codec="utf-8", exclude_characters="\x00")


ANY_CODE_POINT = st.characters(exclude_characters="\x00")


def texts(
    *, min_size: int = 0, max_size: int = 80, surrogates: bool = False
) -> st.SearchStrategy[str]:
    """NUL-free Unicode: arbitrary code points, tricky pieces, or a tiny alphabet (repeats)."""
    char = ANY_CODE_POINT if surrogates else ANY_CHAR
    pieces = TRICKY + LONE_SURROGATES if surrogates else TRICKY
    return st.one_of(
        st.text(char, min_size=min_size, max_size=max_size),
        st.lists(st.sampled_from(pieces), min_size=min_size, max_size=max_size // 2).map("".join),
        st.text("ab é😀\n", min_size=min_size, max_size=max_size),
        # Letters and marks that compose, with invisible or removable characters between.
        st.text(COMPOSING, min_size=min_size, max_size=max_size // 4),
        st.lists(
            st.one_of(st.sampled_from(pieces), st.text(char, max_size=4)),
            min_size=min_size,
            max_size=max_size // 3,
        ).map("".join),
    ).filter(lambda value: len(value) >= min_size)


@st.composite
def text_and_range(draw, *, min_size: int = 1):
    text = draw(texts(min_size=min_size, surrogates=True))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


def utf16(text: str, offset: int) -> int:
    """The browser's count: UTF-16 code units (a lone surrogate is one unit)."""
    return len(text[:offset].encode("utf-16-le", "surrogatepass")) // 2


ANY_TEXT = st.one_of(
    texts(max_size=200),
    st.text(COMPOSING, max_size=30),
    st.text("e\u0301\u0316\u1100\u1161\ufeff\r\n ", max_size=12),
    st.text(max_size=200),  # NUL and all
    st.lists(
        st.one_of(
            st.sampled_from(TRICKY),
            st.sampled_from(["Publicité", "Advertisement", "Partager", "Lire aussi :", "---"]),
            st.text(ANY_CHAR, max_size=12),
        ),
        max_size=40,
    ).map("".join),
)


def _encodings_of(text: str) -> st.SearchStrategy[bytes]:
    return st.sampled_from(
        [
            text.encode("utf-8"),
            codecs.BOM_UTF8 + text.encode("utf-8"),
            codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
            codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
            codecs.BOM_UTF32_LE + text.encode("utf-32-le"),
            text.encode("cp1252", "ignore"),
            text.encode("latin-1", "ignore"),
        ]
    )


RANDOM_BYTES = st.one_of(
    st.binary(max_size=600),
    ANY_TEXT.flatmap(_encodings_of),
    # Mostly text with some damage: the common real-world case.
    st.tuples(ANY_TEXT.map(lambda t: t.encode("utf-8")), st.binary(max_size=6)).map(
        lambda parts: parts[0][: len(parts[0]) // 2] + parts[1] + parts[0][len(parts[0]) // 2 :]
    ),
)
