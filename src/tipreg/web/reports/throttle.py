"""Login throttling: failed attempts counted per user name and client address, in the register's database.

A window of LOGIN_LOCKOUT_SECONDS opens at the first failure; LOGIN_FAILURES_ALLOWED failures within it lock
that name from that address until the window closes, or until the Secretariat lifts it (`unlock`). The count is one row updated in SQL (`count + 1`), so
concurrent requests in different server processes never lose a failure.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from tipreg.web.reports.models import LoginFailure


def _key(request: HttpRequest, username: str) -> str:
    who = f"{username.strip().lower()}|{request.META.get('REMOTE_ADDR', '')}"
    return hashlib.sha256(who.encode()).hexdigest()


def _name_key(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def is_locked(request: HttpRequest, username: str) -> bool:
    return LoginFailure.objects.filter(
        key=_key(request, username), first_at__gt=_window_start(), count__gte=settings.LOGIN_FAILURES_ALLOWED
    ).exists()


def record_failure(request: HttpRequest, username: str) -> None:
    key = _key(request, username)
    with transaction.atomic():
        # a window that has closed starts again at this failure
        LoginFailure.objects.filter(key=key, first_at__lte=_window_start()).delete()
        if LoginFailure.objects.filter(key=key).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                LoginFailure.objects.create(key=key, name_key=_name_key(username), count=1, first_at=timezone.now())
        except IntegrityError:  # another process created the row first
            LoginFailure.objects.filter(key=key).update(count=F("count") + 1)


def clear(request: HttpRequest, username: str) -> None:
    LoginFailure.objects.filter(key=_key(request, username)).delete()


def unlock(username: str) -> int:
    """Lift every lock and count of failed log-ins of this user name, from any address; how many were lifted."""
    return LoginFailure.objects.filter(name_key=_name_key(username)).delete()[0]
