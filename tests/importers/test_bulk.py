"""importers.bulk: JSON Lines and CSV sets of articles, one item per record."""

import datetime as dt
import json

import pytest

from annotations.importers.bulk import draft_from_record, iter_csv, iter_jsonl
from tests.importers.helpers import FIXTURES, paragraphs_of


def test_jsonl_items_with_a_bad_line():
    items = list(iter_jsonl((FIXTURES / "articles.jsonl").read_bytes(), source="lot.jsonl"))
    assert [item.source for item in items] == [
        "lot.jsonl:1",
        "lot.jsonl:2",
        "lot.jsonl:3",
        "lot.jsonl:5",
        "lot.jsonl:6",
        "lot.jsonl:7",
    ]
    first, bad, with_notes, no_text, from_html, bad_date = items
    assert first.draft.title == "Le port de Kerlann s’agrandit"
    assert first.draft.text.endswith("\n\nLes travaux commenceront à l’automne.")
    assert first.draft.outlet == "Gazette du Nord" and first.draft.author == "Jeanne Morvan"
    assert first.draft.published == dt.datetime(2024, 3, 1, 8, 15, tzinfo=dt.UTC)
    assert first.draft.url == "https://news.example.org/kerlann-port"
    assert first.draft.language == "fr"
    assert bad.draft is None and bad.error.startswith("Invalid JSON")
    notes = with_notes.draft.annotations
    assert notes == [{"start": 0, "end": 9, "exact": "The offsh", "note": "kept as is"}]
    assert with_notes.draft.text[notes[0]["start"] : notes[0]["end"]] == notes[0]["exact"]
    assert with_notes.draft.language == "en"
    assert no_text.draft is None and "text" in no_text.error
    assert from_html.draft.title == "La médiathèque s’agrandit"
    assert from_html.draft.outlet == "Le Courrier du Val"
    assert from_html.draft.url == "https://courrier-val.example/mediatheque"
    assert bad_date.draft is None and "published date" in bad_date.error


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('["not", "an", "object"]', "JSON object"),
        ('{"text": 12}', '"text" must be a string'),
        ('{"text": "Titre\\n\\nCorps.", "annotations": "x"}', "annotations"),
    ],
)
def test_jsonl_record_errors(line, message):
    (item,) = iter_jsonl(line.encode(), source="x.jsonl")
    assert item.draft is None and message in item.error


def test_jsonl_language_fallback_and_binary():
    data = b'{"title": "T", "text": "Court."}\n{"title": "U", "text": "Bref.", "language": "de"}'
    languages = [item.draft.language for item in iter_jsonl(data, source="x", language="fr")]
    assert languages == ["fr", "de"]
    (item,) = iter_jsonl(b"\x00\x01\x02", source="x.jsonl")
    assert item.error == "Binary file, not text"


def test_jsonl_roundtrip_sources_are_stable():
    data = "\n".join(
        json.dumps({"title": f"T{n}", "text": f"Texte numéro {n}."}) for n in range(3)
    ).encode()
    assert [item.source for item in iter_jsonl(data, source="s.jsonl")] == [
        "s.jsonl:1",
        "s.jsonl:2",
        "s.jsonl:3",
    ]


def test_csv_with_semicolons_in_cp1252():
    items = list(iter_csv((FIXTURES / "articles_semicolon.csv").read_bytes(), source="lot.csv"))
    assert [item.source for item in items] == ["lot.csv:2", "lot.csv:5", "lot.csv:6"]
    gare, ferry, empty = items
    assert gare.draft.title == "La gare routière déménage"
    assert paragraphs_of(gare.draft.text)[1].startswith("Les usagers dénoncent « un éloignement")
    assert gare.draft.author == "Paul Le Goff" and gare.draft.language == "fr"
    assert gare.draft.published == dt.datetime(2024, 4, 2, tzinfo=dt.UTC)
    assert ferry.draft.text.startswith("From May, the island ferry will run twice a day")
    assert ferry.draft.language == "en" and ferry.draft.outlet == "Carrow Weekly"
    assert empty.draft is None and "text" in empty.error


def test_csv_with_commas_and_annotations_column():
    data = (
        b'title,text,annotations\n"Un titre","Un texte, avec une virgule.",'
        b'"[{""start"": 0, ""end"": 2}]"\n"Deux","Texte deux.","not json"\n'
    )
    first, second = iter_csv(data, source="c.csv")
    assert first.draft.text == "Un texte, avec une virgule."
    assert first.draft.annotations == [{"start": 0, "end": 2}]
    assert second.draft is None and "annotations" in second.error


def test_csv_without_text_column_is_one_clear_error():
    (item,) = iter_csv(b"titre;corps\nA;B\n", source="c.csv")
    assert item.draft is None
    assert item.error == "The CSV header must name a text or html column (found: titre, corps)"


def test_a_record_with_an_unknown_language_fails_alone():
    lines = [
        {"title": "Un", "text": "Le conseil municipal a adopté le projet.", "language": "xx"},
        {"title": "Deux", "text": "Le conseil municipal a adopté le projet.", "language": "fr"},
        {"title": "Trois", "text": "Texte.", "language": "=2+5", "annotations": []},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    first, second, backup = iter_jsonl(data, source="lot.jsonl")
    assert first.draft is None and "Unknown language code 'xx'" in first.error
    assert second.draft is not None and second.draft.language == "fr"
    assert backup.draft is None and "Unknown language code '=2+5'" in backup.error
    (row,) = iter_csv(b"title,text,language\nUn,Du texte.,abcdefghijkl\n", source="lot.csv")
    assert row.draft is None and "Unknown language code" in row.error


def test_a_backups_article_without_a_language_keeps_none():
    text = "Le ministre a déclaré que la coopération énergétique continuerait cette année."
    backup = {"title": "Sans langue", "text": text, "language": "", "annotations": []}
    plain = {"title": "Détectée", "text": text, "language": ""}
    written_by_hand = {"title": "Sans clé", "text": text, "annotations": []}
    data = "\n".join(json.dumps(r) for r in (backup, plain, written_by_hand)).encode()
    languages = [item.draft.language for item in iter_jsonl(data, source="b.jsonl")]
    # The backup says it has none; a record that does not say gets detection as ever.
    assert languages == ["", "fr", "fr"]


LEDE = (
    "Le site Internet du réseau américain a cité mercredi les propos de Dimitri Peskov, "
    "selon lesquels la Russie a l'intention d'approfondir ses liens avec l'Iran."
)
PAGE = (
    f"<html><body><article><p>{LEDE}</p><p>Peskov a déclaré : « Nous avons développé notre "
    "coopération avec l'Iran dans divers domaines et nous comptons l'accroître ».</p><p>Il a "
    "ajouté que cette coopération n'est en aucun cas dirigée contre des pays tiers, lors "
    "d'une conférence de presse au Kremlin.</p></article></body></html>"
)


def test_a_row_without_title_keeps_its_lede_and_derives_the_title():
    draft = draft_from_record({"text": f"{LEDE}\nLa suite de l’article."})
    assert draft.text == f"{LEDE}\n\nLa suite de l’article."
    assert draft.title_derived and LEDE.startswith(draft.title.removesuffix("…"))


def test_a_row_title_over_html_is_not_marked_derived():
    assert draft_from_record({"html": PAGE}).title_derived
    draft = draft_from_record({"html": PAGE, "title": "Peskov et l’Iran"})
    assert (draft.title, draft.title_derived) == ("Peskov et l’Iran", False)
