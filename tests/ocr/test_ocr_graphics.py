"""Drawings and maps are told from pages of text by their lines; their text is kept, their lines not."""
from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from ocr import graphics
from ocr import preprocess as pp
from ocr.recognise import dedupe, score, tile_boxes
from samples import degrade
from samples.cases import make_case
from samples.decision import build_decision
from samples.drawings import cadastral_map, construction_drawing
from samples.forms import Style, build_form
from samples.official import build_official
from samples.render import layout, draw


def _text_pages() -> list[tuple[str, np.ndarray, int]]:
    """Forms, official forms (with their tables and leaders) and decisions, clean and degraded."""
    out = []
    for i, proc in enumerate(["construction_permit", "land_change_registration", "marriage_registration",
                              "household_business_registration", "land_first_certificate", "death_registration"]):
        rnd = random.Random(i)
        case = make_case(rnd, proc)
        if proc in ("land_first_certificate", "death_registration", "marriage_registration"):
            doc = build_official(case, rnd, "ABC"[i % 3], Style.draw(rnd), "freeserif")
        else:
            doc = build_form(case, rnd, 1 + i % 4, Style.draw(rnd), "freeserif")
        docs = [doc] + ([build_decision(case, rnd, 1 + i % 3, Style.draw(rnd), "dejavuserif")] if i % 2 else [])
        for d in docs:
            for n, pl in enumerate(layout(d.items, "freeserif")):
                dpi = 200 if i % 3 == 0 else 300
                img = draw(pl, "freeserif", dpi).image
                if n == 0 and i % 2:
                    img = degrade.apply(img, ["photocopy", "skew:2.0", "noise:6"], i)
                out.append((f"{d.layout} p{n + 1}", _cleaned(img, dpi), dpi))
    return out


def _cleaned(img, dpi: int = 300) -> np.ndarray:
    """The normalised page, scanner borders whitened: what the OCR stage measures."""
    return pp.cleaned(pp.to_gray(img), dpi)[1]


def _sheets() -> list[tuple[str, np.ndarray, int]]:
    out = []
    for i, (kind, paper, dpi) in enumerate([("drawing", "A3", 300), ("drawing", "A2", 200),
                                            ("map_extract", "A3", 300), ("cadastral_map", "A2", 150)]):
        rnd = random.Random(100 + i)
        case = make_case(rnd, "construction_permit" if kind == "drawing" else "land_change_registration")
        if kind == "drawing":
            sheet = construction_drawing(rnd, case, paper, dpi)
        else:
            sheet = cadastral_map(rnd, case, paper, dpi, extract=kind == "map_extract")
        img = sheet.image if i % 2 == 0 else degrade.apply(sheet.image, ["skew:0.8", "bilevel"], i)
        out.append((f"{kind} {paper}", _cleaned(img, dpi), dpi))
    return out


@pytest.fixture(scope="module")
def pages():
    return _text_pages(), _sheets()


def test_drawings_and_maps_are_line_art_and_pages_of_text_are_not(pages):
    """GIVEN generated forms, official forms and decisions (clean, photocopied, skewed) and generated
    drawings and maps (A3 and A2, 150-300 dpi, grey and bilevel)
    WHEN measured THEN every sheet is line art and no page of text is, each with a margin."""
    text, sheets = pages
    for name, arr, dpi in text:
        g, mask = graphics.measure(arr, dpi)
        assert not g.line_art and mask is None, (name, g)
        assert g.graphic_share < graphics.GRAPHIC_SHARE / 2 or g.line_mm_per_cm2 < graphics.LINE_MM_PER_CM2 / 2, \
            (name, g)
    for name, arr, dpi in sheets:
        g, mask = graphics.measure(arr, dpi)
        assert g.line_art and mask is not None, (name, g)
        assert g.line_mm_per_cm2 > graphics.LINE_MM_PER_CM2 and g.segments > 3 * graphics.MIN_SEGMENTS, (name, g)
        assert g.graphic_share > 0.7, (name, g)


def test_stripping_keeps_the_glyphs_and_whitens_the_lines(pages):
    """GIVEN a drawing WHEN stripped THEN no straight stroke of 8 mm is left, while the ink inside the
    boxes of its printed words (room names, title block) stays."""
    _, sheets = pages
    name, arr, dpi = sheets[0]
    g, mask = graphics.measure(arr, dpi)
    out = graphics.strip(arr, mask)
    ink = (out < 128).astype(np.uint8) * 255
    segs = cv2.HoughLinesP(ink, 1, np.pi / 180, threshold=80, minLineLength=int(8 * dpi / 25.4), maxLineGap=2)
    assert segs is None or len(segs) < 5
    kept, before = (out < 128) & (arr < 128), (arr < 128)
    assert kept.sum() > 0.08 * before.sum()  # the text, a tenth of the ink on a drawing
    assert (mask & (arr < 128)).sum() / max(1, mask.sum()) > 0.05  # the mask sits on ink, not on paper


def test_tiles_cover_the_page_within_the_budget():
    """Tiles overlap by the given margin, cover every pixel, and none is over the pixel budget."""
    w, h, budget, overlap = 9205, 6501, 24_000_000, 139
    boxes = tile_boxes(w, h, budget, overlap)
    assert len(boxes) == 4
    cover = np.zeros((h // 10 + 1, w // 10 + 1), bool)
    for x0, y0, x1, y1 in boxes:
        assert (x1 - x0) * (y1 - y0) <= budget
        cover[y0 // 10 : y1 // 10 + 1, x0 // 10 : x1 // 10 + 1] = True
    assert cover.all()
    assert tile_boxes(2000, 3000, budget, overlap) == [(0, 0, 2000, 3000)]


def test_a_word_read_in_two_tiles_is_kept_once():
    """GIVEN the same word read in the overlap of two tiles (boxes a pixel or two apart), and two
    different words side by side WHEN de-duplicated THEN the more confident reading is kept, once."""
    words = [
        {"text": "MẶT", "conf": 91.0, "bbox": (1000, 500, 1080, 540), "block": 1},
        {"text": "MAT", "conf": 60.0, "bbox": (1001, 501, 1079, 541), "block": 1001},
        {"text": "BẰNG", "conf": 90.0, "bbox": (1095, 500, 1200, 540), "block": 1},
    ]
    kept = dedupe(words)
    assert [w["text"] for w in kept] == ["MẶT", "BẰNG"]
    assert score(kept) == pytest.approx(0.91 * 3 + 0.90 * 4)


def test_a_copied_id_card_is_a_picture_not_line_art():
    """GIVEN an A4 page holding photocopies of both sides of an ID card (grey, textured pictures of
    85 x 54 mm) and a few lines of text WHEN measured THEN it is not line art: its pictures fill
    their boxes, lines do not."""
    from PIL import Image, ImageDraw

    from samples.render import render_lines

    page = render_lines(["Bản sao căn cước công dân", "Họ và tên: Nguyễn Văn An"], dpi=300).image
    k = 300 / 25.4
    rng = np.random.default_rng(3)
    for top in (60, 140):
        card = rng.normal(110, 45, (round(54 * k), round(85 * k))).clip(0, 255).astype(np.uint8)
        card = cv2.GaussianBlur(card, (0, 0), 3)
        img = Image.fromarray(card)
        ImageDraw.Draw(img).rectangle([0, 0, img.width - 1, img.height - 1], outline=0, width=6)
        page.paste(img, (round(40 * k), round(top * k)))
    g, mask = graphics.measure(_cleaned(page, 300), 300)
    assert not g.line_art and mask is None, g
