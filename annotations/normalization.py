"""Name folding shared by themes, actors, aliases and outlets, the one check of which
characters a name may hold, and the characters search folds.

Names are compared case- and accent-insensitively on every database, so we store a
folded form and compare that instead of relying on a database collation.
"""

import unicodedata

# Typographic apostrophes and dashes people type interchangeably in names.
_EQUIVALENT_CHARACTERS = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "‐": "-", "–": "-", "—": "-"})


def normalize_name(name: str) -> str:
    """Casefolded, accent-free, whitespace-collapsed form of a name ("Élysée " -> "elysee")."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_EQUIVALENT_CHARACTERS))
    without_marks = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(without_marks.casefold().split())


# Ligatures and compatibility forms search folds on both databases: "oeuvre" finds "œuvre",
# "sanctions" finds "ｓａｎｃｔｉｏｎｓ". PostgreSQL's `unaccent` rules already fold them;
# SQLite's FTS5 tokenizer folds accents only, so its triggers apply this map (generated
# SQL, annotations/db/search.py) and the query applies it too. Letters map to letters and
# punctuation to punctuation, so a word stays one word and FTS5's highlights, which read
# the stored text, still land on the original characters.
SEARCH_FOLDS: dict[str, str] = {
    "œ": "oe",
    "Œ": "OE",
    "æ": "ae",
    "Æ": "AE",
    "ß": "ss",
    "ẞ": "SS",
    "ĳ": "ij",
    "Ĳ": "IJ",
    # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
    **{chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)},
    # Full-width ASCII (！ to ～).
    **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
}
_SEARCH_TABLE = str.maketrans(SEARCH_FOLDS)


def fold_for_search(text: str) -> str:
    """`text` with SEARCH_FOLDS applied ("Straße" -> "Strasse")."""
    return text.translate(_SEARCH_TABLE)


# Characters that have no place in a name: control characters (PostgreSQL refuses NUL in
# text outright), lone surrogates (cannot be encoded), and the bidirectional embeddings,
# overrides and isolates that make a name display as something other than what it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def name_refusal(name: str, *, what: str = "A name") -> str:
    """Why `name` cannot be stored as the name of an actor, spelling, theme, outlet or
    dossier (or, with `what`, as another short text beside a name: a description, an
    identifier), in plain words; "" when it can. Whitespace (tabs, line breaks) is not
    refused: a name's is collapsed into single spaces when it is stored."""
    for char in name:
        if char.isspace():
            continue
        category = unicodedata.category(char)
        if category == "Cc" or char in _BIDI_CONTROLS:
            return f"{what} cannot contain control characters; remove them and try again."
        if category == "Cs":
            return f"{what} cannot contain broken characters; retype it and try again."
    return ""
