"""A "tag every mention" run counts the mentions it left alone; pending quotes stop
showing the reviewer and reason of a review that no longer holds (their history keeps
them)."""

from django.db import migrations, models


def clear_stale_reviews(apps, schema_editor):
    Annotation = apps.get_model("annotations", "Annotation")
    stale = Annotation.objects.filter(status="pending").exclude(
        reviewer=None, reviewed_at=None, review_reason=""
    )
    stale.update(reviewer=None, reviewed_at=None, review_reason="")


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0020_import_batch_full_restore"),
    ]

    operations = [
        migrations.AddField(
            model_name="mentiontagging",
            name="skipped_count",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Mentions already highlighted by others, which the starter may not edit.",
            ),
        ),
        migrations.RunPython(clear_stale_reviews, migrations.RunPython.noop),
    ]
