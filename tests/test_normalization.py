"""normalization: names folded for matching."""

import pytest

from annotations.normalization import name_refusal, normalize_name


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Élysée", "elysee"),
        ("ÉLYSÉE", "elysee"),
        ("  Nikolaï   Patrouchev ", "nikolai patrouchev"),
        ("l’Iran", "l'iran"),
        ("Straße", "strasse"),
    ],
)
def test_normalize_name(name, folded):
    assert normalize_name(name) == folded


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        ("Vladimir Putin", False),
        ("Nikolaï\tPatrouchev\n", False),  # whitespace is collapsed when stored
        ("Ali\u200dAkbar", False),  # a joiner some scripts need
        ("Pou\x00tine", True),
        ("Pou\x02tine", True),
        ("Pou\x7ftine", True),
        ("\u202eenituoP", True),
        ("Pou\u2066tine", True),
        ("Pou\ud800", True),
    ],
)
def test_name_refusal(name, refused):
    assert bool(name_refusal(name)) is refused
