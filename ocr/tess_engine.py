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
            ("TessMonitorSetDeadlineMSecs", None, [p, i]), ("TessVersion", c, [])):
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

    def tsv(self, image: Image.Image, psm: int, timeout: float, variables: dict[str, str]) -> str:
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
        finally:
            lib.TessMonitorDelete(monitor)
            lib.TessBaseAPIClear(api)
        return TSV_HEADER + text


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
