"""The migration that clears the reviewer and reason that pending quotes still showed."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps

from annotations.models import Annotation
from tests.factories import AnnotationFactory

pytestmark = pytest.mark.django_db

MIGRATIONS = Path(importlib.import_module("annotations.migrations").__file__).parent


def test_pending_quotes_lose_a_stale_review_and_reviewed_ones_keep_theirs(editor):
    (path,) = MIGRATIONS.glob("*_mention_skips_and_stale_reviews.py")
    migration = importlib.import_module(f"annotations.migrations.{path.stem}")
    stale, rejected = AnnotationFactory(), AnnotationFactory(status="rejected")
    Annotation.objects.update(reviewer=editor, review_reason="Hors sujet")
    migration.clear_stale_reviews(apps, None)
    stale.refresh_from_db()
    rejected.refresh_from_db()
    assert (stale.reviewer, stale.review_reason) == (None, "")
    assert (rejected.reviewer, rejected.review_reason) == (editor, "Hors sujet")
