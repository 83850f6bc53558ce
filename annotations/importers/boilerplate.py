"""Removing the junk that scrapers keep around an article's plain text.

Ad markers, share buttons, cookie notices, newsletter prompts, comment forms and
"related articles" blocks, in French and English. Matching is by whole line against a
folded key (casefolded, accents and decoration stripped), so it stays cheap on bulk
imports and conservative: a sentence that merely mentions Twitter is never dropped.
"""

from __future__ import annotations

import unicodedata

from annotations.importers.boilerplate_phrases import (
    AD_MARKERS,
    COMMENT_FIELDS,
    COMMENT_FORM_LINES,
    COMMENT_FORM_PREFIXES,
    COMMENT_HEADINGS,
    COOKIE_BUTTONS,
    COOKIE_CONSENT,
    COOKIE_NOTICE,
    COOKIE_NOTICE_MAX,
    HEADLINE_MAX,
    HINT_HEAD_LENGTH,
    LONG_LINE_HEAD_HINTS,
    LONG_LINE_HINTS,
    NEWSLETTER_LINES,
    NEWSLETTER_MAX,
    NEWSLETTER_PROMPT,
    RELATED_HEADINGS,
    RELATED_INLINE,
    RELATED_PREFIXES,
    SHARE_CORE,
    SHARE_FILLER,
    SHARE_LINE_MAX,
    SHARE_SPLIT,
)

# Lines are compared by a folded key: stripped of decoration, casefolded, accents removed.
_DECORATION = " \t\u00a0\u202f-–—•·*>»«<|:=_#[](){}!.…,;/\\+~"
# Typographic punctuation to ASCII before accents are stripped, so separators survive.
_PUNCTUATION = str.maketrans(
    {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "–": "-", "—": "-", "»": ">", "«": "<", "…": "..."}
)
_KEY_MAX = 600  # longer lines are article paragraphs; never fold them


def _fold(line: str) -> str:
    key = line.strip(_DECORATION).casefold().translate(_PUNCTUATION)
    if not key.isascii():
        # Accents go; so does any non-Latin letter, which no pattern here needs.
        key = unicodedata.normalize("NFD", key).encode("ascii", "ignore").decode("ascii")
    return " ".join(key.split())


_DROP, _COMMENT_HEADING, _RELATED_HEADING = 1, 2, 3


def _classify(line: str, *, hinted: bool = True) -> int:
    """What a stripped, non-empty line is: 0 (keep), or one of the junk kinds.

    `hinted` false says the whole text holds none of LONG_LINE_HINTS, which saves
    looking for them line by line.
    """
    if len(line) > _KEY_MAX:
        return 0
    if len(line) > SHARE_LINE_MAX:
        head = line[:HINT_HEAD_LENGTH].casefold()
        if not any(hint in head for hint in LONG_LINE_HEAD_HINTS) and not (
            hinted and any(hint in line.casefold() for hint in LONG_LINE_HINTS)
        ):
            return 0
    elif line == "Δ":
        return _DROP  # WordPress's anti-spam field label
    key = _fold(line)
    if not key:
        # Pure decoration ("* * *", "—"): separators, harmless to keep as they were.
        return 0
    if key in AD_MARKERS or key in COOKIE_BUTTONS or key in NEWSLETTER_LINES:
        return _DROP
    if key in COMMENT_HEADINGS:
        return _COMMENT_HEADING
    if key in RELATED_HEADINGS or (key.startswith(RELATED_PREFIXES) and len(key) < 60):
        return _RELATED_HEADING
    if key in COMMENT_FORM_LINES or key.startswith(COMMENT_FORM_PREFIXES):
        return _DROP
    if len(line) <= SHARE_LINE_MAX and _is_share_line(key):
        return _DROP
    if len(line) <= HEADLINE_MAX * 2 and RELATED_INLINE.match(key):
        return _DROP
    if (
        len(line) <= COOKIE_NOTICE_MAX
        and (notice := COOKIE_NOTICE.search(key))
        and COOKIE_CONSENT.search(key, notice.end())
    ):
        return _DROP
    if len(line) <= NEWSLETTER_MAX and NEWSLETTER_PROMPT.search(key):
        return _DROP
    return 0


def _is_share_line(key: str) -> bool:
    words = [word for word in SHARE_SPLIT.split(key) if word and not word.isdigit()]
    return (
        bool(words)
        and any(word in SHARE_CORE for word in words)
        and all(word in SHARE_CORE or word in SHARE_FILLER for word in words)
    )


def _is_headline(line: str) -> bool:
    # Headlines are short and do not end with a full stop; sentences do.
    return len(line) <= HEADLINE_MAX and not line.endswith((".", ";"))


def _is_sentence_paragraph(line: str) -> bool:
    return len(line) >= 160 or (
        line.endswith((".", "!", "?", "»", "”", '"')) and len(line.split()) >= 8
    )


def remove_boilerplate(text: str) -> str:
    """Drop the junk that scrapers keep around an article's plain text.

    Removes advertisement markers, share buttons, cookie notices, newsletter prompts,
    comment forms, and "related/latest articles" blocks with their headline lines, in
    French and English. Only whole lines are removed, and only lines that match those
    patterns closely (a sentence that merely mentions Twitter stays). A comment or
    related-articles heading followed by nothing that reads like a paragraph ends the
    article: everything from it on is dropped.
    """
    lines = text.splitlines()
    lowered = text.casefold()
    hinted = any(hint in lowered for hint in LONG_LINE_HINTS)
    keep = [True] * len(lines)
    headings = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line:
            continue
        kind = _classify(line, hinted=hinted)
        if not kind:
            continue
        keep[index - 1] = False
        if kind == _DROP:
            continue
        headings.append(index - 1)
        if kind == _COMMENT_HEADING:
            index = _drop_following(lines, keep, index, _is_comment_field, allow_blank=True)
        else:
            index = _drop_following(lines, keep, index, _is_headline, allow_blank=False)
    if headings:
        last_paragraph = max(
            (i for i, line in enumerate(lines) if keep[i] and _is_sentence_paragraph(line.strip())),
            default=-1,
        )
        tail = next((i for i in headings if i > last_paragraph), None)
        if tail is not None:
            keep[tail:] = [False] * (len(lines) - tail)
    return "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)


def _is_comment_field(line: str) -> bool:
    return len(line) <= 60 and (_fold(line) in COMMENT_FIELDS or _classify(line) == _DROP)


def _drop_following(lines, keep, index, belongs, *, allow_blank: bool) -> int:
    """Drop the lines after a heading while they belong to its block; return where to go on.

    Blank lines right after the heading are skipped; further blank lines end the block
    unless `allow_blank` (headline lists run line after line, form fields are spaced).
    """
    position = index
    seen_content = False
    while position < len(lines):
        line = lines[position].strip()
        if not line:
            if seen_content and not allow_blank:
                break
            position += 1
            continue
        if _classify(line) in (_COMMENT_HEADING, _RELATED_HEADING) or not belongs(line):
            break
        keep[position] = False
        seen_content = True
        position += 1
    return position
