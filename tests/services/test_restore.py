"""services.restore: a backup's annotations recreated on an article imported from it."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from annotations.exports import backup
from annotations.models import Annotation, Article, Entity, EntityAlias, ReviewEvent, Theme
from annotations.selectors import export_sets
from annotations.services import registry, restore
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


def _restore(records: list[dict], text: str = TEXT, importer=None) -> list[Annotation]:
    article = ArticleFactory(text=text)
    restore.annotations_restore(article=article, records=records, importer=importer)
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
