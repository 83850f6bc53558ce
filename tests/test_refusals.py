"""refusals: the wording of a refused action."""

from django.core.exceptions import PermissionDenied, ValidationError

from annotations.refusals import refusal_message


def test_a_validation_error_gives_every_message_on_one_line():
    assert refusal_message(ValidationError("The article has no text.")) == (
        "The article has no text."
    )
    assert refusal_message(ValidationError(["Too long.", "Not a URL."])) == (
        "Too long.; Not a URL."
    )
    by_field = ValidationError({"name": ["A name is required."], "colour": ["Use #rrggbb."]})
    assert refusal_message(by_field) == "A name is required.; Use #rrggbb."


def test_other_refusals_give_their_own_text():
    assert refusal_message(PermissionDenied("Only editors review quotes.")) == (
        "Only editors review quotes."
    )
    assert refusal_message(ValueError("range (3, 1) is not inside 0..10")) == (
        "range (3, 1) is not inside 0..10"
    )
