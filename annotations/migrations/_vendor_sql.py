"""How a migration runs SQL of its own on one database vendor: the operation RunVendorSQL.

It holds no SQL: each migration passes its own frozen text, so that what a migration
installs never changes with the app's code (the current triggers and functions are
`annotations/db`'s). Changing this class changes every migration that uses it: a new need
is a new class. Django's migration loader passes over modules named with a leading
underscore, so this one is not taken for a migration.
"""

from django.db import migrations


class RunVendorSQL(migrations.RunSQL):
    """RunSQL on the databases of one vendor ("postgresql", "sqlite"), nothing elsewhere.

    `sql` and `reverse_sql` are lists of statements, each run as it is written (RunSQL
    would split a single string and strip its comments, bodies of functions included).
    """

    def __init__(self, vendor: str, sql: list[str], reverse_sql: list[str], **kwargs):
        self.vendor = vendor
        super().__init__(sql, reverse_sql, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, args, {"vendor": self.vendor, **kwargs}

    def describe(self):
        return f"Raw SQL operation on {self.vendor}"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)
