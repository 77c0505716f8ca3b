"""The admin's users page: list, add, change a role, disable or enable. Every change is a provenance
event in the admin's name (storage.users); a disabled user is out at their next request, because
web.auth reads the account on every request."""
from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from storage.users import ROLES, UserError
from web.auth import Allow
from web.i18n import Texts
from web.review_routes import _pop_flash, _set_flash

ADMIN = Allow("admin")


def add(app: FastAPI, render) -> None:
    @app.get("/admin/users", response_class=HTMLResponse)
    async def users_page(request: Request, user=Depends(ADMIN)):
        return render(request, "admin_users.html", flash=_pop_flash(request), **await _ctx(request))

    @app.post("/admin/users", response_class=HTMLResponse)
    async def add_user(request: Request, user=Depends(ADMIN)):
        form = await request.form()
        name, role = str(form.get("name", "")).strip(), str(form.get("role", ""))
        password, again = str(form.get("password", "")), str(form.get("password2", ""))
        t = Texts()
        try:
            if password != again:
                raise UserError("mismatch", "the two passwords differ")
            await run_in_threadpool(_users(request).add, name, role, password, by=user.name)
        except UserError as exc:
            return render(request, "admin_users.html", status=422, error=t("ue_" + exc.code),
                          typed={"name": name, "role": role}, **await _ctx(request))
        return _done(request, t("adm_added", name=name, role=t.role(role)))

    @app.post("/admin/users/{name}/role", response_class=HTMLResponse)
    async def change_role(request: Request, name: str, user=Depends(ADMIN)):
        role = str((await request.form()).get("role", ""))
        t = Texts()
        try:
            _not_self(name, user.name)
            await run_in_threadpool(lambda: _users(request).set_role(name, role, by=user.name))
        except UserError as exc:
            return render(request, "admin_users.html", status=422, error=t("ue_" + exc.code), **await _ctx(request))
        return _done(request, t("adm_role_changed", name=name, role=t.role(role)))

    @app.post("/admin/users/{name}/active", response_class=HTMLResponse)
    async def change_active(request: Request, name: str, user=Depends(ADMIN)):
        active = str((await request.form()).get("active", "")) == "1"
        t = Texts()
        try:
            _not_self(name, user.name)
            await run_in_threadpool(lambda: _users(request).set_active(name, active, by=user.name))
        except UserError as exc:
            return render(request, "admin_users.html", status=422, error=t("ue_" + exc.code), **await _ctx(request))
        return _done(request, t("adm_enabled_done" if active else "adm_disabled_done", name=name))


def _users(request: Request):
    return request.app.state.station.users


def _not_self(name: str, me: str) -> None:
    """An admin cannot lock themselves out, nor drop their own rights by a slip of the mouse."""
    if name == me:
        raise UserError("self", "an admin does not change their own account here")


def _done(request: Request, text: str) -> RedirectResponse:
    _set_flash(request, text)
    return RedirectResponse("/admin/users", status_code=303)


async def _ctx(request: Request) -> dict:
    users = _users(request)
    rows = await run_in_threadpool(users.all_users)
    history = await run_in_threadpool(users.history)
    t = Texts()
    changes = [(e.at, e.agent, t("ev_" + e.outcome, user=(e.detail or {}).get("user", ""),
                                 role=t.role((e.detail or {}).get("role", "")),
                                 old=t.role((e.detail or {}).get("old", ""))))
               for e in history if "ev_" + e.outcome in _EVENT_KEYS]
    return {"users": rows, "roles": ROLES, "changes": changes}


_EVENT_KEYS = {"ev_added", "ev_role_changed", "ev_disabled", "ev_enabled"}
