"""How a refusal reads: the one line shown to a user when an action is refused.

A refusal is an exception raised to say no: a ValidationError (one message, a list, or
messages per field), PermissionDenied, a conflict, a ValueError. Pages, import reports
and the registry import all word it with `refusal_message`, so it reads the same
everywhere.
"""


def refusal_message(refusal: Exception) -> str:
    """Every message of a ValidationError joined by "; "; any other refusal's own text."""
    return "; ".join(getattr(refusal, "messages", [str(refusal)]))
