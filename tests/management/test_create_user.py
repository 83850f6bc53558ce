"""management.commands.create_user: a user with a role from the command line."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_create_user_with_role(capsys):
    call_command("create_user", "zoe", role="editor", password="a-decent-pass")
    zoe = get_user_model().objects.get(username="zoe")
    assert zoe.has_perm("annotations.review_annotation")
    call_command("create_user", "root", role="admin", password="a-decent-pass")
    assert get_user_model().objects.get(username="root").is_superuser
    with pytest.raises(CommandError, match="exists"):
        call_command("create_user", "zoe", role="analyst", password="a-decent-pass")
