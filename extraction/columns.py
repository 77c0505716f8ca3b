"""Side-by-side person columns: the marriage form's table 'Thông tin | Bên nữ | Bên nam'.

The two people share one set of row labels, so whose value a word is depends on where it sits,
not on the text order Tesseract gives (it may read the table row by row or column by column).
The table is read from word boxes: column headers fix the columns, the label column the rows.
"""
from __future__ import annotations

import re
from statistics import median

import numpy as np

from sohoa.documents import Page, Word
from extraction import roles
from extraction.candidates import Candidate, ocr_factor
from extraction.labels import match_line_label
from extraction.text import fold, nfc, squash
from extraction.values import parse

_HEADERS = {"ben nu": roles.SUBJECT, "ben vo": roles.SUBJECT, "ben nam": roles.APPLICANT, "ben chong": roles.APPLICANT}
# what follows the table on the form
_AFTER = re.compile(r"^(?:chung toi|toi)\s+cam\s+doan|^lam tai|^de nghi cap|^chu thich|^ghi chu|^nguoi yeu cau")
MAX_ROWS = 30


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped into visual rows by the vertical centre, each row left to right."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.bbox[1] + w.bbox[3]) / 2):
        cy, h = (w.bbox[1] + w.bbox[3]) / 2, w.bbox[3] - w.bbox[1]
        if rows:
            last = rows[-1]
            ly = median((x.bbox[1] + x.bbox[3]) / 2 for x in last)
            if abs(cy - ly) < 0.5 * max(h, median(x.bbox[3] - x.bbox[1] for x in last)):
                last.append(w)
                continue
        rows.append([w])
    return [sorted(r, key=lambda w: w.bbox[0]) for r in rows]


def _header(row: list[Word]) -> list[tuple[float, str]] | None:
    """(x centre, role) of each person column named in this row, when it names two."""
    found = []
    for a, b in zip(row, row[1:]):
        role = _HEADERS.get(squash(f"{a.text} {b.text}"))
        if role:
            found.append(((a.bbox[0] + b.bbox[2]) / 2, role))
    roles_seen = {r for _, r in found}
    return sorted(found) if len(found) == 2 and len(roles_seen) == 2 else None


def _text(words: list[Word]) -> str:
    return " ".join(nfc(w.text) for w in words)


def table_candidates(page: Page) -> tuple[list[Candidate], set[tuple[int, int]]]:
    """Candidates from a two-person table on `page`, and the (page, line) it covers."""
    # a lone '_' or '|' is a cell rule or a speck: it would fill a gutter and split a value
    words = [w for w in page.words if any(c.isalnum() for c in w.text)]
    rows = _rows(words)
    for at, row in enumerate(rows):
        cols = _header(row)
        if cols:
            break
    else:
        return [], set()
    (m1, r1), (m2, r2) = cols
    height = median(w.bbox[3] - w.bbox[1] for w in words)
    body = []
    prev_bottom = max(w.bbox[3] for w in row)
    for r in rows[at + 1 : at + 1 + MAX_ROWS]:
        if min(w.bbox[1] for w in r) - prev_bottom > 4 * height or _AFTER.search(fold(_text(r)).strip().lower()):
            break
        prev_bottom = max(w.bbox[3] for w in r)
        body.append(r)
    bounds = _gutters([w for r in body for w in r], m1, m2)
    logical: list[dict] = []
    used = {(page.number, w.line) for w in row}
    for row in body:
        cells: tuple[list[Word], list[Word], list[Word]] = ([], [], [])
        for w in row:
            cx = (w.bbox[0] + w.bbox[2]) / 2
            cells[0 if cx < bounds[0] else 1 if cx < bounds[1] else 2].append(w)
        label, first, second = cells
        if label and not (logical and _continues_label(logical[-1], label)):
            logical.append({"label": list(label), 1: list(first), 2: list(second)})
        elif logical:
            logical[-1]["label"] += label
            logical[-1][1] += first
            logical[-1][2] += second
        used |= {(page.number, w.line) for w in row}
    out = []
    for n, lrow in enumerate(logical):
        hit = match_line_label(_text(lrow["label"]) + ":")
        if not hit:
            continue
        key = hit.label.key
        slot = roles.slot_of(key, hit.label.folded)
        if slot is None:
            continue
        for col, role in ((1, r1), (2, r2)):
            fkey = roles.key_for(role, slot)
            cell = lrow[col]
            if not fkey or not cell:
                continue
            raw = _text(cell)
            parsed = parse(fkey, raw)
            if parsed.value is None:
                continue
            out.append(Candidate(fkey, raw, parsed, page.number, cell, hit.score / 100.0, (page.number, n),
                                 ocr_factor(cell), priority=3, extra={"role": "named", "table": True}))
    return out, used


def _gutters(words: list[Word], m1: float, m2: float) -> tuple[float, float]:
    """x of the two column rules: label | first person | second person.

    A cell's words never cross its rule, so each rule lies in the widest strip no word covers:
    left of the first header's centre, and between the two headers' centres. Headers may be
    centred or set flush left over left-aligned values; the strips hold either way. Without such
    a strip, the rule falls halfway between the headers.
    """
    half = (m2 - m1) / 2
    if not words:
        return m1 - half, m1 + half
    lo = int(min(w.bbox[0] for w in words))
    hi = int(max(w.bbox[2] for w in words)) + 1
    covered = np.zeros(hi - lo + 1, bool)
    for w in words:
        covered[w.bbox[0] - lo : w.bbox[2] - lo] = True

    def widest(a: float, b: float, default: float) -> float:
        a, b = max(int(a) - lo, 0), min(int(b) - lo, len(covered))
        best, run_start, best_len = default, None, 0
        for x in range(a, b):
            if not covered[x]:
                run_start = x if run_start is None else run_start
                if x - run_start + 1 > best_len:
                    best_len, best = x - run_start + 1, lo + (run_start + x) / 2
            else:
                run_start = None
        return best

    return widest(lo, m1, m1 - half), widest(m1, m2, m1 + half)


def _continues_label(prev: dict, label: list[Word]) -> bool:
    """A wrapped row label ('Ngày, tháng, năm' / 'sinh'): together the parts match a label
    better than the first alone."""
    before = _text(prev["label"])
    if before.rstrip().endswith(","):
        return True
    alone, joined = match_line_label(before + ":"), match_line_label(f"{before} {_text(label)}:")
    return bool(joined) and (alone is None or joined.score > alone.score)
