"""exports.registry_files: the actor registry written as CSV or JSON and read back."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotations.exports import registry_files
from annotations.models import Entity
from annotations.services import registry
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_registry_round_trip_through_csv_and_json(client, editor):
    putin = EntityFactory(name="Vladimir Putin", kind="person", wikidata_id="Q7747")
    registry.entity_alias_add(entity=putin, name="Poutine")
    registry.entity_alias_add(entity=putin, name="Putin; V.")
    EntityFactory(name="=Conseil", kind="organisation")
    client.force_login(editor)
    for fmt in ("csv", "json"):
        response = client.get(reverse("registry_export", args=[fmt]))
        data = b"".join(response.streaming_content)
        records = registry_files.read_registry(data, filename=f"registry.{fmt}")
        by_name = {record["name"]: record for record in records}
        assert by_name["Vladimir Putin"]["aliases"] == ["Poutine", "Putin; V."]
        assert by_name["=Conseil"]["kind"] == "organisation"
    Entity.objects.all().delete()
    report = registry.registry_import(user=editor, records=records)
    assert sorted(report["created"]) == ["=Conseil", "Vladimir Putin"]
    restored = Entity.objects.get(name="Vladimir Putin")
    assert restored.wikidata_id == "Q7747"
    assert sorted(restored.aliases.values_list("name", flat=True)) == ["Poutine", "Putin; V."]


def test_every_registry_csv_cell_is_neutralised_and_reads_back(editor):
    actor = EntityFactory(name="\u200b=Conseil", description=' "@SUM(1)')
    registry.entity_alias_add(entity=actor, name="＋Alias")
    # What the forms would refuse, written past them: the kind is written as it is stored.
    Entity.objects.filter(pk=actor.pk).update(kind="-kind")
    data = "".join(registry_files.iter_registry_csv(Entity.objects.prefetch_related("aliases")))
    row = data.splitlines()[1]
    assert row.startswith("'\u200b=Conseil,'-kind,'＋Alias,")
    (record,) = registry_files.read_registry(data.encode(), filename="registry.csv")
    assert (record["name"], record["kind"], record["aliases"]) == (
        "\u200b=Conseil",
        "-kind",
        ["＋Alias"],
    )
    assert record["description"] == ' "@SUM(1)'


def test_a_json_registry_of_non_actors_is_reported_row_by_row_not_an_error_page(client, editor):
    client.force_login(editor)
    data = b'[1, 2, {"name": "Iran", "aliases": "Perse"}, {"name": "Irak", "aliases": ["Iraq"]}]'
    upload = SimpleUploadedFile("actors.json", data, content_type="application/json")
    response = client.post(reverse("registry_import"), {"registry": upload}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "actors.json: 1 actors added, 0 updated." in page
    assert "Row 1: not an actor" in page and "Row 2: not an actor" in page
    assert "Row 3: the aliases are one text, not a list of names" in page
    assert list(Entity.objects.values_list("name", flat=True)) == ["Irak"]


def test_a_json_registry_that_is_not_a_list_is_a_clear_error(client, editor):
    client.force_login(editor)
    for data in (b'{"name": "Iran"}', b"[1, 2", b"\xff"):
        upload = SimpleUploadedFile("actors.json", data, content_type="application/json")
        response = client.post(reverse("registry_import"), {"registry": upload}, follow=True)
        assert response.status_code == 200
        assert "actors.json: cannot read this file" in response.content.decode()
    assert not Entity.objects.exists()
