"""Station users: add, check a password, look up. Passwords are stored only as argon2 hashes; every
change is a provenance event (step `user`) in the name of whoever made it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from storage.pipeline_db import PipelineDB
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

    def count(self) -> int:
        with self._sessions() as s:
            return len(s.scalars(select(User.name)).all())
