"""importers.base: published dates and language codes as the importers read them."""

import datetime as dt

import pytest

from annotations.importers.base import ImportFailure, language_code, parse_published


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
