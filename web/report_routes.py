"""The manager's report: filters (months, sector), charts, tables, and the same tables as CSV and XLSX.
The figures come from reports.figures; this module only reads the query and draws."""
from __future__ import annotations

from datetime import datetime

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from classifiers import load_catalog
from reports import charts, export, figures
from reports.tables import PCT, Table, report_tables, shown
from web.auth import Allow
from web.i18n import Texts

MANAGER = Allow("manager")
TOP = 12  # groups drawn in a chart; the table lists them all
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def add(app: FastAPI, render, zone) -> None:
    @app.get("/reports", response_class=HTMLResponse)
    async def report_page(request: Request, first: str = "", last: str = "", sector: str = "",
                          user=Depends(MANAGER)):
        t, catalog = Texts(), load_catalog()
        period, error = read_period(first, last, sector, catalog)
        ctx = {"sectors": catalog.sectors, "first": first, "last": last, "sector": sector,
               "query": request.url.query, "shown": shown}
        if error:
            return render(request, "report.html", status=422, error=t(error), **ctx)
        tables, heading = await run_in_threadpool(_tables, request, period, catalog, t, zone)
        return render(request, "report.html", tables=tables, heading=heading, charts=_charts(tables, t), **ctx)

    @app.get("/reports/export.{fmt}")
    async def report_export(request: Request, fmt: str, first: str = "", last: str = "", sector: str = "",
                            user=Depends(MANAGER)):
        t, catalog = Texts(), load_catalog()
        if fmt not in ("csv", "xlsx"):
            return PlainTextResponse(t("not_found"), status_code=404)
        period, error = read_period(first, last, sector, catalog)
        if error:
            return PlainTextResponse(t(error), status_code=422)
        tables, heading = await run_in_threadpool(_tables, request, period, catalog, t, zone)
        name = "bao-cao-so-hoa" + "".join(f"_{p}" for p in (first, last, sector) if p)
        if fmt == "csv":
            body, media = export.to_csv(tables, t, heading), "text/csv; charset=utf-8"
        else:
            body, media = await run_in_threadpool(export.to_xlsx, tables, t, heading), XLSX
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def read_period(first: str, last: str, sector: str, catalog) -> tuple[figures.Period | None, str | None]:
    """The filters of the query string, or the text key saying what is wrong with them."""
    try:
        a = figures.parse_month(first) if first.strip() else None
        b = figures.parse_month(last) if last.strip() else None
    except ValueError:
        return None, "rep_bad_month"
    if a and b and a > b:
        return None, "rep_bad_range"
    if sector and sector not in catalog.sectors:
        return None, "rep_unknown_sector"
    return figures.Period(a, b, sector or None), None


def _tables(request: Request, period: figures.Period, catalog, t, zone) -> tuple[list[Table], list[str]]:
    report = figures.compute(request.app.state.station.users.engine, period, zone)
    return report_tables(report, catalog, t), heading(period, catalog, t, datetime.now(zone))


def heading(period: figures.Period, catalog, t, now: datetime) -> list[str]:
    """Title, scope and time of the report: the first lines of the page and of each export."""
    mm = (lambda d: d.strftime("%m/%Y"))
    if period.first and period.last:
        span = t("rep_period", first=mm(period.first), last=mm(period.last))
    elif period.first:
        span = t("rep_since", first=mm(period.first))
    elif period.last:
        span = t("rep_until", last=mm(period.last))
    else:
        span = t("rep_all_time")
    sector = (t("rep_scope_sector", name=catalog.sectors[period.sector].name) if period.sector
              else t("rep_scope_all"))
    return [t("rep_title"), t("rep_scope", period=span, sector=sector),
            t("rep_generated", at=now.strftime("%d/%m/%Y %H:%M"))]


def _charts(tables: list[Table], t) -> dict[str, Markup]:
    """One chart per table that has figures worth drawing, read from the table's own rows."""
    by = {tb.key: tb for tb in tables}
    out = {}

    def col(tb: Table, key: str, rows=None) -> list:
        i = [c.key for c in tb.columns].index(key)
        return [r[i] for r in (rows if rows is not None else tb.rows)]

    def counted(key: str, label_col: str, series: list[str], short: bool = False) -> None:
        tb = by[key]
        rows = tb.rows[:TOP]
        labels = [str(x) for x in col(tb, label_col, rows)]
        if short:  # a reason's sentence says what happened, then (after ':') what to do; a chart names the first
            labels = [x.split(":")[0].split(" (")[0] for x in labels]
        if rows:
            out[key] = Markup(charts.bars(key, t(key), labels, [(t(s), col(tb, s, rows)) for s in series]))

    rates = [r for r in by["tbl_indicators"].rows if not isinstance(r[4], str)]  # the computable ones
    if rates:
        out["tbl_indicators"] = Markup(charts.bars(
            "tbl_indicators", t("tbl_indicators"), [f"{r[0]} {r[1]}" for r in rates],
            [(t("col_rate"), [r[4] for r in rates])], kind=PCT, threshold=figures.FULL_POINTS_RATE,
            threshold_label=t("rep_threshold")))
    three = ["col_received", "col_digitised", "col_results"]
    months = by["tbl_months"]
    if months.rows:
        out["tbl_months"] = Markup(charts.columns("tbl_months", t("tbl_months"), col(months, "col_month"),
                                                  [(t(s), col(months, s)) for s in three]))
    counted("tbl_sectors", "col_sector", three)
    counted("tbl_procedures", "col_procedure", three)
    counted("tbl_agencies", "col_agency", three)
    days = by["tbl_pages_by_day"]
    if days.rows:
        out["tbl_pages_by_day"] = Markup(charts.columns("tbl_pages_by_day", t("tbl_pages_by_day"),
                                                        col(days, "col_day"), [(t("col_pages"), col(days, "col_pages"))]))
    counted("tbl_review_reasons", "col_reason", ["col_dossiers"], short=True)
    counted("tbl_quarantine", "col_reason", ["col_q_dossiers", "col_q_files"], short=True)
    return out
