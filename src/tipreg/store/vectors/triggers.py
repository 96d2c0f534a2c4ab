"""Triggers that keep `vectors_generation` counting the writes to entries and vectors, whoever writes.

Installed by migration 0002 and again after every `migrate` (`VectorsConfig.ready`): SQLite drops a
table's triggers when a later migration rebuilds the table, and a missing trigger would leave
search processes with a stale vector index without any error.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

# What bumps which counter: (trigger name, event, table, key expression over NEW/OLD).
EVENTS = (
    ("vectors_embedding_added", "INSERT", "vectors_embedding", "'vectors:' || NEW.model_id"),
    ("vectors_embedding_changed", "UPDATE", "vectors_embedding", "'vectors:' || NEW.model_id"),
    ("vectors_embedding_removed", "DELETE", "vectors_embedding", "'vectors:' || OLD.model_id"),
    ("vectors_provision_added", "INSERT", "store_provision", "'provisions'"),
    ("vectors_provision_changed", "UPDATE OF text, heading", "store_provision", "'provisions'"),
    ("vectors_provision_removed", "DELETE", "store_provision", "'provisions'"),
)
BUMP = (
    "INSERT INTO vectors_generation (key, value) VALUES ({key}, 1) "
    "ON CONFLICT (key) DO UPDATE SET value = vectors_generation.value + 1"
)


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers that are missing (idempotent; takes no lock when all exist)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name, event, table, key in EVENTS:
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} BEGIN {BUMP.format(key=key)}; END"
                )
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'vectors\\_%%'")
            present = {row[0] for row in cursor.fetchall()}
            for name, event, table, key in EVENTS:
                if name in present:
                    continue
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    f"BEGIN {BUMP.format(key=key)}; RETURN NULL; END $$"
                )
                cursor.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()")


def remove_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for name, _, table, _ in EVENTS:
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
