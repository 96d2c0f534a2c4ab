"""Fresh registers for tests: temporary SQLite files, or new databases on a real PostgreSQL server.

With TIPREG_TEST_POSTGRES set to a server URL (postgresql://postgres@127.0.0.1:5432/postgres), every
register a test asks for is a new database on that server, dropped when the session ends.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

POSTGRES = os.environ.get("TIPREG_TEST_POSTGRES")
_created: list[str] = []


def new_register(folder: Path, name: str = "register") -> str:
    """Where a fresh, empty register goes: a SQLite file in `folder`, or a new PostgreSQL database."""
    if not POSTGRES:
        return str(folder / f"{name}.sqlite3")
    import psycopg

    database = f"tipreg_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    _created.append(database)
    return urlunsplit(urlsplit(POSTGRES)._replace(path=f"/{database}"))


def drop_created_registers() -> None:
    if not _created:
        return
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        for database in _created:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _created.clear()
