"""Full-text search documents for articles (title, text) and quotes (quote, note).

PostgreSQL: a stored `search_vector` per row, built by triggers in the article's language
(French, English, simple otherwise) with accents folded by `unaccent`, and a GIN index.
The quote's language is its article's, so a change of article language re-indexes its
quotes. SQLite: FTS5 tables over the same columns, kept in sync by triggers, with
`remove_diacritics` for accents and the porter stemmer for plurals.

The columns and tables are invisible to the models on purpose: only `search.py` reads
them, and no ORM write can forget them.

The SQL below is frozen: what this migration installed. The current triggers and functions
are `annotations/db/search.py`'s. Caution for later migrations on SQLite: Django rebuilds a
table to alter it, which drops its triggers; install the current ones again after any such
migration of `annotations_article` or `annotations_annotation` (tests/test_db_triggers.py
fails if one is missing).
"""

from django.db import migrations

from annotations.migrations._vendor_sql import RunVendorSQL

POSTGRES_FORWARD = r"""
CREATE TEXT SEARCH CONFIGURATION newsroom_french (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION newsroom_french
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
CREATE TEXT SEARCH CONFIGURATION newsroom_english (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION newsroom_english
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION newsroom_simple (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION newsroom_simple
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- 'fr', 'fr-CA', 'FR_fr' are French; anything unknown is indexed word for word.
CREATE FUNCTION newsroom_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE split_part(replace(lower(coalesce(language, '')), '_', '-'), '-', 1)
        WHEN 'fr' THEN 'newsroom_french'::regconfig
        WHEN 'en' THEN 'newsroom_english'::regconfig
        ELSE 'newsroom_simple'::regconfig
    END
$$;

CREATE FUNCTION newsroom_document(language text, heading text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector(newsroom_search_config(language), coalesce(heading, '')), 'A')
        || setweight(to_tsvector(newsroom_search_config(language), coalesce(body, '')), 'B')
$$;

-- One term of a query, stemmed in each language: an article's vector holds its own
-- language's stems. A stop word in either language is dropped, as search engines do, since
-- the documents of that language do not hold it. (Quietly: an empty query is expected.)
CREATE FUNCTION newsroom_query_term(term text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET client_min_messages = warning AS $$
    SELECT CASE
        WHEN numnode(phraseto_tsquery('newsroom_french', term)) = 0
          OR numnode(phraseto_tsquery('newsroom_english', term)) = 0 THEN ''::tsquery
        ELSE phraseto_tsquery('newsroom_french', term)
          || phraseto_tsquery('newsroom_english', term)
          || phraseto_tsquery('newsroom_simple', term)
    END
$$;

ALTER TABLE annotations_article ADD COLUMN search_vector tsvector;
ALTER TABLE annotations_annotation ADD COLUMN search_vector tsvector;

CREATE FUNCTION annotations_article_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := newsroom_document(NEW.language, NEW.title, NEW.text);
    RETURN NEW;
END $$;

CREATE FUNCTION annotations_annotation_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := newsroom_document(
        (SELECT language FROM annotations_article WHERE id = NEW.article_id),
        NEW.exact,
        NEW.note
    );
    RETURN NEW;
END $$;

CREATE FUNCTION annotations_article_reindex_quotes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE annotations_annotation
       SET search_vector = newsroom_document(NEW.language, exact, note)
     WHERE article_id = NEW.id;
    RETURN NULL;
END $$;

-- Saving a model writes every column: only a real change re-indexes a 20 KB article.
CREATE TRIGGER annotations_article_index_insert BEFORE INSERT ON annotations_article
    FOR EACH ROW EXECUTE FUNCTION annotations_article_index();
CREATE TRIGGER annotations_article_index_update BEFORE UPDATE ON annotations_article
    FOR EACH ROW WHEN (
        OLD.title IS DISTINCT FROM NEW.title
        OR OLD.text IS DISTINCT FROM NEW.text
        OR OLD.language IS DISTINCT FROM NEW.language
    ) EXECUTE FUNCTION annotations_article_index();
CREATE TRIGGER annotations_article_language_change AFTER UPDATE ON annotations_article
    FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language)
    EXECUTE FUNCTION annotations_article_reindex_quotes();
CREATE TRIGGER annotations_annotation_index_insert BEFORE INSERT ON annotations_annotation
    FOR EACH ROW EXECUTE FUNCTION annotations_annotation_index();
CREATE TRIGGER annotations_annotation_index_update BEFORE UPDATE ON annotations_annotation
    FOR EACH ROW WHEN (
        OLD.exact IS DISTINCT FROM NEW.exact
        OR OLD.note IS DISTINCT FROM NEW.note
        OR OLD.article_id IS DISTINCT FROM NEW.article_id
    ) EXECUTE FUNCTION annotations_annotation_index();

UPDATE annotations_article SET search_vector = newsroom_document(language, title, text);
UPDATE annotations_annotation AS quote
   SET search_vector = newsroom_document(article.language, quote.exact, quote.note)
  FROM annotations_article AS article
 WHERE article.id = quote.article_id;

CREATE INDEX annotations_article_search_idx ON annotations_article USING gin (search_vector);
CREATE INDEX annotations_annotation_search_idx
    ON annotations_annotation USING gin (search_vector);
"""

POSTGRES_BACKWARD = r"""
DROP TRIGGER annotations_annotation_index_update ON annotations_annotation;
DROP TRIGGER annotations_annotation_index_insert ON annotations_annotation;
DROP TRIGGER annotations_article_language_change ON annotations_article;
DROP TRIGGER annotations_article_index_update ON annotations_article;
DROP TRIGGER annotations_article_index_insert ON annotations_article;
DROP FUNCTION annotations_article_reindex_quotes();
DROP FUNCTION annotations_annotation_index();
DROP FUNCTION annotations_article_index();
ALTER TABLE annotations_annotation DROP COLUMN search_vector;
ALTER TABLE annotations_article DROP COLUMN search_vector;
DROP FUNCTION newsroom_query_term(text);
DROP FUNCTION newsroom_document(text, text, text);
DROP FUNCTION newsroom_search_config(text);
DROP TEXT SEARCH CONFIGURATION newsroom_simple;
DROP TEXT SEARCH CONFIGURATION newsroom_english;
DROP TEXT SEARCH CONFIGURATION newsroom_french;
"""

# External-content FTS5 tables: the text lives once, in the model's table.
SQLITE_TABLES = [
    """CREATE VIRTUAL TABLE annotations_article_fts USING fts5(
        title, text, content='annotations_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE VIRTUAL TABLE annotations_annotation_fts USING fts5(
        exact, note, content='annotations_annotation', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
]

# An external-content table is told the old values to take out.
SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS annotations_article_fts_insert AFTER insert "
    "ON annotations_article BEGIN\n"
    "        INSERT INTO annotations_article_fts (rowid, title, text) "
    "VALUES (new.id, new.title, new.text);\n    END",
    "CREATE TRIGGER IF NOT EXISTS annotations_article_fts_delete AFTER delete "
    "ON annotations_article BEGIN\n"
    "        INSERT INTO annotations_article_fts (annotations_article_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text);\n    END",
    "CREATE TRIGGER IF NOT EXISTS annotations_article_fts_update AFTER update "
    "ON annotations_article WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN\n"
    "        INSERT INTO annotations_article_fts (annotations_article_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO annotations_article_fts (rowid, title, text) "
    "VALUES (new.id, new.title, new.text);\n    END",
    "CREATE TRIGGER IF NOT EXISTS annotations_annotation_fts_insert AFTER insert "
    "ON annotations_annotation BEGIN\n"
    "        INSERT INTO annotations_annotation_fts (rowid, exact, note) "
    "VALUES (new.id, new.exact, new.note);\n    END",
    "CREATE TRIGGER IF NOT EXISTS annotations_annotation_fts_delete AFTER delete "
    "ON annotations_annotation BEGIN\n"
    "        INSERT INTO annotations_annotation_fts "
    "(annotations_annotation_fts, rowid, exact, note) "
    "VALUES ('delete', old.id, old.exact, old.note);\n    END",
    "CREATE TRIGGER IF NOT EXISTS annotations_annotation_fts_update AFTER update "
    "ON annotations_annotation WHEN old.exact IS NOT new.exact OR old.note IS NOT new.note BEGIN\n"
    "        INSERT INTO annotations_annotation_fts "
    "(annotations_annotation_fts, rowid, exact, note) "
    "VALUES ('delete', old.id, old.exact, old.note); "
    "INSERT INTO annotations_annotation_fts (rowid, exact, note) "
    "VALUES (new.id, new.exact, new.note);\n    END",
]

SQLITE_FORWARD = [
    *SQLITE_TABLES,
    *SQLITE_TRIGGERS,
    # Best matches first: a match in the title (or quote) weighs four times one in the text.
    "INSERT INTO annotations_article_fts (annotations_article_fts, rank) "
    "VALUES ('rank', 'bm25(4.0, 1.0)')",
    "INSERT INTO annotations_annotation_fts (annotations_annotation_fts, rank) "
    "VALUES ('rank', 'bm25(4.0, 1.0)')",
    "INSERT INTO annotations_article_fts (annotations_article_fts) VALUES ('rebuild')",
    "INSERT INTO annotations_annotation_fts (annotations_annotation_fts) VALUES ('rebuild')",
]

SQLITE_BACKWARD = [
    "DROP TABLE annotations_annotation_fts",
    "DROP TABLE annotations_article_fts",
    "DROP TRIGGER IF EXISTS annotations_article_fts_insert",
    "DROP TRIGGER IF EXISTS annotations_article_fts_delete",
    "DROP TRIGGER IF EXISTS annotations_article_fts_update",
    "DROP TRIGGER IF EXISTS annotations_annotation_fts_insert",
    "DROP TRIGGER IF EXISTS annotations_annotation_fts_delete",
    "DROP TRIGGER IF EXISTS annotations_annotation_fts_update",
]


class Migration(migrations.Migration):
    dependencies = [("annotations", "0007_unaccent")]

    operations = [
        RunVendorSQL("postgresql", [POSTGRES_FORWARD], [POSTGRES_BACKWARD]),
        RunVendorSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
    ]
