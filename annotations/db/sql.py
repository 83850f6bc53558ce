"""Records of database functions and triggers, SQL helpers for both vendors, and the
statements that install (or drop) a trigger set.

A set is installed as it is today: functions replaced in place, triggers dropped and created
again (both databases run DDL in a transaction), then its `fill` statements bring the
derived data in step with the tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Function:
    """A PostgreSQL function; `signature` (name and argument types, as pg_proc's
    regprocedure writes it) names it for DROP FUNCTION."""

    signature: str
    create: str


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    create: str


@dataclass(frozen=True)
class TriggerSet:
    functions: tuple[Function, ...]  # none on SQLite
    triggers: tuple[Trigger, ...]
    fill: tuple[str, ...]  # statements that bring the derived data in step again


def pg_function(
    name: str, parameters: str, returns: str, body: str, *, language: str = "plpgsql", options=""
) -> Function:
    """CREATE FUNCTION; `body` is kept as written (PostgreSQL stores it verbatim)."""
    types = ",".join(parameter.split()[-1] for parameter in parameters.split(", ") if parameter)
    head = f"CREATE FUNCTION {name}({parameters}) RETURNS {returns}\nLANGUAGE {language}"
    return Function(f"{name}({types})", f"{head}{options} AS $${body}$$")


def pg_trigger(
    name: str, table: str, timing: str, function: str, *, condition="", referencing=""
) -> Trigger:
    """A PostgreSQL row trigger (a statement trigger when it is `referencing` transition
    tables); `timing` is when and on what it fires (`AFTER UPDATE OF x`)."""
    each = "STATEMENT" if referencing else "ROW"
    each += f" WHEN ({condition})" if condition else ""
    transitions = f" REFERENCING {referencing}" if referencing else ""
    return Trigger(
        name,
        table,
        f"CREATE TRIGGER {name} {timing} ON {table}{transitions}\n"
        f"    FOR EACH {each} EXECUTE FUNCTION {function};",
    )


def sqlite_trigger(name: str, table: str, event: str, body: str, when: str = "") -> Trigger:
    """An SQLite AFTER trigger running the statements `body` (`;`-separated)."""
    condition = f" WHEN {when}" if when else ""
    return Trigger(
        name, table, f"CREATE TRIGGER {name} AFTER {event} ON {table}{condition} BEGIN {body}; END"
    )


def changed(vendor: str, columns: Iterable[str]) -> str:
    """A trigger's condition: one of `columns` differs between the old and the new row."""
    if vendor == "postgresql":
        return " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)
    return " OR ".join(f"old.{column} IS NOT new.{column}" for column in columns)


def install_statements(vendor: str, trigger_set: TriggerSet, *, fill: bool = True) -> list[str]:
    """The statements that make `trigger_set` the database's, whatever it had before."""
    statements = [
        function.create.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
        for function in trigger_set.functions
    ]
    for trigger in trigger_set.triggers:
        statements += [_drop_trigger(vendor, trigger), trigger.create]
    return statements + list(trigger_set.fill if fill else ())


def drop_statements(vendor: str, trigger_set: TriggerSet) -> list[str]:
    """The statements that take `trigger_set` out of the database (triggers first)."""
    return [_drop_trigger(vendor, trigger) for trigger in trigger_set.triggers] + [
        f"DROP FUNCTION IF EXISTS {function.signature}" for function in trigger_set.functions
    ]


def _drop_trigger(vendor: str, trigger: Trigger) -> str:
    on = f" ON {trigger.table}" if vendor == "postgresql" else ""
    return f"DROP TRIGGER IF EXISTS {trigger.name}{on}"


def install(connection, *trigger_sets: TriggerSet, fill: bool = True) -> None:
    """Install the sets (from their modules' `trigger_set(connection.vendor)`)."""
    with connection.cursor() as cursor:
        for trigger_set in trigger_sets:
            for statement in install_statements(connection.vendor, trigger_set, fill=fill):
                cursor.execute(statement)


def drop(connection, *trigger_sets: TriggerSet) -> None:
    """Take the sets out, as rebuilding their tables on SQLite does (tests)."""
    with connection.cursor() as cursor:
        for trigger_set in trigger_sets:
            for statement in drop_statements(connection.vendor, trigger_set):
                cursor.execute(statement)
