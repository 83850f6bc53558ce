"""importers.cleaning: canonical text, decoding bytes, language detection, drafts (pure)."""

import codecs
import random

import pytest

from annotations.importers.base import ImportFailure
from annotations.importers.cleaning import (
    build_draft,
    decode_bytes,
    detect_language,
    normalize_text,
    plain_line,
    split_line_paragraphs,
    strip_controls,
    text_fingerprint,
    title_from_text,
)
from tests.importers.helpers import ARTICLE_EN, ARTICLE_FR, FIXTURES


def test_normalize_text_canonical_form():
    raw = "\ufeffTitre\r\n\r\n\r\nUn  paragraphe\t ici.  \r\nSuite\u2028\n \n\nFin e\u0301te\u0301."
    assert normalize_text(raw) == "Titre\n\nUn paragraphe ici.\nSuite\n\nFin été."


def test_normalize_text_keeps_french_non_breaking_spaces_and_is_idempotent():
    raw = "Il a dit\u202f: «\u00a0non\u00a0»  !"
    once = normalize_text(raw)
    assert once == "Il a dit\u202f: «\u00a0non\u00a0» !"
    assert normalize_text(once) == once


def test_title_from_text_and_fingerprint():
    assert title_from_text("\n Titre \nCorps\n\nSuite") == ("Titre", "Corps\n\nSuite")
    assert title_from_text("Seul") == ("Seul", "")
    assert text_fingerprint("Un  Texte\n\nICI") == text_fingerprint("un texte ici")


def test_split_line_paragraphs_only_touches_one_paragraph_per_line_blocks():
    long_line = "Le président a déclaré que la coopération serait renforcée. " * 3
    assert split_line_paragraphs(f"Titre\n{long_line}\nCourt.") == f"Titre\n\n{long_line}\n\nCourt."
    sentences = "Première phrase.\nDeuxième phrase !\nTroisième ?"
    assert split_line_paragraphs(sentences) == sentences.replace("\n", "\n\n")
    wrapped = "Une ligne coupée à la main\npar un vieux logiciel de\ncourrier électronique."
    assert split_line_paragraphs(wrapped) == wrapped


def test_cp1252_french_round_trips_exactly():
    data = (FIXTURES / "fr_cp1252.txt").read_bytes()
    text = decode_bytes(data)
    # ’ and œ and € exist in cp1252 but not in latin-1: a latin-1 guess would garble them.
    assert "« C’est un cœur qui se remet à battre »" in text
    assert "une œuvre de verre" in text and "180 €" in text and "région — une" in text
    assert text.encode("cp1252") == data
    assert "\ufffd" not in text


def test_latin1_file_decodes():
    data = (FIXTURES / "fr_latin1.txt").read_bytes()
    text = decode_bytes(data)
    assert text.startswith("La fête de la moisson")
    assert "« à l'ancienne »" in text
    assert text.encode("latin-1") == data


def test_utf8_with_bom_loses_the_bom():
    text = decode_bytes((FIXTURES / "fr_utf8_bom.txt").read_bytes())
    assert text.startswith("Le conseil départemental")
    assert "\ufeff" not in text


def test_utf16_with_bom():
    data = (FIXTURES / "en_utf16_bom.txt").read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE)
    text = decode_bytes(data)
    assert text.startswith("City council approves")
    assert "council’s transport committee" in text


def test_utf16_big_endian_and_utf8_without_bom():
    assert decode_bytes(codecs.BOM_UTF16_BE + "Été".encode("utf-16-be")) == "Été"
    assert decode_bytes("Œuvre « ici »".encode()) == "Œuvre « ici »"


def test_cp1252_undefined_bytes_fall_back_to_latin1_without_replacement_characters():
    data = b"Un caf\xe9 tr\xe8s serr\xe9, avec un octet \x81 que cp1252 ne d\xe9finit pas."
    text = decode_bytes(data)
    assert text == data.decode("latin-1")
    assert "\ufffd" not in text


def test_replacement_character_kept_only_when_the_source_had_it():
    assert decode_bytes("déjà \ufffd vu".encode()) == "déjà \ufffd vu"


@pytest.mark.parametrize(
    "data",
    [
        (FIXTURES / "binary.txt").read_bytes(),
        b"text with a \x00 NUL byte",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x00\x00",
        random.Random(3).randbytes(4000).replace(b"\x00", b"\x01"),
        b"\x01\x02\x03\x04\x05\x06\x07\x08 hello \x0e\x0f\x10\x11\x12\x13\x14",
    ],
    ids=["png", "nul", "pdf", "zip", "random-no-nul", "control-characters"],
)
def test_binary_content_is_refused(data):
    with pytest.raises(ImportFailure, match="Binary file"):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ARTICLE_FR, "fr"),
        (ARTICLE_EN, "en"),
        ("Der Stadtrat hat am Dienstag die Fußgängerzone im Zentrum beschlossen.", "de"),
        ("El ayuntamiento aprobó el martes la peatonalización del centro de la ciudad.", "es"),
        ("مسکو و تهران همکاری امنیتی خود را در برابر تحریم‌های غرب تقویت می‌کنند", "fa"),
        ("موسكو وطهران تعززان الشراكة الأمنية بينهما في مواجهة العقوبات الغربية", "ar"),
        (
            "Москва и Тегеран укрепят партнерство в сфере безопасности и будут вместе "
            "противостоять санкциям, заявил секретарь Совета безопасности.",
            "ru",
        ),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "Titre 1", "12 345 678 — 2024", "ok ok"])
def test_detect_language_says_nothing_when_unsure(text):
    assert detect_language(text) == ""


def test_detect_language_reads_only_the_start():
    # A long article is judged by its first paragraphs: cheap, and still right.
    assert detect_language(ARTICLE_FR * 3 + " " + ARTICLE_EN * 200) == "fr"


def test_build_draft_takes_title_from_first_line_and_detects_language():
    draft = build_draft(text=f"  Un   titre\n\nad\n\n{ARTICLE_FR}", author=" Jeanne  Morvan ")
    assert draft.title == "Un titre"
    assert draft.text == ARTICLE_FR
    assert draft.language == "fr"
    assert draft.author == "Jeanne Morvan"


def test_build_draft_drops_a_first_paragraph_repeating_the_title():
    draft = build_draft(text=f"Le  titre\n\n{ARTICLE_FR}", title="Le titre")
    assert draft.text == ARTICLE_FR


def test_build_draft_without_text_fails():
    with pytest.raises(ImportFailure, match="title but no text"):
        build_draft(text="Seulement un titre")
    with pytest.raises(ImportFailure, match="No article text"):
        build_draft(text="ad\n\nShare")


# Controls search would read as its own match marks, and bidi overrides that reorder text.
HOSTILE = "\x02\x03\x07\x1b\x7f\x9b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_strip_controls_removes_controls_and_bidi_overrides_but_keeps_line_ends():
    assert strip_controls(f"a{HOSTILE}b\tc\nd\r\n") == "ab\tc\nd\r\n"
    assert strip_controls("عربي \u200f«\u00a0non\u00a0»") == "عربي \u200f«\u00a0non\u00a0»"


def test_plain_line_is_one_clean_line():
    assert plain_line(f" Le\u202e titre{HOSTILE}\n du\tjour ") == "Le titre du jour"


def test_normalize_text_and_drafts_hold_no_controls():
    text = f"Un \x02mot\x03 clé.\u202e\n\nSuite{HOSTILE}."
    assert normalize_text(text) == "Un mot clé.\n\nSuite."
    draft = build_draft(
        text=text, title=f"Ti\u202etre{HOSTILE}", author="A\x02B", outlet="\u2066Gazette\u2069"
    )
    assert (draft.title, draft.text, draft.author, draft.outlet) == (
        "Titre",
        "Un mot clé.\n\nSuite.",
        "AB",
        "Gazette",
    )
