"""A report as labelled tables: what the page shows and the CSV and XLSX exports write, from one
list, so the three always carry the same figures. Labels come from the station's texts (`t`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from classifiers.catalog import Catalog
from reports.figures import Group, Report

INT, PCT, NUM, TEXT, AUTO = "int", "pct", "num", "text", "auto"


@dataclass(frozen=True)
class Column:
    key: str  # text key of its heading
    kind: str = TEXT


@dataclass
class Table:
    key: str  # text key of its title; also the chart it goes with
    columns: tuple[Column, ...]
    rows: list[list] = field(default_factory=list)
    note: str | None = None  # a sentence printed under it


def report_tables(report: Report, catalog: Catalog, t) -> list[Table]:
    sector_name = {k: s.name for k, s in catalog.sectors.items()}
    procedures = {p.key: p for p in catalog.procedures}
    tot = report.totals
    summary = Table("tbl_summary", (Column("col_metric"), Column("col_value", AUTO)), [
        [t("m_" + k), tot[k]] for k in ("received", "loaded", "results", "review", "quarantined", "rejected",
                                        "rescan", "processing", "duplicate", "pages")])
    summary.rows += [[t("m_ppm"), report.pages_per_minute], [t("m_ppd"), report.pages_per_day]]

    indicators = Table("tbl_indicators", (Column("col_id"), Column("col_indicator"), Column("col_numerator", INT),
                                          Column("col_denominator", INT), Column("col_rate", PCT),
                                          Column("col_points", PCT), Column("col_note")),
                       note=t("rep_766_scope"))
    for i in report.indicators:
        indicators.rows.append([i.id, t(f"ind_{i.id}"), i.numerator if i.computable else None,
                                i.denominator if i.computable else None,
                                i.rate if i.computable else t("not_computable"), i.points_share,
                                t(f"ind_{i.id}_note")])

    counts = (Column("col_received", INT), Column("col_digitised", INT), Column("col_results", INT))
    rates = (Column("col_rate_41", PCT), Column("col_rate_42", PCT))
    months = Table("tbl_months", (Column("col_month"), *counts, Column("col_in_review", INT),
                                  Column("col_quarantined", INT), Column("col_pages", INT)))
    months.rows = [[_month(g.key), *_counts(g), g.review, g.quarantined, g.pages] for g in report.months]
    sectors = Table("tbl_sectors", (Column("col_sector"), *counts, *rates))
    sectors.rows = [[sector_name.get(g.key, g.key) if g.key else t("unknown_sector"), *_counts(g), *_rates(g)]
                    for g in report.sectors]
    procs = Table("tbl_procedures", (Column("col_code"), Column("col_procedure"), Column("col_sector"),
                                     *counts, *rates))
    for g in report.procedures:
        p = procedures.get(g.key or "")
        name = p.name if p else (g.key or t("unknown_procedure"))
        sector = sector_name.get(p.sector, p.sector) if p else ""
        procs.rows.append([(p.code or "") if p else "", name, sector, *_counts(g), *_rates(g)])
    agencies = Table("tbl_agencies", (Column("col_agency"), *counts))
    agencies.rows = [[g.key or t("unknown_agency"), *_counts(g)] for g in report.agencies]
    kinds = Table("tbl_result_kinds", (Column("col_doc_kind"), Column("col_dossiers", INT)),
                  [[k, n] for k, n in report.result_kinds.items()])

    runs = Table("tbl_runs", (Column("col_batch"), Column("col_started"), Column("col_minutes", NUM),
                              Column("col_pages", INT), Column("col_ppm", NUM)), note=t("rep_runs_note"))
    runs.rows = [[r.batch, when(r.started), r.minutes, r.pages, r.pages_per_minute] for r in report.runs]
    per_day = Table("tbl_pages_by_day", (Column("col_day"), Column("col_pages", INT)),
                    [[day(d), n] for d, n in report.pages_by_day])

    rv = report.review
    review = Table("tbl_review", (Column("col_metric"), Column("col_value", AUTO)), [
        [t("m_open_now"), rv.open_now],
        [t("m_oldest_open"), when(rv.oldest_open) if rv.oldest_open else None],
        [t("m_opened"), rv.opened],
        *[[t(f"m_resolved_{o}"), rv.resolved.get(o, 0)] for o in ("load", "reject", "rescan")],
        [t("m_median_hours"), rv.median_hours]])
    reasons = Table("tbl_review_reasons", (Column("col_reason"), Column("col_dossiers", INT)),
                    [[t.reason(r), n] for r, n in rv.open_by_reason.items()])
    quarantine = Table("tbl_quarantine", (Column("col_reason"), Column("col_q_dossiers", INT),
                                          Column("col_q_files", INT)),
                       [[t.reason(r), whole, files] for r, whole, files in report.quarantine])
    return [summary, indicators, months, sectors, procs, agencies, kinds, runs, per_day, review, reasons,
            quarantine]


def _counts(g: Group) -> list:
    return [g.received, g.digitised, g.results]


def _rates(g: Group) -> list:
    return [g.rate_results, g.rate_complete]


def _month(key: str) -> str:
    year, month = key.split("-")
    return f"{month}/{year}"


def when(at: datetime) -> str:
    return at.strftime("%d/%m/%Y %H:%M")


def day(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def shown(value, kind: str, decimal: str = ",", thousands: str = ".") -> str:
    """A cell as the page prints it (Vietnamese: 1.234 and 85,0%); None (no denominator) as a dash."""
    if value is None:
        return "—"
    if kind == AUTO:
        kind = INT if isinstance(value, int) else NUM if isinstance(value, float) else TEXT
    if isinstance(value, str) or kind == TEXT:
        return str(value)
    if kind == INT:
        return f"{value:,}".replace(",", thousands)
    if kind == PCT:
        return f"{100 * value:.1f}".replace(".", decimal) + "%"
    return f"{value:,.1f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)
