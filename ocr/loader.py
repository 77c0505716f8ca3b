"""List the pages of a file (checking limits from headers only) and load one page image at a time."""
from __future__ import annotations

import ctypes
import ctypes.util
import math
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageOps

from ocr.inputs import png_size
from sohoa.errors import QuarantineError, Reason

A4_LONG_INCHES = 11.69


@dataclass(frozen=True)
class PageRef:
    """Where one page lives; small and picklable so a worker process loads the pixels itself."""

    kind: str  # pdf | tiff | jpeg | png
    path: str
    index: int  # page or frame index within the file
    number: int  # page number within the dossier
    source_file: str
    pixels: int = 0  # the most pixels decoded or made for the page (see RasterPlan.pixels)


def set_pixel_guard(opts) -> None:
    # PIL warns above this and raises above twice it; our own checks, made from the header, fire first
    # (no page with a side over max_side is opened), so PIL's guard only backs them up.
    Image.MAX_IMAGE_PIXELS = int(opts.max_side) ** 2


def check_dimensions(width: float, height: float, opts, what: str = "page") -> None:
    """Refuse a page no reader can take, before any pixel is allocated: empty, or a side too long."""
    if width <= 0 or height <= 0:
        raise QuarantineError(Reason.zero_size_page, detail=f"{what} is {width}x{height}")
    if max(width, height) > opts.max_side:
        raise QuarantineError(Reason.page_too_large, detail=f"{what} is {int(width)}x{int(height)} pixels")


def uneven_dpi(dpi) -> tuple[float, float] | None:
    """(x, y) resolution when the axes differ by 10 % or more (fax modes), else None."""
    try:
        xd, yd = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return None
    if not (math.isfinite(xd) and math.isfinite(yd)) or xd <= 0 or yd <= 0:
        return None
    if abs(xd - yd) / max(xd, yd) < 0.1:
        return None
    return xd, yd


def squared(size: tuple[int, int], dpi) -> tuple[tuple[int, int], object]:
    """Size and dpi `_square_pixels` gives an image: its low-resolution axis stretched to the high one."""
    axes = uneven_dpi(dpi)
    if axes is None:
        return size, dpi
    (w, h), (xd, yd) = size, axes
    d = max(xd, yd)
    return ((w, round(h * xd / yd)) if xd > yd else (round(w * yd / xd), h)), (d, d)


READ_DPI_SLACK = 1.15  # a page within 15 % of read_dpi is read as scanned: resampling costs more than it saves


def ocr_scale(dpi: float, size: tuple[int, int], opts) -> float:
    """Factor a page is resized by for OCR: a low-resolution page up to target_dpi (kept within the
    pixel and side limits), a finer one of ordinary size down to read_dpi."""
    w, h = size
    if opts.read_dpi and dpi > READ_DPI_SLACK * opts.read_dpi and w * h <= opts.tile_megapixels * 1_000_000:
        return opts.read_dpi / dpi  # a drawing big enough for tiles keeps its small print at full size
    if dpi >= 0.6 * opts.target_dpi:  # 150-200 dpi reads well as it is; 100 dpi does not
        return 1.0
    room = min((opts.max_megapixels * 1_000_000 / max(1, w * h)) ** 0.5, opts.max_side / max(1, w, h))
    return max(1.0, min(4.0, opts.target_dpi / dpi, room))


def work_pixels(size: tuple[int, int], dpi: float, opts) -> int:
    """Pixels of the largest image made for a page: the page itself or its upscaled OCR copy."""
    return int(size[0] * size[1] * max(1.0, ocr_scale(dpi, size, opts)) ** 2)


# Bytes per pixel while a page is decoded at full size and brought to L or RGB (PIL keeps 1-bit
# pixels in a byte; 16-bit grey is scaled in float32; transparency is flattened onto an RGB copy).
_DECODE_BYTES = {"1": 2, "L": 1, "P": 4, "RGB": 3, "YCbCr": 6, "LA": 5, "RGBA": 7, "CMYK": 7}
_JPEG_DRAFTS = (1.0, 0.5, 0.25, 0.125)  # the scales libjpeg decodes at directly


@dataclass(frozen=True)
class RasterPlan:
    """How one image page is decoded: at `draft` of its stored size (JPEG only), then resized to
    `size` at `dpi` (squared fax pixels, reduced to the pixel budget)."""

    size: tuple[int, int]  # in the stored orientation
    dpi: int
    draft: float
    reduced: bool  # smaller than the page at its own resolution
    pixels: int  # the most pixels held at once: the decode or the working copy


def plan_raster(stored: tuple[int, int], dpi_meta, mode: str, kind: str, file_bytes: int, opts,
                what: str = "page") -> RasterPlan:
    """Check one image page from its header and plan its decode within the pixel budget.

    A page over the budget is a real large sheet (read downsampled) unless its file is far too small
    for its pixels: a decompression bomb. The full-size decode must fit max_decode_mb either way.
    """
    size, sq_dpi = squared(stored, dpi_meta)
    check_dimensions(*size, opts, what=what)
    dpi = _dpi(sq_dpi, size)
    pixels = size[0] * size[1]
    budget = opts.max_megapixels * 1_000_000
    if pixels <= budget:
        return RasterPlan(size, dpi, 1.0, False, work_pixels(size, dpi, opts))
    stored_px = stored[0] * stored[1]
    if file_bytes / (stored_px / 1_000_000) < opts.min_bytes_per_megapixel:
        raise QuarantineError(Reason.page_too_large, detail=f"{what} is {stored[0]}x{stored[1]} pixels from "
                              f"{file_bytes} bytes: a decompression bomb, not a scan")
    out_dpi = max(1, math.floor(dpi * (budget / pixels) ** 0.5))
    k = out_dpi / dpi
    target = (max(1, round(size[0] * k)), max(1, round(size[1] * k)))
    per_pixel = _DECODE_BYTES.get(mode, 8)
    # JPEG: the coarsest draft still at least the target size; coarser ones only if memory says so
    drafts = [1.0]
    if kind == "jpeg":
        drafts = [min(d for d in _JPEG_DRAFTS if d >= k)] + [d for d in _JPEG_DRAFTS if d < k]
    for draft in drafts:
        decoded = stored_px * draft * draft
        if decoded * per_pixel <= opts.max_decode_mb * 2**20:
            return RasterPlan(target, out_dpi, draft, True, int(max(decoded, target[0] * target[1])))
    need = stored_px * drafts[-1] ** 2 * per_pixel / 2**20
    raise QuarantineError(Reason.page_too_large, detail=f"{what} is {stored[0]}x{stored[1]} pixels ({mode}): "
                          f"decoding it takes {need:.0f} MB, over {opts.max_decode_mb} MB")


def _libc_trim():
    libc = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(libc), "malloc_trim", None) if libc else None  # glibc only
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


_MALLOC_TRIM = _libc_trim()
TRIM_PIXELS = 20_000_000  # pages this big leave hundreds of MB free behind them


class PixelBudget:
    """Pages read at the same time in one process share `max_megapixels`: threads reading big pages
    together cannot need more memory than one page at the limit. A page alone always proceeds.

    A big page's memory goes back to the system before its share is released: glibc keeps what a
    thread freed in that thread's arena, so three threads taking turns held 1.2-1.7 GB, not 0.9."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._used = 0

    @contextmanager
    def hold(self, pixels: int, limit: int):
        need = max(0, min(pixels, limit))
        with self._cond:
            self._cond.wait_for(lambda: self._used == 0 or self._used + need <= limit)
            self._used += need
        try:
            yield
        finally:
            if need >= TRIM_PIXELS and _MALLOC_TRIM is not None:
                _MALLOC_TRIM(0)
            with self._cond:
                self._used -= need
                self._cond.notify_all()


PIXEL_BUDGET = PixelBudget()


def _open_image(path: Path, opts) -> Image.Image:
    with path.open("rb") as fh:
        size = png_size(fh.read(32))
    if size is not None:  # PIL refuses some hostile headers: check what the IHDR claims first
        plan_raster(size, None, "L", "png", path.stat().st_size, opts)
    set_pixel_guard(opts)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(path)  # reads the header only
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise QuarantineError(Reason.page_too_large, detail=str(exc)) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise QuarantineError(Reason.unreadable_image, detail=type(exc).__name__) from exc


def list_pages(path: Path, kind: str, opts, first_page: int = 1) -> list[PageRef]:
    path = Path(path)
    if kind == "pdf":
        pixels = _check_pdf(path, opts)
    else:
        im = _open_image(path, opts)
        file_bytes = path.stat().st_size
        with im:
            count = getattr(im, "n_frames", 1)
            if count > opts.max_pages:
                raise QuarantineError(Reason.too_many_pages, detail=f"{count} pages")
            pixels = []
            for i in range(count):
                im.seek(i)
                plan = plan_raster(im.size, im.info.get("dpi"), im.mode, kind, file_bytes, opts, what=f"frame {i + 1}")
                pixels.append(plan.pixels)
    count = len(pixels)
    if count > opts.max_pages:
        raise QuarantineError(Reason.too_many_pages, detail=f"{count} pages")
    if count == 0:
        raise QuarantineError(Reason.corrupt_pdf if kind == "pdf" else Reason.unreadable_image, detail="no pages")
    return [PageRef(kind, str(path), i, first_page + i, path.name, px) for i, px in enumerate(pixels)]


# PDFium is not thread-safe and the flow reads dossiers on threads: every PDFium call holds this.
PDFIUM_LOCK = threading.RLock()


def _check_pdf(path: Path, opts) -> list[int]:
    with PDFIUM_LOCK:
        return _check_pdf_locked(path, opts)


def _check_pdf_locked(path: Path, opts) -> list[int]:
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        reason = Reason.encrypted_pdf if "password" in msg or "security" in msg else Reason.corrupt_pdf
        raise QuarantineError(reason, detail=str(exc)) from exc
    try:
        count = len(pdf)
        if count > opts.max_pages:
            raise QuarantineError(Reason.too_many_pages, detail=f"{count} pages")
        pixels = []
        for i in range(count):
            page = pdf[i]
            x0, y0, x1, y1 = page.get_mediabox()  # pdfium silently swaps an empty box for Letter
            if x1 - x0 <= 0 or y1 - y0 <= 0:
                raise QuarantineError(Reason.zero_size_page, detail=f"page {i + 1} MediaBox is empty")
            dpi = render_dpi(*page.get_size(), opts, what=f"page {i + 1}")
            pixels.append(work_pixels(_rendered_size(page, dpi), dpi, opts))
        return pixels
    finally:
        pdf.close()


MIN_PDF_DPI = 50  # a page that fits the pixel budget only below this is no paper: nothing on it would be legible


def render_dpi(w_pt: float, h_pt: float, opts, what: str = "page") -> int:
    """Resolution a PDF page is rendered at: opts.pdf_dpi, lowered so the image stays within the pixel
    budget and the longest side allowed (an A0 sheet renders at about 190 dpi)."""
    if w_pt <= 0 or h_pt <= 0:
        raise QuarantineError(Reason.zero_size_page, detail=f"{what} is {w_pt}x{h_pt} pt")
    budget = 72 * (opts.max_megapixels * 1_000_000 / (w_pt * h_pt)) ** 0.5
    side = 72 * opts.max_side / max(w_pt, h_pt)
    dpi = min(opts.pdf_dpi, math.floor(budget), math.floor(side))
    if dpi < MIN_PDF_DPI:
        mm = f"{w_pt / 72 * 25.4:.0f}x{h_pt / 72 * 25.4:.0f} mm"
        raise QuarantineError(Reason.page_too_large, detail=f"{what} is {mm}")
    return dpi


def _rendered_size(page, dpi: int) -> tuple[int, int]:
    w, h = page.get_size()
    return max(1, round(w * dpi / 72)), max(1, round(h * dpi / 72))


def stored_scan(page, dpi: int) -> Image.Image | None:
    """The pixels of a scanned PDF page as stored, when the page is one image drawn upright over the whole
    page at the resolution it is rendered at; else None (the page is rendered).

    Rendering such a page only resamples it (pypdfium2 rounds the bitmap's sides up, so a 2480-pixel scan
    is stretched to 2481 pixels), which blurs every glyph edge, and decodes and scales it at full size.
    A small rendering checks that the stored pixels are what the page shows (masks, decode arrays,
    anything drawn over the image)."""
    if page.get_rotation() % 360:
        return None
    objs = list(page.get_objects(max_depth=0))
    if len(objs) != 1 or objs[0].type != pdfium.raw.FPDF_PAGEOBJ_IMAGE:
        return None
    img = objs[0]
    a, b, c, d, _, _ = img.get_matrix().get()
    want = _rendered_size(page, dpi)
    px = img.get_px_size()
    if b or c or a <= 0 or d <= 0 or any(abs(p - w) > 1 for p, w in zip(px, want)):
        return None
    box = page.get_cropbox()
    if any(abs(u - v) > 1.0 for u, v in zip(img.get_bounds(), box)):
        return None
    try:
        im = img.get_bitmap(render=False).to_pil()
    except pdfium.PdfiumError:
        return None
    im = im if im.mode in ("L", "RGB") else im.convert("RGB")
    thumb = np.asarray(page.render(scale=dpi / 72 / 8, grayscale=True).to_pil().convert("L"), dtype=np.int16)
    mine = np.asarray(im.convert("L").resize(thumb.shape[::-1], Image.Resampling.BOX), dtype=np.int16)
    if float(np.abs(thumb - mine).mean()) > STORED_SCAN_TOLERANCE:
        return None
    return im


STORED_SCAN_TOLERANCE = 6.0  # mean grey levels between the small rendering and the stored image reduced


def load_image(ref: PageRef, opts) -> tuple[Image.Image, int]:
    """Pixels of one page (RGB, L or 1) within the pixel budget, and their resolution in dpi (estimated
    when absent). A page over the budget comes back downsampled, with `info["reduced_from"]` = the
    (width, height) it has at its own resolution; its physical size (pixels / dpi) is unchanged."""
    if ref.kind == "pdf":
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(ref.path)
            try:
                page = pdf[ref.index]
                w_pt, h_pt = page.get_size()
                dpi = render_dpi(w_pt, h_pt, opts)  # the file may have changed since list_pages
                im = stored_scan(page, dpi) or page.render(scale=dpi / 72).to_pil().convert("RGB")
            finally:
                pdf.close()
        if dpi < opts.pdf_dpi:
            im.info["reduced_from"] = (round(w_pt * opts.pdf_dpi / 72), round(h_pt * opts.pdf_dpi / 72))
        return im, dpi
    set_pixel_guard(opts)
    file_bytes = Path(ref.path).stat().st_size
    try:
        with Image.open(ref.path) as src:
            src.seek(ref.index)
            meta = src.info.get("dpi")
            plan = plan_raster(src.size, meta, src.mode, ref.kind, file_bytes, opts)  # before decoding
            full = squared(src.size, meta)[0]
            turned = ref.kind == "jpeg" and src.getexif().get(0x0112) in (5, 6, 7, 8)  # EXIF turns it 90°
            if plan.draft < 1:
                src.draft(src.mode, (math.ceil(src.size[0] * plan.draft), math.ceil(src.size[1] * plan.draft)))
            im = ImageOps.exif_transpose(src) if ref.kind == "jpeg" else src.copy()
            im.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise QuarantineError(Reason.unreadable_image, detail=type(exc).__name__) from exc
    target = plan.size[::-1] if turned else plan.size
    if plan.reduced:
        im = _resized(_plain_mode(im.convert("L") if im.mode == "1" else im), target)
        im.info["reduced_from"] = full[::-1] if turned else full
        return im, plan.dpi
    im = _plain_mode(im)
    im, _ = _square_pixels(im, meta)
    return im, plan.dpi


def _resized(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Downsample by area averaging: thin lines and small print fade rather than break up."""
    if im.size == size:
        return im
    if im.mode in ("L", "RGB"):  # OpenCV's area filter is several times faster than PIL's resamplers
        return Image.fromarray(cv2.resize(np.asarray(im), size, interpolation=cv2.INTER_AREA), im.mode)
    return im.resize(size, Image.Resampling.BOX)


def _plain_mode(im: Image.Image) -> Image.Image:
    """RGB, L or 1: transparency flattened onto white paper, 16-bit grey scaled rather than clipped."""
    if im.mode in ("RGB", "L", "1"):
        return im
    # in place and in float32: a page at the pixel limit must not need several float64 copies
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        a = np.asarray(im).astype(np.float32)
        np.clip(a, 0, None, out=a)
        a *= 255.0 / (float(a.max()) or 1.0)
        return Image.fromarray(a.astype(np.uint8), "L")
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im if im.mode == "RGBA" else im.convert("RGBA")
        paper = Image.new("RGB", rgba.size, (255, 255, 255))
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return im.convert("RGB") if im.mode in ("P", "CMYK", "YCbCr") else im.convert("L")


def _square_pixels(im: Image.Image, dpi):
    """Fax 'normal' mode scans 204 x 98 dpi; stretch the short axis so letters keep their shape."""
    if uneven_dpi(dpi) is None:
        return im, dpi
    size, square_dpi = squared(im.size, dpi)
    mode = im.mode
    src = im.convert("L") if mode == "1" else im
    src = src.resize(size, Image.Resampling.BICUBIC)
    if mode == "1":
        src = src.point(lambda v: 255 if v > 127 else 0).convert("1")
    return src, square_dpi


def _dpi(meta, size: tuple[int, int]) -> int:
    try:
        value = int(round(float(meta[0])))
    except (TypeError, ValueError, IndexError):
        value = 0
    if 50 <= value <= 1200:
        return value
    # no usable metadata: assume an A4 page, unless that makes it a scan finer than scanners make;
    # then it is a larger sheet, taken at the usual 300 dpi
    guess = max(50, round(max(size) / A4_LONG_INCHES))
    return guess if guess <= 600 else 300
