"""importers.files: uploads and paths dispatched by extension, zip archives, folders."""

import io
import zipfile
from pathlib import Path

import pytest

from annotations.importers.files import drafts_from_path, drafts_from_upload
from tests.importers.helpers import BOILERPLATE_PAGE, FIXTURES, assert_canonical_shape


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("fr_cp1252.txt", "Le marché couvert de Saint-Aubin-des-Landes rouvre ses portes"),
        ("fr_latin1.txt", "La fête de la moisson attire les foules"),
        ("fr_utf8_bom.txt", "Le conseil départemental vote son budget"),
        ("en_utf16_bom.txt", "City council approves riverside cycle path"),
        ("article.md", "Les ostréiculteurs de la baie inquiets pour la saison"),
        ("article_boilerplate.html", "Le tramway de Port-Ardent ouvrira au printemps"),
    ],
)
def test_upload_dispatch_by_extension(name, title):
    (item,) = drafts_from_upload(name, (FIXTURES / name).read_bytes())
    assert item.error is None and item.source == name
    assert item.draft.title == title
    assert_canonical_shape(item.draft.text)


def test_cp1252_upload_text_is_exact():
    (item,) = drafts_from_upload("a.txt", (FIXTURES / "fr_cp1252.txt").read_bytes())
    source = (FIXTURES / "fr_cp1252.txt").read_bytes().decode("cp1252")
    assert item.draft.text == source.split("\n\n", 1)[1].strip()


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("empty.txt", b"", "The file is empty"),
        ("blank.md", b"  \n\n  ", "The file is empty"),
        ("binary.txt", (FIXTURES / "binary.txt").read_bytes(), "Binary file, not text"),
        ("photo.html", (FIXTURES / "binary.txt").read_bytes(), "Binary file, not text"),
        ("report.pdf", b"%PDF-1.7", "Unsupported file type .pdf"),
        ("README", b"hello", "Unsupported file type (no extension)"),
        ("broken.zip", b"PK\x03\x04 not really", "Not a valid zip archive"),
    ],
)
def test_upload_errors(name, data, error):
    (item,) = drafts_from_upload(name, data)
    assert item.draft is None and item.error == error and item.source == name


def test_upload_over_the_limit():
    (item,) = drafts_from_upload("big.txt", b"a" * 2001, max_bytes=2000)
    assert item.error == "File larger than the 2 kB limit"


def test_upload_language_overrides_detection():
    (item,) = drafts_from_upload("a.txt", (FIXTURES / "fr_cp1252.txt").read_bytes(), language="br")
    assert item.draft.language == "br"


def test_upload_jsonl_and_csv_give_many_items():
    items = list(drafts_from_upload("lot.jsonl", (FIXTURES / "articles.jsonl").read_bytes()))
    assert len(items) == 6 and sum(item.draft is not None for item in items) == 3
    items = list(drafts_from_upload("lot.CSV", (FIXTURES / "articles_semicolon.csv").read_bytes()))
    assert [item.source for item in items] == ["lot.CSV:2", "lot.CSV:5", "lot.CSV:6"]


ARTICLE = "Un titre\n\nUn paragraphe de texte assez long pour être un article.\n"


def _zip(members, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_imports_members_and_skips_junk():
    data = _zip(
        [
            ("lot/", b""),
            ("lot/b.txt", ARTICLE.encode()),
            ("lot/a.md", b"# Titre A\n\nLe *texte* A."),
            ("lot/page.html", BOILERPLATE_PAGE),
            ("lot/set.jsonl", b'{"title": "J", "text": "Texte J."}\n{bad'),
            ("__MACOSX/lot/._b.txt", b"\x00\x05\x16\x07"),
            ("lot/.DS_Store", b"\x00\x00\x00\x01Bud1"),
            ("lot/notes.pdf", b"%PDF-1.4"),
        ]
    )
    items = list(drafts_from_upload("envoi.zip", data))
    assert [(item.source, item.error) for item in items] == [
        ("envoi.zip/lot/b.txt", None),
        ("envoi.zip/lot/a.md", None),
        ("envoi.zip/lot/page.html", None),
        ("envoi.zip/lot/set.jsonl:1", None),
        ("envoi.zip/lot/set.jsonl:2", items[4].error),
        ("envoi.zip/lot/notes.pdf", "Unsupported file type .pdf"),
    ]
    assert items[4].error.startswith("Invalid JSON")
    assert items[1].draft.title == "Titre A" and items[1].draft.text == "Le texte A."
    assert items[2].draft.outlet == "La Gazette du Littoral"


@pytest.mark.parametrize("name", ["../evil.txt", "lot/../../evil.txt", "/etc/evil.txt", "C:/x.txt"])
def test_zip_refuses_unsafe_paths_and_imports_the_rest(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = _zip([(name, ARTICLE.encode()), ("ok.txt", ARTICLE.encode())])
    bad, good = drafts_from_upload("envoi.zip", data)
    assert bad.draft is None and bad.error == "Refused: unsafe path in the archive"
    assert good.draft is not None and good.source == "envoi.zip/ok.txt"
    # Nothing is ever written out.
    assert list(tmp_path.iterdir()) == [] and not Path("/etc/evil.txt").exists()


def test_zip_bomb_member_is_refused_by_ratio():
    data = _zip([("bomb.txt", b"a" * 5_000_000), ("ok.txt", ARTICLE.encode())])
    assert len(data) < 50_000
    bomb, ok = drafts_from_upload("bomb.zip", data)
    assert bomb.draft is None and "compressed more than 100 times" in bomb.error
    assert ok.draft is not None


def test_zip_member_over_the_size_limit_is_refused():
    data = _zip([("big.txt", b"Titre\n\n" + b"x" * 30_000), ("ok.txt", ARTICLE.encode())])
    big, ok = drafts_from_upload("lot.zip", data, max_bytes=20_000)
    assert big.error == "File larger than the 20 kB limit"
    assert ok.draft is not None


def test_zip_total_expansion_is_capped():
    members = [(f"{n}.txt", ARTICLE.encode() + b"x" * 900) for n in range(6)]
    (item,) = drafts_from_upload("lot.zip", _zip(members), max_bytes=1000)
    assert item.error == "The archive expands to more than 5 kB"


def test_zip_with_too_many_members(monkeypatch):
    monkeypatch.setattr("annotations.importers.files.ZIP_MAX_MEMBERS", 3)
    members = [(f"{n}.txt", ARTICLE.encode()) for n in range(4)]
    (item,) = drafts_from_upload("lot.zip", _zip(members))
    assert item.error == "Too many files in the archive (4; at most 3)"


def test_zip_corrupt_member_fails_alone():
    data = bytearray(
        _zip([("a.txt", ARTICLE.encode()), ("b.txt", ARTICLE.encode())], zipfile.ZIP_STORED)
    )
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("a.txt")
    # Local header is 30 bytes + name + extra; flip a byte of the stored content.
    position = info.header_offset + 30 + len(info.filename) + len(info.extra) + 12
    data[position] ^= 0xFF
    corrupt, good = drafts_from_upload("lot.zip", bytes(data))
    assert corrupt.draft is None and corrupt.error.startswith("Corrupt file in the archive")
    assert good.draft is not None and good.source == "lot.zip/b.txt"


def test_nested_zip_is_refused():
    inner = _zip([("a.txt", ARTICLE.encode())])
    nested, ok = drafts_from_upload("lot.zip", _zip([("inner.zip", inner), ("b.txt", ARTICLE)]))
    assert nested.error == "Archives inside archives are not imported"
    assert ok.draft is not None


def test_drafts_from_path_walks_a_folder_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.md").write_text("# Titre\n\nCorps du texte.", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / ".hidden" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    (tmp_path / "lot.zip").write_bytes(_zip([("in.txt", ARTICLE.encode())]))
    items = list(drafts_from_path(tmp_path))
    assert [Path(item.source).relative_to(tmp_path).as_posix() for item in items] == [
        "a.md",
        "b/z.txt",
        "c.txt",
        "lot.zip/in.txt",
    ]
    assert [item.error for item in items] == [None, None, "The file is empty", None]
    (single,) = drafts_from_path(tmp_path / "b" / "z.txt", language="fr")
    assert single.draft.title == "Un titre" and single.draft.language == "fr"
    (big,) = drafts_from_path(tmp_path / "b" / "z.txt", max_bytes=10)
    assert big.error == "File larger than the 10 bytes limit"


def test_a_single_article_file_over_the_article_limit_is_refused(monkeypatch):
    monkeypatch.setattr("annotations.importers.files.ARTICLE_FILE_MAX_BYTES", 1_000)
    big = ARTICLE.encode() + b" suite" * 300
    for name, data in [
        ("long.txt", big),
        ("long.txt", io.BytesIO(big)),
        ("lot.zip", _zip([("long.md", big)])),
    ]:
        (item,) = drafts_from_upload(name, data)
        assert item.error.startswith("File larger than the 1 kB one article may hold")
        assert item.error.endswith(
            "one article may hold (many articles go in a .jsonl or .csv file)"
        )
    (ok,) = drafts_from_upload("court.txt", ARTICLE.encode())
    assert ok.draft is not None
