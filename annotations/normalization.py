"""Name folding shared by themes, actors, aliases and outlets, and the one check of which
characters a name may hold.

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
