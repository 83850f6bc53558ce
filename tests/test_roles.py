"""roles: the role groups and the permissions of each role."""

import pytest
from django.contrib.auth.models import Group

from annotations.roles import ANALYSTS, EDITORS

pytestmark = pytest.mark.django_db


def test_groups_exist_with_their_permissions():
    analysts = set(Group.objects.get(name=ANALYSTS).permissions.values_list("codename", flat=True))
    editors = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    assert {"add_annotation", "change_annotation", "add_article"} <= analysts
    assert "review_annotation" not in analysts
    assert analysts < editors
    assert {"review_annotation", "edit_any_annotation"} <= editors


def test_analyst_and_editor_permissions(analyst, editor):
    assert analyst.has_perm("annotations.add_annotation")
    assert not analyst.has_perm("annotations.review_annotation")
    assert editor.has_perm("annotations.review_annotation")
