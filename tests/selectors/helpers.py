"""Helpers of the selector tests: dating quotes, reviewing them through the service."""

import datetime

from annotations.models import Annotation
from annotations.services import mentions
from annotations.services import review as review_service


def created_at(quote: Annotation, day: int) -> Annotation:
    """Dates a quote `day` days into 2026, so orders by creation do not hang on clock ties."""
    moment = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(days=day)
    Annotation.objects.filter(pk=quote.pk).update(created=moment)
    quote.created = moment
    return quote


def review(quote: Annotation, editor, status: str, reason: str = "") -> Annotation:
    """The editor's decision through the review service (it writes the quote's history)."""
    return review_service.annotation_review(
        annotation=quote, reviewer=editor, to_status=status, reason=reason
    )


def dismiss(article, user, start: int, end: int) -> None:
    """The analyst turns a suggested mention down, through the mention service."""
    mentions.mention_dismiss(user=user, article=article, start=start, end=end)
