"""importers.base: published dates and language codes as the importers read them."""

import datetime as dt

import pytest

from annotations.importers.base import (
    ImportFailure,
    checked_language,
    language_code,
    parse_published,
)


def test_parse_published():
    assert parse_published("2024-03-14") == dt.datetime(2024, 3, 14, tzinfo=dt.UTC)
    assert parse_published("2024-03-14T08:30:00Z") == dt.datetime(2024, 3, 14, 8, 30, tzinfo=dt.UTC)
    with_offset = parse_published("2024-03-14T08:30:00+0100")
    assert with_offset.utcoffset() == dt.timedelta(hours=1)
    assert parse_published("2024-03-14 08:30").tzinfo == dt.UTC
    assert parse_published("") is None and parse_published(None) is None
    with pytest.raises(ImportFailure, match="Unreadable published date"):
        parse_published("14/03/2024")


@pytest.mark.parametrize(
    ("tag", "code"), [("fr", "fr"), ("fr-FR", "fr"), ("EN_gb", "en"), ("French", ""), ("", "")]
)
def test_language_code(tag, code):
    assert language_code(tag) == code


@pytest.mark.parametrize(
    ("given", "code"), [("fr", "fr"), (" EN ", "en"), ("pt_BR", "pt"), ("", "")]
)
def test_checked_language_gives_the_two_letter_code(given, code):
    assert checked_language(given) == code


@pytest.mark.parametrize("given", ["abcdefghijkl", "xx", "fra", "=2+5+cmd|", "f", "français"])
def test_checked_language_refuses_anything_else_saying_what_is_expected(given):
    with pytest.raises(ImportFailure, match="give a two-letter ISO 639-1 code such as fr"):
        checked_language(given)


def test_a_page_declared_language_that_is_no_code_is_ignored():
    assert language_code("xx-YY") == language_code("klingon") == ""
