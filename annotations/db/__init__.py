"""The SQL the database runs by itself: the current triggers (and, on PostgreSQL, the
functions they call) that keep derived data in step with the tables, whoever writes them
(the ORM, bulk inserts, `QuerySet.update()`, the admin, raw SQL).

One module per trigger set, each giving `trigger_set(vendor)`: its functions, its triggers
and the statements that bring its derived data in step again.

- `search`: the full-text search documents (migrations 0008 and 0009).
- `tag_lists`: each annotation's tag lists, ready CSV cells (0010, 0012, 0014).
- `article_facts`: the article facts every tagging carries (0014).
- `sql`: the records and the SQL helpers for both vendors, and `install`.

Rules. Migrations never import this package (nor each other): each holds a frozen copy of
the SQL it installs, so that editing this code never changes what an old migration does.
This package is the SQL as it is today; a change here needs a new migration that installs
it (paste `sql.install_statements(...)`), and tests/test_db_triggers.py fails until the
migrated database matches. On SQLite, a migration that rebuilds a table (any AlterField of
it) drops that table's triggers: such a migration must install the sets again.
"""
