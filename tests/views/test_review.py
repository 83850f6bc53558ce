"""views.review: the review queue, an editor's decisions, bulk approval."""

import pytest
from django.urls import reverse

from annotations.models import Annotation, ReviewEvent
from annotations.services import highlights
from tests.factories import AnnotationFactory, ArticleFactory, UserFactory
from tests.helpers import HX, start_tags

pytestmark = pytest.mark.django_db


def review(client, annotation, decision, reason="", version=None, **extra):
    return client.post(
        reverse("quote_review", args=[annotation.pk]),
        {"decision": decision, "reason": reason, "version": version or annotation.version},
        **extra,
    )


def test_full_lifecycle_with_history(client, analyst, editor):
    annotation = AnnotationFactory(author=analyst)
    client.force_login(editor)
    review(client, annotation, "rejected", "Mauvais orateur", **HX)
    annotation.refresh_from_db()
    assert (annotation.status, annotation.review_reason) == ("rejected", "Mauvais orateur")
    # The analyst fixes it: back to pending.
    fixed = highlights.annotation_update(
        annotation=annotation, user=analyst, expected_version=annotation.version, speaker="X"
    )
    assert fixed.status == "pending"
    review(client, fixed, "approved", **HX)
    fixed.refresh_from_db()
    review(client, fixed, "pending", **HX)  # an editor reopens an approved quote
    fixed.refresh_from_db()
    assert fixed.status == "pending"
    transitions = [(e.from_status, e.to_status) for e in fixed.review_events.order_by("id")]
    assert transitions == [
        ("pending", "rejected"),
        ("rejected", "pending"),
        ("pending", "approved"),
        ("approved", "pending"),
    ]
    history = client.get(fixed.get_absolute_url()).content.decode()
    assert "Mauvais orateur" in history and "Approved" in history


@pytest.mark.parametrize(
    ("start", "decision", "reason", "message"),
    [
        ("pending", "rejected", "", "Say why"),
        ("pending", "pending", "", "cannot become"),
        ("rejected", "approved", "", "cannot become"),
    ],
)
def test_refused_transitions_leave_the_quote_alone(
    client, analyst, editor, start, decision, reason, message
):
    annotation = AnnotationFactory(author=analyst, status=start)
    client.force_login(editor)
    body = review(client, annotation, decision, reason, **HX).content.decode()
    assert message in body
    annotation.refresh_from_db()
    assert annotation.status == start and not ReviewEvent.objects.exists()


def test_the_second_editor_sees_who_reviewed_first(client, analyst, editor, django_user_model):
    other_editor = UserFactory(username="olga", role="editor")
    annotation = AnnotationFactory(author=analyst)
    client.force_login(editor)
    review(client, annotation, "approved", version=1, **HX)
    client.force_login(other_editor)
    body = review(client, annotation, "rejected", "Non", version=1, **HX).content.decode()
    assert "approved by eddie" in body
    annotation.refresh_from_db()
    assert annotation.status == "approved" and annotation.reviewer == editor


def test_analyst_cannot_review_or_open_the_queue(client, analyst):
    annotation = AnnotationFactory()
    client.force_login(analyst)
    assert review(client, annotation, "approved").status_code == 403
    assert client.get(reverse("review_queue")).status_code == 403
    assert client.post(reverse("review_approve_many"), {"scope": "all"}).status_code == 403


def test_queue_shows_pending_oldest_first_with_sentence_context(client, analyst, editor):
    article = ArticleFactory(text="Une phrase avant. Le ministre a parlé du gaz hier. Une autre.")
    first = AnnotationFactory(article=article, author=analyst, start=18, end=36)
    second = AnnotationFactory(article=article, author=analyst, start=0, end=10)
    AnnotationFactory(article=article, author=analyst, start=0, end=5, status="approved")
    client.force_login(editor)
    body = client.get(reverse("review_queue")).content.decode()
    assert body.index(f'id="review-{first.pk}"') < body.index(f'id="review-{second.pk}"')
    assert "2 quotes to review" in body
    assert "du gaz hier." in body  # the rest of the sentence


BULK_FIELDS = {"snapshot", "filters"}


def bulk_form(client, query: str = "") -> dict[str, list[str]]:
    """The fields the review page's bulk approval form posts, as the page shows them."""
    fields: dict[str, list[str]] = {}
    body = client.get(f"{reverse('review_queue')}?{query}").content.decode()
    for tag, attrs in start_tags(body):
        hidden = tag == "input" and attrs.get("type") == "hidden" and attrs.get("name")
        if hidden and (attrs.get("form") == "bulk-approve" or attrs["name"] in BULK_FIELDS):
            fields.setdefault(attrs["name"], []).append(attrs.get("value", ""))
    return fields


def test_bulk_approval_of_the_filtered_set(client, analyst, editor):
    mine = AnnotationFactory(author=editor)
    theirs = [AnnotationFactory(author=analyst) for _ in range(5)]
    for annotation in theirs[:3]:
        annotation.themes.add("Énergie")
    client.force_login(editor)
    form = bulk_form(client, "theme=Énergie")
    response = client.post(reverse("review_approve_many"), {**form, "scope": "all"})
    assert response.status_code == 302
    assert Annotation.objects.filter(status="approved").count() == 3
    assert ReviewEvent.objects.filter(to_status="approved").count() == 3
    form = bulk_form(client)
    client.post(
        reverse("review_approve_many"),
        {**form, "scope": "selected", "ids": [theirs[3].pk, mine.pk]},
    )
    mine.refresh_from_db()
    theirs[3].refresh_from_db()
    assert (theirs[3].status, mine.status) == ("approved", "pending")  # not one's own


@pytest.mark.parametrize("scope", ["selected", "all"])
def test_bulk_approval_skips_and_reports_what_changed_since_the_page_was_loaded(
    client, analyst, editor, scope
):
    seen, edited = AnnotationFactory(author=analyst), AnnotationFactory(author=analyst)
    client.force_login(editor)
    form = bulk_form(client)
    highlights.annotation_update(annotation=edited, user=analyst, expected_version=1, note="x")
    added = AnnotationFactory(author=analyst)
    ids = [seen.pk, edited.pk, added.pk] if scope == "selected" else []
    response = client.post(
        reverse("review_approve_many"), {**form, "scope": scope, "ids": ids}, follow=True
    )
    approved = set(Annotation.objects.filter(status="approved").values_list("pk", flat=True))
    assert approved == {seen.pk}
    assert (
        "1 approved; 2 skipped because they changed since you loaded the page."
        in response.content.decode()
    )


def test_bulk_approval_without_what_the_page_showed_approves_nothing(client, analyst, editor):
    AnnotationFactory(author=analyst)
    client.force_login(editor)
    response = client.post(
        reverse("review_approve_many"), {"scope": "all", "filters": ""}, follow=True
    )
    assert "Nothing approved: reload the page" in response.content.decode()
    assert not Annotation.objects.filter(status="approved").exists()


def test_a_quote_back_in_review_shows_no_old_reviewer_or_reason(client, analyst, editor):
    annotation = AnnotationFactory(author=analyst)
    client.force_login(editor)
    review(client, annotation, "rejected", "Mauvais orateur", **HX)
    annotation.refresh_from_db()
    edited = highlights.annotation_update(
        annotation=annotation, user=analyst, expected_version=annotation.version, note="x"
    )
    client.force_login(analyst)
    reader = client.get(annotation.article.get_absolute_url()).content.decode()
    assert "Mauvais orateur" not in reader
    client.force_login(editor)
    review(client, edited, "approved", **HX)
    edited.refresh_from_db()
    review(client, edited, "pending", **HX)  # reopened
    queue = client.get(reverse("review_queue")).content.decode()
    assert f'id="review-{annotation.pk}"' in queue and "Pending by" not in queue
    history = client.get(annotation.get_absolute_url()).content.decode()
    assert "Mauvais orateur" in history
