"""Article.title_derived: the title was made from the first sentence (no title line).

The column is added with ALTER TABLE ... ADD COLUMN on both databases rather than with
AddField: on SQLite, AddField of a column that is not nullable rebuilds the article table,
which drops its search and article-facts triggers (see ARCHITECTURE.md, Traps).
"""

from django.db import migrations, models

from annotations.migrations._vendor_sql import RunVendorSQL

DROP = ["ALTER TABLE annotations_article DROP COLUMN title_derived"]


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0022_dossier_changes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="article",
                    name="title_derived",
                    field=models.BooleanField(
                        default=False,
                        help_text=(
                            "The source had no title line: the title is made from the first "
                            "sentence."
                        ),
                    ),
                ),
            ],
            database_operations=[
                RunVendorSQL(
                    "postgresql",
                    [
                        "ALTER TABLE annotations_article "
                        "ADD COLUMN title_derived boolean DEFAULT false NOT NULL",
                        # Django keeps defaults in Python, not in the schema.
                        "ALTER TABLE annotations_article ALTER COLUMN title_derived DROP DEFAULT",
                    ],
                    DROP,
                ),
                RunVendorSQL(
                    "sqlite",
                    [
                        "ALTER TABLE annotations_article "
                        "ADD COLUMN title_derived bool DEFAULT 0 NOT NULL",
                    ],
                    DROP,
                ),
            ],
        ),
    ]
