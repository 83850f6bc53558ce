"""db.sql: records of functions and triggers, the SQL they write, installing and dropping a set."""

import pytest
from django.db import connection

from annotations.db import sql
from annotations.models import Outlet


def test_a_function_is_named_by_its_argument_types_and_kept_as_written():
    function = sql.pg_function(
        "newsroom_fold",
        "name text, strict boolean",
        "text",
        "\nBEGIN\n    RETURN lower(name);\nEND;\n",
        options=" IMMUTABLE",
    )
    assert function.signature == "newsroom_fold(text,boolean)"
    assert function.create == (
        "CREATE FUNCTION newsroom_fold(name text, strict boolean) RETURNS text\n"
        "LANGUAGE plpgsql IMMUTABLE AS $$\nBEGIN\n    RETURN lower(name);\nEND;\n$$"
    )
    trigger_function = sql.pg_function("newsroom_touch", "", "trigger", "SELECT 1", language="sql")
    assert trigger_function.signature == "newsroom_touch()"
    assert "LANGUAGE sql AS $$SELECT 1$$" in trigger_function.create


def test_a_postgresql_trigger_fires_per_row_or_per_statement_with_transition_tables():
    row = sql.pg_trigger(
        "t_row", "annotations_theme", "AFTER UPDATE OF name", "f()", condition="OLD.a <> NEW.a"
    )
    assert (row.name, row.table) == ("t_row", "annotations_theme")
    assert row.create == (
        "CREATE TRIGGER t_row AFTER UPDATE OF name ON annotations_theme\n"
        "    FOR EACH ROW WHEN (OLD.a <> NEW.a) EXECUTE FUNCTION f();"
    )
    statement = sql.pg_trigger(
        "t_statement", "annotations_theme", "AFTER DELETE", "g()", referencing="OLD TABLE AS gone"
    )
    assert statement.create == (
        "CREATE TRIGGER t_statement AFTER DELETE ON annotations_theme REFERENCING OLD TABLE AS "
        "gone\n    FOR EACH STATEMENT EXECUTE FUNCTION g();"
    )


def test_an_sqlite_trigger_runs_its_statements_after_the_event():
    trigger = sql.sqlite_trigger("t", "annotations_theme", "INSERT", "SELECT 1; SELECT 2")
    assert trigger.create == (
        "CREATE TRIGGER t AFTER INSERT ON annotations_theme BEGIN SELECT 1; SELECT 2; END"
    )
    guarded = sql.sqlite_trigger("u", "annotations_theme", "UPDATE", "SELECT 1", when="new.a")
    assert (
        guarded.create
        == "CREATE TRIGGER u AFTER UPDATE ON annotations_theme WHEN new.a BEGIN SELECT 1; END"
    )


def test_changed_compares_old_and_new_columns_nulls_included():
    assert sql.changed("postgresql", ["name", "kind"]) == (
        "OLD.name IS DISTINCT FROM NEW.name OR OLD.kind IS DISTINCT FROM NEW.kind"
    )
    assert (
        sql.changed("sqlite", ["name", "kind"])
        == "old.name IS NOT new.name OR old.kind IS NOT new.kind"
    )


def _set(vendor: str) -> sql.TriggerSet:
    function = sql.pg_function("f", "a integer", "trigger", "BEGIN RETURN NEW; END;")
    triggers = (
        sql.Trigger("t1", "annotations_theme", "CREATE TRIGGER t1 ..."),
        sql.Trigger("t2", "annotations_entity", "CREATE TRIGGER t2 ..."),
    )
    functions = (function,) if vendor == "postgresql" else ()
    return sql.TriggerSet(functions=functions, triggers=triggers, fill=("UPDATE x", "UPDATE y"))


def test_installing_replaces_functions_then_recreates_each_trigger_then_fills():
    assert sql.install_statements("postgresql", _set("postgresql")) == [
        "CREATE OR REPLACE FUNCTION f(a integer) RETURNS trigger\n"
        "LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END;$$",
        "DROP TRIGGER IF EXISTS t1 ON annotations_theme",
        "CREATE TRIGGER t1 ...",
        "DROP TRIGGER IF EXISTS t2 ON annotations_entity",
        "CREATE TRIGGER t2 ...",
        "UPDATE x",
        "UPDATE y",
    ]
    assert sql.install_statements("sqlite", _set("sqlite"), fill=False) == [
        "DROP TRIGGER IF EXISTS t1",
        "CREATE TRIGGER t1 ...",
        "DROP TRIGGER IF EXISTS t2",
        "CREATE TRIGGER t2 ...",
    ]


def test_dropping_takes_the_triggers_out_before_their_functions():
    assert sql.drop_statements("postgresql", _set("postgresql")) == [
        "DROP TRIGGER IF EXISTS t1 ON annotations_theme",
        "DROP TRIGGER IF EXISTS t2 ON annotations_entity",
        "DROP FUNCTION IF EXISTS f(integer)",
    ]
    assert sql.drop_statements("sqlite", _set("sqlite")) == [
        "DROP TRIGGER IF EXISTS t1",
        "DROP TRIGGER IF EXISTS t2",
    ]


def _domain_set(vendor: str) -> sql.TriggerSet:
    """A trigger that marks each new outlet's domain; its fill marks those without one."""
    fill = ("UPDATE annotations_outlet SET domain = 'filled' WHERE domain = ''",)
    if vendor == "postgresql":
        mark = "BEGIN NEW.domain := 'by-trigger'; RETURN NEW; END;"
        return sql.TriggerSet(
            functions=(sql.pg_function("newsroom_test_mark", "", "trigger", mark),),
            triggers=(
                sql.pg_trigger(
                    "newsroom_test_mark", "annotations_outlet", "BEFORE INSERT",
                    "newsroom_test_mark()",
                ),
            ),
            fill=fill,
        )  # fmt: skip
    mark = "UPDATE annotations_outlet SET domain = 'by-trigger' WHERE id = new.id"
    return sql.TriggerSet(
        functions=(),
        triggers=(sql.sqlite_trigger("newsroom_test_mark", "annotations_outlet", "INSERT", mark),),
        fill=fill,
    )


def _domain(name: str) -> str:
    return Outlet.objects.get(pk=Outlet.objects.create(name=name).pk).domain


@pytest.mark.django_db
def test_a_set_installs_twice_fills_and_drops_on_the_database():
    Outlet.objects.create(name="Avant")
    trigger_set = _domain_set(connection.vendor)
    sql.install(connection, trigger_set, fill=False)
    assert Outlet.objects.get(name="Avant").domain == ""
    sql.install(connection, trigger_set)  # again, whatever it had before
    assert Outlet.objects.get(name="Avant").domain == "filled"
    assert _domain("Pendant") == "by-trigger"
    sql.drop(connection, trigger_set)
    assert _domain("Après") == ""
    sql.drop(connection, trigger_set)  # nothing left to drop is no error
