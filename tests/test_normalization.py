"""normalization: names folded for matching."""

import pytest

from annotations.normalization import normalize_name


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
