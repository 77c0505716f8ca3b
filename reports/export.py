"""A report's tables as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese)
and as XLSX (openpyxl; one sheet per table, rates as percentages).

Text read off scans (an agency name) could start with '=' and run as a formula in a spreadsheet:
CSV cells get a leading apostrophe, XLSX cells are written as strings."""
from __future__ import annotations

import csv
import io

from reports.tables import AUTO, INT, NUM, PCT, Table

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XLSX_FORMATS = {INT: "#,##0", PCT: "0.0%", NUM: "#,##0.0"}


def to_csv(tables: list[Table], t, heading: list[str]) -> bytes:
    """Every table one after the other: its title, its column headings, its rows, its note."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for line in heading:
        w.writerow([_safe(line)])
    for table in tables:
        w.writerow([])
        w.writerow([_safe(t(table.key))])
        w.writerow([_safe(t(c.key)) for c in table.columns])
        for row in table.rows:
            w.writerow([_csv_cell(v, c.kind) for v, c in zip(row, table.columns)])
        if table.note:
            w.writerow([_safe(table.note)])
    return (BOM + buf.getvalue()).encode("utf-8")


def _csv_cell(value, kind: str) -> str:
    """Numbers in the plain machine form (dot decimals); rates as percentages."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _safe(value)
    if kind == PCT:
        return f"{100 * value:.1f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_xlsx(tables: list[Table], t, heading: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    info = wb.active
    info.title = t("sh_info")
    for n, line in enumerate(heading, start=1):
        _text(info.cell(n, 1), line)
    info.column_dimensions["A"].width = 110
    bold = Font(bold=True)
    for table in tables:
        ws = wb.create_sheet(t("sh_" + table.key))
        _text(ws.cell(1, 1), t(table.key)).font = Font(bold=True, size=13)
        for col, c in enumerate(table.columns, start=1):
            cell = _text(ws.cell(2, col), t(c.key))
            cell.font, cell.alignment = bold, Alignment(wrap_text=True, vertical="top")
        for r, row in enumerate(table.rows, start=3):
            for col, (value, c) in enumerate(zip(row, table.columns), start=1):
                cell = ws.cell(r, col)
                if isinstance(value, str):
                    _text(cell, value)
                    continue
                cell.value = value
                kind = (INT if isinstance(value, int) else NUM) if c.kind == AUTO else c.kind
                if value is not None and kind in _XLSX_FORMATS:
                    cell.number_format = _XLSX_FORMATS[kind]
        if table.note:
            _text(ws.cell(len(table.rows) + 4, 1), table.note)
        ws.freeze_panes = "A3"
        for col, c in enumerate(table.columns, start=1):
            longest = max([len(t(c.key))] + [len(str(row[col - 1])) for row in table.rows if row[col - 1]])
            ws.column_dimensions[ws.cell(2, col).column_letter].width = min(60, max(10, longest + 2))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text(cell, text: str):
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell
