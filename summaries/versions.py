"""Table versions: a number that moves whenever a committed write changed one of some tables.

A cached answer keyed by :func:`tables_version` of the tables it reads is exact: it is never served
after a change to those tables has committed. Database triggers (installed by the migrations with
:func:`install_triggers`) move the version in the writing transaction itself, so every kind of
write counts (a service's ``save()``, ``QuerySet.update``, ``bulk_create``, a tree move's raw SQL,
an import), and a rolled-back write moves nothing.

- PostgreSQL: one statement-level trigger per table; it sets the row of its shard
  (``pg_backend_pid() mod SHARDS``) to the next value of a sequence. The sum over the shards grows
  with every committed write, and never takes a value twice (a sequence never goes back, not even
  on a rollback or a flush). Writers on different connections rarely share a shard, so they do not
  queue behind each other's row lock until commit.
- SQLite (the embedded default): row-level triggers add one to shard 0 (SQLite has one writer at a
  time anyway).

Reading costs one indexed query over at most ``SHARDS`` rows per table. Read the version *before*
the data: a write committed in between is then cached under the older version, which nobody reads
once the newer one is visible.
"""

from __future__ import annotations

from django.db import connection

SHARDS = 16
TABLE = "summaries_tableversion"
SEQUENCE = "summaries_tableversion_seq"
FUNCTION = "summaries_move_table_version"


def tables_version(tables) -> int:
    """The sum of the versions of ``tables`` (database table names): one query."""
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(tables))
        cursor.execute(f"SELECT COALESCE(SUM(version), 0) FROM {TABLE} WHERE table_name IN ({placeholders})",
                       list(tables))
        return int(cursor.fetchone()[0])


def watched_tables() -> set[str]:
    """The tables that carry version triggers (for the check that every cached list is covered)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgfoid = %s::regproc",
                           [FUNCTION])
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
            return {table for table, name in cursor.fetchall() if name == _trigger_name(table, "INSERT")}
        return {row[0].strip('"') for row in cursor.fetchall()}


def _postgresql_function() -> list[str]:
    return [
        f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}",
        f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} (table_name, shard, version)
    VALUES (TG_TABLE_NAME, mod(pg_backend_pid(), {SHARDS}), nextval('{SEQUENCE}'))
    ON CONFLICT (table_name, shard) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END $$""",
    ]


def _trigger_name(table: str, event: str = "") -> str:
    return f"{table}_version{'_' + event.lower() if event else ''}"[:63]


def install_triggers(schema_editor, tables) -> None:
    """Create the version triggers on ``tables`` (from a migration's ``RunPython``)."""
    vendor = schema_editor.connection.vendor
    statements: list[str] = []
    if vendor == "postgresql":
        statements += _postgresql_function()
        for table in tables:
            name = _trigger_name(table)
            statements += [
                f'DROP TRIGGER IF EXISTS {name} ON "{table}"',
                f'CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
            ]
    elif vendor == "sqlite":
        for table in tables:
            for event in ("INSERT", "UPDATE", "DELETE"):
                name = _trigger_name(table, event)
                statements += [
                    f'DROP TRIGGER IF EXISTS {name}',
                    f'CREATE TRIGGER {name} AFTER {event} ON "{table}" BEGIN '
                    f"INSERT INTO {TABLE} (table_name, shard, version) VALUES ('{table}', 0, 1) "
                    f"ON CONFLICT (table_name, shard) DO UPDATE SET version = version + 1; END",
                ]
    else:
        raise NotImplementedError(f"table version triggers for {vendor}")
    for statement in statements:
        schema_editor.execute(statement)


def remove_triggers(schema_editor, tables) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(f'DROP TRIGGER IF EXISTS {_trigger_name(table)} ON "{table}"')
        else:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table, event)}")
