"""Shared types of the importers: what every source produces, and how failures are reported.

Importers are pure: they turn bytes, text or a fetched page into ArticleDraft objects and
never touch the database; services decide what to store.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field


@dataclass
class ArticleDraft:
    """An article ready to store: cleaned text plus whatever metadata the source had."""

    title: str
    text: str  # already cleaned & normalised
    url: str = ""  # canonical URL when known
    outlet: str = ""
    author: str = ""
    published: datetime.datetime | None = None  # timezone-aware (UTC if only a date is known)
    language: str = ""  # "fr", "en", ... detected when not given
    # Carried through from JSONL (future backup format); empty otherwise.
    annotations: list[dict] = field(default_factory=list)
    # The source had no title line: the title is made from the first sentence of the text.
    title_derived: bool = False


@dataclass
class ImportItem:
    """One entry of a batch report: a draft, or the reason there is none."""

    source: str  # file name, "archive.zip/inner/path.txt", URL, or "file.jsonl:LINE"
    draft: ArticleDraft | None
    error: str | None = None  # clear, user-facing reason when draft is None


class ImportFailure(Exception):
    """A source could not be turned into an article; the message is shown to the user."""


def human_size(size: int) -> str:
    """A byte count for messages: "5 MB", "20 kB", "300 bytes" (decimal units)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    if size >= 1000:
        return f"{size / 1000:g} kB"
    return f"{size} bytes"


_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*")

# ISO 639-1: every two-letter language code. Articles store these (detection gives them,
# search picks its dictionary by them); any other value is refused where it comes in.
LANGUAGE_CODES = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs
    cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he
    hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr
    ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng
    nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk
    sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz
    ve vi vo wa wo xh yi yo za zh zu""".split()  # noqa: SIM905 - a table, read as one
)


def language_code(tag: str | None) -> str:
    """Primary subtag of a language tag, lowercased ("fr-FR" -> "fr"), when it is a known
    language code; "" otherwise (a page's declared language is a hint, not an order)."""
    match = _LANGUAGE_TAG.fullmatch((tag or "").strip())
    code = match.group(1).lower() if match else ""
    return code if code in LANGUAGE_CODES else ""


def checked_language(value: str | None) -> str:
    """The language code a person or a file gave ("fr", "FR", "fr-FR" -> "fr"; blank ->
    ""), or ImportFailure saying what is expected. The one rule for every entry: forms,
    files, backups, the command line and the services."""
    value = (value or "").strip()
    if not value:
        return ""
    code = language_code(value)
    if not code:
        raise ImportFailure(
            f"Unknown language code {value[:20]!r}: give a two-letter ISO 639-1 code "
            "such as fr, en or de"
        )
    return code


def parse_published(value: object) -> datetime.datetime | None:
    """A timezone-aware datetime from an ISO 8601 date or datetime (or a date/datetime).

    A date alone means midnight UTC; a datetime without offset is taken as UTC.
    Empty values give None; anything else unreadable raises ImportFailure.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, datetime.date):
        parsed = datetime.datetime.combine(value, datetime.time())
    elif isinstance(value, str):
        parsed = _parse_iso(value.strip())
        if parsed is None:
            raise ImportFailure(
                f"Unreadable published date {value.strip()[:40]!r} "
                "(expected ISO 8601, e.g. 2024-03-14 or 2024-03-14T08:30:00+01:00)"
            )
    else:
        raise ImportFailure(f"Unreadable published date {value!r} (expected an ISO 8601 string)")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def _parse_iso(text: str) -> datetime.datetime | None:
    # fromisoformat (3.11+) reads dates, "Z", and "+0100" offsets as htmldate writes them.
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
