"""The manager's figures, computed from the pipeline database.

The population of a report is the dossiers sohoa received for digitisation in the period (by the
month of `Dossier.received_at`, in the given time zone), optionally of one sector; duplicates are
counted apart and left out of every other figure. A dossier is *digitised* once it is `loaded`
(its PDF/A stored and its record in the sector database, by the machine or a reviewer). A result
document is an official document of the dossier (7197 metadata) whose kind is a decision or one of
the result papers of extraction.doc_kinds (certificate, permit, extract...).

Decision 766 rates (domain spec §5): 4.1 and 4.2 are computed from these facts, the other three
cannot be (see INDICATORS); the page and the exports say why.
"""
from __future__ import annotations

import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from extraction import doc_kinds
from storage.pipeline_models import Document, Dossier, Event, FieldRow, ReviewItem

FULL_POINTS_RATE = 0.80  # Decision 766 scoring of 4.2 and 4.3: full points at or above this rate
RESULT_NAMES = tuple(sorted({k.name.lower() for k in doc_kinds.KINDS if k.group == doc_kinds.RESULT}
                            | {"quyết định"}))
STATES = ("loaded", "review", "quarantined", "rejected", "rescan", "processing")
# id -> computable from sohoa's data (the reason for each "no" is a text of the page)
INDICATORS = {"4.1": True, "4.2": True, "4.3": False, "4.4": False, "4.5": False}


@dataclass(frozen=True)
class Period:
    """Months first..last (first day of each; both included) and a sector; None = no bound."""
    first: date | None = None
    last: date | None = None
    sector: str | None = None

    def bounds(self, tz: ZoneInfo) -> tuple[datetime | None, datetime | None]:
        """The period as UTC instants [lo, hi)."""
        lo = datetime(self.first.year, self.first.month, 1, tzinfo=tz).astimezone(timezone.utc) if self.first else None
        hi = None
        if self.last:
            nxt = next_month(self.last)
            hi = datetime(nxt.year, nxt.month, 1, tzinfo=tz).astimezone(timezone.utc)
        return lo, hi


def parse_month(text: str) -> date:
    """'2026-11' -> date(2026, 11, 1); ValueError otherwise."""
    year, month = text.strip().split("-")
    if len(year) != 4 or len(month) != 2:
        raise ValueError(text)
    return date(int(year), int(month), 1)


def next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def is_result(type_name: str | None) -> bool:
    """A decision or a result paper; printed titles run on after the kind ('Giấy phép xây dựng')."""
    name = unicodedata.normalize("NFC", type_name or "").strip().lower()
    return bool(name) and name.startswith(RESULT_NAMES)


@dataclass
class Group:
    """Counts of the dossiers of one month, sector, procedure or agency."""
    key: str | None
    received: int = 0
    digitised: int = 0
    review: int = 0
    quarantined: int = 0
    results: int = 0  # digitised, with a result document stored (766 4.1 numerator)
    complete: int = 0  # ... and dossier components beside the result (766 4.2 numerator)
    pages: int = 0

    @property
    def rate_results(self) -> float | None:
        return self.results / self.received if self.received else None

    @property
    def rate_complete(self) -> float | None:
        return self.complete / self.received if self.received else None

    def add(self, d: "_Row") -> None:
        self.received += 1
        self.digitised += d.state == "loaded"
        self.review += d.state == "review"
        self.quarantined += d.state == "quarantined"
        self.results += d.result_attached
        self.complete += d.complete
        self.pages += d.pages


@dataclass(frozen=True)
class Indicator:
    id: str
    computable: bool
    numerator: int = 0
    denominator: int = 0

    @property
    def rate(self) -> float | None:
        return self.numerator / self.denominator if self.computable and self.denominator else None

    @property
    def points_share(self) -> float | None:
        """Share of the indicator's points (766: rate × max / 80 %, capped), where the rule applies."""
        if self.id != "4.2" or self.rate is None:
            return None
        return min(1.0, self.rate / FULL_POINTS_RATE)


@dataclass(frozen=True)
class Run:
    batch: str
    started: datetime
    minutes: float
    pages: int

    @property
    def pages_per_minute(self) -> float | None:
        return self.pages / self.minutes if self.minutes > 0 else None


@dataclass
class ReviewLoad:
    open_by_reason: dict[str, int] = field(default_factory=dict)
    oldest_open: datetime | None = None
    opened: int = 0  # in the period
    resolved: dict[str, int] = field(default_factory=dict)  # by people in the period: load/reject/rescan
    median_hours: float | None = None  # from opened to resolved by a person, in the period

    @property
    def open_now(self) -> int:
        return sum(self.open_by_reason.values())


@dataclass
class Report:
    period: Period
    totals: dict[str, int]
    months: list[Group]
    sectors: list[Group]
    procedures: list[Group]
    agencies: list[Group]
    result_kinds: dict[str, int]
    indicators: list[Indicator]
    runs: list[Run]
    pages_by_day: list[tuple[date, int]]
    review: ReviewLoad
    quarantine: list[tuple[str, int, int]]  # reason, quarantined dossiers, bad files in other dossiers

    @property
    def pages_per_minute(self) -> float | None:
        """All pages of the runs that read any, over those runs' minutes."""
        worked = [r for r in self.runs if r.pages]
        minutes = sum(r.minutes for r in worked)
        return sum(r.pages for r in worked) / minutes if minutes > 0 else None

    @property
    def pages_per_day(self) -> float | None:
        """Mean pages read per day on the days anything was read."""
        days = [n for _, n in self.pages_by_day if n]
        return sum(days) / len(days) if days else None


@dataclass(frozen=True)
class _Row:
    id: str
    state: str
    procedure: str | None
    sector: str | None
    month: str
    pages: int
    agency: str | None
    result_kinds: tuple[str, ...]
    result_attached: bool
    complete: bool


def compute(engine: Engine, period: Period, tz: ZoneInfo) -> Report:
    with Session(engine) as s:
        rows, duplicates = _dossiers(s, period, tz)
        review = _review_load(s, period, tz)
        runs = _runs(s, period, tz)
        per_day = _pages_by_day(s, period, tz)
        quarantine = _quarantine(s, period, tz)
    totals = Counter(r.state for r in rows)
    totals = {"received": len(rows), **{st: totals.get(st, 0) for st in STATES}, "duplicate": duplicates,
              "results": sum(r.result_attached for r in rows), "pages": sum(r.pages for r in rows)}
    all_rows = Group(None)
    for r in rows:
        all_rows.add(r)
    indicators = [Indicator("4.1", True, all_rows.results, all_rows.received),
                  Indicator("4.2", True, all_rows.complete, all_rows.received)]
    indicators += [Indicator(i, False) for i, ok in INDICATORS.items() if not ok]
    kinds = Counter(k for r in rows if r.state == "loaded" for k in r.result_kinds)
    return Report(
        period=period, totals=totals,
        months=_months(rows, period),
        sectors=_grouped(rows, lambda r: r.sector),
        procedures=_grouped(rows, lambda r: r.procedure),
        agencies=_grouped(rows, lambda r: r.agency),
        result_kinds=dict(kinds.most_common()), indicators=indicators, runs=runs, pages_by_day=per_day,
        review=review, quarantine=quarantine)


def local(at: datetime, tz: ZoneInfo) -> datetime:
    if at.tzinfo is None:  # SQLite gives back naive datetimes; they were stored in UTC
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(tz)


def _in_period(q, column, period: Period, tz: ZoneInfo):
    lo, hi = period.bounds(tz)
    if lo is not None:
        q = q.where(column >= lo)
    if hi is not None:
        q = q.where(column < hi)
    return q


def _of_sector(q, period: Period):
    return q.where(Dossier.sector == period.sector) if period.sector else q


def _dossiers(s: Session, period: Period, tz: ZoneInfo) -> tuple[list[_Row], int]:
    q = select(Dossier.id, Dossier.state, Dossier.procedure_key, Dossier.sector, Dossier.page_count,
               Dossier.official_documents, Dossier.received_at)
    q = _of_sector(_in_period(q, Dossier.received_at, period, tz), period)
    agencies = _agencies(s, period, tz)
    rows, duplicates = [], 0
    for did, state, procedure, sector, pages, docs, received in s.execute(q.order_by(Dossier.received_at)):
        if state == "duplicate":
            duplicates += 1
            continue
        results = [d for d in docs or [] if is_result(d.get("TypeName"))]
        result_pages = sum(int(d.get("PageAmount") or 0) for d in results)
        attached = state == "loaded" and bool(results)
        agency = agencies.get(did) or next((_clean(d.get("OrganName")) for d in results if d.get("OrganName")), None)
        rows.append(_Row(did, state, procedure, sector, local(received, tz).strftime("%Y-%m"), pages or 0,
                         agency, tuple(_kind_name(d["TypeName"]) for d in results), attached,
                         attached and (pages or 0) > result_pages))
    return rows, duplicates


def _kind_name(type_name: str) -> str:
    """The kind a printed title starts with ('Giấy phép xây dựng' -> 'Giấy phép')."""
    name = unicodedata.normalize("NFC", type_name).strip()
    longest = max((n for n in RESULT_NAMES if name.lower().startswith(n)), key=len)
    return name[:len(longest)]


def _clean(text: str | None) -> str | None:
    return " ".join(unicodedata.normalize("NFC", text).split()) if text else None


def _agencies(s: Session, period: Period, tz: ZoneInfo) -> dict[str, str]:
    """The issuing agency each dossier's reading found (as printed), where valid."""
    q = (select(FieldRow.dossier_id, FieldRow.value).join(Dossier, Dossier.id == FieldRow.dossier_id)
         .where(FieldRow.key == "issuing_agency", FieldRow.valid.is_(True)))
    q = _of_sector(_in_period(q, Dossier.received_at, period, tz), period)
    return {did: _clean(value) for did, value in s.execute(q) if _clean(value)}


def _grouped(rows: list[_Row], key) -> list[Group]:
    groups: dict[str | None, Group] = {}
    for r in rows:
        k = key(r)
        groups.setdefault(k, Group(k)).add(r)
    # most dossiers first; the unknown group last
    return sorted(groups.values(), key=lambda g: (g.key is None, -g.received, g.key or ""))


def _months(rows: list[_Row], period: Period) -> list[Group]:
    """Every month of the period (or from the first dossier to the last), empty ones included."""
    groups = {g.key: g for g in _grouped(rows, lambda r: r.month)}
    known = sorted(groups)
    first = period.first or (parse_month(known[0]) if known else None)
    last = period.last or (parse_month(known[-1]) if known else None)
    out, m = [], first
    while m is not None and last is not None and m <= last:
        key = m.strftime("%Y-%m")
        out.append(groups.get(key, Group(key)))
        m = next_month(m)
    return out


def _review_load(s: Session, period: Period, tz: ZoneInfo) -> ReviewLoad:
    load = ReviewLoad()
    base = _of_sector(select(ReviewItem).join(Dossier, Dossier.id == ReviewItem.dossier_id), period)
    for item in s.scalars(base.where(ReviewItem.resolved_at.is_(None))):
        load.open_by_reason[item.reason] = load.open_by_reason.get(item.reason, 0) + 1
        at = local(item.created_at, tz)
        load.oldest_open = at if load.oldest_open is None or at < load.oldest_open else load.oldest_open
    load.open_by_reason = dict(sorted(load.open_by_reason.items(), key=lambda kv: (-kv[1], kv[0])))
    load.opened = len(s.scalars(_in_period(base, ReviewItem.created_at, period, tz)).all())
    waits = []
    resolved = _in_period(base.where(ReviewItem.resolved_at.is_not(None)), ReviewItem.resolved_at, period, tz)
    for item in s.scalars(resolved):
        if (item.resolution or "").startswith("superseded"):  # closed by a re-run, not by a person
            continue
        outcome = (item.resolution or "").split(";")[0].strip() or "load"
        load.resolved[outcome] = load.resolved.get(outcome, 0) + 1
        waits.append((local(item.resolved_at, tz) - local(item.created_at, tz)).total_seconds() / 3600)
    load.median_hours = statistics.median(waits) if waits else None
    return load


def _runs(s: Session, period: Period, tz: ZoneInfo) -> list[Run]:
    """Each ingest run (batch started -> finished events) that started in the period, with the pages
    OCR'd for its batch meanwhile. A run with no finished event (still going, or killed) is left out."""
    lo, hi = period.bounds(tz)
    open_runs: dict[str, datetime] = {}
    spans = []
    for batch, outcome, at in s.execute(select(Event.batch_id, Event.outcome, Event.at)
                                        .where(Event.step == "batch").order_by(Event.id)):
        at = local(at, tz)
        if outcome == "started":
            open_runs[batch] = at
        elif outcome == "finished" and batch in open_runs:
            start = open_runs.pop(batch)
            if (lo is None or start >= lo) and (hi is None or start < hi):
                spans.append((batch, start, at))
    if not spans:
        return []
    utc = timezone.utc
    q = select(Event.batch_id, Event.at, Event.detail).where(
        Event.step == "ocr", Event.outcome == "ok", Event.at >= min(a for _, a, _ in spans).astimezone(utc),
        Event.at <= max(b for _, _, b in spans).astimezone(utc))  # UTC: SQLite compares the stored text
    pages = [(b, local(at, tz), _pages(detail)) for b, at, detail in s.execute(q)]
    out = []
    for batch, start, end in spans:
        n = sum(p for b, at, p in pages if b == batch and start <= at <= end)
        out.append(Run(batch, start, (end - start).total_seconds() / 60, n))
    return out


def _pages(detail: dict | None) -> int:
    return int((detail or {}).get("pages") or 0)


def _pages_by_day(s: Session, period: Period, tz: ZoneInfo) -> list[tuple[date, int]]:
    q = select(Event.at, Event.detail).where(Event.step == "ocr", Event.outcome == "ok")
    q = _in_period(q, Event.at, period, tz)
    if period.sector:
        q = q.join(Dossier, Dossier.id == Event.dossier_id).where(Dossier.sector == period.sector)
    days: Counter = Counter()
    for at, detail in s.execute(q):
        days[local(at, tz).date()] += _pages(detail)
    return sorted(days.items())


def _quarantine(s: Session, period: Period, tz: ZoneInfo) -> list[tuple[str, int, int]]:
    dossiers = _of_sector(_in_period(select(Dossier.reason).where(Dossier.state == "quarantined"),
                                     Dossier.received_at, period, tz), period)
    whole = Counter(r or "unspecified" for (r,) in s.execute(dossiers))
    files = (select(Document.reason).join(Dossier, Dossier.id == Document.dossier_id)
             .where(Document.state == "quarantined", Dossier.state != "quarantined"))
    files = _of_sector(_in_period(files, Dossier.received_at, period, tz), period)
    parts = Counter(r or "unspecified" for (r,) in s.execute(files))
    reasons = sorted(set(whole) | set(parts), key=lambda r: (-(whole[r] + parts[r]), r))
    return [(r, whole[r], parts[r]) for r in reasons]
