"""Canonical text, decoding, boilerplate removal and language detection (pure, no database)."""

import codecs
import random

import pytest

from annotations.importers.base import ImportFailure, language_code, parse_published
from annotations.importers.cleaning import (
    build_draft,
    clean_text,
    decode_bytes,
    detect_language,
    normalize_text,
    remove_boilerplate,
    split_line_paragraphs,
    text_fingerprint,
    title_from_text,
)
from tests.helpers import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "importers"


# --- normalize_text and friends --------------------------------------------------------------


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


# --- decode_bytes ----------------------------------------------------------------------------


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


# --- remove_boilerplate ----------------------------------------------------------------------

ARTICLE_FR = (
    "Le conseil municipal a adopté mardi soir le projet de piétonnisation du centre, "
    "après trois heures de débats parfois vifs entre la majorité et l’opposition."
)
ARTICLE_EN = (
    "The council voted on Tuesday to pedestrianise the town centre after three hours "
    "of sometimes heated debate between the majority and the opposition."
)


@pytest.mark.parametrize(
    "junk",
    [
        "ad",
        "Advertisement",
        "- Advertisement -",
        "PUBLICITÉ",
        "publicité",
        "Sponsored",
        "Share",
        "Partager",
        "Facebook",
        "Twitter",
        "WhatsApp",
        "Tweet",
        "Email",
        "Imprimer",
        "Print",
        "Partager sur Facebook",
        "Share on X | LinkedIn | Email",
        "Ce site utilise des cookies pour améliorer votre expérience. En poursuivant votre "
        "navigation, vous acceptez leur utilisation.",
        "We use cookies to improve your experience. Cookie settings",
        "Tout accepter",
        "Inscrivez-vous à notre newsletter et recevez l’essentiel de l’actualité.",
        "Sign up for our newsletter",
        "Lire aussi : Le pont levant fermé pour travaux",
        "À lire aussi >> La gare routière déménage",
        "LIRE AUSSI » Le marché couvert rouvre",
        "Read more: Ferry timetable changes",
        "Related — Storm closes the ferry line",
        "Please enter your comment!",
        "You have entered an incorrect email address!",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Enregistrer mon nom, mon e-mail et mon site dans le navigateur pour mon prochain "
        "commentaire.",
        "Annuler la réponse",
    ],
)
def test_single_junk_lines_are_dropped(junk):
    text = f"{ARTICLE_FR}\n\n{junk}\n\n{ARTICLE_EN}"
    assert clean_text(text) == f"{ARTICLE_FR}\n\n{ARTICLE_EN}"


@pytest.mark.parametrize(
    "paragraph",
    [
        "L’opposition a dénoncé sur Twitter un calendrier « dicté par les élections ».",
        "The minister announced on Facebook and Twitter that she would resign next week.",
        "Print and broadcast journalists were kept waiting outside the courtroom all day.",
        "La CNIL reproche au site de ne pas permettre de refuser les cookies aussi facilement "
        "que de les accepter.",
        "Le journal a lancé une newsletter hebdomadaire consacrée à l’agriculture.",
        "Lire aussi la lettre ouverte publiée par les syndicats, qui réclament un moratoire.",
        "Ad hoc committees were set up in every district.",
        "Partager les richesses : tel était le mot d’ordre des manifestants.",
        "Related-party transactions were reviewed by the auditors last year.",
        "The EU’s new cookie policy rules take effect on Monday, regulators said.",
        "« Nous utilisons des cookies de manière responsable », a assuré le directeur.",
    ],
)
def test_real_paragraphs_that_mention_junk_words_are_kept(paragraph):
    text = f"{ARTICLE_FR}\n\n{paragraph}\n\n{ARTICLE_EN}"
    assert clean_text(text) == f"{ARTICLE_FR}\n\n{paragraph}\n\n{ARTICLE_EN}"


def test_comment_form_block_at_the_end_is_removed():
    text = (
        f"Titre\n\n{ARTICLE_EN}\n\nLeave a Reply Cancel reply\n\nYour email address will not "
        "be published. Required fields are marked *\n\nComment *\n\nName *\n\nEmail *\n\n"
        "Website\n\nSave my name, email, and website in this browser for the next time I "
        "comment.\n\nPost Comment\n\nΔ"
    )
    assert clean_text(text) == f"Titre\n\n{ARTICLE_EN}"


def test_related_block_drops_its_headlines_but_not_the_article_after_it():
    text = (
        f"{ARTICLE_FR}\n\nÀ lire aussi\nLe pont levant fermé pour travaux\n"
        f"Grève des bus : le trafic perturbé jusqu’à vendredi\n\n{ARTICLE_EN}"
    )
    assert clean_text(text) == f"{ARTICLE_FR}\n\n{ARTICLE_EN}"


def test_junk_tail_after_a_related_heading_is_cut():
    text = (
        f"{ARTICLE_FR}\n\nArticles similaires\n\nLe pont levant fermé pour travaux\n\n"
        "Grève des bus : le trafic perturbé\n\n12 mars 2024\n\nMore from Gazette"
    )
    assert clean_text(text) == ARTICLE_FR


def test_junk_tail_is_cut_even_after_a_related_box_mid_article():
    text = (
        f"{ARTICLE_FR}\n\nLire aussi\nLe pont levant fermé pour travaux\n\n{ARTICLE_EN}\n\n"
        "Commentaires\n\nJean D.\n\n12 mars 2024\n\nBravo"
    )
    assert clean_text(text) == f"{ARTICLE_FR}\n\n{ARTICLE_EN}"


def test_subheadings_and_short_paragraphs_survive():
    text = (
        f"{ARTICLE_FR}\n\nUne tarification unique\n\n{ARTICLE_EN}\n\n"
        "Les premiers essais débuteront lundi."
    )
    assert clean_text(text) == text


def test_remove_boilerplate_only_removes_whole_lines():
    text = "Premier paragraphe.\r\nad\r\nSecond paragraphe."
    assert remove_boilerplate(text) == "Premier paragraphe.\nSecond paragraphe."


# --- language ----------------------------------------------------------------------------------


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


# --- drafts, dates, language codes -------------------------------------------------------------


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


def test_parse_published():
    import datetime as dt

    assert parse_published("2024-03-14") == dt.datetime(2024, 3, 14, tzinfo=dt.UTC)
    assert parse_published("2024-03-14T08:30:00Z") == dt.datetime(2024, 3, 14, 8, 30, tzinfo=dt.UTC)
    with_offset = parse_published("2024-03-14T08:30:00+0100")
    assert with_offset.utcoffset() == dt.timedelta(hours=1)
    assert parse_published("2024-03-14 08:30").tzinfo == dt.UTC
    assert parse_published("") is None and parse_published(None) is None
    with pytest.raises(ImportFailure, match="Unreadable published date"):
        parse_published("14/03/2024")


@pytest.mark.parametrize(
    ("tag", "code"), [("fr", "fr"), ("fr-FR", "fr"), ("EN_gb", "en"), ("French", ""), ("", "")]
)
def test_language_code(tag, code):
    assert language_code(tag) == code
