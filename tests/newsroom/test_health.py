"""newsroom.health: the public health check."""

import logging

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_is_public_and_reports_the_database(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_failing_database_is_unavailable_with_no_detail_but_in_the_log(
    client, monkeypatch, caplog
):
    from django.db import connection

    detail = 'connection to server at "db.internal" (10.0.0.7), port 5432 failed'

    def broken():
        raise OperationalError(detail)

    monkeypatch.setattr(connection, "cursor", broken)
    with caplog.at_level(logging.WARNING, logger="newsroom.health"):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert "db.internal" not in response.content.decode()
    assert any(detail in record.exc_text for record in caplog.records if record.exc_text)
