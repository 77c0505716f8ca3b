"""Scan degradations, each a pure function image -> new image (inputs are never modified).

Random ones take a seed, so the same call gives the same pixels. `apply()` runs a list of
recorded specs ("skew:2.1", "rotate:180", ...) in scanner order; the same strings go to truth.
"""
from __future__ import annotations

import io
import math
import random
from typing import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from samples.fonts import family, pil_font

SEAL_RED = (205, 35, 45)


def _gray(img: Image.Image) -> Image.Image:
    return img if img.mode in ("L", "RGB") else img.convert("L")


def skew(img: Image.Image, angle: float) -> Image.Image:
    """Rotate by a small angle in degrees, counter-clockwise positive; page size kept, corners white."""
    img = _gray(img)
    fill = 255 if img.mode == "L" else (255, 255, 255)
    return img.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=fill)


def rotate(img: Image.Image, degrees: int) -> Image.Image:
    """Turn the page `degrees` clockwise (90/180/270), as if fed into the scanner that way.

    Making it upright again means turning it `degrees` counter-clockwise.
    """
    ops = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    if degrees % 360 == 0:
        return img.copy()
    return img.transpose(ops[degrees % 360])


def noise(img: Image.Image, sigma: float, seed: int) -> Image.Image:
    """Additive gaussian sensor noise (sigma in grey levels)."""
    img = _gray(img)
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((img.height, img.width) + ((3,) if img.mode == "RGB" else ()), dtype=np.float32)
    a *= sigma  # in place: a full page is 8.7 Mpx
    a += np.asarray(img, dtype=np.float32)
    np.clip(a, 0, 255, out=a)
    return Image.fromarray(a.astype(np.uint8), img.mode)


def blur(img: Image.Image, radius: float) -> Image.Image:
    return _gray(img).filter(ImageFilter.GaussianBlur(radius))


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    """Round-trip through JPEG at the given quality (block artefacts)."""
    buf = io.BytesIO()
    _gray(img).save(buf, "JPEG", quality=int(quality))
    buf.seek(0)
    out = Image.open(buf)
    out.load()
    return out


def low_contrast(img: Image.Image, factor: float, floor: int = 40) -> Image.Image:
    """Squash the grey range: ink becomes grey, paper stays light (factor 1 = unchanged)."""
    img = _gray(img)
    a = np.asarray(img, dtype=np.float32)
    top = 245.0
    a = top - (top - a * (top / 255.0)) * factor
    a = np.maximum(a, floor)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), img.mode)


def bilevel(img: Image.Image, threshold: int = 150) -> Image.Image:
    """1-bit page, as from a fax-mode scanner."""
    g = img.convert("L")
    return g.point(lambda v: 255 if v > threshold else 0, mode="1")


def photocopy(img: Image.Image, seed: int, border: float = 0.025) -> Image.Image:
    """Copy-of-a-copy look: harder contrast, grey paper tone, toner specks, dark scanner borders.

    `border` is the mean width of the dark bands as a fraction of the page side; they stay inside the
    page margins so no printed text is covered.
    """
    img = _gray(img)
    rng = np.random.default_rng(seed)
    a = np.asarray(img, dtype=np.float32)
    a = np.clip((a - 25) * 1.2, 0, 255) * 0.93 + 6  # harder contrast, greyish paper
    h, w = a.shape[:2]
    # toner specks
    n = int(h * w / 40000)
    ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
    if a.ndim == 2:
        a[ys, xs] = rng.uniform(0, 120, n)
    else:
        a[ys, xs, :] = rng.uniform(0, 120, n)[:, None]
    # dark bands along the edges, width wobbling a little along the side
    def band(length: int, mean: float) -> np.ndarray:
        base = rng.uniform(0.4, 1.3) * mean
        wob = np.cumsum(rng.normal(0, 0.6, length))
        wob = wob - np.linspace(wob[0], wob[-1], length)
        return np.clip(base + wob, 0, mean * 1.6).astype(int)
    dark = rng.uniform(15, 60)
    for side in ("top", "bottom", "left", "right"):
        if side in ("top", "bottom"):
            widths = band(w, border * h)
            for x in range(0, w, 4):
                k = widths[x]
                if k:
                    sl = slice(0, k) if side == "top" else slice(h - k, h)
                    a[sl, x:x + 4] = dark
        else:
            widths = band(h, border * w)
            for y in range(0, h, 4):
                k = widths[y]
                if k:
                    sl = slice(0, k) if side == "left" else slice(w - k, w)
                    a[y:y + 4, sl] = dark
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), img.mode)


def _seal_layer(size: int, text: str, inner: str, seed: int, font: str) -> np.ndarray:
    """Alpha mask (0..1) of a round seal: two rings, text around the rim, star and inner text."""
    rnd = random.Random(seed)
    im = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(im)
    c = size / 2
    lw = max(2, size // 60)
    d.ellipse([lw, lw, size - lw, size - lw], outline=255, width=lw * 2)
    r2 = size * 0.33
    d.ellipse([c - r2, c - r2, c + r2, c + r2], outline=255, width=lw)
    fam = family(font)
    f = pil_font(fam.bold, max(8, int(size * 0.085)))
    chars = list(text)
    rim = size * 0.405
    span = 300.0  # degrees of the rim used by text
    for i, ch in enumerate(chars):
        ang = -90 - span / 2 + span * (i + 0.5) / len(chars)
        rad = math.radians(ang)
        x, y = c + rim * math.cos(rad), c + rim * math.sin(rad)
        tile = Image.new("L", (f.size * 2, f.size * 2), 0)
        ImageDraw.Draw(tile).text((f.size, f.size), ch, font=f, fill=255, anchor="mm")
        tile = tile.rotate(-(ang + 90), resample=Image.Resampling.BILINEAR)
        im.paste(255, (int(x - f.size), int(y - f.size)), tile)
    # five-point star
    rs = size * 0.12
    pts = []
    for k in range(10):
        r = rs if k % 2 == 0 else rs * 0.4
        a = math.radians(-90 + 36 * k)
        pts.append((c + r * math.cos(a), c - size * 0.06 + r * math.sin(a)))
    d.polygon(pts, fill=255)
    if inner:
        fi = pil_font(fam.bold, max(6, int(size * 0.05)))
        d.text((c, c + size * 0.12), inner, font=fi, fill=255, anchor="mm")
    a = np.asarray(im, dtype=np.float32) / 255.0
    # uneven ink: a smooth random field lowers the opacity in patches
    rng = np.random.default_rng(rnd.randrange(2**32))
    small = rng.uniform(0.55, 1.0, (8, 8)).astype(np.float32)
    field = np.asarray(Image.fromarray((small * 255).astype(np.uint8)).resize((size, size), Image.Resampling.BICUBIC),
                       dtype=np.float32) / 255.0
    return a * field * 0.9


def seal(img: Image.Image, center: tuple[int, int], radius: int, text: str, seed: int,
         inner: str = "", color: tuple[int, int, int] = SEAL_RED, font: str = "freeserif") -> Image.Image:
    """Stamp a red round seal (multiply blend, so black print under it stays black). Returns RGB."""
    base = np.array(img.convert("RGB"))  # uint8 copy; only the stamped square is blended in float
    size = 2 * radius
    mask = _seal_layer(size, text, inner, seed, font)
    cx, cy = center
    x0, y0 = cx - radius, cy - radius
    h, w = base.shape[:2]
    sx0, sy0 = max(0, -x0), max(0, -y0)
    x0c, y0c = max(0, x0), max(0, y0)
    x1c, y1c = min(w, x0 + size), min(h, y0 + size)
    if x1c <= x0c or y1c <= y0c:
        return Image.fromarray(base, "RGB")
    m = mask[sy0:sy0 + (y1c - y0c), sx0:sx0 + (x1c - x0c)][..., None]
    tint = np.array(color, dtype=np.float32) / 255.0
    region = base[y0c:y1c, x0c:x1c].astype(np.float32)
    base[y0c:y1c, x0c:x1c] = np.clip(region * (1 - m) + region * tint * m, 0, 255).astype(np.uint8)
    return Image.fromarray(base, "RGB")


# Scanner order for apply(): things on the paper first, then optics, sensor, encoding, feeding.
ORDER = ["seal", "photocopy", "low_contrast", "skew", "blur", "noise", "bilevel", "jpeg", "rotate"]


def apply(img: Image.Image, specs: Sequence[str], seed: int, seal_args: dict | None = None) -> Image.Image:
    """Run recorded specs like "skew:-1.5", "noise:8", "seal" in ORDER. seal needs seal_args
    (center, radius, text[, inner]) because it must sit on the signature."""
    parsed = []
    for s in specs:
        name, _, arg = s.partition(":")
        if name not in ORDER:
            raise ValueError(f"unknown degradation {s!r}")
        parsed.append((ORDER.index(name), name, arg))
    out = img
    for i, (_, name, arg) in enumerate(sorted(parsed, key=lambda t: t[0])):
        sub = seed * 31 + i
        if name == "seal":
            if not seal_args:
                raise ValueError("seal needs seal_args")
            out = seal(out, seed=sub, **seal_args)
        elif name == "photocopy":
            out = photocopy(out, sub)
        elif name == "low_contrast":
            out = low_contrast(out, float(arg))
        elif name == "skew":
            out = skew(out, float(arg))
        elif name == "blur":
            out = blur(out, float(arg))
        elif name == "noise":
            out = noise(out, float(arg), sub)
        elif name == "bilevel":
            out = bilevel(out, int(arg)) if arg else bilevel(out)
        elif name == "jpeg":
            out = jpeg(out, int(arg))
        elif name == "rotate":
            out = rotate(out, int(arg))
    return out
