"""importers.cleaning: canonical text, decoding bytes, language detection, drafts (pure)."""

import codecs
import random
import time

import pytest

from annotations.importers.base import ImportFailure
from annotations.importers.cleaning import (
    build_draft,
    clean_text,
    decode_bytes,
    derive_title,
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
        build_draft(text="ad", title="Seulement un titre")
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


# Headlines as outlets write them, English and French: short, no final period.
HEADLINES = [
    "L’Iran et la Russie renforcent leur partenariat contre l’Occident",
    "Sanctions : Téhéran répond",
    "Iran : la Russie va-t-elle lâcher Téhéran ?",
    "Who will stop the drones?",
    "Enough!",
    "Poutine à Téhéran : « Nous ne reculerons pas »",
    "« Nous ne reculerons pas ! »",
    '"We will not back down," says Iran',
    "Iran says “no deal”",
    "Et maintenant…",
    "What comes next...",
    "Exclusive: Iran's drones in Ukraine (updated)",
    "Les BRICS à Kazan : ce qu’il faut retenir du sommet de 2024",
]
BODY = "Moscou et Téhéran renforceront leur partenariat.\n\nLa suite de l’article."


@pytest.mark.parametrize("headline", HEADLINES)
@pytest.mark.parametrize("separator", ["\n\n", "\n"])
def test_a_first_line_that_looks_like_a_headline_is_the_title(headline, separator):
    draft = build_draft(text=f"{headline}{separator}{BODY}")
    assert (draft.title, draft.text, draft.title_derived) == (headline, BODY, False)


LEDE_261 = (
    "Le site Internet du réseau américain a cité aujourd'hui mercredi 23 octobre que les "
    "propos de Dimitri Peskov, attaché de presse du palais du Kremlin, selon lesquels, quoi "
    "qu'il arrive, la Russie a l'intention d'approfondir ses liens et son alliance avec l'Iran."
)


@pytest.mark.parametrize(
    ("first", "rest"),
    [
        (LEDE_261, BODY),  # too long for a headline (seed 001)
        ("Le ministre a parlé hier.", BODY),  # a full sentence
        ("Il a déclaré : « Nous ne reculerons pas. »", BODY),  # a sentence in quotes
        ("Moscou et Téhéran ont signé mercredi un accord qui, selon elles,", BODY),  # comma
        ("Le président iranien a déclaré :", "« Nous coopérerons. »"),  # a lead-in
        ("Le ministre a dit - ", BODY),  # a dash, cut off
        # A hard-wrapped paragraph: the next line goes on in lower case.
        ("The minister said on Tuesday that the country would", "not back down on sanctions."),
        (" ".join(["mot"] * 26), BODY),  # 26 words without a stop: prose
        ("Brève", ""),  # nothing after it: the line is the article
    ],
)
def test_a_first_line_that_reads_as_prose_stays_in_the_text(first, rest):
    raw = f"{first}\n{rest}" if rest else first
    draft = build_draft(text=raw, language="fr")
    assert draft.text == clean_text(raw)
    assert draft.title_derived
    assert draft.title.removesuffix("…") in draft.text


def test_a_derived_title_is_the_first_sentence_cut_at_a_word_with_an_ellipsis():
    assert derive_title(LEDE_261) == (
        "Le site Internet du réseau américain a cité aujourd'hui mercredi 23 octobre que les "
        "propos de Dimitri Peskov, attaché…"
    )
    assert derive_title("M. Poutine a reçu Dr. Pezeshkian. Puis il est parti.") == (
        "M. Poutine a reçu Dr. Pezeshkian."
    )
    assert derive_title("Les U.S. sanctions hit? Yes. More") == "Les U.S. sanctions hit?"
    assert derive_title("Première ligne sans point\nDeuxième ligne.") == (
        "Première ligne sans point"
    )
    long_word = "x" * 300
    assert derive_title(long_word) == "x" * 120 + "…"


def test_a_backup_record_keeps_its_whole_text_even_without_a_title():
    # Its annotations' offsets point into the text as given: nothing may be split off.
    draft = build_draft(text="Titre\n\nLe corps.", clean=False)
    assert (draft.title, draft.text, draft.title_derived) == ("Titre", "Titre\n\nLe corps.", True)


def test_a_single_paragraph_of_megabytes_imports_whole_and_quickly():
    line = "Le président a déclaré que la coopération serait renforcée, a-t-il dit " * 39_000
    assert len(line) > 2_700_000 and "\n" not in line
    started = time.perf_counter()
    draft = build_draft(text=line)
    # Linear work: a quadratic step would take minutes on 2.7 MB.
    assert time.perf_counter() - started < 10
    assert draft.text == line.strip()
    assert draft.title_derived and draft.title.endswith("…") and len(draft.title) <= 121
