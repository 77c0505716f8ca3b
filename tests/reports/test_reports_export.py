"""The exports: CSV with a byte-order mark and XLSX read back with openpyxl carry the figures of the
report's tables; text read off scans never becomes a formula; the SVG charts are self-contained."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from classifiers import load_catalog
from report_data import build
from reports import charts
from reports.export import to_csv, to_xlsx
from reports.figures import Period, compute
from reports.tables import PCT, Column, Table, report_tables
from storage.engines import make_engine
from web.i18n import Texts

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HEADING = ["Báo cáo số hóa hồ sơ", "Hồ sơ sohoa tiếp nhận để số hóa từ tháng 10/2026 đến tháng 11/2026"]


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('exports') / 'pipeline.sqlite'}"
    build(url)
    engine = make_engine(url)
    try:
        report = compute(engine, Period(date(2026, 10, 1), date(2026, 11, 1)), VN)
    finally:
        engine.dispose()
    return report_tables(report, load_catalog(), Texts())


def csv_sections(data: bytes) -> dict[str, list[list[str]]]:
    """Title -> rows (headings first) of each table in the CSV."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    out, title = {}, None
    for i, row in enumerate(rows):
        if not row:
            title = None
        elif title is None and i > 0 and not rows[i - 1]:
            title = row[0]
            out[title] = []
        elif title is not None:
            out[title].append(row)
    return out


def test_csv_starts_with_a_bom_and_carries_the_tables_figures(tables):
    t = Texts()
    data = to_csv(tables, t, HEADING)
    assert data.startswith(b"\xef\xbb\xbf")  # spreadsheet programs then read the file as UTF-8
    text = data.decode("utf-8-sig")
    assert unicodedata.is_normalized("NFC", text)
    sections = csv_sections(data)
    assert [t(tb.key) for tb in tables] == list(sections)
    ind = sections[t("tbl_indicators")]
    assert ind[0][:5] == ["Mã", "Chỉ số", "Tử số", "Mẫu số", "Tỷ lệ"]
    rows = {r[0]: r for r in ind[1:] if r and r[0].startswith("4.")}
    assert rows["4.1"][1:5] == ["Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử", "3", "7", "42.9%"]
    assert rows["4.2"][2:6] == ["2", "7", "28.6%", "35.7%"]  # (2/7) / 80 % of the points
    assert rows["4.3"][2:5] == ["", "", "Không tính được"] and "hệ thống một cửa" in rows["4.3"][6]
    months = sections[t("tbl_months")]
    assert months[1:] == [["10/2026", "4", "3", "2", "1", "0", "8"], ["11/2026", "3", "1", "1", "0", "1", "5"]]
    for tb in tables:  # every row of every table, in the same order
        assert len(sections[t(tb.key)]) == 1 + len(tb.rows) + (1 if tb.note else 0), tb.key


def test_xlsx_reads_back_with_the_same_figures(tables):
    t = Texts()
    wb = load_workbook(io.BytesIO(to_xlsx(tables, t, HEADING)))
    assert wb.sheetnames == [t("sh_info")] + [t("sh_" + tb.key) for tb in tables]
    assert all(len(name) <= 31 for name in wb.sheetnames)
    assert wb[t("sh_info")]["A2"].value == HEADING[1]
    for tb in tables:
        ws = wb[t("sh_" + tb.key)]
        assert ws["A1"].value == t(tb.key)
        assert [c.value for c in ws[2]][:len(tb.columns)] == [t(c.key) for c in tb.columns]
        for r, row in enumerate(tb.rows, start=3):
            got = [ws.cell(r, c).value for c in range(1, len(row) + 1)]
            want = [pytest.approx(v) if isinstance(v, float) else None if v == "" else v for v in row]
            assert got == want, (tb.key, r)  # an empty text cell reads back as no value
    ws = wb[t("sh_tbl_indicators")]
    assert ws["E3"].value == pytest.approx(3 / 7) and ws["E3"].number_format == "0.0%"
    assert (ws["C3"].value, ws["D3"].value) == (3, 7)


def test_text_from_scans_never_becomes_a_formula():
    t = Texts()
    evil = "=HYPERLINK(\"http://x.invalid\",\"bấm\")"
    tb = Table("tbl_agencies", (Column("col_agency"), Column("col_rate", PCT)), [[evil, 0.5], ["-1+1", None]])
    rows = list(csv.reader(io.StringIO(to_csv([tb], t, ["@SUM(A1)"]).decode("utf-8-sig"))))
    assert rows[0] == ["'@SUM(A1)"]
    assert rows[4] == ["'" + evil, "50.0%"] and rows[5] == ["'-1+1", ""]
    ws = load_workbook(io.BytesIO(to_xlsx([tb], t, ["@SUM(A1)"])))[t("sh_tbl_agencies")]
    assert ws["A3"].value == evil and ws["A3"].data_type == "s"
    assert ws["A4"].value == "-1+1" and ws["B4"].value is None


def test_charts_are_inline_svg_that_fetch_nothing_and_name_their_figures():
    svg = charts.bars("c1", "Theo lĩnh vực <&>", ["Hộ tịch", "Đất đai"], [("Tiếp nhận", [3, 0]), ("Đã số hóa", [2, None])])
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="c1-t c1-d"' in svg
    assert "<title id=\"c1-t\">Theo lĩnh vực &lt;&amp;&gt;</title>" in svg  # escaped
    assert "Hộ tịch: Tiếp nhận 3, Đã số hóa 2" in svg  # the description reads the figures out
    assert not re.search(r"(href|src)=", svg) and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    widths = [float(w) for w in re.findall(r'<rect class="s\d" x="270" y="\d+" width="([\d.]+)"', svg)]
    assert widths[0] > widths[1] > 0 and widths[2] == widths[3] == 0  # 3 > 2 > 0 = None
    rates = charts.bars("c2", "766", ["4.1"], [("Tỷ lệ", [0.5])], kind=PCT, threshold=0.8, threshold_label="80%")
    assert "50,0%" in rates and 'class="thr"' in rates
    cols = charts.columns("c3", "Theo tháng", ["10/2026", "11/2026"], [("Tiếp nhận", [4, 3])])
    assert cols.count("<rect") == 3 and "11/2026 — Tiếp nhận: 3" in cols
