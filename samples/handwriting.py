"""Printed forms whose filled-in values are written by hand (simulated).

No packaged handwriting font has Vietnamese glyphs, so a hand is simulated from an italic serif
face: each glyph is drawn alone with its own size, tilt and baseline jitter, a slowly drifting
baseline, a pen-like stroke (dilated outline) and ink lighter than toner.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw, ImageFilter

from samples.fonts import family, pil_font, text_width_pt
from samples.render import PageLayout, RenderedPage, draw


@dataclass
class HandPage:
    rendered: RenderedPage  # the printed form with the written values
    hands: list[tuple[str, tuple[int, int, int, int]]]  # each written value and its pixel box


def write_value(img: Image.Image, text: str, x: float, baseline: float, size_px: float, font: str,
                rnd: random.Random) -> tuple[int, int, int, int]:
    """Write `text` by hand on `img` (mode L) from (x, baseline); returns its pixel box."""
    path = family(font).path(italic=True)
    ink = rnd.randint(30, 90)
    pen = 3 if size_px > 40 else 1
    slant = rnd.uniform(8, 16)  # degrees, the writer's own lean
    scale = rnd.uniform(0.95, 1.05)
    drift = rnd.uniform(-0.04, 0.04)  # baseline climbs or sinks along the value
    x0 = x
    box = [1 << 30, 1 << 30, 0, 0]
    for ch in unicodedata.normalize("NFC", text):
        s = size_px * scale * rnd.uniform(0.88, 1.12)
        f = pil_font(path, max(8, round(s)))
        adv = f.getlength(ch) * rnd.uniform(0.95, 1.05)
        if ch.isspace():
            x += adv
            continue
        pad = round(s)
        tile = Image.new("L", (round(adv) + 2 * pad, 3 * pad), 0)
        ImageDraw.Draw(tile).text((pad, 2 * pad), ch, font=f, fill=255, anchor="ls")
        tile = tile.filter(ImageFilter.MaxFilter(pen))
        tile = tile.rotate(rnd.uniform(-7, 7), resample=Image.BICUBIC,
                           center=(pad, 2 * pad))
        tile = tile.transform(tile.size, Image.AFFINE, (1, slant / 57.3, -slant / 57.3 * 2 * pad, 0, 1, 0),
                              resample=Image.BICUBIC)
        dy = (x - x0) * drift + rnd.uniform(-0.09, 0.09) * s
        ox, oy = round(x - pad), round(baseline - 2 * pad + dy)
        img.paste(Image.new("L", tile.size, ink), (ox, oy), tile)
        bb = tile.getbbox()
        if bb:
            box = [min(box[0], ox + bb[0]), min(box[1], oy + bb[1]), max(box[2], ox + bb[2]), max(box[3], oy + bb[3])]
        x += adv
    return tuple(box)


def draw_filled(page: PageLayout, values: list[str], font: str = "freeserif", dpi: int = 300,
                seed: int = 0) -> HandPage:
    """Draw `page` with each occurrence of the values written by hand and the rest printed."""
    rnd = random.Random(seed)
    wanted = sorted({unicodedata.normalize("NFC", v) for v in values if v and len(v) >= 2}, key=len, reverse=True)
    blank = PageLayout(page.width, page.height, [], page.marks)
    hands: list[tuple] = []
    for p in page.lines:
        spans = _spans(p.text, wanted)
        if not spans:
            blank.lines.append(p)
            continue
        path = family(font).path(p.bold, p.italic)
        pos = 0
        for a, b in spans + [(len(p.text), len(p.text))]:
            if a > pos:  # printed text between values stays where the layout put it
                blank.lines.append(_part(p, pos, a, path))
            if b > a:
                hands.append((p.text[a:b], p.x + text_width_pt(path, p.size, p.text[:a]), p.baseline, p.size))
            pos = b
    rendered = draw(blank, font, dpi)
    kpx = dpi / 72
    written = [(text, write_value(rendered.image, text, x * kpx, base * kpx, size * kpx, font, rnd))
               for text, x, base, size in hands]
    rendered.text = page.text
    return HandPage(rendered, written)


def _spans(text: str, wanted: list[str]) -> list[tuple[int, int]]:
    taken: list[tuple[int, int]] = []
    for v in wanted:
        i = text.find(v)
        if i >= 0 and not any(a < i + len(v) and i < b for a, b in taken):
            taken.append((i, i + len(v)))
    return sorted(taken)


def _part(p, a: int, b: int, path):
    x = p.x + text_width_pt(path, p.size, p.text[:a])
    return replace(p, text=p.text[a:b], x=x, width=text_width_pt(path, p.size, p.text[a:b]))
