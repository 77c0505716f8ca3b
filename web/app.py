"""The station's FastAPI app: sessions, sign-in, the home page and error pages; the review pages are
in web.review_routes."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from web import admin_routes, api, operator_routes, report_routes, review_routes
from web.auth import (ANYONE, Allow, SignInRequired, check_csrf, login_redirect, new_session, read_session,
                      set_session)
from web.i18n import Texts
from web.station import Station

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
ZONE = ZoneInfo(os.environ.get("SOHOA_TIMEZONE", "Asia/Ho_Chi_Minh"))


def local_time(at: datetime) -> str:
    if at.tzinfo is None:  # SQLite gives back naive datetimes; they were stored in UTC
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(ZONE).strftime("%d/%m/%Y %H:%M")


templates.env.filters["local_time"] = local_time
# what each role finds on the home page (more pages come with later slices)
ROLE_PAGES = {"reviewer": [("/review", "review_queue")],
              "operator": [("/operator/batches", "nav_batches"), ("/operator/quarantine", "nav_quarantine"),
                           ("/operator/fixity", "nav_fixity")],
              "manager": [("/reports", "nav_reports")],
              "admin": [("/admin/users", "nav_users")]}
templates.env.globals["role_pages"] = ROLE_PAGES
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'",
}


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    context.setdefault("user", getattr(request.state, "user", None))
    return templates.TemplateResponse(request, name, {"t": Texts(), "csrf": request.state.session["csrf"],
                                                      **context}, status_code=status)


def create_app(station: Station | None = None) -> FastAPI:
    app = FastAPI(title="sohoa", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.station = station or Station.open()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def session(request: Request, call_next):
        data = read_session(request)
        request.state.session_dirty = not data.get("csrf")
        request.state.session = data if data.get("csrf") else new_session(None)
        response = await call_next(request)
        if request.state.session_dirty and not request.url.path.startswith("/api/"):  # the API has no session
            set_session(response, request, request.state.session)
        response.headers.update(SECURITY_HEADERS)
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"  # pages hold personal data
        return response

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        if request.method == "GET":
            return RedirectResponse(login_redirect(request), status_code=303)
        return PlainTextResponse(Texts()("sign_in"), status_code=401)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        key = exc.detail if exc.detail in ("forbidden", "csrf_failed") else "not_found"
        return render(request, "message.html", status=exc.status_code, message=Texts()(key))

    @app.get("/login", response_class=HTMLResponse)
    async def login_form(request: Request, next: str = "/"):
        return render(request, "login.html", next=_safe_next(next))

    @app.post("/login", dependencies=[Depends(check_csrf)])
    async def login(request: Request):
        form = await request.form()
        name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
        account = request.app.state.station.users.authenticate(name, password) if name and password else None
        if account is None:
            return render(request, "login.html", status=401, error=Texts()("bad_login"),
                          next=_safe_next(str(form.get("next", "/"))))
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
    api.install(app)
    return app


def _safe_next(target: str) -> str:
    """Only paths of this site (no //host, no scheme): a sign-in link cannot send anyone elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


__all__ = ["create_app", "Allow"]
