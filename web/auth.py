"""Sessions (a signed cookie), CSRF tokens and role checks.

The cookie holds the user name and the session's CSRF token, signed with the station's secret; the
role is read from the users table on every request, so a disabled user is out at once. Every route
declares the roles it admits with Allow(...) (tests/web walks the routes to check it)."""
from __future__ import annotations

import hmac
import secrets
from urllib.parse import quote

from fastapi import HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from storage.users import ROLES, Account

COOKIE = "sohoa_session"
MAX_AGE = 10 * 3600  # a working day
CSRF_FIELD = "csrf"


def signer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="sohoa-session")


def read_session(request: Request) -> dict:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return {}
    try:
        data = signer(request.app.state.station.secret).loads(raw, max_age=MAX_AGE)
    except BadSignature:
        return {}
    return data if isinstance(data, dict) else {}


def new_session(user: str | None) -> dict:
    return {"u": user, "csrf": secrets.token_urlsafe(32)}


def set_session(response, request: Request, data: dict) -> None:
    station = request.app.state.station
    response.set_cookie(COOKIE, signer(station.secret).dumps(data), max_age=MAX_AGE, httponly=True,
                        samesite="lax", secure=station.cookie_secure, path="/")


def csrf_token(request: Request) -> str:
    """The session's token, made (and set on the response by the page) when there is none."""
    session = request.state.session
    return session["csrf"]


async def check_csrf(request: Request) -> None:
    # the first parse of a request's form sets its limits: an upload may carry many files
    most = request.app.state.station.settings.upload_max_entries + 100
    form = await request.form(max_files=most, max_fields=most)
    sent = form.get(CSRF_FIELD)
    expected = request.state.session.get("csrf")
    if not (isinstance(sent, str) and expected and hmac.compare_digest(sent, expected)):
        raise HTTPException(403, detail="csrf_failed")


class SignInRequired(Exception):
    """Anonymous request: a page sends the browser to the sign-in form, anything else gets 401."""


class Allow:
    """Route dependency: signed-in users with one of these roles; form POSTs must carry the CSRF token."""

    def __init__(self, *roles: str):
        unknown = set(roles) - set(ROLES)
        if unknown or not roles:
            raise ValueError(f"unknown roles {unknown}")
        self.roles = frozenset(roles)

    async def __call__(self, request: Request) -> Account:
        name = request.state.session.get("u")
        account = request.app.state.station.users.get(name) if name else None
        if account is None or not account.active:
            raise SignInRequired()
        if account.role not in self.roles:
            raise HTTPException(403, detail="forbidden")
        if request.method == "POST":
            await check_csrf(request)
        request.state.user = account
        return account


def login_redirect(request: Request) -> str:
    return "/login?next=" + quote(request.url.path)


ANYONE = Allow(*ROLES)
