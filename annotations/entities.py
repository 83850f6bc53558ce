"""Finding actors in article text: the registry's names and spellings, and a recogniser
for the ones it does not know yet.

The registry matcher is one Aho–Corasick automaton over every folded name and alias
(case and accents ignored), built once per process and rebuilt when the registry changes.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
import unicodedata
from dataclasses import asdict, dataclass

import ahocorasick
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save

from annotations import actor_kinds
from annotations.models import Entity, EntityAlias
from annotations.normalization import normalize_name

logger = logging.getLogger(__name__)

# Entity kinds as the labels suggestions use.
KIND_LABELS = {
    Entity.Kind.PERSON: "PER",
    Entity.Kind.ORGANISATION: "ORG",
    Entity.Kind.GROUP: "ORG",
    Entity.Kind.COUNTRY: "LOC",
    Entity.Kind.PLACE: "LOC",
    Entity.Kind.OTHER: "ORG",
}
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str  # "PER", "ORG" or "LOC"
    entity_id: int | None
    source: str  # "registry" or "ner"

    def to_dict(self) -> dict:
        record = asdict(self)
        record["actor_id"] = record.pop("entity_id")
        return record


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The text casefolded and without accents, and for each of its characters the index
    of the original character it comes from (folding may expand: "ß" -> "ss")."""
    folded: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text.translate(_APOSTROPHES)):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for piece in part.casefold():
                folded.append(piece)
                origins.append(index)
    return "".join(folded), origins


def fold(name: str) -> str:
    """A name as the matcher compares it (spaces collapsed)."""
    return " ".join(fold_with_offsets(name)[0].split())


def _is_word_character(char: str) -> bool:
    return char.isalnum() or char == "_"


class RegistryMatcher:
    """Every name and alias of the registry in one automaton."""

    def __init__(self, names: list[tuple[str, int, str]]):
        self.automaton = ahocorasick.Automaton()
        for name, entity_id, kind in names:
            key = fold(name)
            if key:
                self.automaton.add_word(key, (entity_id, KIND_LABELS.get(kind, "ORG"), len(key)))
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[Mention]:
        """Registry mentions: on word boundaries, longest first, never overlapping.

        An elided article (l’Iran, d’Ahmadian, qu’Israël) ends at its apostrophe, which is
        a word boundary, so the mention is the name alone."""
        if self.empty or not text:
            return []
        folded, origins = fold_with_offsets(text)
        candidates = []
        for last, (entity_id, label, length) in self.automaton.iter(folded):
            first = last - length + 1
            if first > 0 and _is_word_character(folded[first - 1]):
                continue
            if last + 1 < len(folded) and _is_word_character(folded[last + 1]):
                continue
            candidates.append((first, -length, last, entity_id, label))
        mentions, taken_until = [], -1
        for first, _, last, entity_id, label in sorted(candidates):
            if first <= taken_until:
                continue
            start, end = origins[first], origins[last] + 1
            mentions.append(Mention(start, end, text[start:end], label, entity_id, "registry"))
            taken_until = last
        return mentions


_cache: dict[str, object] = {"version": None, "matcher": None}
_cache_lock = threading.Lock()


def _registry_version() -> tuple:
    entities = Entity.objects.aggregate(count=Count("id"), last=Max("id"))
    aliases = EntityAlias.objects.aggregate(count=Count("id"), last=Max("id"))
    return (entities["count"], entities["last"], aliases["count"], aliases["last"])


def _forget_matcher(**kwargs) -> None:
    _cache["version"] = None


for _model in (Entity, EntityAlias):
    post_save.connect(_forget_matcher, sender=_model, dispatch_uid=f"matcher-{_model.__name__}")
    post_delete.connect(_forget_matcher, sender=_model, dispatch_uid=f"matcher-d-{_model.__name__}")


def registry_matcher() -> RegistryMatcher:
    """The matcher of the current registry. Changes made in this process rebuild it at
    once; other processes see them through a cheap version query (counts and last ids)."""
    version = _registry_version()
    with _cache_lock:
        if _cache["version"] != version or _cache["matcher"] is None:
            names = [(e.name, e.pk, e.kind) for e in Entity.objects.only("pk", "name", "kind")]
            names += list(EntityAlias.objects.values_list("name", "entity_id", "entity__kind"))
            _cache["matcher"] = RegistryMatcher(names)
            _cache["version"] = version
        return _cache["matcher"]


def find_registry_mentions(text: str) -> list[Mention]:
    return registry_matcher().find(text)


# --- Named-entity recognition ----------------------------------------------------------------

NER_MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm"}
NER_LABELS = {
    "PER": "PER", "PERSON": "PER",
    "ORG": "ORG", "NORP": "ORG",
    "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
}  # fmt: skip
_pipelines: dict[str, object] = {}


def ner_available(language: str) -> bool:
    """Whether spaCy and the small pipeline for `language` are installed."""
    model = NER_MODELS.get(language)
    return (
        bool(model)
        and importlib.util.find_spec("spacy") is not None
        and (importlib.util.find_spec(model) is not None)
    )


def _pipeline(language: str):
    if language not in _pipelines:
        import spacy

        # Only the recogniser is needed: the parser and lemmatiser would cost most of the time.
        _pipelines[language] = spacy.load(
            NER_MODELS[language],
            exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "morphologizer"],
        )
    return _pipelines[language]


def find_ner_mentions(text: str, language: str) -> list[Mention]:
    """People, organisations and places the recogniser finds; [] without the models."""
    if not ner_available(language):
        return []
    mentions = []
    for entity in _pipeline(language)(text).ents:
        label = NER_LABELS.get(entity.label_)
        if label is None or not entity.text.strip():
            continue
        mentions.append(
            Mention(entity.start_char, entity.end_char, entity.text, label, None, "ner")
        )
    return mentions


def suggest_mentions(text: str, language: str) -> list[dict]:
    """Actor mentions in `text`: the registry's first, then the recogniser's that do not
    overlap them. Each: start, end (code points), text, label, actor_id, source."""
    registry = find_registry_mentions(text)
    matcher = registry_matcher()
    suggestions = [mention.to_dict() for mention in registry]
    taken = [(mention.start, mention.end) for mention in registry]
    for mention in find_ner_mentions(text, language):
        if any(mention.start < end and start < mention.end for start, end in taken):
            continue
        known = matcher.find(mention.text)
        if known and known[0].start == 0 and known[0].end == len(mention.text):
            mention = Mention(
                mention.start, mention.end, mention.text, known[0].label, known[0].entity_id,
                "registry",
            )  # fmt: skip
        suggestions.append(mention.to_dict())
        taken.append((mention.start, mention.end))
    return sorted(suggestions, key=lambda suggestion: suggestion["start"])


# --- Guessing a new actor's kind -------------------------------------------------------------

# The recogniser's labels as kinds: a place it finds may be a country, which the built-in
# list answers first.
LABEL_KINDS = {"PER": Entity.Kind.PERSON, "ORG": Entity.Kind.ORGANISATION, "LOC": Entity.Kind.PLACE}
_BUILT_IN_KINDS = {
    normalize_name(name): kind
    for names, kind in (
        (actor_kinds.ORGANISATIONS, Entity.Kind.ORGANISATION),
        (actor_kinds.COUNTRIES, Entity.Kind.COUNTRY),
    )
    for name in names.splitlines()
    if name.strip()
}
_ORGANISATION_WORDS = frozenset(
    normalize_name(word) for word in actor_kinds.ORGANISATION_WORDS.split()
)


@dataclass(frozen=True)
class KindGuess:
    kind: str
    source: str  # "list", "recogniser" or "name"


def guess_kind(name: str, *, language: str = "", label: str = "") -> KindGuess:
    """The kind a new actor called `name` most likely has: the built-in list of countries
    and organisations, then the recogniser's `label` (or its label for the name alone,
    where it is installed), then the name's shape (an acronym or an organisation word is an
    organisation; otherwise a person, the commonest actor of a quote)."""
    folded = normalize_name(name)
    if folded in _BUILT_IN_KINDS:
        return KindGuess(_BUILT_IN_KINDS[folded], "list")
    if not label and language and ner_available(language):
        found = [m for m in find_ner_mentions(name, language) if m.text.strip() == name.strip()]
        label = found[0].label if found else ""
    if label in LABEL_KINDS:
        return KindGuess(LABEL_KINDS[label], "recogniser")
    letters = [char for char in name if char.isalpha()]
    if (len(letters) > 1 and all(char.isupper() for char in letters)) or any(
        word in _ORGANISATION_WORDS for word in folded.split()
    ):
        return KindGuess(Entity.Kind.ORGANISATION, "name")
    return KindGuess(Entity.Kind.PERSON, "name")


def mention_context(text: str, start: int, end: int, width: int = 60) -> tuple[str, str, str]:
    """(before, match, after) around a mention, for previews."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return (
        ("…" + before if start > width else before),
        text[start:end],
        (after + "…" if end + width < len(text) else after),
    )
