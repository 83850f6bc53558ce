"""Form fields that refuse, as a form error, what the database or the calendar cannot hold.

An id of 10^20 overflows the database's integer (a 500 on SQLite and PostgreSQL alike) and
a day after 9999-12-30 has no next day to end a range with. Filters (filters.py) and forms
(forms.py) take their ids and dates through these fields, so a hostile URL or form gets a
400 or the form back with its error; NUL characters in any parameter are refused before
(newsroom.middleware.RefuseNulParametersMiddleware).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

# The largest id the database holds (a BigAutoField on SQLite and PostgreSQL).
MAX_ID = 2**63 - 1
# Far enough apart for any news, close enough to the calendar's ends that a day's range
# (the next day, a time zone's offset) is still a date.
FIRST_DAY = datetime.date(1000, 1, 1)
LAST_DAY = datetime.date(9998, 12, 31)
DAY_MESSAGE = f"Use a date between {FIRST_DAY} and {LAST_DAY}."


def fits_an_id(value) -> bool:
    """Whether `value` could be a stored id; anything that is not a number is left to the
    field's own check."""
    try:
        return 0 <= int(str(value)) <= MAX_ID
    except ValueError:
        return True


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and not fits_an_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for each in value or ():
            if self.to_field_name is None and not fits_an_id(each):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(each)[:40]},
                )
        return super()._check_values(value)


_DAY_BOUNDS = [
    MinValueValidator(FIRST_DAY, message=DAY_MESSAGE),
    MaxValueValidator(LAST_DAY, message=DAY_MESSAGE),
]


class DateField(forms.DateField):
    default_validators = _DAY_BOUNDS


class DateTimeField(forms.DateTimeField):
    def validate(self, value):
        super().validate(value)
        if value is not None:
            for validator in _DAY_BOUNDS:
                validator(value.date())
