import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from annotations.models import Annotation, Entity, ReviewEvent
from annotations.services import articles, highlights, registry, review, users
from tests.factories import AnnotationFactory, EntityFactory

pytestmark = pytest.mark.django_db

TEXT = "Sanctions : Téhéran répond.\r\n\r\n\r\nLe ministre  a parlé  hier.\n\n"


def test_article_create_normalises_text_and_takes_first_line_as_title(analyst):
    article = articles.article_create(text=TEXT, created_by=analyst, outlet_name="Le Monde")
    assert article.title == "Sanctions : Téhéran répond."
    assert article.text == "Le ministre a parlé hier."
    assert article.outlet.name == "Le Monde"
    assert article.imported_by == analyst


def test_article_create_reports_duplicates_by_text_and_by_url(analyst):
    first = articles.article_create(
        title="A", text="Un texte.", url="https://example.org/a", created_by=analyst
    )
    with pytest.raises(articles.DuplicateArticle) as by_text:
        articles.article_create(title="B", text="  UN   texte. ", created_by=analyst)
    with pytest.raises(articles.DuplicateArticle) as by_url:
        articles.article_create(
            title="C", text="Autre texte.", url="https://example.org/a", created_by=analyst
        )
    assert by_text.value.existing == first == by_url.value.existing


def test_article_create_refuses_empty_text(analyst):
    with pytest.raises(ValidationError):
        articles.article_create(title="Vide", text=" \n\n ", created_by=analyst)


def test_outlets_are_matched_case_and_accent_insensitively(analyst):
    a = articles.article_create(
        title="A", text="Un.", outlet_name="Le Télégramme", created_by=analyst
    )
    b = articles.article_create(
        title="B", text="Deux.", outlet_name="LE TELEGRAMME", created_by=analyst
    )
    assert a.outlet == b.outlet


def test_annotation_create_tags_and_records_creation(article, analyst):
    start = article.text.index("Nous coopérerons.")
    annotation = highlights.annotation_create(
        article=article,
        author=analyst,
        start=start,
        end=start + len("Nous coopérerons."),
        themes=["Sécurité", "sécurité ", "Énergie"],
        actors=["Poutine"],
        speaker="Vladimir Poutine",
        note="**Important** <script>alert(1)</script>",
    )
    assert annotation.exact == "Nous coopérerons."
    assert annotation.prefix == article.text[max(0, start - 32) : start]
    assert sorted(t.name for t in annotation.themes.all()) == ["Sécurité", "Énergie"]
    assert [a.name for a in annotation.actors.all()] == ["Poutine"]
    assert annotation.speaker.name == "Vladimir Poutine"
    assert annotation.status == Annotation.Status.PENDING
    assert "<strong>Important</strong>" in annotation.note_html
    assert "<script" not in annotation.note_html
    event = ReviewEvent.objects.get(annotation=annotation)
    assert (event.from_status, event.to_status, event.actor) == ("", "pending", analyst)


def test_annotation_create_finds_actors_by_alias_and_ignores_accents(article, analyst):
    putin = EntityFactory(name="Vladimir Putin")
    registry.entity_alias_add(entity=putin, name="Poutine")
    annotation = highlights.annotation_create(
        article=article, author=analyst, start=0, end=9, actors=["POUTINE", "vladimir putin"]
    )
    assert list(annotation.actors.all()) == [putin]
    assert Entity.objects.count() == 1


def test_annotation_create_refuses_a_stale_quote(article, analyst):
    with pytest.raises(ValidationError, match="does not match"):
        highlights.annotation_create(
            article=article, author=analyst, start=0, end=9, exact="autre chose"
        )
    assert not Annotation.objects.exists()


@pytest.mark.parametrize(("start", "end"), [(-1, 4), (4, 4), (0, 10_000)])
def test_annotation_create_refuses_bad_offsets(article, analyst, start, end):
    with pytest.raises(ValidationError):
        highlights.annotation_create(article=article, author=analyst, start=start, end=end)


def test_user_without_role_cannot_annotate(article, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x-long-password")
    with pytest.raises(PermissionDenied):
        highlights.annotation_create(article=article, author=nobody, start=0, end=5)


def test_alias_naming_another_actor_is_refused(db):
    putin = EntityFactory(name="Vladimir Putin")
    EntityFactory(name="Poutine")
    with pytest.raises(ValidationError, match="already names"):
        registry.entity_alias_add(entity=putin, name="POUTINE")


def test_analyst_cannot_review(analyst):
    annotation = AnnotationFactory()
    with pytest.raises(PermissionDenied):
        review.annotation_review(annotation=annotation, reviewer=analyst, to_status="approved")


def test_editor_approves_and_rejects_with_reason(editor):
    approved = review.annotation_review(
        annotation=AnnotationFactory(), reviewer=editor, to_status="approved"
    )
    assert (approved.status, approved.reviewer, approved.version) == ("approved", editor, 2)
    with pytest.raises(ValidationError, match="why"):
        review.annotation_review(
            annotation=AnnotationFactory(), reviewer=editor, to_status="rejected"
        )
    rejected = review.annotation_review(
        annotation=AnnotationFactory(), reviewer=editor, to_status="rejected", reason="Hors sujet"
    )
    assert rejected.review_reason == "Hors sujet"
    assert [e.to_status for e in rejected.review_events.all()] == ["rejected"]


def test_editor_cannot_approve_own_quote_unless_allowed(editor):
    own = AnnotationFactory(author=editor)
    with pytest.raises(PermissionDenied):
        review.annotation_review(annotation=own, reviewer=editor, to_status="approved")
    with override_settings(NEWSROOM_ALLOW_SELF_APPROVAL=True):
        assert review.annotation_review(annotation=own, reviewer=editor, to_status="approved")


def test_second_reviewer_sees_the_first_decision(editor):
    annotation = AnnotationFactory()
    review.annotation_review(
        annotation=annotation, reviewer=editor, to_status="approved", expected_version=1
    )
    with pytest.raises(review.AnnotationConflict, match="approved by eddie"):
        review.annotation_review(
            annotation=annotation,
            reviewer=editor,
            to_status="rejected",
            reason="late",
            expected_version=1,
        )


def test_only_author_or_editor_deletes(analyst, other_analyst, editor):
    annotation = AnnotationFactory(author=analyst)
    with pytest.raises(PermissionDenied):
        highlights.annotation_delete(annotation=annotation, user=other_analyst)
    highlights.annotation_delete(annotation=annotation, user=editor)
    assert not Annotation.objects.exists()


def test_user_create_with_role_validates(db):
    user = users.user_create_with_role(username="nina", password="a-decent-pass", role="editor")
    assert user.has_perm("annotations.review_annotation")
    with pytest.raises(ValueError, match="exists"):
        users.user_create_with_role(username="NINA", password="a-decent-pass", role="analyst")
    with pytest.raises(ValueError):
        users.user_create_with_role(username="short", password="123", role="analyst")
    with pytest.raises(ValueError, match="Unknown role"):
        users.user_create_with_role(username="x", password="a-decent-pass", role="boss")


def test_annotation_update_changes_tags_and_bumps_version(analyst):
    annotation = AnnotationFactory(author=analyst)
    updated = highlights.annotation_update(
        annotation=annotation,
        user=analyst,
        expected_version=1,
        themes=["Énergie"],
        actors=["Kestrany"],
        new_actor_kind="country",
        note="_vu_",
    )
    assert updated.version == 2
    assert [t.name for t in updated.themes.all()] == ["Énergie"]
    assert updated.actors.get().kind == "country"
    assert updated.note_html == "<p><em>vu</em></p>"


def test_concurrent_edit_is_refused_without_writing(analyst):
    annotation = AnnotationFactory(author=analyst)
    highlights.annotation_update(annotation=annotation, user=analyst, expected_version=1, note="A")
    with pytest.raises(review.AnnotationConflict, match="edited"):
        highlights.annotation_update(
            annotation=annotation, user=analyst, expected_version=1, note="B"
        )
    annotation.refresh_from_db()
    assert (annotation.note, annotation.version) == ("A", 2)


def test_editing_an_approved_quote_sends_it_back_to_review(analyst, editor):
    annotation = AnnotationFactory(author=analyst)
    approved = review.annotation_review(
        annotation=annotation, reviewer=editor, to_status="approved"
    )
    edited = highlights.annotation_update(
        annotation=annotation, user=analyst, expected_version=approved.version, note="fix"
    )
    assert edited.status == "pending"
    assert [e.to_status for e in edited.review_events.order_by("id")] == ["approved", "pending"]


def test_analyst_cannot_edit_another_analysts_quote_but_editor_can(analyst, other_analyst, editor):
    annotation = AnnotationFactory(author=analyst)
    with pytest.raises(PermissionDenied):
        highlights.annotation_update(annotation=annotation, user=other_analyst, expected_version=1)
    assert highlights.annotation_update(annotation=annotation, user=editor, expected_version=1)


def test_article_text_change_reanchors_or_orphans(editor):
    article = articles.article_create(
        title="T",
        text="Premier paragraphe sur le gaz.\n\nLe ministre a dit : « Nous coopérerons. »\n\n"
        "Un passage qui sera supprimé entièrement.",
        created_by=editor,
    )
    quote = "Nous coopérerons."
    start = article.text.index(quote)
    kept = highlights.annotation_create(
        article=article, author=editor, start=start, end=start + len(quote)
    )
    doomed_start = article.text.index("Un passage")
    doomed = highlights.annotation_create(
        article=article, author=editor, start=doomed_start, end=len(article.text)
    )
    counts = articles.article_update_text(
        article=article,
        text="Un chapeau ajouté.\n\nPremier paragraphe sur le gaz.\n\n"
        "Le ministre a dit : « Nous coopérerons. »",
        user=editor,
    )
    kept.refresh_from_db()
    doomed.refresh_from_db()
    article.refresh_from_db()
    assert article.text[kept.start : kept.end] == quote and not kept.orphaned
    assert doomed.orphaned
    assert counts["orphaned"] == 1 and counts["position"] == 0


def test_analyst_cannot_change_article_text(analyst, article):
    with pytest.raises(PermissionDenied):
        articles.article_update_text(article=article, text="Autre", user=analyst)
