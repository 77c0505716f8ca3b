"""Writing the access log from a request: the signed-in user (or the API token's, set by
web.api_auth.TokenAllow), the client's address, what and which dossier. Pages and the API write to
this one log; callers pass kinds and counts only, never personal data or search words."""
from __future__ import annotations

from fastapi import Request
from starlette.concurrency import run_in_threadpool


async def log_access(request: Request, action: str, dossier_id: str | None = None, **detail) -> None:
    station = request.app.state.station
    await run_in_threadpool(station.records.log_access, request.state.user.name, action, dossier_id,
                            address=request.client.host if request.client else None, detail=detail or None)
