"""jinja_environment: the filters the Jinja2 templates use."""

from annotations.jinja_environment import SHORT_QUOTE, shorten


def test_a_long_quote_is_shortened_to_one_length():
    assert shorten("court") == "court"
    long = "mot " * 100
    assert len(shorten(long)) <= SHORT_QUOTE and shorten(long).endswith("mot…")
