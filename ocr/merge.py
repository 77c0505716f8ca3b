"""Two readings of one page, pixel for pixel, merged line by line.

A 1-bit page (fax, bilevel scan) whose strokes came out thin loses tone marks and breaks letters;
the same page with strokes one pixel thicker reads those lines better and others (capitals' marks
run into the letter) worse. Each line keeps the reading with fewer implausible words, then the more
confident one (thin and normal fax views, bench/HISTORY.md round nine).
"""
from __future__ import annotations

from ocr.recheck import plausible


def line_conf(words: list[dict]) -> float:
    """Mean word confidence of a line, each word weighted by its letters and digits."""
    weights = [max(1, sum(c.isalnum() for c in w["text"])) for w in words]
    return sum(w["conf"] * k for w, k in zip(words, weights)) / max(1, sum(weights))


def judge(words: list[dict]) -> tuple[int, float]:
    return -sum(not plausible(w["text"]) for w in words), line_conf(words)


def better_lines(words: list[dict], other: list[dict]) -> list[dict]:
    """`words` with each line replaced by the words of `other` whose centres lie in the line's box, when
    those judge better. A line with no counterpart keeps its own words; `other`'s words elsewhere are
    not added."""
    lines: dict[tuple, list[dict]] = {}
    for w in words:
        lines.setdefault((w.get("block", 0), w.get("par", 0), w.get("line", 0)), []).append(w)
    taken: set[int] = set()
    out: list[dict] = []
    for key, line in lines.items():
        x0, y0 = min(w["bbox"][0] for w in line), min(w["bbox"][1] for w in line)
        x1, y1 = max(w["bbox"][2] for w in line), max(w["bbox"][3] for w in line)
        mates = sorted((i for i, w in enumerate(other) if i not in taken
                        and x0 <= (w["bbox"][0] + w["bbox"][2]) / 2 <= x1
                        and y0 <= (w["bbox"][1] + w["bbox"][3]) / 2 <= y1), key=lambda i: other[i]["bbox"][0])
        if mates and judge([other[i] for i in mates]) > judge(line):
            taken.update(mates)
            line = [{**other[i], "block": key[0], "par": key[1], "line": key[2]} for i in mates]
        out.extend(line)
    return out
