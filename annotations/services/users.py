"""Users: creating one with a role (analyst, editor or admin).

Used by the `create_user` command and the demo loader, so it checks no permission.
A role is a group (annotations.roles); an admin is also staff and superuser. User
names are unique case-insensitively, and passwords pass Django's validators. Refusals
are ValueErrors, worded for the command line.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from annotations.roles import ANALYSTS, EDITORS


@transaction.atomic
def user_create_with_role(*, username: str, password: str, role: str, email: str = ""):
    """Create a user who is an analyst, an editor, or an admin (staff and superuser)."""
    User = get_user_model()
    if role not in {"analyst", "editor", "admin"}:
        raise ValueError(f"Unknown role “{role}”: choose analyst, editor or admin.")
    if User.objects.filter(username__iexact=username).exists():
        raise ValueError(f"A user called “{username}” already exists.")
    user = User(username=username, email=email)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error
    user.set_password(password)
    user.is_staff = user.is_superuser = role == "admin"
    user.full_clean()
    user.save()
    group_name = EDITORS if role in {"editor", "admin"} else ANALYSTS
    user.groups.add(Group.objects.get(name=group_name))
    return user
