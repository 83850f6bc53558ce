"""importers.html, property-based (hypothesis): any bytes decode to text or fail clearly."""

from hypothesis import given

from annotations.importers.base import ImportFailure
from annotations.importers.html import decode_html
from tests.strategies import PURE, RANDOM_BYTES


@PURE
@given(RANDOM_BYTES)
def test_decode_html_returns_text_or_refuses_clearly(data):
    try:
        page = decode_html(b"<html><head><meta charset=utf-8></head><body>" + data)
    except ImportFailure as failure:
        assert str(failure)
        return
    assert isinstance(page, str)
    assert "\ufffd" not in page or "\ufffd".encode() in data or b"\xfd\xff" in data
