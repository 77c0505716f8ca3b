"""Reading order from word boxes: rows of words, and side-by-side column blocks read one after the other.

Official documents put the agency block and the national motto side by side (Decree 30/2020), and the
signature block beside the "Nơi nhận" list. Reading row by row would interleave them, so consecutive rows
that split into segments at a wide gap form a region whose columns are read left to right, each top down.
"""
from __future__ import annotations

from statistics import median


def _rows(words: list[dict]) -> list[list[dict]]:
    """Cluster words into rows by vertical overlap of their centre with the row's band."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["bbox"][1] + w["bbox"][3]) / 2):
        cy = (w["bbox"][1] + w["bbox"][3]) / 2
        h = w["bbox"][3] - w["bbox"][1]
        if rows:
            r = rows[-1]
            top = median(x["bbox"][1] for x in r)
            bot = median(x["bbox"][3] for x in r)
            if top <= cy <= bot or abs(cy - (top + bot) / 2) < 0.35 * max(h, bot - top):
                r.append(w)
                continue
        rows.append([w])
    return [sorted(r, key=lambda w: w["bbox"][0]) for r in rows]


def _segments(row: list[dict], gap: float) -> list[list[dict]]:
    segs = [[row[0]]]
    for w in row[1:]:
        if w["bbox"][0] - segs[-1][-1]["bbox"][2] > gap:
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def _span(seg: list[dict]) -> tuple[int, int]:
    return min(w["bbox"][0] for w in seg), max(w["bbox"][2] for w in seg)


def _columns(segs: list[list[dict]]) -> list[list[list[dict]]] | None:
    """Group the segments of a region into columns by horizontal overlap; None if they do not separate."""
    cols: list[tuple[int, int, list]] = []
    for seg in sorted(segs, key=lambda s: _span(s)[0]):
        x0, x1 = _span(seg)
        for i, (c0, c1, members) in enumerate(cols):
            if x0 < c1 and x1 > c0:
                cols[i] = (min(c0, x0), max(c1, x1), members + [seg])
                break
        else:
            cols.append((x0, x1, [seg]))
    # merging may make earlier columns overlap; a region whose columns overlap is not columnar
    cols.sort(key=lambda c: c[0])
    for a, b in zip(cols, cols[1:]):
        if b[0] < a[1]:
            return None
    return [c[2] for c in cols] if len(cols) > 1 else None


def _fits(row: list[list[dict]], cols: list[tuple[int, int]]) -> bool:
    """Every segment of the row lies under exactly one column of the region."""
    for seg in row:
        x0, x1 = _span(seg)
        hits = [c for c in cols if x0 < c[1] and x1 > c[0]]
        if len(hits) != 1:
            return False
    return True


def _row_top(row: list[list[dict]]) -> int:
    return min(w["bbox"][1] for seg in row for w in seg)


def _row_bottom(row: list[list[dict]]) -> int:
    return max(w["bbox"][3] for seg in row for w in seg)


def _units(words: list[dict], gap: float) -> list[dict]:
    """Atoms of layout: pieces of Tesseract's own lines (it keeps "Độc lập - Tự do" with its small dashes
    together), cut at column-wide gaps; single words when the words carry no line ids (text layers)."""
    groups: dict = {}
    for i, w in enumerate(words):
        key = (w.get("block"), w.get("par"), w.get("line")) if w.get("line") else ("word", i)
        groups.setdefault(key, []).append(w)
    units = []
    for g in groups.values():
        for piece in _segments(sorted(g, key=lambda w: w["bbox"][0]), gap):
            box = (min(w["bbox"][0] for w in piece), min(w["bbox"][1] for w in piece),
                   max(w["bbox"][2] for w in piece), max(w["bbox"][3] for w in piece))
            units.append({"bbox": box, "words": piece})
    return units


def reading_lines(words: list[dict], page_width: int) -> list[list[dict]]:
    """Lines (lists of words, left to right) in reading order."""
    if not words:
        return []
    heights = [w["bbox"][3] - w["bbox"][1] for w in words]
    mh = median(heights)
    gap = max(1.5 * mh, 0.015 * page_width)
    lines = [[w for unit in seg for w in unit["words"]] for seg in _order(_units(words, gap), mh, gap)]
    return lines


def _order(items: list[dict], mh: float, gap: float) -> list[list[dict]]:
    """Group items (with bbox) into reading-order lines of items."""
    rows = [_segments(r, gap) for r in _rows(items)]
    lines: list[list[dict]] = []
    i = 0
    while i < len(rows):
        if len(rows[i]) == 1:
            lines.append(rows[i][0])
            i += 1
            continue
        # a side-by-side region: grow it downwards while rows stay inside its columns
        j = i + 1
        cols = _columns([seg for r in rows[i:j] for seg in r])
        while j < len(rows) and cols is not None and _row_top(rows[j]) - _row_bottom(rows[j - 1]) < 2.0 * mh:
            if len(rows[j]) == 1 and not _fits(rows[j], [_span(sum(c, [])) for c in cols]):
                break
            nxt = _columns([seg for r in rows[i:j + 1] for seg in r])
            if nxt is None:
                break
            cols, j = nxt, j + 1
        if cols is None:
            lines.extend(rows[i])  # segments that do not form columns: read left to right
            j = i + 1
        else:
            for col in cols:
                lines.extend(sorted(col, key=lambda s: min(w["bbox"][1] for w in s)))
        i = j
    return lines
