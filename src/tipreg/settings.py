"""Django settings for tipreg, read from the environment.

TIPREG_DB          the register: a SQLite file path (default ./tipreg.sqlite3) or a database URL
                   understood by dj-database-url (postgresql://user:pass@host/name, sqlite:///file)
TIPREG_SECRET_KEY  signing key for the web layer; the fallback below is for development only
TIPREG_DEBUG       "1" to turn Django's debug mode on
TIPREG_ALLOWED_HOSTS  comma-separated host names the web layer answers to (default: loopback names)
TIPREG_HTTPS       "1" where the web layer is served over HTTPS (secure cookies, HSTS, redirect from HTTP)
TIPREG_MEDIA_DIR   where uploaded evidence files are kept, outside the web root (default ./tipreg-media)
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
ALLOWED_HOSTS = [
    host for host in os.environ.get("TIPREG_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if host
]

INSTALLED_APPS = [
    "tipreg.store",
    "tipreg.store.labels",
    "tipreg.store.vectors",
    "tipreg.store.curation",
    "django.contrib.staticfiles",
    "tipreg.web.register",
    "tipreg.web.api",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "tipreg.web.reports",
    "tipreg.web.curation",
]

# The web layer (tipreg serve). LocaleMiddleware picks the language from the switcher's cookie, then the
# browser's Accept-Language; WhiteNoise serves the static files from the apps under any WSGI server.
ROOT_URLCONF = "tipreg.web.urls"
WSGI_APPLICATION = "tipreg.web.wsgi.application"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tipreg.web.middleware.ContentSecurityPolicyMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csrf",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True  # serve straight from the apps' static/ folders: no collectstatic step
LANGUAGES = [("es", "Español"), ("en", "English")]
LOCALE_PATHS = [str(Path(__file__).resolve().parent / "web" / "locale")]
USE_I18N = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# TIPREG_HTTPS=1 where the site is served over HTTPS: cookies travel only over HTTPS, browsers are told to
# use HTTPS for a year (HSTS), plain HTTP is redirected. A proxy that terminates TLS must set
# X-Forwarded-Proto (and strip it from clients), since that header is then trusted.
HTTPS = os.environ.get("TIPREG_HTTPS") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None

# Accounts (tipreg.web.reports): sessions end after a working day; failed logins are counted per
# user name and address, and refused for a while after too many (see tipreg.web.reports.throttle).
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_HTTPONLY = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "report_home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_FAILURES_ALLOWED = 5
LOGIN_LOCKOUT_SECONDS = 15 * 60
MEDIA_ROOT = Path(os.environ.get("TIPREG_MEDIA_DIR") or "tipreg-media").expanduser().resolve()
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

DATABASES = {"default": database_config(os.environ.get("TIPREG_DB") or DEFAULT_DB)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "es"
