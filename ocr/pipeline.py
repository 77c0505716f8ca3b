"""read_file: every page of one file to a Page (text, words, flags) plus an upright page image in workdir."""
from __future__ import annotations

import multiprocessing
import re
import unicodedata
from collections import Counter
from concurrent.futures import Executor, ProcessPoolExecutor, wait
from pathlib import Path
from statistics import mean, median
from typing import Protocol

import cv2
import numpy as np
from PIL import Image
from pytesseract import TesseractError

from ocr import barcodes, fixups, graphics, layout, merge, places, preprocess as pp, recheck, rescore, tesseract, textlayer
from ocr.active_content import active_content
from ocr.handwriting import mark_handwritten
from ocr.inputs import sniff
from ocr.loader import PIXEL_BUDGET, PageRef, list_pages, load_image, ocr_scale
from ocr.options import OcrOptions
from ocr.recognise import read_words
from sohoa.documents import Page, Word
from sohoa.errors import QuarantineError


class Checkpoint(Protocol):
    """Pages already read (by an earlier, interrupted attempt) and a place to keep each new one."""

    def get(self, ref: PageRef) -> Page | None: ...

    def put(self, page: Page) -> None: ...


def read_file(path: Path, opts: OcrOptions, workdir: Path, first_page: int = 1,
              checkpoint: Checkpoint | None = None, pool: Executor | None = None) -> list[Page]:
    """OCR (or take the text layer of) every page of one file. Raises QuarantineError for bad input.
    With a checkpoint, kept pages are not read again and each new page is kept as soon as it is read.
    Pages run on `pool` (the caller's threads), else on `opts.workers` processes, else one by one."""
    reading = _listed(path, opts, workdir, first_page, checkpoint)
    if pool is None and opts.workers > 1 and len(reading.todo) > 1:
        # forkserver, not fork: a child forked from a process whose libtesseract already started OpenMP
        # threads can wait in libgomp for good
        with ProcessPoolExecutor(max_workers=min(opts.workers, len(reading.todo)),
                                 mp_context=multiprocessing.get_context("forkserver"),
                                 initializer=tesseract.worker_init) as ex:
            return reading.start(ex).pages()
    return reading.start(pool).pages()


def start_file(path: Path, opts: OcrOptions, workdir: Path, first_page: int = 1,
               checkpoint: Checkpoint | None = None, pool: Executor | None = None,
               halt: Halt | None = None) -> FileReading:
    """Check the file and list its pages (raises QuarantineError), then start reading them on `pool`:
    a caller with several files starts them all before collecting any, so the pages of one dossier
    are read at the same time (one `halt` for all of them). Threads share the pixel budget; the pages
    are the same either way."""
    return _listed(path, opts, workdir, first_page, checkpoint).start(pool, halt)


def _listed(path: Path, opts: OcrOptions, workdir: Path, first_page: int, checkpoint: Checkpoint | None):
    kind = sniff(Path(path), opts)
    refs = list_pages(Path(path), kind, opts, first_page)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    kept = {r.number: p for r in refs if checkpoint and (p := checkpoint.get(r)) is not None}
    return FileReading(Path(path), kind, refs, kept, opts, workdir, checkpoint)


class Halt:
    """Shared by the pages read together (one dossier's): the first that fails stops the others that
    have not started, which raise its error instead (as reading them in turn would have stopped)."""

    def __init__(self) -> None:
        self.error: BaseException | None = None

    def stop(self, error: BaseException) -> None:
        if self.error is None:
            self.error = error


class FileReading:
    """The pages of one file: `start` reads them (on a pool, or lazily), `pages()` waits for them in
    page order."""

    def __init__(self, path: Path, kind: str, refs: list[PageRef], kept: dict[int, Page], opts: OcrOptions,
                 workdir: Path, checkpoint: Checkpoint | None):
        self.path, self.kind, self.refs, self.kept = path, kind, refs, kept
        self.opts, self.workdir, self.checkpoint = opts, workdir, checkpoint
        self.todo = [r for r in refs if r.number not in kept]
        self._jobs: list = []
        self._results = iter(())
        self._keep_here = False

    def start(self, pool: Executor | None, halt: Halt | None = None) -> FileReading:
        # a page read in another process cannot reach the checkpoint: it is kept when collected here
        self._keep_here = isinstance(pool, ProcessPoolExecutor)
        keep = None if self._keep_here else self.checkpoint
        if pool is None:
            self._results = (_page_or_error(r, self.opts, self.workdir, keep) for r in self.todo)
        else:
            halt = None if self._keep_here else (halt or Halt())
            self._jobs = [pool.submit(_page_or_error, r, self.opts, self.workdir, keep, halt) for r in self.todo]
            self._results = (j.result() for j in self._jobs)
        return self

    def pages(self) -> list[Page]:
        try:
            for r in self._results:
                if isinstance(r, tuple):  # a quarantine found while decoding, carried back as plain values
                    raise QuarantineError(r[0], detail=r[1])
                if self._keep_here and self.checkpoint:
                    self.checkpoint.put(r)
                self.kept[r.number] = r
        finally:
            self.abandon()
        pages = [self.kept[r.number] for r in self.refs]
        if self.kind == "pdf" and pages:  # a document property, recorded on the file's first page
            pages[0].flags = pages[0].flags + [f for f in active_content(self.path) if f not in pages[0].flags]
        return pages

    def abandon(self) -> None:
        """Cancel the pages not started and wait for those running: they write into the workdir, which
        the caller removes once it gives up."""
        for j in self._jobs:
            j.cancel()
        wait(self._jobs)


def _page_or_error(ref: PageRef, opts: OcrOptions, workdir: Path, checkpoint: Checkpoint | None = None,
                   halt: Halt | None = None):
    if halt is not None and halt.error is not None:
        raise halt.error
    try:
        page = read_page(ref, opts, workdir)
        if checkpoint:  # kept as soon as read: a takeover after a kill does not read it again
            checkpoint.put(page)  # may raise: the caller's deadline, or the store
    except QuarantineError as exc:
        return (exc.reason, exc.detail)
    except BaseException as exc:
        if halt is not None:
            halt.stop(exc)
        raise
    return page


def read_page(ref: PageRef, opts: OcrOptions, workdir: Path) -> Page:
    # dossiers are read on threads: big pages wait for each other rather than add up in memory
    with PIXEL_BUDGET.hold(ref.pixels, int(opts.max_megapixels * 1_000_000)):
        return _read_page(ref, opts, workdir)  # its pixels are freed on return, before the budget is


def _read_page(ref: PageRef, opts: OcrOptions, workdir: Path) -> Page:
    image, dpi = load_image(ref, opts)
    codes = barcodes.read_codes(image, dpi) if opts.read_codes else []
    sheet = barcodes.sheet_flag(codes, opts.separator_code, opts.cover_code_prefix)
    page, layer = None, textlayer.NONE
    if sheet:  # a separator or cover sheet: kept as an image, never read as content
        page = _assemble(ref, image.size, dpi, "ocr", [], 0, 0.0, [sheet])
        page.image_path = str(save_page_image(image, workdir / f"{ref.number:06d}_page", opts.jpeg_quality))
    elif ref.kind == "pdf" and opts.use_text_layer:
        page, layer = _from_text_layer(image, dpi, ref, workdir)
    if page is None:
        page = ocr_page(image, dpi, ref, opts, workdir)
        if layer == textlayer.GARBAGE:  # mojibake, no ToUnicode, or a poor invisible OCR layer
            page.flags = page.flags + [TEXT_LAYER_GARBAGE]
    page.codes, page.source_page = codes, ref.index + 1
    return page


TEXT_LAYER_GARBAGE = "text_layer_garbage"


def _from_text_layer(image: Image.Image, dpi: int, ref: PageRef, workdir: Path) -> tuple[Page | None, str]:
    """A page from the PDF's own text and the layer's kind; no page when the layer is not usable
    (then it is OCRed). The words are put in reading order by their boxes (side-by-side header
    blocks one after the other), not in the PDF's drawing order."""
    words, layer = textlayer.page_words(ref.path, ref.index, dpi / 72)
    if layer != textlayer.GOOD:
        return None, layer
    art, _ = graphics.measure(pp.to_gray(image), dpi)  # a drawing made by a CAD program has text too
    flags = _size_flags(image) + (["line_art"] if art.line_art else [])
    page = _assemble(ref, image.size, dpi, "text_layer", words, 0, 0.0, flags)
    page.image_path = str(save_page_image(image, workdir / f"{ref.number:06d}_page"))
    return true_frame(page, image), layer


def _assemble(ref, size, dpi, source, words, rotation, skew, flags) -> Page:
    lines = layout.reading_lines(words, size[0])
    out_words, out_lines = [], []
    for i, line in enumerate(lines):
        out_lines.append(" ".join(w["text"] for w in line))
        for w in line:
            out_words.append(Word(text=w["text"], conf=min(100.0, w["conf"]), bbox=w["bbox"], block=w.get("block", 0), line=i))
    text = unicodedata.normalize("NFC", "\n".join(out_lines))
    conf = mean(w.conf for w in out_words) if out_words else 0.0
    if not out_words and not {"blank_page", barcodes.SEPARATOR, barcodes.COVER} & set(flags):
        flags = flags + ["no_text"]
    return Page(number=ref.number, source_file=ref.source_file, width=size[0], height=size[1], dpi=dpi,
                source=source, text=text, words=out_words, mean_conf=round(conf, 2), rotation=rotation,
                skew=skew, flags=flags)


def _size_flags(image: Image.Image) -> list[str]:
    """`downsampled` for a page read within the pixel budget rather than at its own resolution."""
    return ["downsampled"] if image.info.get("reduced_from") else []


SPARSE_PSM = 11  # text scattered over a drawing or map: no blocks or columns to find


def ocr_page(image: Image.Image, dpi: int, ref: PageRef, opts: OcrOptions, workdir: Path) -> Page:
    prep = prepare(image, dpi, opts)
    flags = _size_flags(image) + list(prep.flags)
    work_dpi = int(dpi * prep.scale)
    words: list[dict] = []
    if "blank_page" not in flags:
        psm = SPARSE_PSM if "line_art" in flags else opts.psm
        words, more = read_words(prep.ocr, work_dpi, opts, psm)
        flags += more
        again = opts.preprocess and words and not more  # a second reading of a whole page, read once
        if again and "line_art" not in flags:
            words, turned = _upside_down_check(prep, words, work_dpi, opts, psm)
            flags += ["turned_after_reading"] if turned else []
        if again and image.mode == "1" and opts.bilevel_thicken:
            thick, _ = read_words(cv2.erode(prep.ocr, np.ones((2, 2), np.uint8)), work_dpi, opts, psm)
            words = merge.better_lines(words, thick)
    words = drop_marks(words)
    if opts.preprocess and words and "line_art" not in flags:  # a drawing's strokes are no lost text
        words = recheck.second_look(words, prep.ocr, prep.scanned, prep.removed, opts, work_dpi)
    words = fixups.repair(words, prep.ocr)
    if opts.rescore:
        words = places.fix_place_names(rescore.rescore(words))
    s = prep.scale
    for w in words:
        x0, y0, x1, y1 = w["bbox"]
        w["bbox"] = (int(x0 / s), int(y0 / s), int(round(x1 / s)), int(round(y1 / s)))
    if pp.small_text([w["bbox"][3] - w["bbox"][1] for w in words], dpi):
        flags.append("small_text")
    upright = upright_original(image, prep.rotation, prep.skew)
    page = _assemble(ref, upright.size, dpi, "ocr", words, prep.rotation, prep.skew, flags)
    page.words = mark_handwritten(np.asarray(upright.convert("L")), page.words)
    page.image_path = str(save_page_image(upright, workdir / f"{ref.number:06d}_page", opts.jpeg_quality))
    return true_frame(page, image)


# Read pages score 91-97 (mean letter-weighted confidence) on the tune and calibrate views; a page read
# upside down 51-55. Under TURN_CHECK_CONF the page is read turned over too, and kept turned when that
# reading is clearly more confident: the ink and OSD tests that chose the way up can both be fooled.
TURN_CHECK_CONF, TURN_MARGIN = 75.0, 15.0


def _upside_down_check(prep: Prepared, words: list[dict], dpi: int, opts: OcrOptions,
                       psm: int) -> tuple[list[dict], bool]:
    """(words, whether the page was turned over): `prep` is turned when the turned reading is kept."""
    conf = merge.line_conf(words)
    if conf >= TURN_CHECK_CONF:
        return words, False
    turned, _ = read_words(pp.rot90(prep.ocr, 180), dpi, opts, psm)
    if not turned or merge.line_conf(turned) < conf + TURN_MARGIN:
        return words, False
    prep.turn_over()
    return turned, True


def true_frame(page: Page, image: Image.Image) -> Page:
    """A page read downsampled, described at its own resolution: size, dpi and word boxes scaled back
    from the reduced image (Page.image_path), so boxes are in the original's pixels and width / dpi
    is the sheet's true size."""
    full = image.info.get("reduced_from")
    if not full:
        return page
    fx, fy = full[0] / image.size[0], full[1] / image.size[1]
    if page.rotation in (90, 270):
        fx, fy = fy, fx
    page.width, page.height, page.dpi = round(page.width * fx), round(page.height * fy), round(page.dpi * fx)
    page.words = [w.model_copy(update={"bbox": (round(w.bbox[0] * fx), round(w.bbox[1] * fy),
                                                round(w.bbox[2] * fx), round(w.bbox[3] * fy))}) for w in page.words]
    return page


SCRIBBLE_HEIGHT, SCRIBBLE_CONF = 3.5, 85.0


FORM_NUMBER = re.compile(r"^\d{1,4}/[A-ZĐ]{2}")  # 11/ĐK, 01/TKKS, 125/QĐ-UBND


def drop_marks(words: list[dict]) -> list[dict]:
    """Drop low-confidence "words" far taller or shorter than the text: signatures, seal rims, specks."""
    if len(words) < 3:
        return words
    mh = median(w["bbox"][3] - w["bbox"][1] for w in words)
    sure = Counter(_line_id(w) for w in words if w["conf"] >= 60)
    keep = []
    for i, w in enumerate(words):
        h = w["bbox"][3] - w["bbox"][1]
        odd = h > 2.0 * mh or h < 0.4 * mh or not any(c.isalnum() for c in w["text"])
        # a word Tesseract doubts inside a line of sure words is a hard word ('NGUYỄN' at 11), not a
        # mark: dropping it would cut a name short with nothing to show it. A wrapped value's last
        # line may hold one sure word ('TÓC' then 'HỒNG' at 0): a word of the text's height counts.
        n_sure = sure[_line_id(w)]
        core = w["text"].rstrip(".,;:")  # 'tính:' is a word as much as 'tính' ('Qu?' is not)
        in_text = core.isalpha() and (n_sure >= 2 or (n_sure == 1 and not odd and len(core) >= 2))
        in_text = in_text or (not odd and fixups.area_unit(words, i))
        # a form or document number of the text's height among sure words ('Mẫu số 11/ĐK' in italics,
        # read at 11); specks and a table's ruling read as signs and loose digits, not as 'number/KIND'
        in_text = in_text or (not odd and n_sure >= 2 and bool(FORM_NUMBER.match(core)))
        # a signature's scribble or a seal read as a word ('NNN', 'CÁ' at 60-81) stands 4-6 lines tall;
        # print that tall reads at 90 and more
        scribble = h > SCRIBBLE_HEIGHT * mh and w["conf"] < SCRIBBLE_CONF
        if (w["conf"] < 60 and odd) or (w["conf"] < 15 and not in_text) or scribble:
            continue
        keep.append(w)
    return keep


def _line_id(w: dict) -> tuple:
    return w.get("block"), w.get("par"), w.get("line")


class Prepared:
    """The OCR-ready working image and what was done to get it. `raw` is the working grey before
    clean-up (colour marks dropped, enlarged), for the second look at what clean-up may have lost."""

    def __init__(self, ocr: np.ndarray, scale: float, rotation: int, skew: float, flags: list[str],
                 raw: np.ndarray | None = None, removed: np.ndarray | None = None):
        self.ocr, self.scale, self.rotation, self.skew, self.flags = ocr, scale, rotation, skew, flags
        self.raw, self.removed = raw, removed  # removed: leaders and boxes whitened on purpose

    def turn_over(self) -> None:
        """Turn the working image (and what it records) by a further 180 degrees."""
        self.ocr = pp.rot90(self.ocr, 180)
        if self.removed is not None:
            self.removed = pp.rot90(self.removed, 180)
        self.rotation = (self.rotation + 180) % 360

    def scanned(self) -> np.ndarray:
        """The page before clean-up, turned and levelled as the working image (made on demand)."""
        if self.raw is None:
            return self.ocr
        return pp.rotate(pp.rot90(self.raw, self.rotation), self.skew)


def prepare(image: Image.Image, dpi: int, opts: OcrOptions) -> Prepared:
    gray = pp.to_gray(image)
    scale = ocr_scale(dpi, image.size, opts)
    if image.mode == "1" and opts.preprocess:
        gray = pp.smooth_bilevel(gray, scale)
    elif scale != 1.0:
        gray = pp.resize(gray, scale)
    work_dpi = int(dpi * scale)
    raw = gray
    if not opts.preprocess:
        bw = pp.binarise(gray)
        return Prepared(gray, scale, 0, 0.0, pp.quality_flags(gray, bw, work_dpi))
    gray, norm, bw = pp.cleaned(gray, work_dpi)
    flags = pp.quality_flags(gray, bw, work_dpi)
    if "blank_page" in flags:
        return Prepared(bw, scale, 0, 0.0, flags)
    art, text = graphics.measure(norm, work_dpi)
    if art.line_art:  # orientation, deskew and Tesseract see the text alone
        flags.append("line_art")
        norm, bw = graphics.strip(norm, text), graphics.strip(bw, text)
        del text
    rotation, skew = orient(bw, opts)
    if opts.binarise:
        out = pp.rotate(pp.rot90(bw, rotation), skew)
        out = pp.binarise(out) if skew else out  # interpolation leaves grey edges
    else:
        # Tesseract's LSTM reads grey edges better than our threshold (1 vs I)
        out = pp.rotate(pp.rot90(norm, rotation), skew)
    removed = None
    if not art.line_art:  # a drawing's text stands alone: no form lines with dotted leaders or boxes
        # after levelling: a leader is a run along one baseline, a box has level sides
        out, removed = pp.remove_marks(out, work_dpi)
    return Prepared(out, scale, rotation, skew, flags, raw, removed)


def orient(bw: np.ndarray, opts: OcrOptions) -> tuple[int, float]:
    """(clockwise quarter turns in degrees, deskew angle) that make the page upright and level."""
    k = max(1, max(bw.shape) // 4800)  # the skew is measured on ~1,200 px: turn a sample of a large page, not it
    sample = bw[::k, ::k]
    base, skew = pp.level_or_turn(sample)
    half = bw[::2, ::2]  # enough pixels to tell up from down, a quarter of the work
    level = pp.rotate(pp.rot90(half, base), skew, interp=cv2.INTER_NEAREST)
    flip = flip_needed(level, opts)
    return (base + flip) % 360, skew


def flip_needed(level: np.ndarray, opts: OcrOptions) -> int:
    """Extra clockwise turn (0 or 180; 90/270 only when OSD is sure) for a page whose lines are horizontal.

    A cheap ink-profile test decides clear cases; Tesseract OSD, then an OCR comparison, the rest.
    """
    ratio = pp.updown_ratio(level)
    if ratio >= 1.4:
        return 0
    if ratio <= 1 / 1.4:
        return 180
    small = level
    try:
        osd = tesseract.run_osd(Image.fromarray(small), min(opts.timeout, 30.0))
    except (tesseract.OcrTimeout, TesseractError):
        osd = {"rotate": 0, "conf": 0.0}
    if osd["conf"] >= opts.osd_min_conf:  # Rotate: clockwise degrees that make the page upright
        return osd["rotate"]
    return fallback_flip(level, opts)


def fallback_flip(level: np.ndarray, opts: OcrOptions) -> int:
    """When OSD is unsure: OCR the densest band both ways up and keep the more confident reading."""
    band = pp.densest_band(level)
    best, best_conf = 0, -1.0
    for turn in (0, 180):
        try:
            words = tesseract.parse_tsv(tesseract.run_tsv(Image.fromarray(pp.rot90(band, turn)), opts.lang, 6, min(opts.timeout, 30.0)))
        except (tesseract.OcrTimeout, TesseractError):
            continue
        conf = sum(w["conf"] * len(w["text"]) for w in words) / max(1, sum(len(w["text"]) for w in words))
        if conf > best_conf:
            best, best_conf = turn, conf
    return best


def upright_original(image: Image.Image, rotation: int, skew: float) -> Image.Image:
    """The original pixels turned upright and levelled, for the PDF."""
    if rotation:
        image = image.rotate(-rotation, expand=True)  # PIL turns counter-clockwise
    if abs(skew) >= 0.05:
        mode = image.mode
        src = image.convert("L") if mode == "1" else image
        fill = 255 if src.mode == "L" else (255, 255, 255)
        arr = pp.rotate(np.asarray(src), skew, fill)
        image = Image.fromarray(arr)
        if mode == "1":
            image = image.point(lambda v: 255 if v > 127 else 0).convert("1")
    return image


def save_page_image(image: Image.Image, stem: Path, quality: int = 80) -> Path:
    """PNG for bilevel pages, JPEG for grey and colour scans (size matters in the archive)."""
    if image.mode == "1":
        path = stem.with_suffix(".png")
        image.save(path, optimize=True)
        return path
    if image.mode == "RGB" and not pp.has_colour(image):
        image = image.convert("L")
    path = stem.with_suffix(".jpg")
    image.save(path, quality=quality)  # Huffman optimisation: 8 % smaller, 4x slower
    return path
