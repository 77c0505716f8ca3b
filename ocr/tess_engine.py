"""Tesseract kept loaded in this process: the same libtesseract the `tesseract` command runs, through
its C API, one engine per thread and language. Used only by `ocr/tesseract.py` (the one seam).

Why: starting `tesseract` loads the language model every time, about 75 ms of CPU. A page pass plus
the regions extraction reads again is ~8 starts per page, as much CPU as the page pass itself. The
engine is told exactly what the command line tells it (page segmentation mode, `user_defined_dpi`,
the same variables), so the TSV is the command's, byte for byte (checked by tests/ocr/test_ocr_engine.py).
"""
from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import threading
import time
import weakref

import numpy as np
from PIL import Image

# The header line `tesseract ... tsv` writes before the first page (the C API returns the rows only).
TSV_HEADER = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n")


class EngineError(Exception):
    """Tesseract failed on this image (the command would have exited non-zero)."""


class EngineTimeout(Exception):
    """Recognition stopped at its deadline."""


def _library():
    name = ctypes.util.find_library("tesseract")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)  # CDLL: calls release the GIL, so page threads run in parallel
    except OSError:
        return None
    p, c, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    for fn, res, args in (
            ("TessBaseAPICreate", p, []), ("TessBaseAPIDelete", None, [p]),
            ("TessBaseAPIInit3", i, [p, c, c]), ("TessBaseAPISetPageSegMode", None, [p, i]),
            ("TessBaseAPISetVariable", i, [p, c, c]),
            ("TessBaseAPISetImage", None, [p, ctypes.c_void_p, i, i, i, i]),
            ("TessBaseAPIRecognize", i, [p, p]), ("TessBaseAPIGetTsvText", p, [p, i]),
            ("TessDeleteText", None, [p]), ("TessBaseAPIClear", None, [p]),
            ("TessMonitorCreate", p, []), ("TessMonitorDelete", None, [p]),
            ("TessMonitorSetDeadlineMSecs", None, [p, i]), ("TessVersion", c, []),
            ("TessBaseAPIGetIterator", p, [p]), ("TessResultIteratorDelete", None, [p]),
            ("TessResultIteratorNext", i, [p, i]), ("TessResultIteratorGetUTF8Text", ctypes.c_void_p, [p, i]),
            ("TessResultIteratorGetPageIterator", p, [p]), ("TessPageIteratorIsAtBeginningOf", i, [p, i]),
            ("TessPageIteratorBoundingBox", i, [p, i, ctypes.POINTER(i), ctypes.POINTER(i),
                                                ctypes.POINTER(i), ctypes.POINTER(i)]),
            ("TessResultIteratorGetChoiceIterator", p, [p]), ("TessChoiceIteratorNext", i, [p]),
            ("TessChoiceIteratorGetUTF8Text", c, [p]), ("TessChoiceIteratorConfidence", ctypes.c_float, [p]),
            ("TessChoiceIteratorDelete", None, [p])):
        f = getattr(lib, fn)
        f.restype, f.argtypes = res, args
    return lib


_LIB = None
_LOADED = False
_LOAD_LOCK = threading.Lock()
_FREE_LOCK = threading.RLock()  # re-entrant: a thread's engines may be freed by the garbage collector anywhere
_local = threading.local()


class _Engines(dict):
    """One thread's engines by language, freed when the thread ends (a flow run's task threads do)."""

    __hash__ = object.__hash__  # by identity, to sit in a WeakSet

    def __del__(self) -> None:
        for e in self.values():
            e.close()


_LIVE: weakref.WeakSet = weakref.WeakSet()  # freed at exit too, else Tesseract reports leaks on stderr


def available(version: str) -> bool:
    """True when libtesseract loads and is the version the `tesseract` command reports (`version`):
    otherwise the command is used, so answers never depend on which path ran."""
    global _LIB, _LOADED
    with _LOAD_LOCK:
        if not _LOADED:
            _LIB, _LOADED = _library(), True
    return _LIB is not None and _LIB.TessVersion().decode() == version


class _Engine:
    def __init__(self, lang: str):
        self.api = _LIB.TessBaseAPICreate()
        if _LIB.TessBaseAPIInit3(self.api, None, lang.encode()) != 0:
            _LIB.TessBaseAPIDelete(self.api)
            raise EngineError(f"Tesseract could not load language {lang!r}")
        # Tesseract's diagnostics (tprintf) go to the command's stderr, which pytesseract swallowed; here
        # they would reach the worker's log
        _LIB.TessBaseAPISetVariable(self.api, b"debug_file", os.devnull.encode())

    def close(self) -> None:
        if not self.api:  # freed already (at exit, before the module's globals are torn down)
            return
        with _FREE_LOCK:
            if self.api:
                _LIB.TessBaseAPIDelete(self.api)
                self.api = None

    def tsv(self, image: Image.Image, psm: int, timeout: float, variables: dict[str, str],
            choices: bool = False) -> str:
        """The TSV of `image`; with `choices`, followed by the LSTM's other readings of each character
        (CHOICE_LEVEL rows, see `_choice_rows`): `lstm_choice_mode` must be set in `variables`."""
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        pixels = np.ascontiguousarray(np.asarray(image))
        depth = 1 if image.mode == "L" else 3
        lib, api = _LIB, self.api
        lib.TessBaseAPISetPageSegMode(api, psm)
        for name, value in variables.items():
            lib.TessBaseAPISetVariable(api, name.encode(), value.encode())
        lib.TessBaseAPISetImage(api, pixels.ctypes.data, image.width, image.height, depth, image.width * depth)
        monitor = lib.TessMonitorCreate()
        began = time.monotonic()
        try:
            lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(timeout * 1000)))
            status = lib.TessBaseAPIRecognize(api, monitor)
            if time.monotonic() - began >= timeout:
                raise EngineTimeout(f"Tesseract stopped after {timeout:g} s")
            if status != 0:
                raise EngineError(f"Tesseract recognition failed (status {status})")
            raw = lib.TessBaseAPIGetTsvText(api, 0)
            try:
                text = ctypes.string_at(raw).decode("utf-8") if raw else ""
            finally:
                lib.TessDeleteText(raw)
            if choices:
                text += _choice_rows(api)
        finally:
            lib.TessMonitorDelete(monitor)
            lib.TessBaseAPIClear(api)
        return TSV_HEADER + text


# Rows appended to the TSV for a reading with choices: level 9 is no Tesseract level, so a TSV reader
# of words (level 5) skips them. One row per character of a word with another reading the LSTM
# weighed: the word's box, word_num = the character's offset in the word, conf and text = a choice
# (the first row of a character is the chosen one).
CHOICE_LEVEL = "9"
SYMBOL, WORD = 4, 3


def _choice_rows(api) -> str:
    lib, rows = _LIB, []
    it = lib.TessBaseAPIGetIterator(api)
    if not it:
        return ""
    box = [ctypes.c_int() for _ in range(4)]
    index = 0
    try:
        while True:
            page_it = lib.TessResultIteratorGetPageIterator(it)
            if lib.TessPageIteratorIsAtBeginningOf(page_it, WORD):
                index = 0
                lib.TessPageIteratorBoundingBox(page_it, WORD, *(ctypes.byref(b) for b in box))
            raw = lib.TessResultIteratorGetUTF8Text(it, SYMBOL)
            if not raw:  # no word here (a page with no text): Tesseract aborts on a choice iterator
                break
            try:
                symbol = ctypes.string_at(raw).decode("utf-8", "replace")
            finally:
                lib.TessDeleteText(raw)
            found = []
            ci = lib.TessResultIteratorGetChoiceIterator(it)
            while ci:
                text = lib.TessChoiceIteratorGetUTF8Text(ci)
                found.append(((text or b"").decode("utf-8", "replace"), lib.TessChoiceIteratorConfidence(ci)))
                if not lib.TessChoiceIteratorNext(ci):
                    break
            if ci:
                lib.TessChoiceIteratorDelete(ci)
            if len(found) > 1:  # a character read one way only says nothing
                x0, y0, x1, y1 = (b.value for b in box)
                rows += [f"{CHOICE_LEVEL}\t1\t0\t0\t0\t{index}\t{x0}\t{y0}\t{x1 - x0}\t{y1 - y0}\t{conf:.2f}\t{text}\n"
                         for text, conf in found if text and "\t" not in text and "\n" not in text]
            index += len(symbol)
            if not lib.TessResultIteratorNext(it, SYMBOL):
                break
    finally:
        lib.TessResultIteratorDelete(it)
    return "".join(rows)


@atexit.register
def _free_all() -> None:
    for engines in list(_LIVE):
        for e in engines.values():
            e.close()


def engine(lang: str) -> _Engine:
    """This thread's engine for `lang`, loaded on first use."""
    engines = getattr(_local, "engines", None)
    if engines is None:
        engines = _local.engines = _Engines()
        _LIVE.add(engines)
    if lang not in engines:
        engines[lang] = _Engine(lang)
    return engines[lang]
