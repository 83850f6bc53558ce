"""services.users: a user created with a role."""

import pytest

from annotations.services import users

pytestmark = pytest.mark.django_db


def test_user_create_with_role_validates(db):
    user = users.user_create_with_role(username="nina", password="a-decent-pass", role="editor")
    assert user.has_perm("annotations.review_annotation")
    with pytest.raises(ValueError, match="exists"):
        users.user_create_with_role(username="NINA", password="a-decent-pass", role="analyst")
    with pytest.raises(ValueError):
        users.user_create_with_role(username="short", password="123", role="analyst")
    with pytest.raises(ValueError, match="Unknown role"):
        users.user_create_with_role(username="x", password="a-decent-pass", role="boss")
