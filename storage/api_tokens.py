"""API tokens: made for a user (the token acts with that user's role, read at every request), shown
once, kept only as a SHA-256, revocable. Adding and revoking are provenance events (step `token`) in
the name of whoever did it; the API's reads of personal data go to the station's access log
(storage.station_db, actions api_*)."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from storage.api_models import ApiToken
from storage.pipeline_db import PipelineDB
from storage.pipeline_models import Event, utcnow
from storage.user_models import User
from storage.users import Account, UserError

PREFIX = "sohoa_"  # lets secret scanners and people recognise a leaked token
LABEL_MAX = 100
_TOUCH_EVERY = timedelta(minutes=5)  # last_used_at is a hint for revoking, not a log: spare the writes


@dataclass(frozen=True)
class TokenInfo:
    id: int
    user: str
    label: str
    created_at: datetime
    created_by: str
    last_used_at: datetime | None
    revoked_at: datetime | None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokens:
    def __init__(self, db: PipelineDB):
        self._sessions = sessionmaker(db.engine, expire_on_commit=False)

    def add(self, user: str, label: str = "", *, by: str) -> tuple[TokenInfo, str]:
        """A new token for an existing user: (its record, the token itself, which is never stored)."""
        if len(label) > LABEL_MAX:
            raise UserError("bad_label", f"the token's name is at most {LABEL_MAX} characters")
        token = PREFIX + secrets.token_urlsafe(32)
        with self._sessions.begin() as s:
            if s.get(User, user) is None:
                raise UserError("no_user", f"no user named {user}; add one with `sohoa user add`")
            row = ApiToken(user_name=user, label=label, token_hash=_digest(token), created_by=by)
            s.add(row)
            s.flush()
            info = _info(row)
            s.add(Event(step="token", outcome="added", agent=by, detail={"user": user, "token": info.id, "label": label}))
        return info, token

    def revoke(self, token_id: int, *, by: str) -> TokenInfo:
        with self._sessions.begin() as s:
            row = s.get(ApiToken, token_id)
            if row is None:
                raise UserError("no_token", f"no API token {token_id}; `sohoa token list` shows them")
            if row.revoked_at is None:
                row.revoked_at, row.revoked_by = utcnow(), by
                s.add(Event(step="token", outcome="revoked", agent=by, detail={"user": row.user_name, "token": row.id}))
            return _info(row)

    def list(self, user: str | None = None) -> list[TokenInfo]:
        with self._sessions() as s:
            q = select(ApiToken).order_by(ApiToken.id)
            if user:
                q = q.where(ApiToken.user_name == user)
            return [_info(r) for r in s.scalars(q)]

    def account(self, token: str) -> tuple[Account, int] | None:
        """The active user a live token acts for, and the token's id; None for anything else."""
        if not token.startswith(PREFIX):
            return None
        with self._sessions() as s:
            row = s.execute(select(ApiToken, User).join(User, User.name == ApiToken.user_name)
                            .where(ApiToken.token_hash == _digest(token))).first()
        if row is None:
            return None
        tok, user = row
        if tok.revoked_at is not None or not user.active:
            return None
        now = utcnow()
        if tok.last_used_at is None or _aware(tok.last_used_at) < now - _TOUCH_EVERY:
            with self._sessions.begin() as s:
                s.execute(update(ApiToken).where(ApiToken.id == tok.id).values(last_used_at=now))
        return Account(user.name, user.role, user.active), tok.id


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)  # SQLite gives naive UTC back


def _info(r: ApiToken) -> TokenInfo:
    return TokenInfo(r.id, r.user_name, r.label, r.created_at, r.created_by, r.last_used_at, r.revoked_at)
