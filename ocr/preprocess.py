"""OpenCV clean-up of a working copy of the page; the original pixels are never changed here.

Each step maps an array to a new array. Grey arrays are uint8 with dark text on a light background.
"""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image


def has_colour(im: Image.Image) -> bool:
    """True when a noticeable share of pixels is saturated (seals, coloured print, photos)."""
    if im.mode != "RGB":
        return False
    small = np.asarray(im.reduce(4) if min(im.size) > 400 else im)
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    sat = (hsv[..., 1] > 60) & (hsv[..., 2] > 60)
    return bool(sat.mean() > 0.002)


def to_gray(im: Image.Image) -> np.ndarray:
    """Grey working copy with coloured marks (red seals, blue stamps and ink) removed by colour.

    A colour page's grey is the brightest channel plus the chroma (brightest minus darkest channel):
    a red or blue pixel, and the pink rim a seal leaves on white paper, come out as paper, while black
    or grey print, which has no chroma, keeps its darkness, also where a seal is stamped over it.
    """
    if im.mode == "1":
        return np.asarray(im.convert("L"))
    if im.mode == "L":
        return np.asarray(im)
    arr = np.asarray(im.convert("RGB"))
    if has_colour(im):
        return drop_colour(arr)
    return cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)


def drop_colour(rgb: np.ndarray) -> np.ndarray:
    """2 x max(R, G, B) - min(R, G, B), saturated to 0..255 (see to_gray)."""
    r, g, b = cv2.split(rgb)
    hi = cv2.max(cv2.max(r, g), b)  # numpy's max over the channel axis is 20x slower
    lo = cv2.min(cv2.min(r, g), b)
    return cv2.addWeighted(hi, 2.0, lo, -1.0, 0)


def u8_percentile(a: np.ndarray, q):
    """np.percentile(a, q) (linear interpolation, same float answer) of a uint8 array, read off its
    histogram instead of sorting: ~5x less CPU on a page."""
    cum = np.cumsum(np.bincount(a.ravel(), minlength=256))
    n = int(cum[-1])
    idx = (n - 1) * np.true_divide(np.atleast_1d(np.asarray(q, dtype=np.float64)), 100)
    lo = np.floor(idx)
    gamma = idx - lo
    lo = lo.astype(np.intp)
    below = np.searchsorted(cum, lo, side="right").astype(np.float64)  # the lo-th smallest value
    above = np.searchsorted(cum, np.minimum(lo + 1, n - 1), side="right").astype(np.float64)
    diff = above - below
    out = np.where(gamma >= 0.5, above - diff * (1 - gamma), below + diff * gamma)  # numpy's own lerp
    return out if np.ndim(q) else float(out[0])


def normalise(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Divide by an estimate of the paper background: flattens shading, photocopy grey and low contrast."""
    f = 4
    small = cv2.resize(gray, (max(1, gray.shape[1] // f), max(1, gray.shape[0] // f)), interpolation=cv2.INTER_AREA)
    k = max(3, int(dpi / 300 * 31 / f) | 1)  # wider than a stroke, so text vanishes from the background
    bg = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = cv2.GaussianBlur(bg, (0, 0), k / 2)
    bg = cv2.resize(bg, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    out = cv2.divide(gray, np.maximum(bg, 1), scale=255)
    # stretch so the darkest ink is black
    lo = u8_percentile(out[:: 4, :: 4], 0.5)
    if lo < 200:
        # clipped, not mirrored: convertScaleAbs turned ink darker than `lo` white again, and on a page
        # of a few lines, where `lo` is a light grey, hollowed every stroke
        ramp = np.clip((np.arange(256) - lo) * 255.0 / max(1.0, 255 - lo), 0, 255).astype(np.uint8)
        out = cv2.LUT(out, ramp)
    return out


def denoise(gray: np.ndarray) -> np.ndarray:
    """Median filter: removes salt-and-pepper specks, keeps strokes and diacritics at 300 dpi."""
    return cv2.medianBlur(gray, 3)


NOISE_KERNEL = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float32)


def noise_level(gray: np.ndarray) -> float:
    """Estimated sensor-noise sigma in grey levels (Immerkaer's operator, median over the page).

    The median ignores text edges, which cover a small share of a page; a clean page scores ~0.
    """
    s = gray[::2, ::2].astype(np.float32)
    return float(np.median(np.abs(cv2.filter2D(s, -1, NOISE_KERNEL))) * 1.2533 / 6 * 2)


def binarise(gray: np.ndarray) -> np.ndarray:
    """Otsu on the normalised page: 0 = ink, 255 = paper."""
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return bw


def components(ink: np.ndarray):
    """cv2.connectedComponentsWithStats (8-connected) of a uint8 mask: (n, labels, stats, centroids).

    Labels are 16-bit when they fit: OpenCV labels a page about 3x faster so, with the same answer;
    a page of more than 65,534 specks falls back to 32-bit labels.
    """
    try:
        return cv2.connectedComponentsWithStats(ink, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:
        return cv2.connectedComponentsWithStats(ink, connectivity=8)


def border_mask(bw: np.ndarray) -> np.ndarray:
    """Boolean mask of dark regions touching the image edge that are far larger than any glyph
    (scanner borders, photocopy shadows). Found on a quarter-size copy: borders are large."""
    h, w = bw.shape
    f = 4
    small = cv2.resize(bw, (max(1, w // f), max(1, h // f)), interpolation=cv2.INTER_AREA) < 128
    sh, sw = small.shape
    n, labels, stats, _ = components(small.astype(np.uint8))
    x, y, cw, ch = (stats[:, i] for i in range(4))
    touches = (x == 0) | (y == 0) | (x + cw >= sw) | (y + ch >= sh)
    big = (cw > 0.2 * sw) | (ch > 0.2 * sh)
    pick = touches & big
    pick[0] = False
    if not pick.any():
        return np.zeros_like(bw, dtype=bool)
    m = pick[labels].astype(np.uint8)
    m = cv2.dilate(m, np.ones((3, 3), np.uint8))  # cover the edge pixels the reduction rounded off
    m = cv2.resize(m, (w, h), interpolation=cv2.INTER_NEAREST).astype(bool)
    return m & (bw < 128)


def cleaned(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(grey, normalised, binary) working copies of a page: denoised when noisy, background
    flattened, scanner borders whitened in the last two."""
    if noise_level(gray) > 6.0:
        gray = denoise(gray)
        # the median leaves grain a grey threshold still sees; a light blur after it halves the
        # word error of noisy pages on both tuning views (median 5 instead costs strokes)
        gray = cv2.GaussianBlur(gray, (0, 0), 0.6)
    norm = normalise(gray, dpi)
    bw = binarise(norm)
    border = border_mask(bw)
    bw[border] = 255
    norm[border] = 255
    return gray, norm, bw


def remove_borders(bw: np.ndarray) -> np.ndarray:
    """Whiten scanner borders (see border_mask)."""
    out = bw.copy()
    out[border_mask(bw)] = 255
    return out


def _score(ys: np.ndarray, xs: np.ndarray, angle: float, size: int) -> float:
    t = np.deg2rad(angle)
    proj = (ys * np.cos(t) - xs * np.sin(t)).astype(np.int32)
    proj -= proj.min()
    hist = np.bincount(proj, minlength=size).astype(np.float64)
    return float((np.diff(hist) ** 2).sum())


SAMPLE_POINTS = 25_000  # ink pixels the wide searches score: a projection profile's peak shows on far fewer


def _points(bw: np.ndarray, max_points: int = 200_000):
    """(ys, xs, profile length) of the ink of a page reduced to ~1,200 px, or None with too little ink."""
    h, w = bw.shape
    f = max(1, int(max(h, w) / 1200))
    small = bw[::f, ::f]
    ys, xs = np.nonzero(small == 0)
    if len(ys) < 200:
        return None
    if len(ys) > max_points:
        pick = np.random.default_rng(0).choice(len(ys), max_points, replace=False)
        ys, xs = ys[pick], xs[pick]
    return ys.astype(np.float64), xs.astype(np.float64), int(np.hypot(*small.shape)) * 2 + 4


def _best(ys: np.ndarray, xs: np.ndarray, size: int, angles: np.ndarray) -> tuple[float, float]:
    scores = [_score(ys, xs, a, size) for a in angles]
    k = int(np.argmax(scores))
    return float(angles[k]), scores[k] / len(ys)


def _search(ys: np.ndarray, xs: np.ndarray, size: int, max_angle: float) -> tuple[float, float]:
    """Whole degrees over the range, then tenths within a degree of the best."""
    best, _ = _best(ys, xs, size, np.arange(-max_angle, max_angle + 0.01, 1.0))
    return _best(ys, xs, size, np.arange(best - 1.0, best + 1.0 + 1e-6, 0.1))


def _sampled(pts, n: int = SAMPLE_POINTS):
    ys, xs, size = pts
    if len(ys) <= n:
        return pts
    pick = np.random.default_rng(1).choice(len(ys), n, replace=False)
    return ys[pick], xs[pick], size


def _refine(pts, sample, angle: float, score: float) -> tuple[float, float]:
    """The tenth of a degree found on the sample, checked on all the ink within 0.3 degrees."""
    if sample is not pts:
        angle, score = _best(*pts, np.arange(angle - 0.3, angle + 0.3 + 1e-6, 0.1))
    return float(round(angle, 2)), score


def estimate_skew(bw: np.ndarray, max_angle: float = 15.0) -> tuple[float, float]:
    """(angle in degrees to rotate counter-clockwise to level the text lines, sharpness score).

    Projection profiles of ink pixels on a reduced page: the search runs on a sample of the ink
    (SAMPLE_POINTS), and only its answer is checked on all of it.
    """
    pts = _points(bw)
    if pts is None:
        return 0.0, 0.0
    sample = _sampled(pts)
    return _refine(pts, sample, *_search(*sample, max_angle))


def level_or_turn(bw: np.ndarray, margin: float = 1.15) -> tuple[int, float]:
    """(0 or 90 degrees clockwise, deskew angle): a page whose text lines run down the sheet gives
    sharper profiles turned by 90 degrees (by `margin`). Both ways are searched on one sample of the ink,
    and only the winner is checked on all of it."""
    pts = _points(bw)
    if pts is None:
        return 0, 0.0
    ys, xs, size = pts
    h = (bw.shape[0] - 1) // max(1, int(max(bw.shape) / 1200)) + 1  # rows of the reduced page
    turned = (xs, (h - 1) - ys, size)  # the same ink turned 90 degrees clockwise
    sample = _sampled(pts)
    sample90 = turned if sample is pts else (sample[1], (h - 1) - sample[0], size)
    a0, s0 = _search(*sample, 15.0)
    a90, s90 = _search(*sample90, 15.0)
    if s90 > margin * s0:
        return 90, _refine(turned, sample90, a90, s90)[0]
    return 0, _refine(pts, sample, a0, s0)[0]


def rotate(arr: np.ndarray, angle: float, fill: int | tuple = 255, interp: int = cv2.INTER_LINEAR) -> np.ndarray:
    """Rotate counter-clockwise by `angle` degrees around the centre, growing the canvas to keep corners."""
    if abs(angle) < 0.05:
        return arr
    h, w = arr.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos + 0.5), int(h * cos + w * sin + 0.5)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(arr, m, (nw, nh), flags=interp, borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def rot90(arr: np.ndarray, degrees_cw: int) -> np.ndarray:
    k = (degrees_cw // 90) % 4
    return np.ascontiguousarray(np.rot90(arr, -k)) if k else arr


def text_height(bw: np.ndarray) -> float:
    """Median height of glyph-sized ink components, in pixels (0 when the page has no text)."""
    n, _, stats, _ = components((bw == 0).astype(np.uint8))
    hs = stats[1:, cv2.CC_STAT_HEIGHT]
    ws = stats[1:, cv2.CC_STAT_WIDTH]
    keep = (hs >= 4) & (hs <= bw.shape[0] / 20) & (ws <= bw.shape[1] / 10)
    return float(np.median(hs[keep])) if keep.sum() >= 20 else 0.0


def quality_flags(gray: np.ndarray, bw: np.ndarray, dpi: int) -> list[str]:
    flags = []
    ink = float((bw == 0).mean())
    if ink < 0.0015:
        flags.append("blank_page")
        return flags
    s = gray[::2, ::2]
    ink_level, paper = u8_percentile(s, [0.5, 90])  # text covers only a few per cent of a page
    if paper - ink_level < 80:
        flags.append("low_contrast")
    # numpy's var is 3x slower; 16-bit holds the 3x3 Laplacian of 8-bit grey exactly
    lap = float(cv2.meanStdDev(cv2.Laplacian(s, cv2.CV_16S))[1][0, 0] ** 2)
    if lap < 150:
        flags.append("blurry")
    return flags


def small_text(word_heights: list[int], dpi: int) -> bool:
    """Median word box under 6 pt (about 4.5 pt x-height): Tesseract's accuracy drops sharply below."""
    if len(word_heights) < 5:
        return False
    return float(np.median(word_heights)) / dpi * 72 < 6.0


def resize(gray: np.ndarray, factor: float) -> np.ndarray:
    # area averaging when reducing: cubic would alias thin strokes and dots
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA)


BILEVEL_SIGMA = 0.5  # px: tune and calibrate fax pages both read better than at 0 (and 0.7, 1.0 split)


def smooth_bilevel(gray: np.ndarray, scale: float) -> np.ndarray:
    """A 1-bit page (fax, bilevel scan) as grey, scaled for reading: its staircase edges softened to
    the ramps of a grey scan, which Tesseract's LSTM was trained on."""
    if scale != 1.0:
        gray = resize(gray, scale)
    return cv2.GaussianBlur(gray, (0, 0), BILEVEL_SIGMA * scale)


def densest_band(bw: np.ndarray) -> np.ndarray:
    """The horizontal band (a sixth of the page) holding the most ink."""
    h = bw.shape[0]
    band = max(1, h // 6)
    ink = (bw == 0).sum(axis=1).astype(np.int64)
    sums = np.convolve(ink, np.ones(band, dtype=np.int64), mode="valid")
    y = int(np.argmax(sums)) if len(sums) else 0
    return bw[y : y + band]


def updown_ratio(bw: np.ndarray) -> float:
    """Ink above the x-height band over ink below it, summed over text lines of a levelled page.

    Upright Vietnamese has many more marks above the body of the letters (ascenders, capitals, tone
    marks) than below (descenders, the dot below), so the ratio is well above 1; upside down, below 1.
    """
    f = 2 if bw.shape[0] > 2400 else 1
    ink = (bw[::f, ::f] == 0)
    prof = ink.sum(axis=1).astype(np.float64)
    rows = prof > max(2.0, 0.002 * ink.shape[1])
    bands = []
    y = 0
    n = len(rows)
    while y < n:
        if not rows[y]:
            y += 1
            continue
        y1 = y
        while y1 < n and rows[y1]:
            y1 += 1
        if 4 <= y1 - y <= 200:  # taller: a frame or column rule running down the page
            bands.append((y, y1))
        y = y1
    if not bands:
        return 1.0
    # a band far taller than a line (a seal or signature with the lines beside it) weighs its blot
    # above or below its densest row by where the rows happen to fall: only line-high bands count
    tallest = 2.5 * float(np.median([b - a for a, b in bands]))
    above = below = 0.0
    for a, b in bands:
        if b - a <= tallest:
            p = prof[a:b]
            core = np.nonzero(p >= 0.5 * p.max())[0]
            above += p[: core[0]].sum()
            below += p[core[-1] + 1 :].sum()
    return float((above + 1.0) / (below + 1.0))


def leader_mask(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Boolean mask of dotted leaders ('Giới tính: Nữ ........ Sinh ngày: …') on a levelled page.

    Tesseract reads a line that holds long runs of dots badly: the whole line, words included,
    comes out as garbage ('Giới tính: Nữ' → 'CHƠI HnH: NƯ'). A leader is five or more dot-sized
    blobs on one baseline at an even pitch; a diacritic dot, a full stop or the dots of
    '300.000.000' never form such a run.
    """
    return _leaders(_components(gray), dpi)


def _components(gray: np.ndarray):
    """Otsu ink of a grey page and its connected components: (ink, n, labels, stats, centroids)."""
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return (ink, *components(ink))


def _leaders(comps, dpi: int) -> np.ndarray:
    ink, n, labels, st, cent = comps
    s = dpi / 300
    w, h, area = st[:, 2], st[:, 3], st[:, 4]
    dot = (w <= 12 * s) & (h <= 12 * s) & (w <= 2.5 * h) & (h <= 2.5 * w) & (area >= 0.4 * w * h)
    dot[0] = False
    idx = np.nonzero(dot)[0]
    if len(idx) < 5 or len(idx) > 200_000:
        return np.zeros(ink.shape, bool)
    pick = np.zeros(n, bool)
    band = 4 * s
    for offset in (0.0, band / 2):  # two binnings, so a baseline on a bin edge is still caught
        rows = np.floor((cent[idx, 1] + offset) / band)
        order = idx[np.lexsort((cent[idx, 0], rows))]
        r = np.floor((cent[order, 1] + offset) / band)
        x = cent[order, 0]
        # a new run starts at a new row or after a gap wider than any leader's pitch
        brk = np.concatenate(([True], (np.diff(r) != 0) | (np.diff(x) > 30 * s)))
        starts = np.nonzero(brk)[0]
        ends = np.append(starts[1:], len(order))
        for a, b in zip(starts, ends):
            if b - a < 5:
                continue
            gaps = np.diff(x[a:b])
            if gaps.std() <= 0.35 * gaps.mean():
                pick[order[a:b]] = True
    if not pick.any():
        return np.zeros(ink.shape, bool)
    m = pick[labels].astype(np.uint8)
    return cv2.dilate(m, np.ones((3, 3), np.uint8), iterations=2).astype(bool)  # and their grey rims


def box_mask(comps, dpi: int) -> np.ndarray:
    """Boolean mask of empty, ticked or filled check boxes (☐ ☒ □ ■) of a form on a levelled page.

    Tesseract reads a box as letters ('L]', 'XI', 'I'), words that were never printed; extraction does
    not use the ticks. A box is a square about a capital letter high whose four sides are all inked
    along their length; no letter or digit has four straight full sides.
    """
    ink, n, labels, st, _ = comps
    s = dpi / 300
    x, y, w, h = st[:, 0], st[:, 1], st[:, 2], st[:, 3]
    cand = np.nonzero((w >= 14 * s) & (w <= 60 * s) & (h >= 14 * s) & (h <= 60 * s)
                      & (np.abs(w - h) <= 0.2 * np.maximum(w, h)))[0]
    pick = []
    for i in cand:
        if i == 0:
            continue
        part = labels[y[i]:y[i] + h[i], x[i]:x[i] + w[i]] == i
        t = max(2, int(3 * s))  # a side may lean by a pixel or two after levelling
        sides = (part[:t].any(axis=0), part[-t:].any(axis=0), part[:, :t].any(axis=1), part[:, -t:].any(axis=1))
        if all(side.mean() >= 0.9 for side in sides):  # open, ticked or filled (■)
            pick.append(i)
    if not pick:
        return np.zeros(ink.shape, bool)
    m = np.zeros(ink.shape, np.uint8)
    for i in pick:  # the whole square: a tick inside need not touch the sides
        m[y[i]:y[i] + h[i], x[i]:x[i] + w[i]] = 1
    return cv2.dilate(m, np.ones((3, 3), np.uint8), iterations=2).astype(bool)


def remove_marks(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Whiten dotted leaders (see leader_mask) and check boxes (see box_mask); the words around them
    stay as they were. Returns the page and the mask of what was whitened."""
    comps = _components(gray)
    m = _leaders(comps, dpi) | box_mask(comps, dpi)
    if not m.any():
        return gray, m
    out = gray.copy()
    out[m] = 255
    return out, m
