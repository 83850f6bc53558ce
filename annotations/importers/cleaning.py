"""Turning raw bytes and scraped text into Newsroom's canonical article text.

Canonical text is Unicode NFC with LF line ends and paragraphs separated by exactly one
blank line. Everything here is pure and fast enough to run on every article of a bulk
import (see the throughput note in bulk.py).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import threading
import unicodedata
from typing import Any

from annotations.importers.base import (
    ArticleDraft,
    ImportFailure,
    checked_language,
    language_code,
    parse_published,
)
from annotations.importers.boilerplate import remove_boilerplate

__all__ = [
    "build_draft",
    "clean_text",
    "decode_bytes",
    "detect_language",
    "normalize_text",
    "plain_line",
    "remove_boilerplate",
    "derive_title",
    "looks_like_title",
    "split_line_paragraphs",
    "split_title",
    "strip_controls",
    "text_fingerprint",
    "title_from_text",
    "unify_line_ends",
]

# ---------------------------------------------------------------------------------------------
# Canonical form

_LINE_ENDS = ("\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85")
_LINE_END = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Horizontal whitespace other than the plain space, once line ends are unified. NBSP and
# the narrow NBSP are not in it: French typography uses them on purpose inside
# « guillemets » and before ; : ! ?
_ODD_SPACE = re.compile(r"[\t\x1c-\x1f\u1680\u2000-\u200a\u205f\u3000]")
_SPACES = re.compile(r"  +")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Characters no article needs and which do harm: C0 and C1 controls (search marks its
# matches with \x02 and \x03, so stored ones would become <mark> tags) and the bidi
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder what
# follows them in a title or file name. Tab, line ends (CR, VT, FF, NEL) and the
# separators \x1c-\x1f are not here: the canonical form makes them LF or spaces.
_STRIPPED = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(value: str) -> str:
    """`value` without control characters (but tab, line ends, separators) and bidi
    overrides. Every imported string goes through here, whatever its entry."""
    # Checking first is much cheaper than a substitution over text that is usually clean.
    return _STRIPPED.sub("", value) if _STRIPPED.search(value) else value


def plain_line(value: str) -> str:
    """A one-line field (title, author, outlet, file name): controls and bidi overrides
    removed, whitespace collapsed."""
    return " ".join(strip_controls(value).split())


def unify_line_ends(text: str) -> str:
    """CR, CRLF, and Unicode line and paragraph separators -> LF."""
    # Checking first is much cheaper than a regex pass over text that is usually clean.
    if any(end in text for end in _LINE_ENDS):
        return _LINE_END.sub("\n", text)
    return text


def normalize_text(raw: str) -> str:
    """Canonical article text: NFC, LF line ends, paragraphs separated by one blank line.

    Runs of spaces and tabs are collapsed; lines are stripped; typographic quotes,
    apostrophes and non-breaking spaces are kept as they are. Idempotent.
    """
    # BOMs and controls go before composing: one between a letter and its accent would
    # otherwise leave "e" + U+0301 uncomposed once removed.
    text = raw.replace("\ufeff", "") if "\ufeff" in raw else raw
    text = strip_controls(text)
    text = unicodedata.normalize("NFC", text)
    text = unify_line_ends(text)
    if _ODD_SPACE.search(text):
        text = _ODD_SPACE.sub(" ", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text):
        paragraph = "\n".join(
            line for line in (line.strip(" ") for line in block.split("\n")) if line
        )
        paragraph = paragraph.strip()
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def text_fingerprint(text: str) -> str:
    """Hash under which two copies of one article collide (case and spacing ignored)."""
    folded = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def title_from_text(text: str) -> tuple[str, str]:
    """Split off the first non-empty line as the title: (title, remaining text)."""
    lines = text.strip().split("\n", 1)
    title = lines[0].strip()
    body = lines[1].strip() if len(lines) > 1 else ""
    return title, body


# A headline is short: the longest real ones run to about 20 words. Anything longer on the
# first line is the article's lede, and taking it away would lose it for highlights.
_TITLE_MAX_CHARS = 150
_TITLE_MAX_WORDS = 25
# Closing quotes and brackets after a headline's last word: « … », "…", (…).
_TITLE_CLOSERS = "»”’\"')]\u00a0\u202f "
# A line ending so is a sentence or a lead-in (", a déclaré :"), not a headline; "?", "!"
# and an ellipsis end headlines too.
_PROSE_ENDS = (".", ",", ";", ":", "-", "–", "—")
_ELLIPSES = ("…", "...")
_DERIVED_TITLE_MAX = 120
_DERIVED_TITLE_SCAN = 600  # characters read to find the first sentence: keeps it linear
_SENTENCE_BOUNDARY = re.compile(r"[.!?…]+[»”’\"')\]]*(?=\s)")
# Words whose final period does not end a sentence (M. Poutine, Dr. Smith, U.S.).
_ABBREVIATIONS = frozenset({"m", "mm", "mr", "mrs", "ms", "mme", "mlle", "dr", "pr", "st", "me"})


def looks_like_title(line: str, following: str) -> bool:
    """Whether `line`, the first line of an article, is its headline.

    It is when it is short and does not read as prose: no final period, comma, colon or
    dash, and the text after it does not go on in lower case (a hard-wrapped sentence). A
    line with nothing after it is the article itself, never only its title.
    """
    line = line.strip()
    if not line or not following.strip():
        return False
    if len(line) > _TITLE_MAX_CHARS or len(line.split()) > _TITLE_MAX_WORDS:
        return False
    end = line.rstrip(_TITLE_CLOSERS)
    if not end or (end.endswith(_PROSE_ENDS) and not end.endswith(_ELLIPSES)):
        return False
    return not following.lstrip()[:1].islower()


def derive_title(text: str) -> str:
    """A title made from the start of an article that has none: its first sentence, cut
    at a word boundary with "…" when longer than about 120 characters."""
    line = text[:_DERIVED_TITLE_SCAN].strip().split("\n", 1)[0].strip()
    sentence = line
    for match in _SENTENCE_BOUNDARY.finditer(line):
        word = line[: match.start()].rsplit(" ", 1)[-1]
        # A lone initial or an abbreviation ("M. Poutine", "U.S.") goes on.
        if len(word) > 1 and word.casefold() not in _ABBREVIATIONS and "." not in word:
            sentence = line[: match.end()]
            break
    sentence = " ".join(sentence.split())
    if len(sentence) <= _DERIVED_TITLE_MAX:
        return sentence
    cut = sentence.rfind(" ", 0, _DERIVED_TITLE_MAX)
    if cut < _DERIVED_TITLE_MAX // 2:
        cut = _DERIVED_TITLE_MAX  # one very long word: cut inside it
    return sentence[:cut].rstrip(" ,;:–—-") + "…"


def split_title(text: str) -> tuple[str, str, bool]:
    """(title, body, derived) of a canonical text that came without a title.

    The first line is the title when it looks like one (`looks_like_title`) and the body
    is the rest; otherwise the whole text is the body and the title is derived from its
    first sentence. No character of the text is lost either way.
    """
    text = text.strip()
    first, _, rest = text.partition("\n")
    if looks_like_title(first, rest):
        return " ".join(first.split()), rest.strip(), False
    if not text:
        return "", "", False
    return derive_title(text), text, True


# A block whose lines are this long is one paragraph per line (scraped or pasted text),
# not a hard-wrapped paragraph (mail, old wire copy), which wraps near 72-80 characters.
_WRAPPED_LINE_MAX = 120
_SENTENCE_END = (".", "!", "?", "…", "»", "”", '"', ":")


def split_line_paragraphs(text: str) -> str:
    """Make each line its own paragraph in blocks written one paragraph per line.

    Expects normalised text. Hard-wrapped blocks (short lines, not all ending a
    sentence) are left alone, so a poem or an address keeps its line breaks.
    """
    blocks = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if len(lines) > 1 and (
            max(len(line) for line in lines) > _WRAPPED_LINE_MAX
            or all(line.endswith(_SENTENCE_END) for line in lines)
        ):
            blocks.append("\n\n".join(lines))
        else:
            blocks.append(block)
    return "\n\n".join(blocks)


# ---------------------------------------------------------------------------------------------
# Bytes to text

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Formats that are plainly not text even when a sample happens to hold no NUL byte.
_BINARY_SIGNATURES = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"\x1f\x8b",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",
    b"Rar!\x1a",
    b"7z\xbc\xaf",
)
# C0 controls other than tab, LF, VT, FF, CR; plus C1 controls (latin-1 decoding of binary).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
_SAMPLE_CHARS = 65536
_BINARY_MESSAGE = "Binary file, not text"


def decode_bytes(data: bytes) -> str:
    """Decode a text file: strict UTF-8 (BOM or not), UTF-16/32 with BOM, cp1252, latin-1.

    Only these candidates are tried, in this order, because charset detectors misread
    French cp1252 files. Decoding is strict, so U+FFFD only appears when the source had
    it. Raises ImportFailure for binary content (NUL bytes, known binary formats, or
    mostly control characters and high bytes).
    """
    if data.startswith(_BINARY_SIGNATURES):
        raise ImportFailure(_BINARY_MESSAGE)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise ImportFailure(
                    f"The file starts with a {encoding.upper()} byte order mark "
                    "but is not valid in that encoding"
                ) from None
            _refuse_control_characters(text)
            return text.removeprefix("\ufeff")
    if b"\x00" in data:
        raise ImportFailure(_BINARY_MESSAGE)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_control_characters(text)
        return text
    # Not UTF-8. French text in a legacy 8-bit encoding has a few percent of high bytes;
    # random binary data has about half.
    sample = data[:_SAMPLE_CHARS]
    high = sum(1 for byte in sample if byte >= 0x80)
    if high > len(sample) * 0.3:
        raise ImportFailure(_BINARY_MESSAGE)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        # Bytes that cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): latin-1
        # maps every byte, so this always succeeds.
        text = data.decode("latin-1")
    _refuse_control_characters(text)
    return text


def _refuse_control_characters(text: str) -> None:
    sample = text[:_SAMPLE_CHARS]
    if "\x00" in sample:
        raise ImportFailure(_BINARY_MESSAGE)
    controls = len(_CONTROL.findall(sample))
    if controls and controls > len(sample) * 0.05:
        raise ImportFailure(_BINARY_MESSAGE)


# ---------------------------------------------------------------------------------------------
# Language

# Restricting the candidates makes detection faster and less erratic on short texts.
_LANGUAGES = (
    "fr",
    "en",
    "de",
    "es",
    "it",
    "pt",
    "nl",
    "pl",
    "ru",
    "uk",
    "ar",
    "fa",
    "tr",
    "sv",
    "da",
    "no",
    "fi",
    "cs",
    "sk",
    "ro",
    "el",
    "hu",
    "ca",
    "he",
    "bg",
    "hr",
    "sr",
    "sl",
    "lt",
    "lv",
    "et",
    "zh",
    "ja",
    "ko",
    "hi",
    "ur",
    "ps",
    "ku",
    "az",
    "hy",
    "ka",
)
_DETECT_SAMPLE = 600  # characters: plenty for a confident guess; the cost grows with it
_DETECT_MIN_LETTERS = 20
_DETECT_MIN_CONFIDENCE = 0.7
_identifier: Any = None
_identifier_lock = threading.Lock()


def _language_identifier():
    global _identifier
    if _identifier is None:
        with _identifier_lock:
            if _identifier is None:
                # Imported lazily: loading the model takes about half a second.
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                identifier.set_languages(_LANGUAGES)
                _identifier = identifier
    return _identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ("fr", "en", ...), or "" when unsure.

    Looks at the first ~600 characters only; uses py3langid's bundled model (offline).
    """
    sample = text[: _DETECT_SAMPLE + 200]
    if len(sample) > _DETECT_SAMPLE:
        cut = sample.rfind(" ", 0, _DETECT_SAMPLE + 1)
        sample = sample[: cut if cut > _DETECT_SAMPLE // 2 else _DETECT_SAMPLE]
    # Counting letters costs as much as detecting: only short samples need the check.
    if len(sample) < 4 * _DETECT_MIN_LETTERS and (
        sum(1 for char in sample if char.isalpha()) < _DETECT_MIN_LETTERS
    ):
        return ""
    language, confidence = _language_identifier().classify(sample)
    return language if confidence >= _DETECT_MIN_CONFIDENCE else ""


# ---------------------------------------------------------------------------------------------
# Putting it together


def clean_text(raw: str) -> str:
    """Canonical text from scraped or pasted plain text: boilerplate removed, normalised.

    Blocks written one paragraph per line become one paragraph per blank-line-separated
    block, as canonical text requires.
    """
    # Normalised again: a line that becomes a paragraph may start with a space that a
    # paragraph's start may not hold ('.\r\xa0.').
    return normalize_text(split_line_paragraphs(normalize_text(remove_boilerplate(raw))))


def build_draft(
    *,
    text: str,
    title: str = "",
    url: str = "",
    outlet: str = "",
    author: str = "",
    published: object = None,
    language: str = "",
    fallback_language: str = "",
    annotations: list[dict] | None = None,
    clean: bool = True,
    detect: bool = True,
) -> ArticleDraft:
    """An ArticleDraft from raw fields, as every importer finishes its work.

    Cleans the text; without a title, takes the first line as the title when it looks like
    one, else keeps the whole text and derives the title (`split_title`, `title_derived`).
    Drops a first paragraph that only repeats a given title. With `clean` false the text is only
    normalised and otherwise kept as given (annotation offsets from a backup point into
    it). Parses `published`, and detects the language when not given (unless `detect`
    is false; `fallback_language`, e.g. a page's declared one, serves when detection is
    unsure). Raises ImportFailure when no article text remains or `language` is no
    language code.
    """
    text = clean_text(text) if clean else normalize_text(text)
    title = plain_line(title)
    title_derived = False
    if not title and not clean:
        # Kept as given: a backup's annotation offsets point into the whole text.
        title, title_derived = (derive_title(text), True) if text else ("", False)
    elif not title:
        title, text, title_derived = split_title(text)
    elif text and clean:
        first, rest = title_from_text(text)
        if " ".join(first.split()).casefold() == title.casefold():
            text = rest
    if not text:
        raise ImportFailure(
            "No article text found" if not title else "The article has a title but no text"
        )
    return ArticleDraft(
        title=title,
        text=text,
        url=url.strip(),
        outlet=plain_line(outlet),
        author=plain_line(author),
        published=parse_published(published),
        language=checked_language(language)
        or (detect_language(text if title_derived else f"{title}\n{text}") if detect else "")
        or language_code(fallback_language),
        annotations=list(annotations or []),
        title_derived=title_derived,
    )
