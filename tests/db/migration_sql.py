"""Run the SQL operations of one migration again, forwards or backwards, for the tests of
what a migration does to rows that already exist."""

from importlib import import_module

from django.db import connection, migrations


def run_migration_sql(name: str, direction: str) -> None:
    """The RunSQL operations of annotations' migration `name`, in `direction` ("forwards"
    or "backwards", in reverse order), on the test database."""
    operations = [
        operation
        for operation in import_module(f"annotations.migrations.{name}").Migration.operations
        if isinstance(operation, migrations.RunSQL)
    ]
    if direction == "backwards":
        operations.reverse()
    with connection.schema_editor() as editor:
        for operation in operations:
            # RunSQL needs no project state.
            getattr(operation, f"database_{direction}")("annotations", editor, None, None)
