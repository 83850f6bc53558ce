"""entities: actors found in text (spellings, elision, word boundaries, offsets)."""

import pytest

from annotations import entities
from annotations.models import EntityAlias
from annotations.services import registry as actor_registry
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    patrushev = EntityFactory(name="Nikolai Patrushev", kind="person")
    for alias in ("Patrouchev", "Patrushev", "Nikolaï Patrouchev"):
        EntityAlias.objects.create(entity=patrushev, name=alias)
    iran = EntityFactory(name="Iran", kind="country")
    EntityAlias.objects.create(entity=iran, name="RII")
    israel = EntityFactory(name="Israël", kind="country")
    ahmadian = EntityFactory(name="Ali Akbar Ahmadian", kind="person")
    EntityAlias.objects.create(entity=ahmadian, name="Ahmadian")
    council = EntityFactory(name="Conseil de sécurité russe", kind="organisation")
    russia = EntityFactory(name="Russie", kind="country")
    return {
        "patrushev": patrushev,
        "iran": iran,
        "israel": israel,
        "ahmadian": ahmadian,
        "council": council,
        "russia": russia,
    }


def found(text):
    return [(m.text, m.entity_id) for m in entities.find_registry_mentions(text)]


def test_spellings_ignore_case_and_accents(registry):
    pk = registry["patrushev"].pk
    text = "PATROUCHEV a vu Pâtrouchev puis Nikolai Patrouchev et patrushev."
    assert found(text) == [
        ("PATROUCHEV", pk),
        ("Pâtrouchev", pk),
        ("Nikolai Patrouchev", pk),
        ("patrushev", pk),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("l'Iran refuse", "Iran"),
        ("l’Iran refuse", "Iran"),
        ("L’Iran refuse", "Iran"),
        ("les propos d’Ahmadian", "Ahmadian"),
        ("lorsqu’Israël répond", "Israël"),
        ("qu’Israël répond", "Israël"),
    ],
)
def test_french_elision(registry, text, expected):
    assert [mention for mention, _ in found(text)] == [expected]


def test_word_boundaries(registry):
    assert found("Le peuple iranien et les Iraniens") == []
    assert [m for m, _ in found("(Iran), Iran. «Iran»")] == ["Iran", "Iran", "Iran"]


def test_longest_match_first(registry):
    text = "Le Conseil de sécurité russe et la Russie."
    assert found(text) == [
        ("Conseil de sécurité russe", registry["council"].pk),
        ("Russie", registry["russia"].pk),
    ]


def test_offsets_are_exact_code_points_with_emoji_nfd_and_expansions(registry):
    text = "😀 Straße, ﬁn : Israe\u0301l et l’𝔘 Iran."
    mentions = entities.find_registry_mentions(text)
    assert [text[m.start : m.end] for m in mentions] == ["Israe\u0301l", "Iran"]
    assert all(m.text == text[m.start : m.end] for m in mentions)


def test_new_spelling_is_found_at_once(registry):
    assert found("Le guide de la RII et Téhéran") == [("RII", registry["iran"].pk)]
    actor_registry.entity_alias_add(entity=registry["iran"], name="Téhéran")
    assert [m for m, _ in found("Le guide de la RII et Teheran")] == ["RII", "Teheran"]


def test_suggestions_without_the_recogniser(registry, monkeypatch):
    monkeypatch.setattr(entities, "ner_available", lambda language: False)
    suggestions = entities.suggest_mentions("Patrouchev rencontre Ahmadian en Iran.", "fr")
    assert [(s["text"], s["label"], s["source"]) for s in suggestions] == [
        ("Patrouchev", "PER", "registry"),
        ("Ahmadian", "PER", "registry"),
        ("Iran", "LOC", "registry"),
    ]
    assert set(suggestions[0]) == {"start", "end", "text", "label", "actor_id", "source"}


def test_mention_context():
    before, match, after = entities.mention_context("abcdefghij", 4, 6, width=2)
    assert (before, match, after) == ("…cd", "ef", "gh…")


def _ner_or_skip():
    import os

    if not entities.ner_available("fr"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI installs the French pipeline (requirements-ner.txt)")
        pytest.skip("spaCy's French pipeline is not installed")


def test_recogniser_quality_on_our_french_sample(capsys):
    """Precision and recall on a small hand-annotated sample of our own sentences."""
    import json
    from pathlib import Path

    _ner_or_skip()
    sample = json.loads((Path(__file__).parent / "fixtures/ner/fr_sample.json").read_text())
    gold, predicted, exact_hits, relaxed_hits = 0, 0, 0, 0
    for item in sample:
        text = item["text"]
        truth = []
        for surface, label in item["entities"]:
            start = text.index(surface)
            truth.append((start, start + len(surface), label))
        found = [(m.start, m.end, m.label) for m in entities.find_ner_mentions(text, "fr")]
        gold += len(truth)
        predicted += len(found)
        exact_hits += len(set(truth) & set(found))
        relaxed_hits += sum(
            any(s < e2 and s2 < e and label == label2 for s2, e2, label2 in found)
            for s, e, label in truth
        )
    precision, recall = exact_hits / max(predicted, 1), exact_hits / gold
    relaxed_recall = relaxed_hits / gold
    with capsys.disabled():
        print(
            f"\nNER (fr_core_news_sm) on {gold} gold mentions: precision {precision:.2f}, "
            f"recall {recall:.2f} (exact span and label), recall {relaxed_recall:.2f} (overlap)"
        )
    assert relaxed_recall >= 0.5 and precision >= 0.4


def test_suggestions_combine_registry_and_recogniser(registry):
    _ner_or_skip()
    text = "Patrouchev a rencontré Karim Benali à Genève."
    suggestions = entities.suggest_mentions(text, "fr")
    by_text = {s["text"]: s for s in suggestions}
    assert by_text["Patrouchev"]["source"] == "registry"
    assert (
        by_text["Karim Benali"]["source"] == "ner" and by_text["Karim Benali"]["actor_id"] is None
    )
    assert all(s["label"] in {"PER", "ORG", "LOC"} for s in suggestions)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Iran", "country"),
        ("Russie", "country"),
        ("  états-unis ", "country"),
        ("United States", "country"),
        ("Côte d’Ivoire", "country"),
        ("ONU", "organisation"),
        ("NATO", "organisation"),
        ("Otan", "organisation"),
        ("AIEA", "organisation"),
        ("OPEP", "organisation"),
        ("Union européenne", "organisation"),
    ],
)
def test_countries_and_organisations_are_known_in_french_and_english(name, kind):
    assert entities.guess_kind(name) == entities.KindGuess(kind, "list")


def test_a_name_outside_the_list_is_guessed_from_the_label_then_its_shape():
    # The list wins over a recogniser that calls a country a place.
    assert entities.guess_kind("Iran", label="LOC").kind == "country"
    assert entities.guess_kind("Kestra", label="LOC") == entities.KindGuess("place", "recogniser")
    assert entities.guess_kind("Kestra", label="ORG").kind == "organisation"
    assert entities.guess_kind("Kestra") == entities.KindGuess("person", "name")
    assert entities.guess_kind("Sergueï Lavrov").kind == "person"
    assert entities.guess_kind("CGT").kind == "organisation"
    assert entities.guess_kind("Ministère des Armées").kind == "organisation"
    assert entities.guess_kind("Conseil de sécurité russe").kind == "organisation"


@pytest.mark.skipif(not entities.ner_available("fr"), reason="French recogniser not installed")
def test_the_recogniser_labels_a_name_the_list_does_not_know():
    assert entities.guess_kind("Emmanuel Macron", language="fr").kind == "person"
