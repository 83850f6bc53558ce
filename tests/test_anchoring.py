"""anchoring: selectors, UTF-16 conversion, trimming, re-anchoring (pure)."""

import random

import pytest

from annotations import anchoring
from annotations.anchoring import Anchor, AnchorMismatch, Reanchored

TEXT = (
    "Le ministre a déclaré : « Nous coopérerons avec Téhéran. »\n\n"
    "Selon l’agence, la rencontre a eu lieu mercredi à Port-Aurel.\n\n"
    "Les sanctions occidentales pèsent sur l’économie des deux pays."
)


def test_describe_takes_32_code_points_of_context():
    start = TEXT.index("la rencontre")
    anchor = anchoring.describe(TEXT, start, start + len("la rencontre"))
    assert anchor.exact == "la rencontre"
    assert anchor.prefix == TEXT[start - 32 : start] and len(anchor.prefix) == 32
    assert anchor.suffix == TEXT[anchor.end : anchor.end + 32]


def test_describe_at_the_edges_of_the_text():
    anchor = anchoring.describe(TEXT, 0, 2)
    assert (anchor.prefix, anchor.exact) == ("", "Le")
    end = anchoring.describe(TEXT, len(TEXT) - 5, len(TEXT))
    assert end.suffix == "" and end.exact == "pays."


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (6, 2), (0, 10_000)])
def test_describe_refuses_bad_ranges(start, end):
    with pytest.raises(ValueError):
        anchoring.describe(TEXT, start, end)


@pytest.mark.parametrize("text", ["abc", "a😀b", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "e\u0301té", "😀😀 x 𝔘"])
def test_utf16_round_trip_on_every_offset(text):
    for offset in range(len(text) + 1):
        units = anchoring.codepoint_to_utf16(text, offset)
        assert units == len(text[:offset].encode("utf-16-le")) // 2
        assert anchoring.utf16_to_codepoint(text, units) == offset


def test_utf16_offsets_inside_a_surrogate_pair_or_beyond_are_refused():
    with pytest.raises(ValueError, match="surrogate"):
        anchoring.utf16_to_codepoint("a😀b", 2)
    with pytest.raises(ValueError):
        anchoring.utf16_to_codepoint("abc", 4)
    with pytest.raises(ValueError):
        anchoring.utf16_to_codepoint("abc", -1)


def test_combining_accents_stay_two_code_points():
    text = "cafe\u0301 noir"  # NFD: the importer normalises to NFC, anchoring does not
    start = anchoring.utf16_to_codepoint(text, 0)
    end = anchoring.utf16_to_codepoint(text, 5)
    assert text[start:end] == "cafe\u0301"


@pytest.mark.parametrize(
    ("selected", "trimmed"),
    [(" mot ", "mot"), ("\u00a0mot\n", "mot"), ("\n\nmot\u202f", "mot"), ("mot", "mot")],
)
def test_trim_whitespace(selected, trimmed):
    text = "avant" + selected + "après"
    start, end = anchoring.trim_whitespace(text, 5, 5 + len(selected))
    assert text[start:end] == trimmed


def test_trim_refuses_pure_whitespace():
    with pytest.raises(ValueError, match="whitespace"):
        anchoring.trim_whitespace("a \n\u00a0 b", 1, 5)


def test_selection_to_anchor_with_emoji_and_paragraphs():
    text = "😀 Premier.\n\n« Second » paragraphe."
    start_cp = text.index("Premier")
    end_cp = text.index(" paragraphe")
    anchor = anchoring.selection_to_anchor(
        text,
        anchoring.codepoint_to_utf16(text, start_cp - 1),  # a space included, then trimmed
        anchoring.codepoint_to_utf16(text, end_cp),
        "Premier.\n« Second »",  # the browser renders the paragraph break as one newline
    )
    assert (anchor.start, anchor.end) == (start_cp, end_cp)
    assert anchor.exact == "Premier.\n\n« Second »"


def test_selection_to_anchor_refuses_a_mismatch():
    with pytest.raises(AnchorMismatch):
        anchoring.selection_to_anchor(TEXT, 0, 10, "autre chose")


def test_crlf_text_counts_carriage_returns():
    text = "Ligne une.\r\n\r\nLigne deux."
    start = text.index("deux")
    anchor = anchoring.selection_to_anchor(text, start, start + 4, "deux")
    assert text[anchor.start : anchor.end] == "deux"


def _anchor(text, phrase, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return anchoring.describe(text, start, start + len(phrase))


def _place(text, anchor):
    return anchoring.reanchor(
        text,
        start=anchor.start,
        end=anchor.end,
        exact=anchor.exact,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
    )


def test_unchanged_text_keeps_the_position():
    anchor = _anchor(TEXT, "la rencontre")
    assert _place(TEXT, anchor) == Reanchored(anchor.start, anchor.end, "position")


def test_edit_before_the_quote_shifts_it():
    anchor = _anchor(TEXT, "la rencontre")
    edited = "Un chapeau ajouté.\n\n" + TEXT
    placed = _place(edited, anchor)
    assert edited[placed.start : placed.end] == "la rencontre"
    assert placed.method == "quote"


def test_edit_after_the_quote_changes_nothing():
    anchor = _anchor(TEXT, "Nous coopérerons")
    edited = TEXT.replace("deux pays", "trois pays")
    assert _place(edited, anchor).method == "position"


def test_edit_inside_the_quote_is_found_by_fuzzy_match():
    anchor = _anchor(TEXT, "la rencontre a eu lieu mercredi à Port-Aurel")
    edited = TEXT.replace("a eu lieu mercredi", "a eu lieu mardi")
    placed = _place(edited, anchor)
    assert placed is not None and placed.method == "fuzzy"
    assert edited[placed.start : placed.end] == "la rencontre a eu lieu mardi à Port-Aurel"


def test_deleted_quote_is_orphaned():
    anchor = _anchor(TEXT, "Les sanctions occidentales pèsent")
    edited = TEXT[: TEXT.index("Les sanctions")].rstrip()
    assert _place(edited, anchor) is None


def test_quote_moved_to_another_paragraph():
    anchor = _anchor(TEXT, "Les sanctions occidentales pèsent sur l’économie des deux pays.")
    paragraphs = TEXT.split("\n\n")
    edited = "\n\n".join([paragraphs[2], paragraphs[0], paragraphs[1]])
    placed = _place(edited, anchor)
    assert edited[placed.start : placed.end] == anchor.exact


def test_repeated_phrase_is_told_apart_by_its_context():
    text = "À Moscou, il a dit oui. Plus tard, à Téhéran, il a dit oui. Fin."
    second = _anchor(text, "il a dit oui", occurrence=1)
    edited = "Préambule. " + text
    placed = _place(edited, second)
    assert edited[placed.start - 11 : placed.start] == "à Téhéran, "


def test_lookalike_paragraphs_never_capture_an_anchor():
    paragraph = "Le porte-parole a répété : « aucune livraison n’a eu lieu »."
    text = f"{paragraph}\n\nIntermède.\n\n{paragraph}"
    anchor = _anchor(text, "aucune livraison", occurrence=0)
    # The first copy and its surroundings disappear; two identical candidates remain.
    edited = f"Autre chose.\n\n{paragraph}\n\nAutre chose.\n\n{paragraph}"
    assert _place(edited, anchor) is None


def test_inserted_copy_at_the_old_position_does_not_steal_the_anchor():
    text = "Premier. Il a dit : « nous verrons ». Suite du texte ici."
    anchor = _anchor(text, "« nous verrons »")
    inserted = "Intro : « nous verrons » ailleurs. "
    edited = inserted + text
    placed = _place(edited, anchor)
    assert placed.start == len(inserted) + anchor.start


def test_reanchor_many_equals_reanchor_one_by_one():
    rng = random.Random(5)
    anchors = []
    for _ in range(50):
        start = rng.randrange(0, len(TEXT) - 40)
        anchors.append(anchoring.describe(TEXT, start, start + rng.randint(3, 40)))
    edited = "Ajout.\n\n" + TEXT.replace("mercredi", "jeudi")
    many = anchoring.reanchor_many(edited, anchors)
    assert many == [_place(edited, anchor) for anchor in anchors]
    for placed, anchor in zip(many, anchors, strict=True):
        if placed is not None and placed.method in ("position", "quote"):
            assert edited[placed.start : placed.end] == anchor.exact


def test_never_a_wrong_anchor_on_random_edits():
    """Random insertions and deletions: every placed exact/quote anchor shows its quote."""
    rng = random.Random(42)
    for _ in range(200):
        start = rng.randrange(0, len(TEXT) - 30)
        anchor = anchoring.describe(TEXT, start, start + rng.randint(5, 30))
        cut = rng.randrange(0, len(TEXT))
        edited = (
            TEXT[:cut] + rng.choice(["", "Inséré ici. ", "😀"]) + TEXT[cut + rng.randint(0, 5) :]
        )
        placed = _place(edited, anchor)
        if placed is not None and placed.method != "fuzzy":
            assert edited[placed.start : placed.end] == anchor.exact


def test_anchor_is_a_value_object():
    assert Anchor(1, 2, "a", "", "") == Anchor(1, 2, "a", "", "")


def test_sentence_context():
    text = "Première phrase. Le ministre a dit : « Nous verrons » hier soir. Autre phrase."
    start = text.index("« Nous")
    before, after = anchoring.sentence_context(text, start, start + len("« Nous verrons »"))
    assert before == "Le ministre a dit : "
    assert after == " hier soir."
