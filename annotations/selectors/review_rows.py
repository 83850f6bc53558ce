"""The review queue: its selection of quotes and one row re-rendered after a decision.

Rules: the queue filters and pages `quotes_for_review()` on ids (views.listing.paginate),
then gives the page's quotes their tag lists with `quote_rows.with_tag_lists`; a row
comes with the same joins and tag lists as the queue's.
"""

from django.db.models import Max, QuerySet

from annotations.models import Annotation
from annotations.selectors import quote_rows


def quotes_for_review() -> QuerySet[Annotation]:
    """The review queue's rows: oldest first; the article text comes along for context."""
    return quote_rows.annotations_joined(Annotation.objects.order_by("created", "id"))


def review_row(*, pk: int) -> Annotation:
    """One quote as a row of the queue shows it; DoesNotExist when there is none."""
    return quote_rows.with_tag_lists([quote_rows.annotations_joined().get(pk=pk)])[0]


def latest_annotation_id() -> int:
    """The highest annotation id now (0 without any): what "Approve all" may approve is
    what existed when the queue was shown."""
    return Annotation.objects.aggregate(latest=Max("pk"))["latest"] or 0
