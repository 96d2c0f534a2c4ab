"""Login throttling: failed attempts counted per user name and client address in Django's cache."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _key(request: HttpRequest, username: str) -> str:
    who = f"{username.strip().lower()}|{request.META.get('REMOTE_ADDR', '')}"
    return "login-failures:" + hashlib.sha256(who.encode()).hexdigest()


def is_locked(request: HttpRequest, username: str) -> bool:
    return cache.get(_key(request, username), 0) >= settings.LOGIN_FAILURES_ALLOWED


def record_failure(request: HttpRequest, username: str) -> None:
    key = _key(request, username)
    cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
    cache.incr(key)


def clear(request: HttpRequest, username: str) -> None:
    cache.delete(_key(request, username))
