"""The register's persistence: a Django app that the CLI uses standalone and the web layer hosts.

Call `setup(db)` before touching the models: it points Django at the register, opens it and
brings its schema up to date, so every command works on a fresh file with no other set-up.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

_migrated: set[str] = set()


class RegisterUnavailable(Exception):
    """The register cannot be opened: no such folder, not a database, a server that does not answer."""


def setup(db: str | None = None) -> str:
    """Open the register `db` (path or URL; default TIPREG_DB, then ./tipreg.sqlite3) and migrate it.

    Safe to call repeatedly; a different `db` in the same process switches the default connection
    (tests and notebooks work on several registers). Returns the register as resolved.
    """
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command
    from django.db import Error as DatabaseError

    from tipreg.settings import DEFAULT_DB

    target = db or os.environ.get("TIPREG_DB") or DEFAULT_DB
    os.environ["TIPREG_DB"] = target
    init_django()
    try:
        if "://" not in target and Path(target).is_dir():
            raise RegisterUnavailable(
                f"cannot open the register {target}: a folder, not a file (give a file in it, such as "
                f"{Path(target) / 'tipreg.sqlite3'})"
            )
        _use_database(target)
        if target not in _migrated:
            with _migrating():
                call_command("migrate", verbosity=0, interactive=False)
            _migrated.add(target)
    except (DatabaseError, ImproperlyConfigured, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).strip()
        reason = (reason.splitlines() or [type(exc).__name__])[0]
        raise RegisterUnavailable(f"cannot open the register {_without_password(target)}: {reason}") from exc
    return target


# Any fixed number: the PostgreSQL advisory lock that lets one process at a time migrate a register.
MIGRATION_LOCK = 72_042_026


@contextlib.contextmanager
def _migrating() -> Iterator[None]:
    """One migration at a time per register: two commands starting on a new register would otherwise both
    create its tables, and one would fail. The second waits, then finds nothing left to do."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
            try:
                yield
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])
        return
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name == ":memory:" or name.startswith("file:"):
        yield
        return
    import fcntl
    import hashlib
    import tempfile

    # A lock file of its own: opening and closing the database file itself would drop the POSIX locks
    # SQLite holds on it in this process. One per database, in the machine's temporary folder (SQLite
    # registers are local files).
    key = hashlib.sha256(os.path.realpath(name).encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"tipreg-migrate-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _without_password(target: str) -> str:
    """A database URL as it may be shown: no password."""
    return re.sub(r"(//[^:/@]*):[^@/]*@", r"\1@", target)


def init_django() -> None:
    """Load Django with tipreg's settings (once); opens no database."""
    import django
    from django.apps import apps

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipreg.settings")
    if not apps.ready:
        django.setup()


def _use_database(target: str) -> None:
    """Point the default connection at `target` unless it already is."""
    from django.conf import settings
    from django.db import connections

    from tipreg.settings import database_config

    config = database_config(target)
    identity = ("ENGINE", "NAME", "HOST", "PORT", "USER")
    current = settings.DATABASES["default"]  # Django fills absent keys with "" once connected
    if all((current.get(key) or "") == (config.get(key) or "") for key in identity):
        return
    connections.close_all()
    settings.DATABASES = {"default": config}
    # The connection handler caches the settings it read first; make it read them again.
    connections._settings = None
    connections.__dict__.pop("settings", None)
    with contextlib.suppress(AttributeError):  # no connection opened yet in this thread
        del connections["default"]
