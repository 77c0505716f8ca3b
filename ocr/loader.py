"""List the pages of a file (checking limits from headers only) and load one page image at a time."""
from __future__ import annotations

import math
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
    pixels: int = 0  # the largest image made for the page (see work_pixels)


def set_pixel_guard(max_megapixels: float) -> None:
    # PIL raises DecompressionBombError above twice this; our own check below fires first.
    Image.MAX_IMAGE_PIXELS = int(max_megapixels * 1_000_000)


def check_dimensions(width: float, height: float, opts, what: str = "page") -> None:
    """Refuse a page by the size it will have in memory, before any pixel is allocated."""
    if width <= 0 or height <= 0:
        raise QuarantineError(Reason.zero_size_page, detail=f"{what} is {width}x{height}")
    if width * height > opts.max_megapixels * 1_000_000 or max(width, height) > opts.max_side:
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


def ocr_scale(dpi: float, size: tuple[int, int], opts) -> float:
    """Upscale factor of a low-resolution page for OCR, kept within the pixel and side limits."""
    if dpi >= 0.6 * opts.target_dpi:  # 200 dpi reads well as it is; 100-150 dpi does not
        return 1.0
    w, h = size
    room = min((opts.max_megapixels * 1_000_000 / max(1, w * h)) ** 0.5, opts.max_side / max(1, w, h))
    return max(1.0, min(4.0, opts.target_dpi / dpi, room))


def work_pixels(size: tuple[int, int], dpi: float, opts) -> int:
    """Pixels of the largest image made for a page: the page itself or its upscaled OCR copy."""
    return int(size[0] * size[1] * ocr_scale(dpi, size, opts) ** 2)


class PixelBudget:
    """Pages read at the same time in one process share `max_megapixels`: threads reading big pages
    together cannot need more memory than one page at the limit. A page alone always proceeds."""

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
            with self._cond:
                self._used -= need
                self._cond.notify_all()


PIXEL_BUDGET = PixelBudget()


def _open_image(path: Path, opts) -> Image.Image:
    with path.open("rb") as fh:
        size = png_size(fh.read(32))
    if size is not None:
        check_dimensions(*size, opts)
    set_pixel_guard(opts.max_megapixels)
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
        with im:
            count = getattr(im, "n_frames", 1)
            if count > opts.max_pages:
                raise QuarantineError(Reason.too_many_pages, detail=f"{count} pages")
            pixels = []
            for i in range(count):
                im.seek(i)
                size, dpi = squared(im.size, im.info.get("dpi"))
                check_dimensions(*size, opts, what=f"frame {i + 1}")
                pixels.append(work_pixels(size, _dpi(dpi, size), opts))
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
            size = _rendered_size(page, opts, what=f"page {i + 1}")
            pixels.append(work_pixels(size, pdf_scale(*page.get_size(), opts) * 72, opts))
        return pixels
    finally:
        pdf.close()


def _rendered_size(page, opts, what: str = "page") -> tuple[int, int]:
    """Pixel size of a page rendered at pdf_scale, checked against the limits before rendering."""
    w, h = page.get_size()
    scale = pdf_scale(w, h, opts)
    check_dimensions(w * scale, h * scale, opts, what=what)
    return round(w * scale), round(h * scale)


def pdf_scale(w_pt: float, h_pt: float, opts) -> float:
    """Render scale: opts.pdf_dpi, lowered for oversized pages but never below 100 dpi."""
    scale = opts.pdf_dpi / 72
    limit = opts.max_megapixels * 1_000_000
    if w_pt > 0 and h_pt > 0 and w_pt * h_pt * scale * scale > limit:
        scale = max(100 / 72, (limit / (w_pt * h_pt)) ** 0.5)
    return scale


def load_image(ref: PageRef, opts) -> tuple[Image.Image, int]:
    """Pixels of one page (RGB, L or 1) and its resolution in dpi (estimated when absent)."""
    if ref.kind == "pdf":
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(ref.path)
            try:
                page = pdf[ref.index]
                _rendered_size(page, opts)  # the file may have changed since list_pages
                scale = pdf_scale(*page.get_size(), opts)
                im = page.render(scale=scale).to_pil().convert("RGB")
            finally:
                pdf.close()
        return im, round(scale * 72)
    set_pixel_guard(opts.max_megapixels)
    try:
        with Image.open(ref.path) as src:
            src.seek(ref.index)
            dpi = src.info.get("dpi")
            check_dimensions(*squared(src.size, dpi)[0], opts)  # before decoding, as in list_pages
            im = ImageOps.exif_transpose(src) if ref.kind == "jpeg" else src.copy()
            im.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise QuarantineError(Reason.unreadable_image, detail=type(exc).__name__) from exc
    im = _plain_mode(im)
    im, dpi = _square_pixels(im, dpi)
    return im, _dpi(dpi, im.size)


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
    return max(50, round(max(size) / A4_LONG_INCHES))  # no usable metadata: assume an A4 page
