"""services.restore: a backup's annotations recreated on an article imported from it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from annotations.exports import backup
from annotations.intake import items_from_upload
from annotations.models import Annotation, Article, Entity, EntityAlias, ReviewEvent, Theme
from annotations.selectors import export_sets
from annotations.services import highlights, imports, registry, restore, review
from tests.factories import ArticleFactory, EntityFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Premier paragraphe, sur les sanctions.\n\n"
    "Le ministre a déclaré : « Nous coopérerons. »\n\nDernier paragraphe."
)
QUOTE = "« Nous coopérerons. »"


def _record(text: str = TEXT, exact: str = QUOTE, **fields) -> dict:
    """A backup's annotation of `exact` in `text`, as exports.backup writes one."""
    start = text.index(exact)
    record = {
        "start": start,
        "end": start + len(exact),
        "exact": exact,
        "prefix": text[max(0, start - 32) : start],
        "suffix": text[start + len(exact) : start + len(exact) + 32],
        "note": "",
        "themes": [],
        "actors": [],
        "speaker": None,
        "author": "ana",
        "status": "pending",
        "reviewer": "",
        "reviewed_at": "",
        "review_reason": "",
        "created": "",
        "orphaned": False,
    }
    return record | fields


def _restore(
    records: list[dict], text: str = TEXT, importer=None, full: bool = True
) -> list[Annotation]:
    article = ArticleFactory(text=text)
    restore.annotations_restore(article=article, records=records, importer=importer, full=full)
    return list(article.annotations.order_by("id"))


def test_a_backup_comes_back_whole_on_the_same_text(tagged_quote, editor):
    ((article, quotes),) = export_sets.articles_for_backup(None)
    record = backup.article_backup(article, quotes)
    Article.objects.all().delete()
    Entity.objects.all().delete()
    Theme.objects.all().delete()
    restorer = UserFactory(username="restorer", role="editor")

    (restored,) = _restore(record["annotations"], text=record["text"], importer=restorer)
    again = backup.article_backup(restored.article, [restored])["annotations"]
    assert again == record["annotations"]
    assert restored.note_html == "<p>Voir <strong>aussi</strong> l’autre article</p>"
    assert (restored.author, restored.reviewer) == (tagged_quote.author, editor)
    (event,) = restored.review_events.all()
    assert (event.actor, event.from_status, event.to_status, event.reason) == (
        restorer,
        "",
        "rejected",
        "Restored from a backup",
    )


def test_the_dates_and_review_come_from_the_backup(analyst, editor):
    (restored,) = _restore(
        [
            _record(
                created="2026-03-11T07:00:00Z",
                status="approved",
                reviewer="eddie",
                reviewed_at="2026-03-12T18:45:30Z",
                review_reason="Vérifié",
            )
        ]
    )
    assert restored.created == datetime.datetime(2026, 3, 11, 7, 0, tzinfo=datetime.UTC)
    assert restored.reviewed_at == datetime.datetime(2026, 3, 12, 18, 45, 30, tzinfo=datetime.UTC)
    assert (restored.status, restored.reviewer, restored.review_reason) == (
        "approved",
        editor,
        "Vérifié",
    )


def test_a_record_without_dates_or_status_is_pending_and_created_now(analyst):
    before = datetime.datetime.now(datetime.UTC)
    record = _record(status="")
    del record["created"], record["reviewed_at"], record["reviewer"]
    (restored,) = _restore([record])
    assert (restored.status, restored.reviewer, restored.reviewed_at) == ("pending", None, None)
    assert restored.created >= before
    assert restored.review_events.get().to_status == "pending"


def test_a_passage_moved_by_an_edit_is_placed_where_it_now_is(analyst):
    edited = "Un chapeau ajouté depuis.\n\n" + TEXT
    (restored,) = _restore([_record()], text=edited)
    assert not restored.orphaned
    assert edited[restored.start : restored.end] == QUOTE == restored.exact
    assert restored.start == TEXT.index(QUOTE) + len("Un chapeau ajouté depuis.\n\n")
    assert restored.prefix == edited[restored.start - len(restored.prefix) : restored.start]


def test_a_passage_the_text_no_longer_holds_is_orphaned_with_the_backups_selectors(analyst):
    record = _record()
    (restored,) = _restore([record], text="Un tout autre article.\n\nRien de commun.")
    assert restored.orphaned
    assert (restored.start, restored.end, restored.exact) == (
        record["start"],
        record["end"],
        QUOTE,
    )
    assert (restored.prefix, restored.suffix) == (record["prefix"], record["suffix"])


def test_unknown_users_stand_in_inactive_and_without_a_password(analyst):
    (restored,) = _restore(
        [_record(author="parti", reviewer="ancien", status="rejected")], importer=analyst
    )
    for user, name in ((restored.author, "parti"), (restored.reviewer, "ancien")):
        assert user.username == name
        assert not user.is_active and not user.has_usable_password()
    assert get_user_model().objects.filter(username="parti").count() == 1
    # A second restore finds the stand-in made by the first.
    (again,) = _restore([_record(author="parti")], text="Autre texte.\n\n" + TEXT)
    assert again.author == restored.author


def test_an_annotation_without_author_is_the_importers_and_so_is_its_history(analyst, editor):
    (restored,) = _restore([_record(author="")], importer=editor)
    assert (restored.author, restored.reviewer) == (editor, None)
    assert restored.review_events.get().actor == editor


def test_without_an_importer_the_history_starts_with_the_author(analyst):
    (restored,) = _restore([_record(author="ana")], importer=None)
    assert restored.review_events.get().actor == analyst


def test_missing_themes_are_added_and_the_backups_colour_wins(analyst):
    described = ThemeFactory(name="Énergie", colour="#111111", description="Gaz, pétrole")
    ThemeFactory(name="Sanctions", colour="#222222")
    (restored,) = _restore(
        [
            _record(
                themes=[
                    {"name": "ENERGIE", "colour": "#e4572e", "description": "Autre"},
                    {"name": "Sanctions", "colour": "#4e79a7", "description": "Mesures"},
                    {"name": "Armes", "colour": "#59a14f", "description": "Livraisons"},
                    {"name": "Monnaie"},
                ]
            )
        ]
    )
    themes = {theme.name: (theme.colour, theme.description) for theme in Theme.objects.all()}
    assert themes == {
        "Énergie": ("#e4572e", "Gaz, pétrole"),  # a stored description stays
        "Sanctions": ("#4e79a7", "Mesures"),
        "Armes": ("#59a14f", "Livraisons"),
        "Monnaie": (themes["Monnaie"][0], ""),
    }
    assert sorted(restored.themes.values_list("name", flat=True)) == [
        "Armes",
        "Monnaie",
        "Sanctions",
        "Énergie",
    ]
    assert Theme.objects.get(pk=described.pk).name == "Énergie"


def test_actors_are_found_by_any_spelling_and_given_what_they_lack(analyst):
    putin = EntityFactory(name="Vladimir Putin", kind="person", description="Président")
    registry.entity_alias_add(entity=putin, name="Poutine")
    iran = EntityFactory(name="Iran", kind="country")
    actor = {
        "name": "poutine",
        "kind": "other",
        "wikidata_id": "Q7747",
        "description": "Autre description",
        "aliases": ["Putin", "V. Poutine", "IRAN"],
    }
    (restored,) = _restore([_record(actors=[actor], speaker=actor)])
    putin.refresh_from_db()
    assert (putin.kind, putin.wikidata_id, putin.description) == ("person", "Q7747", "Président")
    # A spelling naming another actor is left to that actor.
    assert sorted(putin.aliases.values_list("name", flat=True)) == [
        "Poutine",
        "Putin",
        "V. Poutine",
    ]
    assert not iran.aliases.exists()
    assert list(restored.actors.all()) == [putin]
    assert restored.speaker == putin
    assert Entity.objects.count() == 2


def test_a_new_actor_keeps_its_kind_identifier_and_spellings(analyst):
    actor = {
        "name": "Nikolaï Patrouchev",
        "kind": "person",
        "wikidata_id": "Q708306",
        "description": "Conseiller",
        "aliases": ["Patrushev"],
    }
    (restored,) = _restore([_record(actors=[actor, {"name": "Gazprom"}])])
    patrouchev = Entity.objects.get(name="Nikolaï Patrouchev")
    assert (patrouchev.kind, patrouchev.wikidata_id, patrouchev.description) == (
        "person",
        "Q708306",
        "Conseiller",
    )
    assert list(EntityAlias.objects.values_list("entity__name", "name")) == [
        ("Nikolaï Patrouchev", "Patrushev")
    ]
    assert Entity.objects.get(name="Gazprom").kind == "other"
    assert sorted(restored.actors.values_list("name", flat=True)) == [
        "Gazprom",
        "Nikolaï Patrouchev",
    ]


@pytest.mark.parametrize("speaker", [None, {}, {"name": "  "}])
def test_no_speaker_or_a_blank_one_is_none(analyst, speaker):
    (restored,) = _restore([_record(speaker=speaker)])
    assert restored.speaker is None
    assert not Entity.objects.exists()


def test_every_record_becomes_one_annotation_in_order(analyst):
    records = [_record(exact="Premier paragraphe"), _record(), _record(exact="Dernier")]
    restored = _restore(records)
    assert [annotation.exact for annotation in restored] == [
        "Premier paragraphe",
        QUOTE,
        "Dernier",
    ]
    assert ReviewEvent.objects.filter(annotation__in=restored).count() == 3


def test_nothing_to_restore_writes_nothing(analyst):
    assert _restore([]) == []
    assert not ReviewEvent.objects.exists()


# --- A backup brought in as the importer's own (not a full restore) -------------------------


def test_a_backup_imported_by_an_analyst_forges_nothing(analyst, editor):
    sanctions = ThemeFactory(name="Sanctions", colour="#222222", description="Mesures")
    putin = EntityFactory(name="Vladimir Putin", kind="person")
    forged = _record(
        author="eddie",
        status="approved",
        reviewer="admin",
        reviewed_at="2020-01-02T03:04:05Z",
        review_reason="Vu",
        created="2020-01-01T00:00:00Z",
        note="Ma note",
        themes=[
            {"name": "sanctions", "colour": "#ff0000", "description": "Forgée"},
            {"name": "Armes", "colour": "#00ff00", "description": "Livraisons"},
        ],
        actors=[
            {"name": "Vladimir Putin", "kind": "other", "wikidata_id": "Q1", "aliases": ["VVP"]},
            {"name": "Gazprom", "kind": "organisation", "wikidata_id": "Q2", "aliases": ["GP"]},
        ],
    )
    before = datetime.datetime.now(datetime.UTC)
    (annotation,) = _restore([forged], importer=analyst, full=False)
    assert (annotation.author, annotation.status, annotation.reviewer) == (analyst, "pending", None)
    assert (annotation.reviewed_at, annotation.review_reason, annotation.note) == (
        None,
        "",
        "Ma note",
    )
    assert annotation.created >= before
    assert not get_user_model().objects.filter(username="admin").exists()
    sanctions.refresh_from_db()
    putin.refresh_from_db()
    assert (sanctions.colour, sanctions.description) == ("#222222", "Mesures")
    assert (putin.kind, putin.wikidata_id, list(putin.aliases.all())) == ("person", "", [])
    gazprom = Entity.objects.get(name="Gazprom")
    assert (gazprom.kind, gazprom.wikidata_id, list(gazprom.aliases.all())) == (
        "organisation",
        "",
        [],
    )
    assert Theme.objects.get(name="Armes").description == ""
    (event,) = annotation.review_events.all()
    assert (event.actor, event.from_status, event.to_status) == (analyst, "", "pending")
    assert event.reason == (
        "Imported from a backup by ana. In the backup: written by eddie, approved by admin "
        "on 2020-01-02T03:04:05Z (“Vu”) created 2020-01-01T00:00:00Z."
    )


def test_a_backup_brought_in_as_ones_own_needs_an_importer(analyst):
    with pytest.raises(ValidationError, match="need someone to import them"):
        _restore([_record()], importer=None, full=False)


# --- Full restore ------------------------------------------------------------------------------


def test_a_full_restore_never_lets_an_editor_approve_their_own_quote(editor, settings):
    settings.NEWSROOM_ALLOW_SELF_APPROVAL = False
    own = _record(author="eddie", reviewer="eddie", status="approved", review_reason="")
    article = ArticleFactory(text=TEXT)
    tally = restore.annotations_restore(article=article, records=[own], importer=None, full=True)
    annotation = article.annotations.get()
    assert (annotation.status, annotation.reviewer, annotation.reviewed_at) == (
        "pending",
        None,
        None,
    )
    assert (tally.reopened, tally.by_status) == (1, {"pending": 1})
    assert "not restored" in annotation.review_events.get().reason
    settings.NEWSROOM_ALLOW_SELF_APPROVAL = True
    (allowed,) = _restore([own], text="Autre.\n\n" + TEXT)
    assert (allowed.status, allowed.reviewer) == ("approved", editor)


def test_a_full_restore_says_what_it_did(analyst):
    ThemeFactory(name="Sanctions", colour="#222222")
    EntityFactory(name="Iran", kind="country")
    records = [
        _record(
            author="nouveau",
            status="rejected",
            reviewer="ancien",
            review_reason="Non",
            themes=[{"name": "Sanctions", "colour": "#4e79a7"}, {"name": "Neuf"}],
            actors=[{"name": "Iran", "wikidata_id": "Q794"}, {"name": "Gazprom"}],
        ),
        _record(exact="Dernier"),
    ]
    article = ArticleFactory(text=TEXT)
    tally = restore.annotations_restore(article=article, records=records, importer=None, full=True)
    assert tally.describe() == (
        "annotations: 1 pending, 1 rejected; users created: nouveau, ancien; "
        "themes changed: Sanctions; actors changed: Iran"
    )


@pytest.mark.parametrize("full", [True, False])
@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"start": "abc"}, "“start” must be a whole number"),
        ({"start": 30, "end": 30}, "“start” must come before “end”"),
        ({"end": None}, "“end” must be a whole number"),
        ({"end": 10**20}, "“end” must be a whole number"),
        ({"status": "hacked"}, "the status must be pending, approved or rejected"),
        ({"note": ["a", "list"]}, "“note” must be text"),
        ({"exact": ""}, "it quotes no words"),
        ({"prefix": "p" * 65}, "“prefix” is longer than 64 characters"),
        ({"created": "hier"}, "“created” is not a date and time"),
        ({"reviewed_at": "2026-13-45T00:00:00"}, "“reviewed_at” is not a date and time"),
        ({"themes": [{"colour": "#ffffff"}]}, "each with a name"),
        ({"themes": [{"name": "  "}]}, "each with a name"),
        ({"actors": [{"name": "X", "wikidata_id": "Q0"}]}, "“Q0” is not a Wikidata id"),
        ({"actors": [{"name": "X", "kind": "robot"}]}, "“robot” is not a kind of actor"),
        ({"actors": [{"name": "X", "aliases": "XYZ"}]}, "must be a list of names"),
        ({"speaker": "Poutine"}, "“speaker” must be an object"),
        ({"author": "a" * 300}, "the user name is longer than 150 characters"),
        ({"reviewer": "<b>x</b>"}, "the user name may hold only letters"),
        ({"orphaned": "yes"}, "“orphaned” must be true or false"),
    ],
)
def test_a_malformed_record_is_refused_in_plain_words_before_anything_is_written(
    analyst, full, fields, reason
):
    records = [_record(exact="Premier"), _record(**fields)]
    with pytest.raises(ValidationError) as refused:
        _restore(records, importer=analyst, full=full)
    assert len(refused.value.messages) == 1
    assert refused.value.messages[0].startswith("Annotation 2: ")
    assert reason in refused.value.messages[0]
    assert not Annotation.objects.exists()
    assert not get_user_model().objects.exclude(username="ana").exists()


def test_a_theme_colour_the_registry_refuses_fails_the_restore_in_plain_words(analyst):
    with pytest.raises(ValidationError) as refused:
        _restore([_record(themes=[{"name": "Rouge", "colour": "red"}])])
    assert refused.value.messages == ["Annotation 1: Use a colour like #e4572e."]


def test_an_orphaned_record_without_offsets_is_restored_orphaned(analyst):
    record = _record(exact="Premier", orphaned=True) | {"exact": "un passage disparu"}
    del record["start"], record["end"]
    (restored,) = _restore([record])
    assert restored.orphaned
    assert (restored.start, restored.end, restored.exact) == (0, 18, "un passage disparu")


def _backup_bytes() -> bytes:
    return "".join(backup.iter_jsonl(export_sets.articles_for_backup(None))).encode()


def test_a_backup_restored_into_an_empty_newsroom_exports_the_same_bytes(tagged_quote, editor):
    # Quotes in every status, an orphaned one, and an article stored without a language.
    article = ArticleFactory(text=TEXT, language="", url="https://news.example.org/b")
    approved = highlights.annotation_create(
        article=article, author=tagged_quote.author, start=0, end=7, themes=["Énergie"]
    )
    review.annotation_review(annotation=approved, reviewer=editor, to_status="approved")
    highlights.annotation_create(
        article=article, author=editor, start=TEXT.index(QUOTE), end=len(TEXT) - 20, note="*à voir*"
    )
    orphan = highlights.annotation_create(article=article, author=editor, start=40, end=50)
    Annotation.objects.filter(pk=orphan.pk).update(orphaned=True, exact="un passage disparu")
    ArticleFactory(title="Sans annotation", language="")
    exported = _backup_bytes()
    assert b'"language": ""' in exported and b'"status": "approved"' in exported

    Article.objects.all().delete()
    Entity.objects.all().delete()
    Theme.objects.all().delete()
    get_user_model().objects.all().delete()
    items = list(items_from_upload("backup.jsonl", exported))
    outcomes = list(imports.articles_import(items=items, created_by=None, full_restore=True))
    assert [outcome.status for outcome in outcomes] == ["imported"] * 3
    assert _backup_bytes() == exported
