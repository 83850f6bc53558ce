"""The one way a view turns a selector's missing row into a 404.

Selectors raise the model's DoesNotExist when the row they were asked for is missing
(they also serve commands and tasks, where a 404 means nothing); a view reading its
main row through a selector calls `found_or_404` instead of catching it itself. Views
that read the row directly use Django's get_object_or_404.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model
from django.http import Http404

Found = TypeVar("Found")


def found_or_404(selector: Callable[..., Found], model: type[Model], **lookups) -> Found:
    """`selector(**lookups)`, or a 404 when the `model` row it reads does not exist.

    Only that model's DoesNotExist becomes a 404: another missing row is a bug to see.
    """
    try:
        return selector(**lookups)
    except model.DoesNotExist:
        raise Http404(f"No such {model._meta.verbose_name}.") from None
