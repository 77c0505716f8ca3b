"""Official forms filled in by hand (samples.handwriting), scanned and read by real Tesseract."""
from __future__ import annotations

import random
from pathlib import Path

from ocr.options import OcrOptions
from ocr.pipeline import read_file
from samples import degrade
from samples.cases import make_case
from samples.forms import Style
from samples.handwriting import draw_filled
from samples.official import build_official
from samples.official.core import printing
from samples.render import layout

PROCS = ("death_registration", "marriage_registration", "birth_registration", "land_first_certificate")


def hand_form(proc: str, seed: int, tmp_path: Path):
    """(truth fields, pages, [(written value, pixel box)]) of one form's first page, values by hand."""
    rnd = random.Random(f"hand:{proc}:{seed}")
    doc = build_official(make_case(rnd, proc), rnd, "A", Style.draw(rnd), "freeserif")
    page = layout(doc.items, "freeserif", margins=printing("A").margins)[0]
    hp = draw_filled(page, [str(v) for v in doc.fields.values()], seed=seed)
    img = degrade.apply(hp.rendered.image, ["noise:4"], seed=seed)  # no skew: truth boxes stay put
    path = tmp_path / f"{proc}-{seed}.png"
    img.save(path, dpi=(300, 300))
    pages = read_file(path, OcrOptions(timeout=120), tmp_path / f"work-{proc}-{seed}")
    return doc.fields, pages, hp.hands


def in_hand(bbox, hands) -> bool:
    """The centre of a word's box lies in a written value."""
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return any(x0 <= cx <= x1 and y0 <= cy <= y1 for _, (x0, y0, x1, y1) in hands)


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
