"""The manager's figures against the hand counts of report_data (see its docstring), on SQLite and on
PostgreSQL."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from report_data import build
from storage.engines import make_engine
from storage_testkit import fresh_database, server_url
from reports.figures import Period, compute, is_result, parse_month

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OCT_NOV = Period(date(2026, 10, 1), date(2026, 11, 1))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.needs_postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pipeline.sqlite'}"
        return
    url, drop = fresh_database(server_url("SOHOA_TEST_PG_URL"))
    yield url
    drop()


@pytest.fixture
def engine(db_url):
    ids = build(db_url)
    e = make_engine(db_url)
    e.ids = ids
    yield e
    e.dispose()


def test_totals_and_the_766_rates_match_the_hand_counts(engine):
    """GIVEN the hand-counted database WHEN the report covers October-November 2026 in Vietnam time
    THEN the duplicate and the September dossier are out, 31/10 18:00 UTC counts in November, and
    rates 4.1 = 3/7 and 4.2 = 2/7, with 4.2's share of points (2/7) / 80 %."""
    r = compute(engine, OCT_NOV, VN)
    assert r.totals == {"received": 7, "loaded": 4, "review": 1, "quarantined": 1, "rejected": 1, "rescan": 0,
                        "processing": 0, "duplicate": 1, "results": 3, "pages": 13}
    ind = {i.id: i for i in r.indicators}
    assert (ind["4.1"].numerator, ind["4.1"].denominator) == (3, 7)
    assert ind["4.1"].rate == pytest.approx(3 / 7) and ind["4.1"].points_share is None
    assert (ind["4.2"].numerator, ind["4.2"].denominator) == (2, 7)
    assert ind["4.2"].points_share == pytest.approx((2 / 7) / 0.8)
    for i in ("4.3", "4.4", "4.5"):  # not in sohoa's data: no figure at all, never a 0 %
        assert not ind[i].computable and ind[i].rate is None and ind[i].denominator == 0


def test_groups_by_month_sector_procedure_and_agency(engine):
    r = compute(engine, OCT_NOV, VN)
    months = {g.key: (g.received, g.digitised, g.results, g.review, g.quarantined, g.pages) for g in r.months}
    assert months == {"2026-10": (4, 3, 2, 1, 0, 8), "2026-11": (3, 1, 1, 0, 1, 5)}
    sectors = [(g.key, g.received, g.digitised, g.results, g.complete) for g in r.sectors]
    assert sectors == [("dat_dai", 3, 2, 1, 1), ("ho_tich", 3, 2, 2, 1), (None, 1, 0, 0, 0)]
    procs = {g.key: (g.received, g.digitised, g.results) for g in r.procedures}
    assert procs == {"birth_registration": (3, 2, 2), "land_first_certificate": (2, 1, 0),
                     "land_change_registration": (1, 1, 1), None: (1, 0, 0)}
    agencies = {g.key: g.received for g in r.agencies}
    # the agency field read on the dossier first (spaces collapsed), the result's OrganName second;
    # an invalid reading ("ỦY BAN") is no agency
    assert agencies == {"ỦY BAN NHÂN DÂN XÃ AN BÌNH": 1, "UBND XÃ TÂN HÒA": 1,
                        "ỦY BAN NHÂN DÂN HUYỆN PHÚ GIÁO": 1, None: 4}
    assert r.agencies[-1].key is None  # the unknown group comes last
    assert r.result_kinds == {"Quyết định": 1, "Trích lục": 1, "Giấy chứng nhận": 1}


def test_a_sector_filter_and_a_single_month(engine):
    land = compute(engine, Period(date(2026, 10, 1), date(2026, 11, 1), "dat_dai"), VN)
    assert land.totals["received"] == 3 and land.totals["duplicate"] == 0
    ind = {i.id: i for i in land.indicators}
    assert (ind["4.1"].numerator, ind["4.1"].denominator, ind["4.2"].numerator) == (1, 3, 1)
    assert [(d, n) for d, n in land.pages_by_day] == [(date(2026, 10, 10), 4), (date(2026, 11, 1), 4)]
    assert list(land.review.open_by_reason.items()) == [("field_uncertain", 1)]
    assert land.quarantine == []  # d5 has no sector, d8 is hộ tịch
    sept = compute(engine, Period(date(2026, 9, 1), date(2026, 9, 1)), VN)
    assert sept.totals["received"] == 1 and sept.totals["results"] == 1
    assert [g.key for g in sept.months] == ["2026-09"]
    empty = compute(engine, Period(date(2025, 1, 1), date(2025, 2, 1)), VN)
    assert empty.totals["received"] == 0 and [g.received for g in empty.months] == [0, 0]
    assert {i.id: i.rate for i in empty.indicators}["4.1"] is None  # denominator 0: no rate, not 0 %


def test_throughput_review_load_and_quarantine(engine):
    r = compute(engine, OCT_NOV, VN)
    assert [(run.pages, round(run.minutes, 3)) for run in r.runs] == [(8, 30.0), (5, 10.0)]
    assert r.runs[0].pages_per_minute == pytest.approx(8 / 30)
    assert r.pages_per_minute == pytest.approx(13 / 40)  # the killed run of 20/11 is not a run
    assert r.pages_by_day == [(date(2026, 10, 10), 8), (date(2026, 11, 1), 5)]
    assert r.pages_per_day == pytest.approx(6.5)
    rv = r.review
    assert rv.open_by_reason == {"field_uncertain": 1} and rv.open_now == 1
    assert rv.oldest_open.astimezone(VN).strftime("%d/%m/%Y %H:%M") == "10/10/2026 08:09"
    assert rv.opened == 3  # d3's item counts as opened, but its closing by a re-run is no person's
    assert rv.resolved == {"reject": 1} and rv.median_hours == pytest.approx(30.0)
    assert r.quarantine == [("corrupt_pdf", 1, 0), ("unreadable_image", 0, 1)]
    everything = compute(engine, Period(), VN)
    assert everything.totals["received"] == 8
    assert [run.pages for run in everything.runs] == [2, 8, 5]
    assert [g.key for g in everything.months] == ["2026-09", "2026-10", "2026-11"]


def test_result_documents_and_months_are_read_strictly():
    assert is_result("Quyết định") and is_result("GIẤY PHÉP XÂY DỰNG") and is_result("Trích lục")
    assert not is_result("Công văn") and not is_result("Tờ khai") and not is_result(None) and not is_result("")
    assert parse_month("2026-11") == date(2026, 11, 1)
    for bad in ("2026-13", "11/2026", "2026-1", "", "abcd-ef"):
        with pytest.raises(ValueError):
            parse_month(bad)
