# ruff: noqa: RUF012  (Django's migration format: class-level operation lists)
"""Generation counters kept by triggers, so that a vector index knows when the register changed."""

from django.db import migrations, models

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


def install_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for name, event, table, key in EVENTS:
        if vendor == "sqlite":
            schema_editor.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {BUMP.format(key=key)}; END")
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {BUMP.format(key=key)}; RETURN NULL; END $$"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
            )


def remove_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for name, _, table, _ in EVENTS:
        if vendor in ("sqlite", "postgresql"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if vendor == "postgresql" else ""))
        if vendor == "postgresql":
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):
    dependencies = [("vectors", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                ("key", models.CharField(max_length=220, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
