"""What the running station holds: settings, the users table, the session signer, the pipeline database
(the API's queries and tokens)."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sohoa.config import Settings
from storage.api_tokens import ApiTokens
from storage.pipeline_db import PipelineDB
from storage.private import open_private, private_dir
from storage.users import Users

SECRET_ENV = "SOHOA_SECRET_KEY"
MIN_SECRET = 32


class NoSecret(RuntimeError):
    pass


def secret_key(settings: Settings) -> str:
    """SOHOA_SECRET_KEY, else the key kept in the owner-only home (made on first start)."""
    key = os.environ.get(SECRET_ENV, "")
    if key:
        if len(key) < MIN_SECRET:
            raise NoSecret(f"{SECRET_ENV} must be at least {MIN_SECRET} characters")
        return key
    path = Path(settings.home) / "secret_key"
    if path.exists():
        if path.stat().st_mode & 0o077:
            raise NoSecret(f"{path} is readable by others: chmod 600 it, or set {SECRET_ENV}")
        return path.read_text().strip()
    private_dir(path.parent)
    key = secrets.token_urlsafe(48)
    with open_private(path, "w") as f:
        f.write(key)
    return key


@dataclass
class Station:
    settings: Settings
    users: Users
    secret: str
    cookie_secure: bool = False
    db: PipelineDB | None = None

    @classmethod
    def open(cls, settings: Settings | None = None) -> "Station":
        settings = settings or Settings()
        users = Users(settings.pipeline_db_url)  # migrates the pipeline database first
        return cls(settings, users, secret_key(settings),
                   cookie_secure=os.environ.get("SOHOA_COOKIE_SECURE", "") == "1",
                   db=PipelineDB(settings.pipeline_db_url, migrate=False))

    @property
    def tokens(self) -> ApiTokens:
        return ApiTokens(self.db)
