"""Name folding shared by themes, actors, aliases and outlets.

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
