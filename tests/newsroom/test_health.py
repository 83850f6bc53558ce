"""newsroom.health: the public health check."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_is_public_and_reports_the_database(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
