"""services.imports, property-based (hypothesis): random files never lose the good ones,
and a backup's bad lines are each reported while every good one is stored once."""

import json
import unicodedata

import pytest
from django.core.files.storage import InMemoryStorage
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotations.importers.cleaning import text_fingerprint
from annotations.intake import items_from_upload
from annotations.models import Annotation, Article
from annotations.services import imports
from tests.importers.helpers import assert_canonical
from tests.strategies import RANDOM_BYTES, texts

GOOD_TXT = "Le gazoduc de la Baltique\n\nLe ministre a déclaré : « Nous coopérerons. »".encode()


GOOD_MD = "# Sanctions\n\nLes *sanctions* occidentales pèsent sur l’économie.".encode()


UNEXPECTED = "unexpected error"


IMPORT_BYTES = st.one_of(
    RANDOM_BYTES,
    st.tuples(st.sampled_from([b"<p>", b"<html><body><article><p>", b"# "]), RANDOM_BYTES).map(
        b"".join
    ),
)


DB_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check_outcome(outcome, name):
    assert outcome.source == name
    if outcome.status == "failed":
        assert outcome.message and UNEXPECTED not in outcome.message, outcome.message
        assert outcome.article is None
        return
    assert outcome.status in ("imported", "duplicate"), outcome
    article = Article.objects.get(pk=outcome.article.pk)
    assert article.title and article.text
    assert_canonical(article.text)
    assert article.text_hash == text_fingerprint(article.text)


@pytest.mark.django_db
@DB_SETTINGS
@given(data=IMPORT_BYTES, extension=st.sampled_from([".txt", ".html", ".md"]))
def test_importing_random_bytes_gives_an_article_or_a_clear_error(analyst, data, extension):
    name = f"random{extension}"
    with transaction.atomic():
        items = list(items_from_upload(name, data))
        assert len(items) == 1
        outcomes = list(imports.articles_import(items=items, created_by=analyst))
        assert len(outcomes) == 1
        _check_outcome(outcomes[0], name)
        assert Article.objects.count() == (outcomes[0].status == "imported")
        transaction.set_rollback(True)


@pytest.mark.django_db
@DB_SETTINGS
@given(data=IMPORT_BYTES, extension=st.sampled_from([".txt", ".html", ".md"]))
def test_a_random_file_in_a_batch_never_loses_the_good_ones(analyst, data, extension):
    names = ["premier.txt", f"random{extension}", "second.md"]
    with (
        override_settings(
            STORAGES={"default": {"BACKEND": f"{InMemoryStorage.__module__}.InMemoryStorage"}}
        ),
        transaction.atomic(),
    ):
        batch = imports.import_batch_create(
            user=analyst, uploads=list(zip(names, [GOOD_TXT, data, GOOD_MD], strict=True))
        )
        batch = imports.import_batch_run(batch=batch)
        assert batch.status == "done"
        assert [entry["source"] for entry in batch.report] == names
        first, random_entry, second = batch.report
        assert (first["status"], first["title"]) == ("imported", "Le gazoduc de la Baltique")
        assert (second["status"], second["title"]) == ("imported", "Sanctions")
        if random_entry["status"] == "failed":
            assert random_entry["message"] and UNEXPECTED not in random_entry["message"]
        else:
            assert random_entry["status"] in ("imported", "duplicate")
            assert random_entry["article_id"] is not None
        titles = set(Article.objects.values_list("title", flat=True))
        assert {"Le gazoduc de la Baltique", "Sanctions"} <= titles
        transaction.set_rollback(True)


@st.composite
def jsonl_records(draw):
    """A JSON Lines record of random field values, lone surrogates (as escapes) included."""
    field_text = st.one_of(
        texts(max_size=40, surrogates=True),
        # What PostgreSQL refuses to store, among ordinary characters.
        st.lists(st.sampled_from(["\x00", "\ud800", "\x01", " ", "a"]), min_size=1, max_size=6).map(
            "".join
        ),
    )
    # Mostly an article that drafts fine, so the random part reaches the database.
    text = field_text.map("Titre\n\nTexte {}.".format)
    record = {"text": draw(st.one_of(text, text, field_text))}
    for field in draw(st.sets(st.sampled_from(["title", "author", "outlet", "url", "language"]))):
        record[field] = draw(field_text)
    if draw(st.booleans()):
        record["annotations"] = []
    return json.dumps(record).encode()


@pytest.mark.django_db
@settings(DB_SETTINGS, max_examples=60)
@given(
    record=st.one_of(
        jsonl_records(),
        # Not JSON at all, or cut short. (Raw control characters are left out: a file
        # dense with them is refused whole as binary, which test_cleaning covers.)
        texts(max_size=60)
        .map(lambda text: "".join(c for c in text if unicodedata.category(c) != "Cc"))
        .map(str.encode),
        jsonl_records().map(lambda line: line[: len(line) // 2]),
    )
)
# What no database (surrogate) or PostgreSQL (NUL) stores used to sink the whole chunk.
@example(record=b'{"title": "\\ud800", "text": "Titre\\n\\nTexte."}')
@example(record=b'{"outlet": "\\u0000", "text": "Titre\\n\\nTexte."}')
def test_a_bad_line_of_json_lines_never_loses_the_good_ones(analyst, record):
    good = [
        json.dumps({"title": "Premier", "text": "Le texte du premier article."}).encode(),
        json.dumps({"title": "Second", "text": "Le texte du second article."}).encode(),
    ]
    data = b"\n".join([good[0], record, good[1]])
    with transaction.atomic():
        items = list(items_from_upload("lot.jsonl", data))
        sources = ["lot.jsonl:1", "lot.jsonl:2", "lot.jsonl:3"]
        if not record.decode("utf-8").strip():
            del sources[1]  # blank lines are skipped
        assert [item.source for item in items] == sources
        outcomes = list(imports.articles_import(items=items, created_by=analyst, chunk_size=3))
        assert [o.source for o in outcomes] == sources
        assert (outcomes[0].status, outcomes[-1].status) == ("imported", "imported")
        if len(outcomes) == 3:
            _check_outcome(outcomes[1], "lot.jsonl:2")
        assert {"Premier", "Second"} <= set(Article.objects.values_list("title", flat=True))
        transaction.set_rollback(True)


# A backup annotation's field set to something no Newsroom stores.
BAD_ANNOTATION_FIELDS = [
    {"start": "abc"},
    {"start": 30, "end": 3},
    {"end": 10**20},
    {"status": "hacked"},
    {"note": ["une", "liste"]},
    {"exact": ""},
    {"prefix": "p" * 65},
    {"created": "hier"},
    {"themes": [{"name": ""}]},
    {"actors": [{"name": "Poutine", "wikidata_id": "Q0"}]},
    {"actors": [{"name": "Poutine", "kind": "robot"}]},
    {"speaker": ["Poutine"]},
    {"author": "a" * 300},
    {"reviewer": "<script>x</script>"},
]


@st.composite
def backup_lines(draw):
    """(lines of a JSONL backup, for each line whether it must import and its annotations)."""
    lines, expected = [], []
    for n in range(draw(st.integers(min_value=1, max_value=8))):
        text = f"Article {n}\n\nLe ministre numéro {n} a déclaré : « Nous coopérerons. »"
        quote = "« Nous coopérerons. »"
        start = text.index(quote)
        annotations = [
            {"start": start, "end": start + len(quote), "exact": quote, "author": "ana",
             "status": draw(st.sampled_from(["pending", "approved", "rejected"])),
             "themes": [{"name": draw(st.sampled_from(["Gaz", "Sanctions"]))}]}
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ]  # fmt: skip
        record = {"title": f"Article {n}", "text": text, "annotations": annotations}
        fault = draw(st.sampled_from(["none", "none", "annotation", "article", "json"]))
        if fault == "annotation" and annotations:
            annotations[-1] |= draw(st.sampled_from(BAD_ANNOTATION_FIELDS))
        elif fault == "annotation":
            fault = "none"
        line = json.dumps(record, ensure_ascii=False)
        if fault == "article":
            line = json.dumps(record | {"text": draw(st.sampled_from(["", 12, ["x"]]))})
        elif fault == "json":
            line = line[: len(line) // 2]
        lines.append(line)
        expected.append((fault == "none", len(annotations)))
    return lines, expected


@pytest.mark.django_db
@settings(DB_SETTINGS, max_examples=40)
@given(case=backup_lines(), chunk_size=st.integers(min_value=1, max_value=4), full=st.booleans())
def test_every_good_backup_line_is_stored_once_and_every_bad_one_reported(
    analyst, case, chunk_size, full
):
    lines, expected = case
    with transaction.atomic():
        importer = analyst
        if full:
            importer.is_staff = True
            importer.save()
        items = list(items_from_upload("lot.jsonl", "\n".join(lines).encode()))
        outcomes = list(
            imports.articles_import(
                items=items, created_by=importer, chunk_size=chunk_size, full_restore=full
            )
        )
        assert [o.source for o in outcomes] == [f"lot.jsonl:{n}" for n in range(1, len(lines) + 1)]
        for n, (outcome, (good, annotations)) in enumerate(zip(outcomes, expected, strict=True)):
            stored = Article.objects.filter(title=f"Article {n}")
            if good:
                assert outcome.status == "imported", outcome
                assert stored.get().annotations.count() == annotations
            else:
                assert outcome.status == "failed"
                assert outcome.message and "constraint" not in outcome.message.lower()
                assert not stored.exists()
        good_annotations = sum(count for good, count in expected if good)
        assert Annotation.objects.count() == good_annotations
        transaction.set_rollback(True)
