"""Property-based tests (hypothesis): anchoring, rendering and cleaning on random Unicode,
import of random bytes. No crash, no wrong anchor, no lost article."""

import codecs
import json
import unicodedata

import pytest
from django.core.files.storage import InMemoryStorage
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotations import anchoring
from annotations.importers.base import ImportFailure
from annotations.importers.cleaning import (
    build_draft,
    clean_text,
    decode_bytes,
    normalize_text,
    text_fingerprint,
)
from annotations.importers.html import decode_html
from annotations.intake import items_from_upload
from annotations.models import Article
from annotations.normalization import normalize_name
from annotations.rendering import Span, render_paragraphs, split_paragraphs
from annotations.services import imports

# Pure functions are cheap: many examples. No example database: nothing left behind.
PURE = settings(max_examples=200, database=None, deadline=None)

# --- Strategies --------------------------------------------------------------------------------

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
_ANY_CHAR = st.characters(codec="utf-8", exclude_characters="\x00")
_ANY_CODE_POINT = st.characters(exclude_characters="\x00")


def texts(
    *, min_size: int = 0, max_size: int = 80, surrogates: bool = False
) -> st.SearchStrategy[str]:
    """NUL-free Unicode: arbitrary code points, tricky pieces, or a tiny alphabet (repeats)."""
    char = _ANY_CODE_POINT if surrogates else _ANY_CHAR
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


# --- Anchoring ---------------------------------------------------------------------------------


@PURE
@given(text_and_range())
def test_selector_from_offsets_holds_the_text(case):
    text, start, end = case
    anchor = anchoring.describe(text, start, end)
    assert (anchor.start, anchor.end) == (start, end)
    assert anchor.exact == text[start:end]
    assert text.endswith(anchor.prefix + anchor.exact + anchor.suffix, 0, end + len(anchor.suffix))
    assert anchor.prefix == text[max(0, start - anchoring.CONTEXT_LENGTH) : start]
    assert anchor.suffix == text[end : end + anchoring.CONTEXT_LENGTH]


@PURE
@given(text_and_range())
def test_reanchoring_on_the_same_text_gives_the_same_range(case):
    text, start, end = case
    anchor = anchoring.describe(text, start, end)
    [placed] = anchoring.reanchor_many(text, [anchor])
    assert placed is not None
    assert (placed.start, placed.end) == (start, end)


@st.composite
def edit_outside(draw):
    """A text, a range in it, and an edit (insertion and/or deletion) that spares the range."""
    if draw(st.booleans()):
        text, start, end = draw(text_and_range())
    else:
        # Short quotes near an end of longer text, where context alone decides.
        sized = [draw(st.integers(low, high)) for low, high in ((0, 60), (1, 14), (0, 14))]
        alphabet = draw(st.sampled_from([_ANY_CODE_POINT, st.sampled_from(TRICKY + ["b", "é"])]))
        before, quote, after = (
            "".join(draw(st.lists(alphabet, min_size=size, max_size=size))) for size in sized
        )
        text, start, end = before + quote + after, len(before), len(before) + len(quote)
    inserted = draw(st.one_of(texts(max_size=24, surrogates=True), st.text(max_size=4)))
    # Often right next to the quote, where an edit most confuses the context.
    if draw(st.booleans()):
        cut = draw(st.sampled_from([start, max(0, start - 1), start - min(start, 3)]))
        deleted = draw(st.integers(0, min(2, start - cut)))
        moved = start + len(inserted) - deleted
    else:
        cut = draw(st.sampled_from([end, min(len(text), end + 1)]))
        deleted = draw(st.integers(0, min(2, len(text) - cut)))
        moved = start
    if draw(st.booleans()):  # or anywhere outside it
        if draw(st.booleans()):
            cut = draw(st.integers(0, start))
            deleted = draw(st.integers(0, start - cut))
            moved = start + len(inserted) - deleted
        else:
            cut = draw(st.integers(end, len(text)))
            deleted = draw(st.integers(0, len(text) - cut))
            moved = start
    return text, start, end, text[:cut] + inserted + text[cut + deleted :], moved


@PURE
@given(edit_outside())
# Text inserted between a short quote and its prefix used to be swallowed by a fuzzy match.
@example(
    (
        "Un long prefixe de trente-deux caracteres ici: la phrase. Fin ok.",
        47,
        56,
        "Un long prefixe de trente-deux caracteres ici: xxla phrase. Fin ok.",
        49,
    )
)
def test_reanchoring_after_an_edit_elsewhere_is_exact_or_orphaned(case):
    text, start, end, edited, moved = case
    anchor = anchoring.describe(text, start, end)
    assert edited[moved : moved + len(anchor.exact)] == anchor.exact  # the quote survived
    [placed] = anchoring.reanchor_many(edited, [anchor])
    if placed is not None:
        assert edited[placed.start : placed.end] == anchor.exact, placed


@PURE
@given(text_and_range(), st.data())
def test_reanchoring_after_any_edit_places_whole_quotes_or_a_close_fuzzy_match(case, data):
    text, start, end = case
    anchor = anchoring.describe(text, start, end)
    cut = data.draw(st.integers(0, len(text)), label="cut")
    deleted = data.draw(st.integers(0, len(text) - cut), label="deleted")
    edited = text[:cut] + data.draw(texts(max_size=12), label="inserted") + text[cut + deleted :]
    [placed] = anchoring.reanchor_many(edited, [anchor])
    if placed is None:
        return
    assert 0 <= placed.start < placed.end <= len(edited)
    if placed.method in ("position", "quote"):
        assert edited[placed.start : placed.end] == anchor.exact
    else:
        assert placed.method == "fuzzy"
        found = edited[placed.start : placed.end]
        assert found == found.strip() and found != anchor.exact
        # An edited quote: close to the original in length, never padded with whitespace.
        assert 0.5 * len(anchor.exact) <= len(found) <= 1.5 * len(anchor.exact)


@PURE
@given(texts(surrogates=True))
def test_utf16_and_code_point_offsets_round_trip_at_every_offset(text):
    assert anchoring.utf16_length(text) == utf16(text, len(text))
    for offset in range(len(text) + 1):
        units = anchoring.codepoint_to_utf16(text, offset)
        assert units == utf16(text, offset)
        assert anchoring.utf16_to_codepoint(text, units) == offset
    # Offsets inside a surrogate pair or past the end are refused, never rounded.
    for offset, char in enumerate(text):
        if ord(char) > 0xFFFF:
            with pytest.raises(ValueError):
                anchoring.utf16_to_codepoint(text, utf16(text, offset) + 1)
    with pytest.raises(ValueError):
        anchoring.utf16_to_codepoint(text, anchoring.utf16_length(text) + 1)


@PURE
@given(text_and_range())
def test_a_browser_selection_anchors_on_its_own_text(case):
    text, start, end = case
    try:
        anchor = anchoring.selection_to_anchor(
            text, utf16(text, start), utf16(text, end), exact=text[start:end]
        )
    except ValueError as error:
        assert not isinstance(error, anchoring.AnchorMismatch)
        assert not text[start:end].strip()  # only whitespace was selected
        return
    assert start <= anchor.start < anchor.end <= end
    assert anchor.exact == text[anchor.start : anchor.end] == text[start:end].strip()


# --- Rendering ---------------------------------------------------------------------------------


@st.composite
def text_and_spans(draw):
    text = draw(texts(max_size=60, surrogates=True))
    spans = []
    if text:
        for pk in range(draw(st.integers(0, 8))):
            start = draw(st.integers(0, len(text) - 1))
            spans.append(Span(pk, start, draw(st.integers(start + 1, len(text)))))
        # Identical ranges under different ids must render too.
        if spans and draw(st.booleans()):
            spans.append(Span(len(spans), spans[0].start, spans[0].end))
    return text, draw(st.permutations(spans))


@PURE
@given(text_and_spans())
def test_rendering_keeps_the_text_and_covers_each_annotation_exactly(case):
    text, spans = case
    paragraphs = render_paragraphs(text, spans)
    ranges = split_paragraphs(text)
    assert [(p.start, p.end) for p in paragraphs] == ranges
    # Paragraphs are separated only by paragraph breaks: gluing the pieces back together
    # with the separators gives the text.
    position, rebuilt = 0, []
    for paragraph in paragraphs:
        separator = text[position : paragraph.start]
        assert separator.replace("\r\n", "\n") == "\n" * separator.replace("\r\n", "\n").count("\n")
        assert position == 0 or separator.replace("\r\n", "\n").count("\n") >= 2
        rebuilt.append(separator)
        assert paragraph.segments, "an empty paragraph"
        assert paragraph.start_utf16 == utf16(text, paragraph.start)
        previous_end = paragraph.start
        for segment in paragraph.segments:
            assert segment.start == previous_end < segment.end
            assert segment.text == text[segment.start : segment.end]
            assert segment.start_utf16 == utf16(text, segment.start)
            rebuilt.append(segment.text)
            previous_end = segment.end
        assert previous_end == paragraph.end
        position = paragraph.end
    rebuilt.append(text[position:])
    assert "".join(rebuilt) == text
    trailing = text[position:].replace("\r\n", "\n")
    assert trailing == "\n" * trailing.count("\n")
    # Each annotation covers exactly its own characters (outside paragraph breaks).
    in_paragraph = {i for start, end in ranges for i in range(start, end)}
    for span in spans:
        covered = {
            i
            for paragraph in paragraphs
            for segment in paragraph.segments
            if span.id in segment.annotation_ids
            for i in range(segment.start, segment.end)
        }
        assert covered == set(range(span.start, span.end)) & in_paragraph


def test_rendering_refuses_spans_outside_the_text():
    with pytest.raises(ValueError):
        render_paragraphs("", [Span(1, 0, 1)])


# --- Cleaning and decoding ---------------------------------------------------------------------

_ANY_TEXT = st.one_of(
    texts(max_size=200),
    st.text(COMPOSING, max_size=30),
    st.text("e\u0301\u0316\u1100\u1161\ufeff\r\n ", max_size=12),
    st.text(max_size=200),  # NUL and all
    st.lists(
        st.one_of(
            st.sampled_from(TRICKY),
            st.sampled_from(["Publicité", "Advertisement", "Partager", "Lire aussi :", "---"]),
            st.text(_ANY_CHAR, max_size=12),
        ),
        max_size=40,
    ).map("".join),
)


def assert_canonical_shape(text: str) -> None:
    assert "\r" not in text and "\ufeff" not in text and "\n\n\n" not in text
    assert text == text.strip()


def assert_canonical(text: str) -> None:
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text and "\ufeff" not in text and "\n\n\n" not in text
    assert text == text.strip()
    if not text:
        return
    for paragraph in text.split("\n\n"):
        assert paragraph.strip()
        for line in paragraph.split("\n"):
            assert line and line == line.strip(" ") and "  " not in line and "\t" not in line


@settings(PURE, max_examples=400)
@given(_ANY_TEXT)
@example("e\ufeff\u0301")  # a BOM removed between letter and accent
def test_normalize_text_gives_canonical_text_and_is_idempotent(raw):
    once = normalize_text(raw)
    assert_canonical(once)
    assert normalize_text(once) == once
    # Nothing but spacing changes: the same words in the same order.
    assert text_fingerprint(once) == text_fingerprint(raw.replace("\ufeff", ""))


@settings(PURE, max_examples=400)
@given(_ANY_TEXT)
def test_clean_text_gives_canonical_text(raw):
    cleaned = clean_text(raw)
    assert_canonical(cleaned)
    assert normalize_text(cleaned) == cleaned


@PURE
@given(_ANY_TEXT, st.text(max_size=30))
def test_build_draft_gives_a_titled_canonical_article_or_a_clear_failure(raw, title):
    try:
        draft = build_draft(text=raw, title=title, language="fr")
    except ImportFailure as failure:
        assert str(failure)
        return
    # A title taken from the text keeps its non-breaking spaces, like the text does.
    assert draft.title and draft.title == draft.title.strip() and "\n" not in draft.title
    assert_canonical(draft.text)


@PURE
@given(texts(max_size=60, surrogates=True))
def test_cleaning_survives_lone_surrogates(raw):
    # They only arrive through JSON escapes; cleaning must not be where an import dies.
    assert_canonical_shape(normalize_text(raw))
    assert_canonical_shape(clean_text(raw))


@PURE
@given(st.one_of(texts(max_size=40), st.text(max_size=40)))
def test_normalize_name_is_folded_accent_free_and_idempotent(name):
    folded = normalize_name(name)
    assert folded == " ".join(folded.split())
    assert not any(unicodedata.combining(char) for char in folded)
    assert normalize_name(folded) == folded
    assert normalize_name(unicodedata.normalize("NFD", name)) == folded


@PURE
@given(st.text("abcdeiouyzAEIOUZéèêëàâçîïôùûüÿœæÉÈÊÀÂÇÎÏÔÙÛÜŸŒÆ '’-–", max_size=30))
def test_case_and_accents_never_make_two_names_differ(name):
    plain = "".join(
        char for char in unicodedata.normalize("NFD", name) if not unicodedata.combining(char)
    )
    folded = normalize_name(name)
    assert normalize_name(name.upper()) == normalize_name(name.lower()) == folded
    assert normalize_name(plain) == folded


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
    _ANY_TEXT.flatmap(_encodings_of),
    # Mostly text with some damage: the common real-world case.
    st.tuples(_ANY_TEXT.map(lambda t: t.encode("utf-8")), st.binary(max_size=6)).map(
        lambda parts: parts[0][: len(parts[0]) // 2] + parts[1] + parts[0][len(parts[0]) // 2 :]
    ),
)
# How a decoded text may have been written (with its BOM, if any).
_CANDIDATES = [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("utf-32-be", codecs.BOM_UTF32_BE),
    ("cp1252", b""),
    ("latin-1", b""),
]


def _written_as(text: str, data: bytes) -> bool:
    for encoding, bom in _CANDIDATES:
        # A second BOM after the first one is dropped on purpose.
        for variant in (text, "\ufeff" + text):
            try:
                if bom + variant.encode(encoding) == data:
                    return True
            except UnicodeEncodeError:
                continue
    return False


@PURE
@given(RANDOM_BYTES)
def test_decode_bytes_is_lossless_or_refuses_clearly(data):
    try:
        text = decode_bytes(data)
    except ImportFailure as failure:
        assert str(failure)
        return
    assert isinstance(text, str)
    # Strict decoding: the text encodes back to the very bytes, so no silent U+FFFD.
    assert _written_as(text, data)


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


# --- Import of random bytes (database) ---------------------------------------------------------

GOOD_TXT = "Le gazoduc de la Baltique\n\nLe ministre a déclaré : « Nous coopérerons. »".encode()
GOOD_MD = "# Sanctions\n\nLes *sanctions* occidentales pèsent sur l’économie.".encode()
UNEXPECTED = "unexpected error"

IMPORT_BYTES = st.one_of(
    RANDOM_BYTES,
    st.tuples(st.sampled_from([b"<p>", b"<html><body><article><p>", b"# "]), RANDOM_BYTES).map(
        b"".join
    ),
)
DB_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check_outcome(outcome, name):
    assert outcome.source == name
    if outcome.status == "failed":
        assert outcome.message and UNEXPECTED not in outcome.message, outcome.message
        assert outcome.article is None
        return
    assert outcome.status in ("imported", "duplicate"), outcome
    article = Article.objects.get(pk=outcome.article.pk)
    assert article.title and article.text
    assert_canonical(article.text)
    assert article.text_hash == text_fingerprint(article.text)


@pytest.mark.django_db
@DB_SETTINGS
@given(data=IMPORT_BYTES, extension=st.sampled_from([".txt", ".html", ".md"]))
def test_importing_random_bytes_gives_an_article_or_a_clear_error(analyst, data, extension):
    name = f"random{extension}"
    with transaction.atomic():
        items = list(items_from_upload(name, data))
        assert len(items) == 1
        outcomes = list(imports.articles_import(items=items, created_by=analyst))
        assert len(outcomes) == 1
        _check_outcome(outcomes[0], name)
        assert Article.objects.count() == (outcomes[0].status == "imported")
        transaction.set_rollback(True)


@pytest.mark.django_db
@DB_SETTINGS
@given(data=IMPORT_BYTES, extension=st.sampled_from([".txt", ".html", ".md"]))
def test_a_random_file_in_a_batch_never_loses_the_good_ones(analyst, data, extension):
    names = ["premier.txt", f"random{extension}", "second.md"]
    with (
        override_settings(
            STORAGES={"default": {"BACKEND": f"{InMemoryStorage.__module__}.InMemoryStorage"}}
        ),
        transaction.atomic(),
    ):
        batch = imports.import_batch_create(
            user=analyst, uploads=list(zip(names, [GOOD_TXT, data, GOOD_MD], strict=True))
        )
        batch = imports.import_batch_run(batch=batch)
        assert batch.status == "done"
        assert [entry["source"] for entry in batch.report] == names
        first, random_entry, second = batch.report
        assert (first["status"], first["title"]) == ("imported", "Le gazoduc de la Baltique")
        assert (second["status"], second["title"]) == ("imported", "Sanctions")
        if random_entry["status"] == "failed":
            assert random_entry["message"] and UNEXPECTED not in random_entry["message"]
        else:
            assert random_entry["status"] in ("imported", "duplicate")
            assert random_entry["article_id"] is not None
        titles = set(Article.objects.values_list("title", flat=True))
        assert {"Le gazoduc de la Baltique", "Sanctions"} <= titles
        transaction.set_rollback(True)


@st.composite
def jsonl_records(draw):
    """A JSON Lines record of random field values, lone surrogates (as escapes) included."""
    field_text = st.one_of(
        texts(max_size=40, surrogates=True),
        # What PostgreSQL refuses to store, among ordinary characters.
        st.lists(st.sampled_from(["\x00", "\ud800", "\x01", " ", "a"]), min_size=1, max_size=6).map(
            "".join
        ),
    )
    # Mostly an article that drafts fine, so the random part reaches the database.
    text = field_text.map("Titre\n\nTexte {}.".format)
    record = {"text": draw(st.one_of(text, text, field_text))}
    for field in draw(st.sets(st.sampled_from(["title", "author", "outlet", "url", "language"]))):
        record[field] = draw(field_text)
    if draw(st.booleans()):
        record["annotations"] = []
    return json.dumps(record).encode()


@pytest.mark.django_db
@settings(DB_SETTINGS, max_examples=60)
@given(
    record=st.one_of(
        jsonl_records(),
        # Not JSON at all, or cut short. (Raw control characters are left out: a file
        # dense with them is refused whole as binary, which test_cleaning covers.)
        texts(max_size=60)
        .map(lambda text: "".join(c for c in text if unicodedata.category(c) != "Cc"))
        .map(str.encode),
        jsonl_records().map(lambda line: line[: len(line) // 2]),
    )
)
# What no database (surrogate) or PostgreSQL (NUL) stores used to sink the whole chunk.
@example(record=b'{"title": "\\ud800", "text": "Titre\\n\\nTexte."}')
@example(record=b'{"outlet": "\\u0000", "text": "Titre\\n\\nTexte."}')
def test_a_bad_line_of_json_lines_never_loses_the_good_ones(analyst, record):
    good = [
        json.dumps({"title": "Premier", "text": "Le texte du premier article."}).encode(),
        json.dumps({"title": "Second", "text": "Le texte du second article."}).encode(),
    ]
    data = b"\n".join([good[0], record, good[1]])
    with transaction.atomic():
        items = list(items_from_upload("lot.jsonl", data))
        sources = ["lot.jsonl:1", "lot.jsonl:2", "lot.jsonl:3"]
        if not record.decode("utf-8").strip():
            del sources[1]  # blank lines are skipped
        assert [item.source for item in items] == sources
        outcomes = list(imports.articles_import(items=items, created_by=analyst, chunk_size=3))
        assert [o.source for o in outcomes] == sources
        assert (outcomes[0].status, outcomes[-1].status) == ("imported", "imported")
        if len(outcomes) == 3:
            _check_outcome(outcomes[1], "lot.jsonl:2")
        assert {"Premier", "Second"} <= set(Article.objects.values_list("title", flat=True))
        transaction.set_rollback(True)
