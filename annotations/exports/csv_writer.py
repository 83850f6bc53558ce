"""The annotation CSV: its columns, its cell rules, and the writer built from model instances.

The cell rules live here once, in Python, with their SQL forms generated from the same
constants: `neutralize` (a cell a spreadsheet would run as a formula gets a `'` in front)
and `sql_neutralize`; `join_names` for multi-valued cells and `sql_escaped_name` (with
`split_names`, its inverse); `iso` and `sql_iso` (dates in UTC to the second). The
database fast path (`database_csv`) and the tag-list triggers (`annotations/db/tag_lists.py`)
take their SQL from here; tests check that both forms agree on both databases.

What counts as a formula (OWASP's CSV-injection advice, widened): a cell whose first
character is one of FORMULA_TRIGGERS (= + - @ tab CR LF, and the characters Unicode folds
into = + - @, such as full-width ＝ ＋ － ＠), or whose first character that is not in
SKIPPED_BEFORE_FORMULA is one of them. Spreadsheets trim or pass over some of those
(spaces of every kind, including no-break ones, zero-width characters, the byte order mark,
quotes), so ` =1`, `\u00a0=1`, `\u200b=1` and `"=1` get their `'` too, before the whole
cell, which is otherwise kept as it is. Every text cell is neutralised, including codes
that a form would refuse to start so (language, actor kind, status); the numbers, dates
and our own annotation URL are not text anyone writes.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotations.models import Annotation

CSV_COLUMNS = [
    "annotation_id",
    "annotation_url",
    "article_id",
    "article_title",
    "article_url",
    "outlet",
    "article_author",
    "published",
    "language",
    "quote",
    "prefix",
    "suffix",
    "start",
    "end",
    "note",
    "themes",
    "actors",
    "actor_kinds",
    "actor_wikidata_ids",
    "speaker",
    "author",
    "status",
    "reviewer",
    "reviewed_at",
    "review_reason",
    "created",
    "modified",
]

# Spreadsheet programs run a cell that starts with one of these as a formula: the ASCII
# ones (OWASP's list), and every character that Unicode compatibility folds into one of
# them (full-width ＝ ＋ － ＠, small, superscript and subscript forms), which spreadsheets
# may fold on import. A test checks the list against unicodedata.
FORMULA_TRIGGERS = (
    *("=", "+", "-", "@", "\t", "\r", "\n"),
    *("\uff1d", "\ufe66", "\u207c", "\u208c"),  # ＝ ﹦ ⁼ ₌
    *("\uff0b", "\ufe62", "\u207a", "\u208a", "\ufb29"),  # ＋ ﹢ ⁺ ₊ ﬩
    *("\uff0d", "\ufe63"),  # － ﹣
    *("\uff20", "\ufe6b"),  # ＠ ﹫
)
# What a spreadsheet may pass over before it sees a formula: every Unicode space (some
# programs trim leading ones on import), the zero-width characters and the byte order
# mark, and quotes (`"=1+1"`). A cell whose first other character is a trigger is
# neutralised too, its `'` put before the whole cell.
SKIPPED_BEFORE_FORMULA = (
    *(" ", "\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0"),
    *("\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006"),
    *("\u2007", "\u2008", "\u2009", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f"),
    *("\u3000", "\u180e", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"),
    *('"', "'"),
)
LIST_SEPARATOR = "; "

_TRIGGERS = frozenset(FORMULA_TRIGGERS)
_SKIPPED = frozenset(SKIPPED_BEFORE_FORMULA)
_SKIPPED_TEXT = "".join(SKIPPED_BEFORE_FORMULA)


def is_formula(value: str) -> bool:
    """Would a spreadsheet read `value` as a formula, once past what it skips?"""
    if not value:
        return False
    first = value[0]
    if first in _TRIGGERS:
        return True
    return first in _SKIPPED and value.lstrip(_SKIPPED_TEXT)[:1] in _TRIGGERS


def neutralize(value: str) -> str:
    """Prefix `'` to text a spreadsheet would otherwise evaluate as a formula."""
    return "'" + value if is_formula(value) else value


def unneutralize(value: str) -> str:
    """Undo neutralize: a cell read back from our own export loses its `'` again. (`'` is
    a skipped character, so text that itself starts with `'` before a formula was
    neutralised as well, and comes back whole.)"""
    return value[1:] if value.startswith("'") and is_formula(value[1:]) else value


def _codes(characters) -> str:
    # Comparing the first character's code is much cheaper in SQL than comparing strings.
    return ", ".join(str(ord(character)) for character in characters)


_TRIGGER_CODES = _codes(FORMULA_TRIGGERS)
_SKIPPED_CODES = _codes(SKIPPED_BEFORE_FORMULA)


def sql_neutralize(vendor: str, expression: str, otherwise: str | None = None) -> str:
    """SQL for neutralize(`expression`); text without a formula character is `otherwise`
    (by default the expression itself). Only text that starts with a skipped character
    is trimmed."""
    first = "ascii" if vendor == "postgresql" else "unicode"
    trimmed = f"ltrim({expression}, {sql_text(_SKIPPED_TEXT)})"
    return (
        f"CASE WHEN {first}({expression}) IN ({_TRIGGER_CODES}) "
        f"OR ({first}({expression}) IN ({_SKIPPED_CODES}) "
        f"AND {first}({trimmed}) IN ({_TRIGGER_CODES})) "
        f"THEN '''' || {expression} ELSE {otherwise or expression} END"
    )


# What join_names escapes in a name, in the order it applies: the backslash first.
_NAME_ESCAPES = (("\\", "\\\\"), (";", "\\;"))


def join_names(names: Iterable[str]) -> str:
    """Join a multi-valued cell; `\\` and `;` inside a name are escaped with a backslash."""
    return LIST_SEPARATOR.join(_escaped(name) for name in names)


def _escaped(name: str) -> str:
    for character, escape in _NAME_ESCAPES:
        name = name.replace(character, escape)
    return name


def sql_text(value: str) -> str:
    """`value` as an SQL string literal. Both databases read a backslash as itself
    (PostgreSQL's standard_conforming_strings)."""
    return "'" + value.replace("'", "''") + "'"


def sql_escaped_name(expression: str) -> str:
    """SQL for one name as join_names escapes it (the database joins them with
    sql_text(LIST_SEPARATOR))."""
    for character, escape in _NAME_ESCAPES:
        expression = f"replace({expression}, {sql_text(character)}, {sql_text(escape)})"
    return expression


def split_names(cell: str) -> list[str]:
    """Undo join_names: split on `;` that is not escaped, unescape `\\;` and `\\\\`."""
    names, current, escaped = [], [], False
    for char in cell:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            names.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    names.append("".join(current).strip())
    return [name for name in names if name]


def iso(value) -> str:
    """ISO 8601 in UTC to the second, as the PostgreSQL COPY path writes it too."""
    if not value:
        return ""
    if value.utcoffset():
        value = value.astimezone(datetime.UTC)
    # isoformat is several times quicker than strftime; [:19] drops the "+00:00".
    return value.isoformat(timespec="seconds")[:19] + "Z"


def sql_iso(vendor: str, expression: str) -> str:
    """SQL for iso(): ISO 8601 in UTC to the second."""
    if vendor == "postgresql":
        return f"""to_char({expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
    # Django stores "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC: cutting it is quicker than strftime.
    return f"substr({expression}, 1, 10) || 'T' || substr({expression}, 12, 8) || 'Z'"


def annotation_row(annotation: Annotation, *, base_url: str) -> list[str]:
    """One CSV row; expects themes and actors prefetched (selectors.quote_rows does)."""
    article = annotation.article
    actors = sorted(annotation.actors.all(), key=lambda actor: actor.name)
    themes = sorted(annotation.themes.all(), key=lambda theme: theme.name)
    text_cells = [
        article.title,
        article.url,
        article.outlet.name if article.outlet else "",
        article.author,
    ]
    quote_cells = [annotation.exact, annotation.prefix, annotation.suffix]
    return [
        str(annotation.pk),
        base_url + annotation.get_absolute_url(),
        str(article.pk),
        *map(neutralize, text_cells),
        iso(article.published),
        neutralize(article.language),
        *map(neutralize, quote_cells),
        str(annotation.start),
        str(annotation.end),
        neutralize(annotation.note),
        neutralize(join_names(theme.name for theme in themes)),
        neutralize(join_names(actor.name for actor in actors)),
        neutralize(join_names(actor.kind for actor in actors)),
        neutralize(join_names(actor.wikidata_id for actor in actors)),
        neutralize(annotation.speaker.name if annotation.speaker else ""),
        neutralize(annotation.author.get_username()),
        neutralize(annotation.status),
        neutralize(annotation.reviewer.get_username() if annotation.reviewer else ""),
        iso(annotation.reviewed_at),
        neutralize(annotation.review_reason),
        iso(annotation.created),
        iso(annotation.modified),
    ]


class Passthrough:
    """A file-like object whose write() hands the text back, for streaming."""

    def write(self, value: str) -> str:
        return value


def header(*, bom: bool = False, delimiter: str = ",") -> str:
    """The header line (after a byte order mark if `bom`)."""
    writer = csv.writer(Passthrough(), delimiter=delimiter, lineterminator="\n")
    return ("\ufeff" if bom else "") + writer.writerow(CSV_COLUMNS)


def iter_csv(
    annotations: Iterable[Annotation], *, base_url: str, bom: bool = False, delimiter: str = ","
) -> Iterator[str]:
    """CSV text of `annotations`, row by row, header first."""
    writer = csv.writer(Passthrough(), delimiter=delimiter, lineterminator="\n")
    yield header(bom=bom, delimiter=delimiter)
    for annotation in annotations:
        yield writer.writerow(annotation_row(annotation, base_url=base_url))


def write_csv(annotations: Iterable[Annotation], out, **options) -> int:
    """Write the CSV to a text file-like object; returns the number of annotation rows."""
    rows = -1  # the header is no row
    for chunk in iter_csv(annotations, **options):
        rows += 1
        out.write(chunk)
    return rows
