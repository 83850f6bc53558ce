"""An article whose tsvector would pass PostgreSQL's 1 MB limit (a text of a million
distinct words) is indexed by its title and the first 100,000 characters of its text,
instead of failing its insert ("string is too long for tsvector"), which the app reported
as the database being away.

The SQL below is frozen: what this migration installed. The current function is
`annotations/db/search.py`'s. SQLite's FTS5 has no such limit: nothing changes there.
"""

from django.db import migrations

from annotations.migrations._vendor_sql import RunVendorSQL

FORWARD = """CREATE OR REPLACE FUNCTION annotations_article_index() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        NEW.search_vector := newsroom_document(NEW.language, NEW.title, NEW.text);
    EXCEPTION WHEN program_limit_exceeded THEN
        NEW.search_vector := newsroom_document(
            NEW.language, NEW.title, left(NEW.text, 100000)
        );
    END;
    RETURN NEW;
END $$"""

BACKWARD = """CREATE OR REPLACE FUNCTION annotations_article_index() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := newsroom_document(NEW.language, NEW.title, NEW.text);
    RETURN NEW;
END $$"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0016_tag_slug_fallback")]

    operations = [RunVendorSQL("postgresql", [FORWARD], [BACKWARD])]
