"""Who may call the REST API: `Authorization: Bearer <token>` only (no session cookie, so no request
from another site can act in a signed-in person's name), the token's user active, their role admitted.
Every API route declares its roles with TokenAllow(...) (tests/web walks the routes to check it)."""
from __future__ import annotations

from fastapi import Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from storage.users import ROLES, Account
from web.i18n import Texts

PREFIX = "/api/v1"
bearer = HTTPBearer(auto_error=False, description="An API token made by `sohoa token add --user NAME`.")


class Problem(BaseModel):
    """What every refusal of the API says, other than input validation (422)."""
    code: str
    detail: str  # in Vietnamese
    matches: list[str] = []  # the dossiers an ambiguous DocCode names


class ApiError(Exception):
    def __init__(self, status: int, code: str, detail: str, matches: list[str] | None = None):
        super().__init__(code)
        self.status, self.problem = status, Problem(code=code, detail=detail, matches=matches or [])


class TokenAllow:
    """Route dependency: the account behind a live API token, when its role is one of these."""

    def __init__(self, *roles: str):
        unknown = set(roles) - set(ROLES)
        if unknown or not roles:
            raise ValueError(f"unknown roles {unknown}")
        self.roles = frozenset(roles)

    async def __call__(self, request: Request,
                       credentials: HTTPAuthorizationCredentials | None = Security(bearer)) -> Account:
        t = Texts()
        if credentials is None:
            raise ApiError(401, "no_token", t.api("no_token"))
        found = await run_in_threadpool(request.app.state.station.tokens.account, credentials.credentials)
        if found is None:
            raise ApiError(401, "bad_token", t.api("bad_token"))
        account, _ = found
        if account.role not in self.roles:
            raise ApiError(403, "forbidden", t.api("forbidden", role=t.role(account.role)))
        request.state.user = account
        return account


def problem_responses(*statuses: int) -> dict:
    return {s: {"model": Problem} for s in statuses}


def station_of(request: Request):
    return request.app.state.station
