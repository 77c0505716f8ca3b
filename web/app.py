"""The station's FastAPI app: sessions, sign-in (throttled), the language, the home page and error pages;
the review pages are in web.review_routes, uploads in web.upload_routes, search, the dossier page and
the access log in web.search_routes."""
from __future__ import annotations

import logging
import os
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from web import admin_routes, api, operator_routes, report_routes, review_routes, search_routes, upload_routes
from web.auth import (ANYONE, Allow, SignInRequired, check_csrf, login_redirect, new_session, read_session,
                      set_session)
from web.i18n import LANG_COOKIE, TABLES, texts_for
from web.station import Station
from web.uploads import limit_words

HERE = Path(__file__).parent
log = logging.getLogger("sohoa.web")
templates = Jinja2Templates(directory=HERE / "templates")
ZONE = ZoneInfo(os.environ.get("SOHOA_TIMEZONE", "Asia/Ho_Chi_Minh"))


def local_time(at: datetime, seconds: bool = False) -> str:
    if at.tzinfo is None:  # SQLite gives back naive datetimes; they were stored in UTC
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(ZONE).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


templates.env.filters["local_time"] = local_time
# what each role finds on the home page and in the header
ROLE_PAGES = {"reviewer": [("/review", "review_queue"), ("/search", "search")],
              "archive": [("/uploads", "uploads"), ("/search", "search")],
              "operator": [("/operator/batches", "nav_batches"), ("/uploads", "uploads"),
                           ("/operator/quarantine", "nav_quarantine"), ("/operator/fixity", "nav_fixity")],
              "manager": [("/reports", "nav_reports"), ("/search", "search"), ("/access-log", "access_log")],
              "admin": [("/admin/users", "nav_users"), ("/access-log", "access_log")]}
templates.env.globals["role_pages"] = ROLE_PAGES
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'",
}


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    context.setdefault("user", getattr(request.state, "user", None))
    return templates.TemplateResponse(request, name, {"t": texts_for(request), "csrf": request.state.session["csrf"],
                                                      **context}, status_code=status)


def create_app(station: Station | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.station.runner.resume()  # uploads a stopped station left open
        yield
        app.state.station.runner.stop()

    app = FastAPI(title="sohoa", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.station = station or Station.open()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def session(request: Request, call_next):
        data = read_session(request)
        request.state.session_dirty = not data.get("csrf")
        request.state.session = data if data.get("csrf") else new_session(None)
        lang = request.query_params.get("lang")
        request.state.lang = lang if lang in TABLES else None
        response = await call_next(request)
        if request.state.session_dirty and not request.url.path.startswith("/api/"):  # the API has no session
            set_session(response, request, request.state.session)
        if request.state.lang:  # the language switch: kept for the next pages
            response.set_cookie(LANG_COOKIE, request.state.lang, max_age=365 * 86400, samesite="lax",
                                secure=request.app.state.station.cookie_secure, path="/")
        for header, value in SECURITY_HEADERS.items():  # a route may loosen one (the PDF shown in a frame)
            response.headers.setdefault(header, value)
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"  # pages hold personal data
        return response

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        if request.method == "GET":
            return RedirectResponse(login_redirect(request), status_code=303)
        return PlainTextResponse(texts_for(request)("sign_in"), status_code=401)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        t, s = texts_for(request), request.app.state.station.settings
        if exc.detail in ("forbidden", "csrf_failed"):
            message = t(exc.detail)
        elif exc.detail in ("too_large", "length_required"):  # an upload refused before it is read
            message = t.upload(exc.detail, **limit_words(s))
        else:
            message = t("not_found")
        return render(request, "message.html", status=exc.status_code, message=message)

    @app.get("/login", response_class=HTMLResponse)
    async def login_form(request: Request, next: str = "/"):
        return render(request, "login.html", next=_safe_next(next))

    @app.post("/login", dependencies=[Depends(check_csrf)])
    async def login(request: Request):
        form = await request.form()
        name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
        station, address = request.app.state.station, request.client.host if request.client else None
        wait = station.throttle.wait_seconds(name, address)
        if wait > 0:  # locked out: the password is not even checked
            return render(request, "login.html", status=429, next=_safe_next(str(form.get("next", "/"))),
                          error=texts_for(request)("signin_locked", minutes=max(1, round(wait / 60))))
        account = station.users.authenticate(name, password) if name and password else None
        if account is None:
            if station.throttle.failed(name, address):
                log.warning("sign-in locked after repeated failures: user %r, address %s", name[:100], address)
            return render(request, "login.html", status=401, error=texts_for(request)("bad_login"),
                          next=_safe_next(str(form.get("next", "/"))))
        station.throttle.succeeded(name)
        request.state.session, request.state.session_dirty = new_session(account.name), True  # new CSRF too
        return RedirectResponse(_safe_next(str(form.get("next", "/"))), status_code=303)

    @app.post("/logout")
    async def logout(request: Request, user=Depends(ANYONE)):
        request.state.session, request.state.session_dirty = new_session(None), True
        return RedirectResponse("/login", status_code=303)

    @app.get("/", response_class=HTMLResponse)
    async def home(request: Request, user=Depends(ANYONE)):
        return render(request, "home.html", links=ROLE_PAGES.get(user.role, []))

    review_routes.add(app, render)
    report_routes.add(app, render, ZONE)
    operator_routes.add(app, render)
    admin_routes.add(app, render)
    upload_routes.add(app, render)
    search_routes.add(app, render)
    api.install(app)
    return app


def _safe_next(target: str) -> str:
    """Only paths of this site (no //host, no scheme): a sign-in link cannot send anyone elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


__all__ = ["create_app", "Allow"]
