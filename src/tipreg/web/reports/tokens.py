"""API tokens for scripts that file reports (`tipreg tokens add`): random, shown once, kept only as SHA-256.

A token is 32 random bytes, so a fast hash is enough (nothing to guess from it, unlike a password); the
database never holds one that could be used.
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from tipreg.web.reports.accounts import SetupError
from tipreg.web.reports.models import ApiToken

PREFIX = "tipreg_"
SHOWN = 12  # characters of a token kept in clear, to tell tokens apart in `tipreg tokens list`


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(username: str, name: str) -> tuple[ApiToken, str]:
    """A new token for `username`: the stored record, and the token itself (shown once, never stored)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise SetupError(f"no user {username}: add it first with `tipreg users add`")
    token = PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(user=user, name=name, digest=digest(token), prefix=token[:SHOWN])
    return record, token


def revoke(prefix: str) -> int:
    """Delete the tokens starting with `prefix` (as `tipreg tokens list` shows it); how many went."""
    if len(prefix) < SHOWN:
        raise SetupError(f"give the token's first {SHOWN} characters, as `tipreg tokens list` shows them")
    deleted, _ = ApiToken.objects.filter(prefix=prefix[:SHOWN]).delete()
    return deleted


def user_for(authorization: str) -> AbstractBaseUser | None:
    """The active user whose token an `Authorization: Bearer …` header carries; None for anything else."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip().startswith(PREFIX):
        return None
    record = ApiToken.objects.select_related("user").filter(digest=digest(token.strip())).first()
    if record is None or not record.user.is_active:
        return None
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.user
