"""views.imports: the import page and its limits."""

import pytest
from django.urls import reverse

from annotations.models import Article
from tests.helpers import uploads

pytestmark = pytest.mark.django_db


def test_an_oversized_file_is_named_and_the_others_import(client, analyst, settings):
    settings.NEWSROOM_IMPORT_MAX_FILE_BYTES = 1_000
    client.force_login(analyst)
    files = uploads(("huge.txt", 5_000), ("fine.txt", 400))
    response = client.post(reverse("import_start"), {"files": files}, follow=True)
    page = response.content.decode()
    assert "huge.txt" in page and "File larger than the 1 kB limit" in page
    assert Article.objects.count() == 1
