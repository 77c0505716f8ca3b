"""The one seam to Tesseract. Tests replace `run_tsv` / `run_osd` to replay or inject faults."""
from __future__ import annotations

import csv
import io
import os
import shlex
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytesseract
from PIL import Image

from ocr import tess_engine
from sohoa.errors import EngineUnavailable


class OcrTimeout(Exception):
    """Tesseract did not finish within the timeout."""


# Tesseract's own failure on one image (a non-zero exit); named here so no code outside ocr/ imports pytesseract.
TesseractError = pytesseract.TesseractError


def worker_init() -> None:
    """Run once at the start of an OCR worker process: one OpenMP thread per Tesseract."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def check_engine(lang: str) -> str:
    """Check, once before a batch, that Tesseract runs and has every language of `lang` ('vie+eng').

    Returns its version line; raises EngineUnavailable saying what is missing. Without this every
    page would fail alike and each dossier end in an error of its own.
    """
    cmd = pytesseract.pytesseract.tesseract_cmd
    try:
        ver = subprocess.run([cmd, "--version"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        langs = subprocess.run([cmd, "--list-langs"], capture_output=True, text=True, timeout=60,
                               stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineUnavailable(f"the OCR engine Tesseract ({cmd!r}) is not installed or not on PATH "
                                f"({type(exc).__name__})") from exc
    if ver.returncode != 0 or langs.returncode != 0:
        why = (ver.stderr or langs.stderr or ver.stdout).strip().splitlines()[:1]
        raise EngineUnavailable(f"the OCR engine Tesseract ({cmd!r}) does not run: {' '.join(why) or 'no output'}")
    # Tesseract 5 lists languages on stdout, 4 on stderr, after a "List of available languages" line
    listed = (langs.stdout + "\n" + langs.stderr).splitlines()
    have = {line.strip() for line in listed if line.strip() and not line.startswith("List of")}
    missing = [code for code in lang.split("+") if code not in have]
    if missing:
        raise EngineUnavailable(f"Tesseract has no language data for {', '.join(missing)} "
                                f"(installed: {', '.join(sorted(have)) or 'none'})")
    return (ver.stdout or ver.stderr).strip().splitlines()[0]


@lru_cache(maxsize=1)
def version() -> str:
    return str(pytesseract.get_tesseract_version())


def _uncompressed(image: Image.Image) -> Image.Image:
    # pytesseract hands Tesseract a temporary file in image.format (PNG by default); compressing a
    # 9-megapixel page to PNG costs more than a second, writing an uncompressed TIFF a few
    # milliseconds. Not PGM/PPM: Leptonica reads those slowly, a fifth more Tesseract time per page.
    if image.mode in ("L", "RGB"):
        image.format = "TIFF"
    return image


# Tesseract kept loaded in this process (ocr/tess_engine.py); False: the command for every reading.
# Set by pipeline.context from Settings.tesseract_process (stages read no environment).
IN_PROCESS = True


def _in_process() -> bool:
    """Unless turned off, or the `tesseract` command in use is not the libtesseract found here."""
    return IN_PROCESS and tess_engine.available(_version_number())


@lru_cache(maxsize=1)
def _version_number() -> str:
    try:
        return version()
    except Exception:  # no command: the command path reports it
        return ""


# Skip Tesseract's retry of weak lines as white-on-black text: ~10 % of its CPU time, and the inverted
# text it rescues (banner headings) is rare in administrative papers.
TSV_CONFIG = "-c tessedit_do_invert=0"


# The administrative vocabulary (scripts/build_ocr_words.py): Tesseract 5 loads user words and
# patterns into the LSTM decoder's dictionary beside its own `vie` word list.
DATA = Path(__file__).resolve().parent / "data"
USER_WORDS = DATA / "vie_admin_words.txt"
USER_PATTERNS = DATA / "vie_admin_patterns.txt"
VOCABULARIES = ("", "words", "patterns", "both")


def vocabulary_args(vocabulary: str) -> str:
    """Tesseract arguments for a vocabulary choice: '' (none), 'words', 'patterns' or 'both'."""
    if vocabulary not in VOCABULARIES:
        raise ValueError(f"unknown vocabulary {vocabulary!r}; choose from {VOCABULARIES}")
    args = []
    if vocabulary in ("words", "both"):
        args += ["--user-words", shlex.quote(str(USER_WORDS))]
    if vocabulary in ("patterns", "both"):
        args += ["--user-patterns", shlex.quote(str(USER_PATTERNS))]
    return " ".join(args)


def run_tsv(image: Image.Image, lang: str, psm: int, timeout: float, dpi: int = 300, whitelist: str = "",
            vocabulary: str = "", choices: bool = False) -> str:
    """Tesseract TSV (word boxes and confidences) for one image, optionally restricted to the
    characters of `whitelist` (a region read again) and helped by the administrative `vocabulary`
    (see vocabulary_args). With `choices`, the LSTM's other readings of each letter follow the words
    (rows parse_tsv attaches to them, for ocr/rescore.py); only Tesseract kept loaded in this process
    gives them, the command's TSV has none. Raises OcrTimeout."""
    # user words and patterns are load-time settings of Tesseract: a call that wants them runs the command
    if image.mode in ("L", "RGB") and _in_process() and not vocabulary:
        try:  # the same answer as the command below, without loading the model again
            # choices from one beam search: ~4 % more page time (the default 5 searches: ~11 %)
            return tess_engine.engine(lang).tsv(image, psm, timeout, {
                "user_defined_dpi": str(dpi), "tessedit_do_invert": "0", "tessedit_char_whitelist": whitelist,
                "lstm_choice_mode": "2" if choices else "0", "lstm_choice_iterations": "1"}, choices=choices)
        except tess_engine.EngineTimeout as exc:
            raise OcrTimeout(str(exc)) from exc
        except tess_engine.EngineError as exc:
            raise TesseractError(1, str(exc)) from exc
    config = f"--psm {psm} --dpi {dpi} {TSV_CONFIG}"
    if whitelist:
        config += f" -c tessedit_char_whitelist={whitelist}"
    if vocabulary:
        config += " " + vocabulary_args(vocabulary)
    try:
        return pytesseract.image_to_data(_uncompressed(image), lang=lang, config=config, timeout=timeout)
    except RuntimeError as exc:  # pytesseract reports its kill as RuntimeError
        if "timeout" in str(exc).lower():
            raise OcrTimeout(str(exc)) from exc
        raise


def run_osd(image: Image.Image, timeout: float) -> dict:
    """Orientation and script detection: {'rotate': deg clockwise to upright, 'conf': float}."""
    try:
        out = pytesseract.image_to_osd(_uncompressed(image), config="--psm 0 --dpi 300", timeout=timeout)
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise OcrTimeout(str(exc)) from exc
        return {"rotate": 0, "conf": 0.0}  # too few characters: OSD has no opinion
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    return {"rotate": int(fields.get("Rotate", "0").strip()), "conf": float(fields.get("Orientation confidence", "0").strip())}


def parse_tsv(tsv: str) -> list[dict]:
    """Word rows of a Tesseract TSV: text (NFC), conf, box and Tesseract's block/par/line numbers;
    a word with choice rows (run_tsv(choices=True)) gets `choices`: {letter offset: [(letter, conf),
    ...]}, the chosen letter first."""
    words = []
    weighed: dict[tuple, dict[int, list]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == tess_engine.CHOICE_LEVEL:
            x, y, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
            letters = weighed.setdefault((x, y, x + w, y + h), {}).setdefault(int(row["word_num"]), [])
            letters.append((unicodedata.normalize("NFC", row["text"] or ""), float(row["conf"])))
            continue
        if row.get("level") != "5":
            continue
        text = unicodedata.normalize("NFC", (row.get("text") or "").strip())
        if not text:
            continue
        x, y, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
        words.append({
            "text": text, "conf": max(0.0, float(row["conf"])), "bbox": (x, y, x + w, y + h),
            "block": int(row["block_num"]), "par": int(row["par_num"]), "line": int(row["line_num"]),
        })
    for w in words:
        if w["bbox"] in weighed:
            w["choices"] = weighed[w["bbox"]]
    return words
