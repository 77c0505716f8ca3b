"""Two readings of one page merged line by line (ocr/merge.py)."""
from __future__ import annotations

from ocr.merge import better_lines


def w(text, conf, x0, y0, line, block=1):
    return {"text": text, "conf": conf, "bbox": (x0, y0, x0 + 40 * len(text), y0 + 30), "block": block, "par": 1,
            "line": line}


def test_each_line_keeps_the_reading_with_fewer_implausible_words_then_more_confidence():
    first = [w("Giấy", 95, 100, 100, 1), w("chứng", 94, 300, 100, 1), w("nhận", 96, 560, 100, 1),
             w("ngh", 60, 100, 200, 2), w("ỉ", 55, 260, 200, 2),
             w("Số", 80, 100, 300, 3), w("hộ", 80, 220, 300, 3)]
    other = [w("Giấy", 96, 100, 101, 7, block=4), w("chúng", 97, 300, 101, 7, block=4), w("nhận", 97, 560, 101, 7),
             w("nghỉ", 88, 100, 201, 8, block=4),
             w("Số", 92, 100, 301, 9, block=4), w("hộ", 91, 220, 301, 9, block=4),
             w("rác", 99, 1500, 900, 10)]
    got = better_lines(first, other)
    # line 1: 'chúng' is plausible too, and the other reading is more confident: taken, with the
    # first reading's line numbers; line 2: one plausible word against an implausible pair; line 3: more confident
    assert [x["text"] for x in got] == ["Giấy", "chúng", "nhận", "nghỉ", "Số", "hộ"]
    assert [(x["block"], x["line"]) for x in got] == [(1, 1)] * 3 + [(1, 2)] + [(1, 3)] * 2
    # 'rác' lies on no line of the first reading and is not added


def test_a_less_plausible_reading_loses_even_when_more_confident():
    first = [w("Quyết", 70, 100, 100, 1), w("định", 70, 330, 100, 1)]
    other = [w("Quyét", 99, 100, 100, 1), w("đinh", 99, 330, 100, 1)]
    assert better_lines(first, other) == first


def test_a_line_without_counterpart_is_kept():
    first = [w("Hà", 50, 100, 100, 1), w("Nội", 50, 230, 100, 1)]
    assert better_lines(first, []) == first
    assert better_lines(first, [w("Hà", 99, 100, 900, 1)]) == first
