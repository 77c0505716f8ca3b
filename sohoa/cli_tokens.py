"""`sohoa token`: API tokens for scripts and other systems (REST API under /api/v1)."""
from __future__ import annotations

import getpass
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from sohoa.config import Settings

token_app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False,
                        help="API tokens: a token acts with its user's role; it is shown once, kept only hashed.")
console = Console()
notes = Console(stderr=True)  # messages go to stderr, so `TOKEN=$(sohoa token add ...)` holds the token alone

By = Annotated[str, typer.Option(envvar="SOHOA_USER", show_default=False,
                                 help="who does it (recorded in provenance); default $SOHOA_USER or the system account")]


def _tokens():
    from storage.api_tokens import ApiTokens
    from storage.pipeline_db import PipelineDB

    db = PipelineDB(Settings().pipeline_db_url)
    return db, ApiTokens(db)


@token_app.command("add")
def token_add(
    user: Annotated[str, typer.Option(help="the station user the token acts for (its role applies)")],
    name: Annotated[str, typer.Option(help="a label, e.g. what script or system uses it")] = "",
    by: By = "",
) -> None:
    """Make a token for USER and print it once: store it where the script reads it; it cannot be shown again."""
    from storage.users import UserError

    db, tokens = _tokens()
    try:
        info, secret = tokens.add(user.strip(), name.strip(), by=by.strip() or f"system:{getpass.getuser()}")
    except UserError as exc:
        raise typer.BadParameter(str(exc)) from None
    finally:
        db.close()
    notes.print(f"token {info.id} for {info.user}" + (f" ({info.label})" if info.label else "")
                + "; send it as `Authorization: Bearer <token>`. It is shown only now:", markup=False)
    typer.echo(secret)


@token_app.command("list")
def token_list(user: Annotated[str | None, typer.Option(help="only this user's tokens")] = None) -> None:
    """Tokens (never their values): id, user, label, made, last used, revoked."""
    db, tokens = _tokens()
    try:
        rows = tokens.list(user)
    finally:
        db.close()
    table = Table(title="API tokens")
    for col in ("id", "user", "name", "created", "by", "last used", "revoked"):
        table.add_column(col, overflow="fold")
    for t in rows:
        table.add_row(str(t.id), t.user, t.label, f"{t.created_at:%Y-%m-%d %H:%M}", t.created_by,
                      f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "",
                      f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "")
    console.print(table)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="the token's id (`sohoa token list`)")], by: By = "") -> None:
    """Revoke a token: the API refuses it from the next request on."""
    from storage.users import UserError

    db, tokens = _tokens()
    try:
        info = tokens.revoke(token_id, by=by.strip() or f"system:{getpass.getuser()}")
    except UserError as exc:
        raise typer.BadParameter(str(exc)) from None
    finally:
        db.close()
    console.print(f"token {info.id} of {info.user} revoked", markup=False)
