"""Tesseract over one prepared page image: whole, or, for a large page, in tiles and reduced.

A page over `tile_megapixels` (A2 and larger at 300 dpi) is read two ways: in overlapping tiles at
full resolution, and whole at a size reduced to `tile_megapixels`. Small print (dimension figures,
parcel numbers) survives in the tiles, while the reduced page keeps lines and blocks whole; the
reading with more confident text (characters weighted by word confidence) is kept. Word boxes come
back in the coordinates of the image given.
"""
from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image

from ocr import tesseract

TILE_BLOCKS = 1000  # block numbers of tile t start at t * TILE_BLOCKS, so lines never join across tiles


def read_words(arr: np.ndarray, dpi: int, opts, psm: int) -> tuple[list[dict], list[str]]:
    """(words, flags) of one page image; flags: ocr_timeout / ocr_failed when nothing could be read,
    `tiled` when the tiled reading of a large page was kept."""
    h, w = arr.shape[:2]
    if w * h <= opts.tile_megapixels * 1_000_000:
        words, error = _read(arr, dpi, opts, psm)
        return words, [error] if error else []
    tiled, tile_error = read_tiles(arr, dpi, opts, psm)
    reduced, reduced_error = read_reduced(arr, dpi, opts, psm)
    if tile_error and reduced_error:
        return [], [tile_error]
    if reduced_error or (not tile_error and score(tiled) > score(reduced)):
        return tiled, ["tiled"]
    return reduced, []


def score(words: list[dict]) -> float:
    """Confident text: letters and digits, each weighted by its word's confidence."""
    return sum(w["conf"] / 100 * sum(c.isalnum() for c in w["text"]) for w in words)


def _read(arr: np.ndarray, dpi: int, opts, psm: int) -> tuple[list[dict], str | None]:
    try:
        # the LSTM's other readings of each letter, for ocr/rescore.py
        extra = {"choices": True} if opts.rescore else {}
        tsv = tesseract.run_tsv(Image.fromarray(arr), opts.lang, psm, opts.timeout, dpi=dpi, **extra)
    except tesseract.OcrTimeout:
        return [], "ocr_timeout"
    except tesseract.TesseractError:
        return [], "ocr_failed"
    return tesseract.parse_tsv(tsv), None


def read_reduced(arr: np.ndarray, dpi: int, opts, psm: int) -> tuple[list[dict], str | None]:
    h, w = arr.shape[:2]
    r = math.sqrt(opts.tile_megapixels * 1_000_000 / (w * h))
    small = cv2.resize(arr, (max(1, round(w * r)), max(1, round(h * r))), interpolation=cv2.INTER_AREA)
    words, error = _read(small, max(1, round(dpi * r)), opts, psm)
    for wd in words:
        x0, y0, x1, y1 = wd["bbox"]
        wd["bbox"] = (int(x0 / r), int(y0 / r), min(w, round(x1 / r)), min(h, round(y1 / r)))
    return words, error


def tile_boxes(w: int, h: int, max_pixels: float, overlap: int) -> list[tuple[int, int, int, int]]:
    """Boxes of a grid of tiles covering w x h, each (with `overlap` added on every inner side)
    within max_pixels; the cut lines fall where the longer tile side is halved."""
    nx = ny = 1
    while (math.ceil(w / nx) + 2 * overlap) * (math.ceil(h / ny) + 2 * overlap) > max_pixels:
        if w / nx >= h / ny:
            nx += 1
        else:
            ny += 1
        if nx * ny > 400:  # the overlap alone fills a tile: the budget is far too small for this page
            break
    xs = [round(i * w / nx) for i in range(nx + 1)]
    ys = [round(j * h / ny) for j in range(ny + 1)]
    return [(max(0, xs[i] - overlap), max(0, ys[j] - overlap), min(w, xs[i + 1] + overlap), min(h, ys[j + 1] + overlap))
            for j in range(ny) for i in range(nx)]


def read_tiles(arr: np.ndarray, dpi: int, opts, psm: int) -> tuple[list[dict], str | None]:
    h, w = arr.shape[:2]
    overlap = max(32, dpi // 2)  # half an inch each side: a word up to an inch wide is whole in one tile
    found: list[dict] = []
    errors = []
    for t, (x0, y0, x1, y1) in enumerate(tile_boxes(w, h, opts.tile_megapixels * 1_000_000, overlap)):
        words, error = _read(np.ascontiguousarray(arr[y0:y1, x0:x1]), dpi, opts, psm)
        if error:
            errors.append(error)
            continue
        for wd in words:
            a, b, c, d = wd["bbox"]
            # a word touching a cut edge may be cut: the neighbouring tile holds it whole
            cut = ((a <= 2 and x0 > 0) or (b <= 2 and y0 > 0) or (c >= x1 - x0 - 2 and x1 < w)
                   or (d >= y1 - y0 - 2 and y1 < h))
            if cut:
                continue
            wd["bbox"] = (a + x0, b + y0, c + x0, d + y0)
            wd["block"] = wd.get("block", 0) + t * TILE_BLOCKS
            found.append(wd)
    if errors and not found:
        return [], errors[0]
    return dedupe(found), None


def dedupe(words: list[dict], cell: int = 256) -> list[dict]:
    """Words read twice in the overlap of two tiles: keep the more confident reading of each."""
    order = sorted(words, key=lambda wd: -wd["conf"] * max(1, len(wd["text"])))
    grid: dict[tuple[int, int], list[tuple]] = {}  # kept boxes by the cells they cover
    kept: list[dict] = []
    for wd in order:
        box = wd["bbox"]
        cells = [(cx, cy) for cx in range(box[0] // cell, box[2] // cell + 1)
                 for cy in range(box[1] // cell, box[3] // cell + 1)]
        if any(_same_place(box, k) for c in cells for k in grid.get(c, ())):
            continue
        kept.append(wd)
        for c in cells:
            grid.setdefault(c, []).append(box)
    return sorted(kept, key=lambda wd: (wd["block"], wd.get("par", 0), wd.get("line", 0), wd["bbox"][0]))


def _same_place(a: tuple, b: tuple) -> bool:
    ix = min(a[2], b[2]) - max(a[0], b[0])
    iy = min(a[3], b[3]) - max(a[1], b[1])
    if ix <= 0 or iy <= 0:
        return False
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy >= 0.5 * max(1, smaller)
