from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class PostgresOnly(UnaccentExtension):
    """unaccent for search on PostgreSQL; nothing to do on SQLite."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0006_mention_tagging")]

    operations = [PostgresOnly()]
