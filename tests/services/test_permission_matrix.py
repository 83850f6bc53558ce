"""Cross-cutting, every write service that changes a quote or the registry: who may.

Each row names a service call made by a role against objects it does not own (an
analyst's approved quote, tagged with an actor; the registry), and the roles it allows.
A refused role changes nothing; an allowed one makes the change by the rule of
`services.changes`: the quote's version bumps and its history names that user.
(Dossiers and restoring a backup have their own rules, tested with them.)
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied

from annotations.models import Annotation, EntityAlias, MentionTagging
from annotations.services import articles, highlights, mentions, registry, review
from tests.factories import AnnotationFactory, ArticleFactory, EntityFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["nobody", "analyst", "other_analyst", "editor", "staff"]
EDITORS = {"editor", "staff"}

TEXT = "Vladimir Putin a salué une étape décisive pour la coopération entre les deux pays."


@pytest.fixture
def world(editor):
    owner = UserFactory(username="owner", role="analyst")
    article = ArticleFactory(text=TEXT)
    putin = EntityFactory(name="Vladimir Putin")
    poutine = EntityFactory(name="Poutine")
    quote = AnnotationFactory(article=article, author=owner, start=0, end=14)
    quote.actors.add(poutine)
    quote = review.annotation_review(annotation=quote, reviewer=editor, to_status="approved")
    alias = putin.aliases.create(name="V. Putin")
    return {"article": article, "quote": quote, "putin": putin, "poutine": poutine, "alias": alias}


def _user(role, analyst, other_analyst, editor):
    return {
        "nobody": lambda: UserFactory(username="nobody"),
        "analyst": lambda: analyst,
        "other_analyst": lambda: other_analyst,
        "editor": lambda: UserFactory(username="olga", role="editor"),
        "staff": lambda: UserFactory(username="root", is_staff=True, is_superuser=True),
    }[role]()


def _tag_every_mention(user, world):
    tagging = MentionTagging.objects.create(entity=world["putin"], created_by=user)
    mentions.mention_tagging_run(tagging=tagging)


@dataclass
class Case:
    name: str
    act: Callable
    allowed: set[str]
    touches_quote: bool = True


CASES = [
    Case(
        "edit",
        lambda user, w: highlights.annotation_update(
            annotation=w["quote"], user=user, expected_version=w["quote"].version, note="x"
        ),
        EDITORS,
    ),
    Case(
        "re-place",
        lambda user, w: highlights.annotation_reattach(
            annotation=w["quote"], user=user, start=0, end=20
        ),
        EDITORS,
    ),
    Case(
        "delete", lambda u, w: highlights.annotation_delete(annotation=w["quote"], user=u), EDITORS
    ),
    Case(
        "accept a mention on it",
        lambda user, w: mentions.mention_accept(
            user=user, article=w["article"], start=0, end=14, actor_id=w["putin"].pk
        ),
        EDITORS,
    ),
    # A run refuses by skipping: it reports what it left alone and raises nothing.
    Case("tag every mention", _tag_every_mention, EDITORS),
    Case(
        "reopen it",
        lambda user, w: review.annotation_review(
            annotation=w["quote"], reviewer=user, to_status="pending"
        ),
        EDITORS,
    ),
    Case(
        "correct the article's text",
        lambda user, w: articles.article_update_text(
            article=w["article"], text=TEXT.replace("décisive", "funeste") + " Fin.", user=user
        ),
        EDITORS,
    ),
    Case(
        "merge its actor",
        lambda user, w: registry.entity_merge(user=user, survivor=w["putin"], merged=w["poutine"]),
        EDITORS,
    ),
    Case(
        "rename an actor",
        lambda user, w: registry.entity_update(
            user=user, entity=w["putin"], name="V. V. Putin", kind="person"
        ),
        EDITORS,
        touches_quote=False,
    ),
    Case(
        "remove a spelling",
        lambda user, w: registry.entity_alias_remove(user=user, alias=w["alias"]),
        EDITORS,
        touches_quote=False,
    ),
    Case(
        "import a registry",
        lambda user, w: registry.registry_import(
            user=user, records=[{"name": "Vladimir Putin", "wikidata_id": "Q7747"}]
        ),
        EDITORS,
        touches_quote=False,
    ),
]


def _state(world) -> tuple:
    quote = Annotation.objects.filter(pk=world["quote"].pk).first()
    putin = type(world["putin"]).objects.get(pk=world["putin"].pk)
    registry_state = (
        putin.name,
        putin.wikidata_id,
        EntityAlias.objects.filter(pk=world["alias"].pk).exists(),
    )
    if quote is None:
        return (None, registry_state)
    return (
        quote.status,
        quote.version,
        quote.start,
        quote.end,
        quote.exact,
        quote.note,
        sorted(quote.actors.values_list("name", flat=True)),
        quote.review_events.count(),
        registry_state,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_who_may_change_what_they_do_not_own(case, role, world, analyst, other_analyst, editor):
    user = _user(role, analyst, other_analyst, editor)
    before = _state(world)
    try:
        case.act(user, world)
    except PermissionDenied:
        refused = True
    else:
        refused = False
    after = _state(world)
    if role not in case.allowed:
        assert after == before
        assert refused or case.name == "tag every mention"
        return
    assert not refused and after != before
    quote = Annotation.objects.filter(pk=world["quote"].pk).first()
    if case.touches_quote and quote is not None:
        assert quote.version > world["quote"].version
        assert quote.review_events.last().actor == user
