"""The actor registry as a file: each actor with its kind, spellings, Wikidata id and
description, written as CSV or JSON and read back from either.

CSV cells follow `csv_writer`'s rules (every cell neutralised, spellings joined by
`join_names`); reading undoes them, so that a registry exported here imports unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from annotations.exports.csv_writer import (
    Passthrough,
    join_names,
    neutralize,
    split_names,
    unneutralize,
)

REGISTRY_COLUMNS = ["name", "kind", "aliases", "wikidata_id", "description"]


def registry_records(entities: Iterable) -> Iterator[dict]:
    """One record per actor (expects aliases prefetched)."""
    for entity in entities:
        yield {
            "name": entity.name,
            "kind": entity.kind,
            "aliases": sorted(alias.name for alias in entity.aliases.all()),
            "wikidata_id": entity.wikidata_id,
            "description": entity.description,
        }


def iter_registry_csv(entities: Iterable) -> Iterator[str]:
    writer = csv.writer(Passthrough())
    yield writer.writerow(REGISTRY_COLUMNS)
    for record in registry_records(entities):
        cells = {**record, "aliases": join_names(record["aliases"])}
        yield writer.writerow([neutralize(cells[column]) for column in REGISTRY_COLUMNS])


def iter_registry_json(entities: Iterable) -> Iterator[str]:
    yield "["
    for index, record in enumerate(registry_records(entities)):
        yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"


def read_registry(data: bytes, *, filename: str) -> list:
    """Actor records from a CSV or JSON registry file (as written above). A JSON file's
    items come as they are: `services.registry.registry_import` refuses, item by item,
    those that are not actor records."""
    text = data.decode("utf-8-sig")
    if filename.lower().endswith(".json"):
        records = json.loads(text)
        if not isinstance(records, list):
            raise ValueError("A JSON registry is a list of actors.")
        return records
    records = []
    for row in csv.DictReader(io.StringIO(text)):
        record = {key: (value or "").strip() for key, value in row.items() if key}
        # A neutralised cell came out of our own export: take the prefix off again.
        record = {key: unneutralize(value) for key, value in record.items()}
        record["aliases"] = split_names(record.get("aliases", ""))
        records.append(record)
    return records
