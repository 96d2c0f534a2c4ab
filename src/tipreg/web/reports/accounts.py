"""Set-up of States, users and reporting periods (behind `tipreg states|users|periods add`)."""

from __future__ import annotations

import datetime
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from tipreg.web.reports.models import FocalPoint, ReportingPeriod, State

ROLES = ("secretariat", "focal-point")
Checked = TypeVar("Checked", State, ReportingPeriod)


class SetupError(ValueError):
    pass


def add_state(
    code: str, name: str, registered_on: datetime.date | None = None, removed_on: datetime.date | None = None
) -> State:
    """Add (or rename) a State by its ISO 3166-1 alpha-3 code, the key of its reports and their API URLs.
    `registered_on` (default: today, for a new State) and `removed_on` say which periods it is expected to
    report in; a date not given keeps the State's."""
    dates = {field: day for field, day in (("registered_on", registered_on), ("removed_on", removed_on)) if day}
    state = State.objects.filter(code=code.upper()).first() or State(code=code)
    for field, value in {"name": name, **dates}.items():
        setattr(state, field, value)
    return checked_and_saved(state)


def checked_and_saved(record: Checked) -> Checked:
    """Save `record` after the checks its model makes (the desk makes the same), or raise SetupError."""
    try:
        record.clean()
    except ValidationError as error:
        raise SetupError(" ".join(error.messages)) from error
    record.save()
    return record


def add_user(username: str, role: str, password: str, state_code: str | None = None) -> AbstractUser:
    """A Secretariat member (staff, may use /admin/) or the focal point of one State. The password is
    checked against Django's validators and stored hashed."""
    state = check_new_user(username, role, state_code)
    users = get_user_model()
    user = users(username=username, is_staff=role == "secretariat", is_superuser=role == "secretariat")
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        if state:
            FocalPoint.objects.create(user=user, state=state)
    return user


def check_new_user(username: str, role: str, state_code: str | None) -> State | None:
    """What `add_user` refuses before it looks at the password (so that a command can check it before anyone
    types one); the focal point's State, if any."""
    if role not in ROLES:
        raise SetupError(f"role must be one of {', '.join(ROLES)}")
    if (role == "focal-point") != bool(state_code):
        raise SetupError("a focal point needs --state; the Secretariat takes none")
    state = None
    if state_code:
        state = State.objects.filter(code=state_code.upper()).first()
        if state is None:
            raise SetupError(f"no State {state_code.upper()}: add it first with `tipreg states add`")
    if get_user_model().objects.filter(username=username).exists():
        raise SetupError(f"user {username} exists already")
    return state


def add_period(name: str, starts: datetime.date, ends: datetime.date, current: bool) -> ReportingPeriod:
    """Add a period, or correct its dates; `current` makes it the only current one (only it does: correcting
    a current period's dates keeps it current)."""
    period = ReportingPeriod.objects.filter(name=name).first() or ReportingPeriod(name=name)
    period.starts, period.ends = starts, ends
    period.is_current = period.is_current or current
    return checked_and_saved(period)
