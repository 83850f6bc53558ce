"""Turning raw text into Newsroom's canonical article text."""

import hashlib
import re
import unicodedata

_LINE_END = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Horizontal whitespace except NBSP and the narrow NBSP, which French typography
# uses on purpose inside « guillemets » and before ; : ! ?
_HORIZONTAL_SPACE = re.compile(r"[^\S\n\u00a0\u202f]+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def normalize_text(raw: str) -> str:
    """Canonical article text: NFC, LF line ends, paragraphs separated by one blank line.

    Runs of spaces and tabs are collapsed; lines are stripped; typographic quotes,
    apostrophes and non-breaking spaces are kept as they are.
    """
    text = unicodedata.normalize("NFC", raw).replace("\ufeff", "")
    text = _LINE_END.sub("\n", text)
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text):
        lines = [_HORIZONTAL_SPACE.sub(" ", line).strip(" ") for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph.strip():
            paragraphs.append(paragraph.strip())
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
