"""Station users: add, check a password, look up. Passwords are stored only as argon2 hashes; every
change is a provenance event (step `user`) in the name of whoever made it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from storage.pipeline_db import EventView, PipelineDB
from storage.pipeline_models import Event
from storage.user_models import User

ROLES = ("archive", "reviewer", "operator", "manager", "admin")
MIN_PASSWORD = 10
_NAME = re.compile(r"^[a-z][a-z0-9._-]{1,49}$")
_hasher = PasswordHasher()
# verified against when the name is unknown, so a wrong name costs as long as a wrong password
_DUMMY_HASH = _hasher.hash("not-a-password-of-anyone")


class UserError(ValueError):
    """The user cannot be added as given (code says why, for a translated message)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    active: bool


@dataclass(frozen=True)
class UserRow:
    """What the admin's list shows (never the hash)."""
    name: str
    role: str
    active: bool
    created_at: datetime
    created_by: str


class Users:
    def __init__(self, url: str):
        self._db = PipelineDB(url)  # migrates, and writes the provenance events
        self.engine = self._db.engine
        self._sessions = sessionmaker(self._db.engine, expire_on_commit=False)

    def close(self) -> None:
        self._db.close()

    def add(self, name: str, role: str, password: str, *, by: str) -> Account:
        if not _NAME.match(name):
            raise UserError("bad_name", "user names are 2-50 lower-case letters, digits, '.', '_' or '-'")
        if role not in ROLES:
            raise UserError("bad_role", f"role must be one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise UserError("short_password", f"the password needs at least {MIN_PASSWORD} characters")
        with self._sessions.begin() as s:
            if s.get(User, name) is not None:
                raise UserError("exists", f"a user named {name} exists already")
            s.add(User(name=name, role=role, password_hash=_hasher.hash(password), active=True, created_by=by))
        self._db.add_event("user", "added", agent=by, detail={"user": name, "role": role})
        return Account(name, role, True)

    def get(self, name: str) -> Account | None:
        with self._sessions() as s:
            u = s.get(User, name)
            return Account(u.name, u.role, u.active) if u else None

    def authenticate(self, name: str, password: str) -> Account | None:
        """The active account whose password this is, else None (same work either way)."""
        with self._sessions() as s:
            u = s.get(User, name)
            stored = u.password_hash if u else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if u is None or not u.active:
            return None
        if _hasher.check_needs_rehash(stored):
            with self._sessions.begin() as s:
                s.get(User, name).password_hash = _hasher.hash(password)
        return Account(u.name, u.role, u.active)

    def all_users(self) -> list[UserRow]:
        with self._sessions() as s:
            return [UserRow(u.name, u.role, u.active, u.created_at, u.created_by)
                    for u in s.scalars(select(User).order_by(User.name))]

    def set_role(self, name: str, role: str, *, by: str) -> Account:
        if role not in ROLES:
            raise UserError("bad_role", f"role must be one of {', '.join(ROLES)}")
        return self._change(name, by, role=role)

    def set_active(self, name: str, active: bool, *, by: str) -> Account:
        return self._change(name, by, active=active)

    def _change(self, name: str, by: str, *, role: str | None = None, active: bool | None = None) -> Account:
        """One change to a user, refused when it would leave no active admin; recorded as an event."""
        with self._sessions.begin() as s:
            u = s.get(User, name)
            if u is None:
                raise UserError("no_user", f"no user named {name}")
            old_role, old_active = u.role, u.active
            new_role = role if role is not None else u.role
            new_active = active if active is not None else u.active
            if old_role == "admin" and old_active and not (new_role == "admin" and new_active):
                # locked, so two admins removing each other at once cannot both pass this check
                admins = s.scalars(select(User.name).where(User.role == "admin", User.active.is_(True))
                                   .with_for_update()).all()
                if set(admins) <= {name}:
                    raise UserError("last_admin", "this is the last active admin")
            u.role, u.active = new_role, new_active
            # in the same transaction: no change without its event
            if new_role != old_role:
                s.add(Event(step="user", outcome="role_changed", agent=by,
                            detail={"user": name, "old": old_role, "role": new_role}))
            if new_active != old_active:
                s.add(Event(step="user", outcome="enabled" if new_active else "disabled", agent=by,
                            detail={"user": name}))
        return Account(name, new_role, new_active)

    def history(self, limit: int = 50) -> list[EventView]:
        """The latest user events (who changed whom, and when), newest first."""
        with self._sessions() as s:
            q = select(Event).where(Event.step == "user").order_by(Event.id.desc()).limit(limit)
            return [EventView(e.at, e.step, e.outcome, e.agent, e.batch_id, e.dossier_id, e.object_key, e.detail)
                    for e in s.scalars(q)]

    def count(self) -> int:
        with self._sessions() as s:
            return len(s.scalars(select(User.name)).all())
