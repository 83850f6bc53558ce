"""apps: the role groups made again after every migrate or flush (post_migrate)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from annotations.roles import ANALYSTS, EDITORS


@pytest.mark.django_db(transaction=True)
def test_the_role_groups_come_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    editors = Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True)
    assert "review_annotation" in set(editors)
    assert Group.objects.filter(name=ANALYSTS).exists()
