"""The `sohoa` command. Each command parses, calls one function or flow, and prints with Rich."""
from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from sohoa.cli_tokens import token_app
from sohoa.config import Settings
from sohoa.errors import EngineUnavailable, StorageUnavailable

EXIT_CODES = """Exit codes: 0 the command ran (for ingest: the batch ran, whatever the dossier states);
2 bad usage; 3 the input folder is missing or unreadable; 4 storage (object store or database)
unavailable; 5 fixity found missing or altered objects; 6 the OCR engine (Tesseract) or its
language data is missing; 1 unexpected error."""

app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False, epilog=EXIT_CODES,
                  help="Digitise scan batches of administrative-procedure dossiers.")
classifier_app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False,
                             help="Train and evaluate the procedure classifier.")
app.add_typer(classifier_app, name="classifier")
console = Console()


class ExitCode:
    ok = 0
    unexpected = 1
    bad_input_folder = 3
    storage_unavailable = 4
    fixity_failed = 5
    engine_unavailable = 6


@app.callback()
def _worker_env() -> None:
    # One Tesseract thread per worker: pages run in parallel instead (set once, at start).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@app.command()
def samples(
    out: Annotated[Path, typer.Argument(help="folder to create the sample batch in")],
    count: Annotated[int, typer.Option(min=1, max=10000, help="number of dossiers")] = 20,
    seed: Annotated[int, typer.Option(help="random seed; same seed, same batch")] = 0,
    bad: Annotated[bool, typer.Option("--bad/--no-bad", help="add bad files the pipeline must quarantine")] = False,
    templates: Annotated[str, typer.Option(
        help="generator (simplified forms), official (the published templates) or mixed")] = "generator",
    printing: Annotated[list[str], typer.Option(
        help="official-template printing A, B or C (repeatable; default all three)")] = [],
    names: Annotated[str, typer.Option(help="name source: generator, faker, faker-a or faker-b")] = "generator",
    font: Annotated[list[str], typer.Option(
        help="font family (repeatable; default all): freeserif, dejavuserif, notoserif, notosans")] = [],
    multi: Annotated[bool, typer.Option("--multi-documents/--single", help=(
        "dossiers as one-stop offices scan them: form, ID copy, result and receipt (barcode, QR) in one file"))] = False,
    boxes: Annotated[int, typer.Option(min=0, max=1000, help=(
        "with --multi-documents: box files of 2-4 dossiers split by separator sheets"))] = 0,
    drawings: Annotated[bool, typer.Option(
        "--drawings/--no-drawings", help="construction dossiers carry a design drawing (A3-A1), land dossiers a "
        "cadastral map extract or sheet (A3-A0)")] = False,
) -> None:
    """Render realistic synthetic scans with a truth.jsonl (for demos, tests and benchmarks)."""
    from samples import generate

    try:
        records = generate(out, count=count, seed=seed, bad_files=bad, templates=templates,
                           printings=printing or None, names=names, fonts=font or None, multi=multi, boxes=boxes,
                           drawings=drawings)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    console.print(f"wrote {len(records)} dossiers and truth.jsonl to {out}")


@app.command()
def ingest(
    folder: Annotated[Path, typer.Argument(help="the dropped folder: files and sub-folders are dossiers")],
    batch: Annotated[str, typer.Option(help="batch name, e.g. lt-2019-01")],
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="parallel dossiers (default: cores)")] = None,
    dask: Annotated[str | None, typer.Option(
        help="Dask scheduler, tcp://host:8786: dossiers run on its workers (default: SOHOA_DASK_ADDRESS)")] = None,
) -> None:
    """Store, OCR, extract, classify and load every dossier of a folder; print a summary."""
    from flows.ingest import IngestParams, run_with_progress
    from drops.sources import shown_path
    from ocr.tesseract import check_engine
    from sohoa.prefect_api import PrefectApiError, configured_url, prefect_api

    if not folder.is_dir() or not os.access(folder, os.R_OK | os.X_OK):
        console.print(f"[red]input folder not found or unreadable: {folder}[/red]")
        raise typer.Exit(ExitCode.bad_input_folder)
    settings = Settings()
    try:
        params = IngestParams(source=shown_path(folder.resolve()), batch=batch, workers=workers or settings.ocr_workers)
    except ValidationError as exc:
        raise typer.BadParameter(exc.errors()[0]["msg"], param_hint="--batch") from None
    try:
        check_engine(settings.ocr_lang)  # before the flow starts: nothing is stored or recorded
        if (dask or settings.dask_address) and not configured_url():
            console.print("[yellow]no PREFECT_API_URL: this run's own Prefect API listens on this machine only; "
                          "Dask workers on other machines need a Prefect server both can reach[/yellow]")
        with prefect_api(settings.home):
            summary = run_with_progress(params, console, dask)
    except EngineUnavailable as exc:
        console.print(f"[red]OCR engine unavailable: {exc}; install it or set SOHOA_OCR_LANG[/red]")
        raise typer.Exit(ExitCode.engine_unavailable) from exc
    except StorageUnavailable as exc:
        console.print(f"[red]storage unavailable: {exc}[/red]")
        raise typer.Exit(ExitCode.storage_unavailable) from exc
    except PrefectApiError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(ExitCode.unexpected) from exc
    _print_summary(summary)


@app.command()
def watch(
    folder: Annotated[Path | None, typer.Argument(
        help="the drop folder: each new sub-folder or file is one batch")] = None,
    s3: Annotated[bool, typer.Option("--s3", help="watch the S3 inbox (SOHOA_S3_INBOX) instead of a folder")] = False,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="parallel dossiers (default: cores)")] = None,
) -> None:
    """Start a batch for each folder (or file) dropped into FOLDER, or each prefix put in the S3 inbox,
    once nothing in it has changed for SOHOA_WATCH_QUIET_SECONDS or a _READY file lands in it.
    Batches already ingested are not started again. Runs until Ctrl+C."""
    from flows.watch import watch as run_watch
    from sohoa.prefect_api import prefect_api

    if s3 == (folder is not None):
        raise typer.BadParameter("give a FOLDER or --s3, not both")
    if folder is not None and not folder.is_dir():
        console.print(f"[red]input folder not found or unreadable: {folder}[/red]")
        raise typer.Exit(ExitCode.bad_input_folder)
    try:
        with prefect_api(Settings().home):  # one API for all the batches it starts (see `ingest`)
            started = run_watch(folder.resolve() if folder else None, s3=s3, workers=workers)
    except ValueError as exc:  # the inbox is not configured
        raise typer.BadParameter(str(exc)) from None
    console.print(f"stopped; {len(started)} batches started: {', '.join(started) or '-'}")


@app.command()
def reprocess(
    batch: Annotated[str, typer.Argument(help="batch name")],
    dossier: Annotated[str | None, typer.Option(help="only this dossier id (from `sohoa status`)")] = None,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="parallel dossiers (default: cores)")] = None,
) -> None:
    """Run the stages again on the stored originals of a batch (or one dossier) after a rule change.
    Dossiers a reviewer decided and duplicates keep their outcome."""
    from flows.reprocess import ReprocessParams, reprocess as run_reprocess
    from sohoa.prefect_api import prefect_api

    try:
        params = ReprocessParams(batch=batch, dossier=dossier, workers=workers or Settings().ocr_workers)
    except ValidationError as exc:
        raise typer.BadParameter(exc.errors()[0]["msg"]) from None
    try:
        with prefect_api(Settings().home):
            summary = run_reprocess(params)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(ExitCode.bad_input_folder) from None
    _print_summary(summary)


def _print_summary(summary) -> None:
    table = Table(title=f"batch {summary.batch}: {summary.dossiers} dossiers, {summary.files} files, "
                        f"{summary.seconds:.1f} s")
    table.add_column("state")
    table.add_column("dossiers", justify="right")
    for state, n in sorted(summary.by_state.items()):
        table.add_row(state, str(n))
    console.print(table)
    if summary.by_reason:
        reasons = Table(title="reasons")
        reasons.add_column("reason")
        reasons.add_column("dossiers", justify="right")
        for reason, n in sorted(summary.by_reason.items()):
            reasons.add_row(reason, str(n))
        console.print(reasons)


@app.command()
def status(
    batch: Annotated[str, typer.Argument(help="batch name")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON (for scripts) instead of a table")] = False,
) -> None:
    """Per-dossier states and reasons of a batch."""
    from storage.pipeline_db import PipelineDB

    db = PipelineDB(Settings().pipeline_db_url)
    try:
        if not db.batch_exists(batch):
            console.print(f"[red]no batch named {batch!r}[/red]")
            raise typer.Exit(ExitCode.bad_input_folder)
        rows = db.batch_status(batch)
        counts = db.state_counts(batch)
    finally:
        db.close()
    if as_json:
        _print_json({"batch": batch, "dossiers": len(rows), "by_state": dict(sorted(counts.items())),
                     "items": [{"id": r.id, "source": r.source, "pages": r.pages, "state": r.state,
                                "reason": r.reason, "detail": r.reason_detail, "procedure": r.procedure_key}
                               for r in rows]})
        return
    table = Table(title=f"batch {batch}: {len(rows)} dossiers")
    for col in ("id", "source", "pages", "state", "reason", "detail", "procedure"):
        # a state or reason split over two lines cannot be grepped from piped output
        table.add_column(col, overflow="fold", no_wrap=col in ("id", "pages", "state", "reason"))
    for r in rows:
        table.add_row(r.id[:SHORT_ID], r.source, str(r.pages), r.state, r.reason or "", r.reason_detail or "",
                      r.procedure_key or "")
    console.print(table)


SHORT_ID = 8  # characters of a dossier id shown in tables; any unique prefix is accepted back


def _print_json(data) -> None:
    """Plain JSON on stdout (no Rich markup or wrapping), Vietnamese as is."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _json_default(value):
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)  # SQLite gives stored UTC back naive
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def dossier_id_arg(given: str) -> str:
    """The full id of the one dossier whose id starts with `given`; a usage error (listing the
    candidates) when none or several do."""
    from storage import overview
    from storage.pipeline_db import PipelineDB

    prefix = given.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{1,32}", prefix):
        raise typer.BadParameter(f"{given!r} is not a dossier id (hexadecimal digits 0-9, a-f)")
    db = PipelineDB(Settings().pipeline_db_url)
    try:
        rows, total = overview.dossiers(db.engine, id_prefix=prefix, limit=10)
    finally:
        db.close()
    if total == 0:
        raise typer.BadParameter(f"no dossier id starts with {prefix}")
    if total > 1:
        listed = "\n".join(f"  {r.id}  {r.batch}  {r.source}  ({r.state})" for r in rows)
        more = f"\n  ... and {total - len(rows)} more" if total > len(rows) else ""
        raise typer.BadParameter(f"{prefix} is the start of {total} dossier ids; give more of it:\n{listed}{more}")
    return rows[0].id


@app.command()
def export(
    batch: Annotated[str, typer.Option(help="batch name")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    out: Annotated[Path, typer.Option("-o", "--output", help="file to write")] = Path("export.jsonl"),
) -> None:
    """Write one record per dossier (JSON lines, or CSV with the same fields flattened)."""
    from storage.export import write_export

    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("--format must be jsonl or csv")
    n = write_export(Settings(), batch, fmt, out)
    console.print(f"wrote {n} dossiers to {out}")


@app.command("match-codes")
def match_codes(
    records: Annotated[Path, typer.Argument(help="the one-stop system's records: CSV with a header, or JSON lines, "
                                            "with the dossier code in a column ma_ho_so / maHoSo / dossier_code")],
    batch: Annotated[str | None, typer.Option(help="only this batch (also lists its dossiers no record has)")] = None,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="write the matches as JSON lines")] = None,
) -> None:
    """Match digitised dossiers to the one-stop system's records by the code on their receipt or cover."""
    from storage.onestop import match_codes as run_match

    if not records.is_file():
        console.print(f"[red]records file not found: {records}[/red]")
        raise typer.Exit(ExitCode.bad_input_folder)
    report = run_match(Settings(), records, batch)
    console.print(f"{len(report.matched)} records matched, {len(report.no_dossier)} with no dossier, "
                  f"{report.unreadable} without a readable code"
                  + (f"; {len(report.no_record)} dossiers of {batch} with a code no record has" if batch else ""))
    if out:
        import json

        with out.open("w", encoding="utf-8") as fh:
            for m in report.matched:
                fh.write(json.dumps({"match": "ok", **m}, ensure_ascii=False) + "\n")
            for code in report.no_dossier:
                fh.write(json.dumps({"match": "no_dossier", "code": code}, ensure_ascii=False) + "\n")
            for d in report.no_record:
                fh.write(json.dumps({"match": "no_record", **d}, ensure_ascii=False) + "\n")


@app.command()
def fixity(batch: Annotated[str | None, typer.Option(help="only this batch")] = None) -> None:
    """Re-verify stored objects against the pipeline database; exit 5 if any is missing or altered."""
    from storage.fixity import run_fixity

    report = run_fixity(Settings(), batch)
    console.print(f"checked {report.checked} objects: {len(report.missing)} missing, {len(report.altered)} altered")
    for key in report.missing:
        console.print(f"[red]missing[/red] {key}")
    for key in report.altered:
        console.print(f"[red]altered[/red] {key}")
    if report.missing or report.altered:
        raise typer.Exit(ExitCode.fixity_failed)


def main() -> None:  # pragma: no cover - console entry point
    app()


@classifier_app.command("train")
def classifier_train(
    truth: Annotated[list[Path], typer.Option(help="truth.jsonl written by `sohoa samples` (repeatable)")] = [],
    reviewed: Annotated[bool, typer.Option("--reviewed/--no-reviewed",
                                           help="add dossiers whose procedure a reviewer set")] = True,
    noisy_copies: Annotated[int, typer.Option(min=0, max=20,
                                              help="OCR-damaged copies added per labelled dossier")] = 2,
) -> None:
    """Train the procedure model on labelled dossiers and store it (versioned) in the object store."""
    from training.train import train_and_store

    try:
        model, key, n = train_and_store(Settings(), list(truth), use_reviews=reviewed, noisy_copies=noisy_copies)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    console.print(f"trained {model.version} on {n} labelled dossiers; threshold {model.threshold:.3f}; stored {key}")


@classifier_app.command("evaluate")
def classifier_evaluate(
    truth: Annotated[list[Path], typer.Option(help="truth.jsonl of dossiers to evaluate on (repeatable)")],
) -> None:
    """Accuracy, confusion matrix and abstention rate of the current model (rules only if none)."""
    from training.train import evaluate_current

    try:
        report = evaluate_current(Settings(), list(truth))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    console.print(report.render(), markup=False, highlight=False)


review_app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False,
                         help="Look at and resolve dossiers the machine was unsure of.")
app.add_typer(review_app, name="review")


@review_app.command("list")
def review_list(
    batch: Annotated[str | None, typer.Option(help="only this batch")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON (for scripts) instead of a table")] = False,
) -> None:
    """Open review items, oldest first: dossier id, source, reason and detail."""
    from review.decisions import open_items

    items = open_items(Settings(), batch)
    if as_json:
        _print_json([{"dossier_id": i["dossier_id"], "batch": i["batch"], "source": i["source"],
                      "reason": i["reason"], "detail": i.get("detail"), "since": i["created_at"]} for i in items])
        return
    table = Table(title="open review items")
    for col in ("dossier", "batch", "source", "reason", "detail"):
        table.add_column(col, overflow="fold")
    for item in items:
        table.add_row(item["dossier_id"][:SHORT_ID], item["batch"], item["source"], item["reason"],
                      item.get("detail") or "")
    console.print(table)


@review_app.command("show")
def review_show(
    dossier: Annotated[str, typer.Argument(help="dossier id, or any unique start of it")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON (the API's dossier detail)")] = False,
) -> None:
    """One dossier: state and reason, procedure, and each field with its value, confidence, page and
    why it is not certain (required fields the machine did not read are listed too)."""
    from review.show import dossier_detail

    d = dossier_detail(Settings(), dossier_id_arg(dossier))
    if as_json:
        _print_json(d.model_dump(mode="json"))
        return
    typer.echo("\n".join(_show_lines(d)))


def _show_lines(d) -> list[str]:
    """Plain lines, one per field (no table: a table's columns break values apart in 80 columns)."""
    proc = d.procedure
    lines = [f"dossier {d.id}  batch {d.batch}  source {d.source}",
             f"state {d.state}" + (f"  reason {d.reason}" if d.reason else "")
             + (f": {d.reason_detail}" if d.reason_detail else ""),
             "procedure " + (f"{proc.key} {proc.code or ''} ({proc.name or '?'}), confidence {proc.confidence:.2f}"
                             if proc and proc.key else "none" + (f" ({proc.reason})" if proc and proc.reason else "")),
             f"fields (* required; review threshold {d.threshold:.2f}):"]
    width = max((len(f.key) for f in d.fields), default=0) + 1
    for f in d.fields:
        where = "  ".join(x for x in ("" if f.confidence is None else f"{f.confidence:.2f}",
                                      "" if f.page is None else f"p.{f.page}") if x)
        status = f.status + (f" by {f.confirmed_by}" if f.confirmed_by else "") + (f": {f.reason}" if f.reason else "")
        lines.append(f"  {(f.key + ('*' if f.required else '')).ljust(width)}  {f.value or '-'}  {where}  {status}")
    flagged = "".join(f"; page {p.number}: {', '.join(p.flags)}" for p in d.pages if p.flags)
    return lines + [f"pages: {len(d.pages)}{flagged}"]


@review_app.command("resolve")
def review_resolve(
    dossier: Annotated[str, typer.Argument(help="dossier id (from `sohoa review list`), or any unique start of it")],
    user: Annotated[str, typer.Option(envvar="SOHOA_USER", show_default=False,
                                      help="who resolves it (recorded in provenance); default $SOHOA_USER")] = "",
    load: Annotated[bool, typer.Option("--load", help="outcome: load the record into its sector database")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="outcome: reject the dossier (needs --reason)")] = False,
    rescan: Annotated[bool, typer.Option("--rescan", help="outcome: send the dossier back for a new scan")] = False,
    reason: Annotated[str, typer.Option(help="why it is rejected or re-scanned")] = "",
    procedure: Annotated[str | None, typer.Option(help="procedure key to record for the dossier")] = None,
    field: Annotated[list[str], typer.Option(help="corrected field, KEY=VALUE (repeatable; KEY= removes it)")] = [],
    accept: Annotated[list[str], typer.Option(help="field whose machine value you checked and keep (repeatable)")] = [],
    note: Annotated[str, typer.Option(help="free text kept with the resolution")] = "",
) -> None:
    """Decide a dossier in review: --load it, --reject it, or send it for --rescan. With --load only
    values you typed (--field) or accepted (--accept), or that the machine read at or above the review
    threshold, reach the sector database."""
    from review.decisions import Decision, Refused, resolve
    from storage.sector_db import SectorDBUnavailable

    outcomes = [name for name, chosen in (("load", load), ("reject", reject), ("rescan", rescan)) if chosen]
    if len(outcomes) != 1:
        raise typer.BadParameter("choose one outcome: --load, --reject --reason TEXT or --rescan")
    fields = {}
    for item in field:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter("--field wants KEY=VALUE")
        if key.strip() in fields:
            raise typer.BadParameter(f"--field {key.strip()} given twice")
        fields[key.strip()] = value.strip()
    decision = Decision(outcomes[0], user.strip(), procedure, fields, [a.strip() for a in accept], reason.strip(),
                        note)
    dossier = dossier_id_arg(dossier)
    try:
        result = resolve(Settings(), dossier, decision)
    except Refused as exc:
        raise typer.BadParameter(str(exc)) from None
    except SectorDBUnavailable as exc:
        console.print(f"[red]{exc}; the review item stays open[/red]")
        raise typer.Exit(ExitCode.storage_unavailable) from None
    console.print(f"dossier {dossier}: {result.state}")
    if result.left_out:
        console.print(f"not loaded (neither confirmed nor certain): {', '.join(result.left_out)}")


@review_app.command("corrections")
def review_corrections(
    out: Annotated[Path, typer.Option("-o", "--output", help="JSON lines file to write")] = Path("corrections.jsonl"),
    batch: Annotated[str | None, typer.Option(help="only this batch")] = None,
) -> None:
    """Write reviewers' corrections as labelled data, one JSON line per value a reviewer accepted,
    corrected, removed or added (and per procedure set): dossier, field, machine value, raw OCR text and
    confidence, the reviewer's value, page and box. For calibrating and training the extractor."""
    import json

    from storage.labels import read_corrections
    from storage.pipeline_db import PipelineDB

    db = PipelineDB(Settings().pipeline_db_url)
    try:
        rows = read_corrections(db.engine, batch)
    finally:
        db.close()
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    console.print(f"wrote {len(rows)} corrections to {out}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8000,
) -> None:
    """Run the review station (web pages, in Vietnamese). Needs a user: `sohoa user add --role admin NAME`.
    The session key is SOHOA_SECRET_KEY, or one made on first start in SOHOA_HOME (owner-only)."""
    import uvicorn

    from web.app import create_app
    from web.station import NoSecret, Station

    try:
        station = Station.open()
    except NoSecret as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(ExitCode.unexpected) from None
    if station.users.count() == 0:
        console.print("no users yet: create the first with `sohoa user add --role admin NAME`")
    uvicorn.run(create_app(station), host=host, port=port, log_level="info")


user_app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False, help="Users of the review station.")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="user name (lower case, e.g. lan.nguyen)")],
    role: Annotated[str, typer.Option(help="archive, reviewer, operator, manager or admin")],
    by: Annotated[str, typer.Option(envvar="SOHOA_USER", show_default=False,
                                    help="who adds the user (recorded in provenance); default $SOHOA_USER or the "
                                         "system account")] = "",
) -> None:
    """Add a station user. The password comes from SOHOA_NEW_PASSWORD or is asked for (twice)."""
    import getpass

    from storage.users import UserError, Users

    password = os.environ.get("SOHOA_NEW_PASSWORD") or typer.prompt("password", hide_input=True,
                                                                   confirmation_prompt=True)
    users = Users(Settings().pipeline_db_url)
    try:
        account = users.add(name.strip(), role.strip(), password, by=by.strip() or f"system:{getpass.getuser()}")
    except UserError as exc:
        raise typer.BadParameter(str(exc)) from None
    finally:
        users.close()
    console.print(f"added {account.name} ({account.role})")
