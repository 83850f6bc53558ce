"""Uploaded files and local paths -> ImportItems, dispatched by file extension.

Zip archives are read from memory or from their file, never extracted to disk, and
checked against zip bombs (member count, per-member and total uncompressed size,
compression ratio) and unsafe member paths before anything is decompressed; members too
small for the ratio check count against the total. A ByteBudget caps what one import
reads and decompresses over all its files: what is over it fails item by item, saying so.
"""

from __future__ import annotations

import io
import logging
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from annotations.importers.base import ArticleDraft, ImportFailure, ImportItem, human_size
from annotations.importers.bulk import iter_csv, iter_jsonl
from annotations.importers.cleaning import decode_bytes, plain_line
from annotations.importers.html import draft_from_html
from annotations.importers.text import draft_from_markdown, draft_from_text

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000
# A file holding one article (text, Markdown, HTML) over this is no article, and its
# cleaning would take many times its size in memory (100 MB of text took 1.6 GB).
ARTICLE_FILE_MAX_BYTES = 5_000_000
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_TOTAL_FACTOR = 5  # a whole archive may expand to this many times max_bytes
ZIP_MAX_RATIO = 100  # text compresses 3-10 times; a bomb, thousands of times
ZIP_RATIO_FLOOR = 1_000_000  # smaller members cannot hurt, whatever their ratio

_ARCHIVES = frozenset({".zip"})


class ByteBudget:
    """How many bytes one import may still read and decompress, over all its files."""

    def __init__(self, limit: int):
        self.limit = self.remaining = limit

    @property
    def message(self) -> str:
        return (
            f"Not imported: the import is over its {human_size(self.limit)} limit in all "
            "(import this file on its own)"
        )

    def spend(self, size: int) -> bool:
        """Take `size` bytes from the budget; False (and nothing taken) when over it."""
        if size > self.remaining:
            return False
        self.remaining -= size
        return True


def _text(data: bytes, source: str, language: str) -> ArticleDraft:
    return draft_from_text(decode_bytes(data), source=source, language=language)


def _markdown(data: bytes, source: str, language: str) -> ArticleDraft:
    return draft_from_markdown(decode_bytes(data), source=source, language=language)


def _html(data: bytes, source: str, language: str) -> ArticleDraft:
    return draft_from_html(data, language=language)


# One article per file, and files holding many.
_SINGLE: dict[str, Callable[[bytes, str, str], ArticleDraft]] = {
    ".txt": _text,
    ".md": _markdown,
    ".markdown": _markdown,
    ".html": _html,
    ".htm": _html,
    ".xhtml": _html,
}
_MANY = {".jsonl": iter_jsonl, ".ndjson": iter_jsonl, ".csv": iter_csv}


def _article_too_large() -> str:
    return (
        f"File larger than the {human_size(ARTICLE_FILE_MAX_BYTES)} one article may hold "
        "(many articles go in a .jsonl or .csv file)"
    )


SUPPORTED_EXTENSIONS = tuple(sorted({*_SINGLE, *_MANY, *_ARCHIVES}))


def drafts_from_upload(
    name: str,
    data: bytes | BinaryIO,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_zip_bytes: int | None = None,
    budget: ByteBudget | None = None,
    language: str = "",
) -> Iterator[ImportItem]:
    """Items from one file (its bytes, or a seekable binary file): one per article, or one
    error item saying why not.

    Dispatches on the extension of `name`: .txt, .md, .html/.htm, .jsonl, .csv, .zip
    (whose members are dispatched the same way, sources reading "name.zip/inner/path").
    Empty, binary, oversized (over `max_bytes`) and unsupported files give an error item.
    A zip may expand to `max_zip_bytes` in all (default: ZIP_MAX_TOTAL_FACTOR times
    `max_bytes`); a zip given as a file is read member by member, never whole. `budget`,
    when given, caps the bytes read over every file of one import. `language` replaces
    language detection when given. Never raises for bad input.
    Sources are shown to people: their control characters and bidi overrides are removed.
    """
    name = plain_line(name)
    size = len(data) if isinstance(data, bytes) else data.seek(0, io.SEEK_END)
    if size > max_bytes:
        yield _error(name, f"File larger than the {human_size(max_bytes)} limit")
        return
    extension = _extension(name)
    if max_zip_bytes is None:
        max_zip_bytes = ZIP_MAX_TOTAL_FACTOR * max_bytes
    if extension in _ARCHIVES:
        archive = io.BytesIO(data) if isinstance(data, bytes) else data
        archive.seek(0)
        yield from _zip_items(
            name,
            archive,
            max_bytes=max_bytes,
            max_zip_bytes=max_zip_bytes,
            budget=budget,
            language=language,
        )
        return
    if extension in _SINGLE and size > ARTICLE_FILE_MAX_BYTES:
        yield _error(name, _article_too_large())
        return
    if budget is not None and not budget.spend(size):
        yield _error(name, budget.message)
        return
    if not isinstance(data, bytes):
        data.seek(0)
        data = data.read(max_bytes + 1)
    yield from _file_items(name, extension, data, language=language)


def drafts_from_path(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_zip_bytes: int | None = None,
    language: str = "",
) -> Iterator[ImportItem]:
    """Items from a file, or from every file under a folder (recursively, sorted by path).

    Hidden files and folders are skipped, symbolic links are not followed into folders.
    Each file is handled as drafts_from_upload would, with its path as the source.
    """
    path = Path(path)
    files = _walk(path) if path.is_dir() else [path]
    for file in files:
        source = plain_line(str(file))
        try:
            size = file.stat().st_size
            if size > max_bytes:
                yield _error(source, f"File larger than the {human_size(max_bytes)} limit")
                continue
            opened = file.open("rb")
        except OSError as error:
            yield _error(source, f"Could not read the file: {error.strerror or error}")
            continue
        with opened:
            yield from drafts_from_upload(
                source, opened, max_bytes=max_bytes, max_zip_bytes=max_zip_bytes, language=language
            )


def _walk(folder: Path) -> list[Path]:
    found = []
    for directory, subdirectories, filenames in os.walk(folder):
        subdirectories[:] = [name for name in subdirectories if not name.startswith(".")]
        found.extend(Path(directory, name) for name in filenames if not name.startswith("."))
    return sorted(found, key=lambda file: file.relative_to(folder).parts)


def _file_items(source: str, extension: str, data: bytes, *, language: str):
    if extension in _ARCHIVES:
        yield _error(source, "Archives inside archives are not imported")
        return
    if extension not in _SINGLE and extension not in _MANY:
        yield _error(source, f"Unsupported file type {extension or '(no extension)'}")
        return
    if extension in _SINGLE and len(data) > ARTICLE_FILE_MAX_BYTES:
        yield _error(source, _article_too_large())
        return
    if not data.strip():
        yield _error(source, "The file is empty")
        return
    try:
        if extension in _SINGLE:
            yield ImportItem(source, _SINGLE[extension](data, source, language))
        else:
            yield from _MANY[extension](data, source=source, language=language)
    except ImportFailure as failure:
        yield _error(source, str(failure))
    except Exception:
        # A parser bug on one odd file must not sink the rest of the batch.
        logger.exception("Unexpected error importing %s", source)
        yield _error(source, "This file could not be imported (unexpected error)")


def _zip_items(
    name: str,
    data: BinaryIO,
    *,
    max_bytes: int,
    max_zip_bytes: int,
    budget: ByteBudget | None,
    language: str,
):
    try:
        archive = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        yield _error(name, "Not a valid zip archive")
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > ZIP_MAX_MEMBERS:
            yield _error(
                name, f"Too many files in the archive ({len(members)}; at most {ZIP_MAX_MEMBERS})"
            )
            return
        too_much = f"The archive expands to more than {human_size(max_zip_bytes)}"
        # Sizes in the directory can lie; _read_member enforces them while reading.
        expanded = sum(info.file_size for info in members)
        if expanded > max_zip_bytes:
            yield _error(name, too_much)
            return
        left = max_zip_bytes
        for info in members:
            source = f"{name}/{plain_line(info.filename)}"
            refusal = _member_refusal(info, max_bytes)
            if refusal == "skip":
                continue
            if refusal:
                yield _error(source, refusal)
                continue
            limit, too_large = max_bytes, f"File larger than the {human_size(max_bytes)} limit"
            if left < limit:
                limit, too_large = left, too_much
            if budget is not None and budget.remaining < limit:
                if budget.remaining < info.file_size:
                    yield _error(source, budget.message)
                    continue
                limit, too_large = budget.remaining, budget.message
            try:
                content = _read_member(archive, info, limit, too_large)
            except ImportFailure as failure:
                yield _error(source, str(failure))
                continue
            left -= len(content)
            if budget is not None:
                budget.spend(len(content))
            yield from _file_items(source, _extension(info.filename), content, language=language)


def _member_refusal(info: zipfile.ZipInfo, max_bytes: int) -> str:
    """Why a member is not read ("skip" to pass over it silently), or "" to read it."""
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
        return "Refused: unsafe path in the archive"
    if parts[0] == "__MACOSX" or any(part.startswith(".") for part in parts if part):
        return "skip"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "Symbolic links are not imported"
    if info.flag_bits & 0x1:
        return "Encrypted files are not imported"
    if _extension(name) in _ARCHIVES:
        return "Archives inside archives are not imported"
    if info.file_size > max_bytes:
        return f"File larger than the {human_size(max_bytes)} limit"
    if info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_MAX_RATIO * max(
        info.compress_size, 1
    ):
        return f"Refused: compressed more than {ZIP_MAX_RATIO} times (a zip bomb?)"
    return ""


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, too_large: str
) -> bytes:
    """A member's bytes, never decompressing more than `limit` of them."""
    chunks, total = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(65536):
                total += len(chunk)
                if total > limit:
                    raise ImportFailure(too_large)
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        raise ImportFailure(f"Corrupt file in the archive ({error})") from None
    return b"".join(chunks)


def _extension(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def _error(source: str, message: str) -> ImportItem:
    return ImportItem(source=source, draft=None, error=message)
