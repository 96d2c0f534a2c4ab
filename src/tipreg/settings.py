"""Django settings for tipreg, read from the environment.

TIPREG_DB          the register: a SQLite file path (default ./tipreg.sqlite3) or a database URL
                   understood by dj-database-url (postgresql://user:pass@host/name, sqlite:///file)
TIPREG_SECRET_KEY  signing key for the web layer; the fallback below is for development only
TIPREG_DEBUG       "1" to turn Django's debug mode on
TIPREG_ALLOWED_HOSTS  comma-separated host names the web layer answers to
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

DEFAULT_DB = "tipreg.sqlite3"

# SQLite: WAL lets searches read while an ingestion writes; the timeout makes a second writer wait
# instead of failing at once; IMMEDIATE takes the write lock at BEGIN, so two writers queue rather
# than deadlock when both upgrade from a read lock.
SQLITE_OPTIONS: dict[str, Any] = {
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
}


def database_config(value: str) -> dict[str, Any]:
    """Django DATABASES entry for a SQLite path or a database URL."""
    if "://" in value:
        config = dj_database_url.parse(value)
    else:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(Path(value).expanduser().resolve())}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


# Development fallback only: any deployment that serves the web layer must set TIPREG_SECRET_KEY.
SECRET_KEY = os.environ.get("TIPREG_SECRET_KEY", "dev-only-insecure-key-set-TIPREG_SECRET_KEY-in-production")
DEBUG = os.environ.get("TIPREG_DEBUG") == "1"
ALLOWED_HOSTS = [host for host in os.environ.get("TIPREG_ALLOWED_HOSTS", "").split(",") if host]

INSTALLED_APPS = ["tipreg.store"]

DATABASES = {"default": database_config(os.environ.get("TIPREG_DB") or DEFAULT_DB)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "es"
