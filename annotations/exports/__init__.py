"""Writers of annotation sets (and of the actor registry) to any file-like object; views and
the `export_annotations` command stream them. One module per format, imported by name
(`from annotations.exports import csv_writer`); this package re-exports nothing.

- `csv_writer`: the CSV's columns and cell rules (formula neutralising, name lists, ISO
  dates; each rule once, its SQL form generated from it) and the writer from model instances.
- `database_csv`: the CSV's fast path, rows built by the database (COPY on PostgreSQL,
  parallel parts on SQLite), byte for byte what `csv_writer` writes.
- `csv_parts`: the SQLite parts' work, importing only the standard library (spawned
  processes load it without Django).
- `jsonld`: W3C Web Annotation JSON-LD, whole or in pages.
- `backup`: the JSONL backup of articles with their annotations (`import_articles` reads it).
- `registry_files`: the actor registry (actors with their spellings) as CSV or JSON, and reading
  it back.
"""
