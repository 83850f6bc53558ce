"""Where import items come from: paths, uploaded files, URLs and pasted text, with the
configured limits.

The command line, the import page and the paste form all gather their items here, so they
accept the same inputs, clean them the same way and report failures in the same words.
"""

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from annotations.importers.base import ImportFailure, ImportItem
from annotations.importers.cleaning import plain_line
from annotations.importers.files import ByteBudget, drafts_from_path, drafts_from_upload
from annotations.importers.text import draft_from_text
from annotations.importers.url import fetch_article

logger = logging.getLogger(__name__)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def items_from_url(url: str, *, language: str = "") -> ImportItem:
    """Fetch and extract one article; the failure reason becomes the item's error."""
    try:
        draft = fetch_article(
            url,
            allow_loopback=settings.NEWSROOM_URL_IMPORT_ALLOW_LOOPBACK,
            max_bytes=settings.NEWSROOM_URL_IMPORT_MAX_BYTES,
            timeout=settings.NEWSROOM_URL_IMPORT_TIMEOUT,
        )
    except ImportFailure as failure:
        return ImportItem(source=plain_line(url), draft=None, error=str(failure))
    except Exception:
        # Whatever else a fetched page sets off fails that one item, in plain words.
        logger.exception("Importing %s failed", url)
        return ImportItem(source=plain_line(url), draft=None, error="This page could not be read.")
    if language and not draft.language:
        draft.language = language
    return ImportItem(source=plain_line(url), draft=draft)


def items_from_sources(sources: Iterable[str], *, language: str = "") -> Iterator[ImportItem]:
    """Items from command-line arguments: URLs, files, folders (recursively) and zips."""
    for source in sources:
        if is_url(source):
            yield items_from_url(source, language=language)
            continue
        path = Path(source)
        if not path.exists():
            yield ImportItem(source=source, draft=None, error="No such file or folder")
            continue
        yield from drafts_from_path(
            path,
            max_bytes=settings.NEWSROOM_IMPORT_MAX_FILE_BYTES,
            max_zip_bytes=settings.NEWSROOM_IMPORT_MAX_ZIP_BYTES,
            language=language,
        )


def batch_budget() -> ByteBudget:
    """What one import from the page may read and decompress over all its files."""
    return ByteBudget(settings.NEWSROOM_IMPORT_MAX_BATCH_BYTES)


def items_from_upload(
    name: str, data: bytes | BinaryIO, *, language: str = "", budget: ByteBudget | None = None
) -> Iterator[ImportItem]:
    """Items from one uploaded file, its bytes or its opened file (a zip or a JSONL/CSV set
    gives several); `budget` is shared by the files of one import."""
    yield from drafts_from_upload(
        name,
        data,
        max_bytes=settings.NEWSROOM_IMPORT_MAX_FILE_BYTES,
        max_zip_bytes=settings.NEWSROOM_IMPORT_MAX_ZIP_BYTES,
        budget=budget,
        language=language,
    )


PASTED = "Pasted text"


def item_from_paste(
    text: str,
    *,
    title: str = "",
    url: str = "",
    outlet: str = "",
    author: str = "",
    published: object = None,
    language: str = "",
) -> ImportItem:
    """The item of the paste form: its text cleaned like an uploaded .txt file's, with the
    metadata the user typed; the failure reason becomes the item's error."""
    try:
        draft = draft_from_text(
            text,
            source=PASTED,
            language=language,
            title=title,
            url=url,
            outlet=outlet,
            author=author,
            published=published,
        )
    except ImportFailure as failure:
        return ImportItem(source=PASTED, draft=None, error=str(failure))
    return ImportItem(source=PASTED, draft=draft)
