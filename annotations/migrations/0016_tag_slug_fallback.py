"""Themes and actors whose slug is empty (a name like "!!!") get the fallback slug that
models.tags.fallback_slug gives new ones: their pages, and every list linking to them,
failed to reverse() an empty slug."""

import hashlib

from django.db import migrations


def fallback_slug(prefix: str, name: str) -> str:
    # Frozen copy of annotations.models.tags.fallback_slug.
    return f"{prefix}-{hashlib.sha256(name.encode()).hexdigest()[:10]}"


def fill_empty_slugs(apps, schema_editor):
    for model_name, prefix in (("Theme", "theme"), ("Entity", "actor")):
        model = apps.get_model("annotations", model_name)
        for row in model.objects.filter(slug=""):
            slug = fallback_slug(prefix, row.name)
            taken = model.objects.filter(slug__startswith=slug).values_list("slug", flat=True)
            suffix = 1
            candidate = slug
            while candidate in set(taken):
                candidate = f"{slug}_{suffix}"
                suffix += 1
            row.slug = candidate
            row.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("annotations", "0015_article_revision")]

    operations = [migrations.RunPython(fill_empty_slugs, migrations.RunPython.noop)]
