"""Content-keyed replay of Tesseract's answers, shared by every test folder that runs the OCR stage.

`ocr.tesseract.run_tsv` / `run_osd` results are stored in a cache folder keyed by the SHA-256 of the
image pixels, the arguments and the Tesseract version; ocr.region.read_region goes through `run_tsv`
too, so its crops are replayed alike (keyed also by their character whitelist). A preprocessing change
changes the pixels, so the cache misses and real Tesseract runs.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PIL import Image

from ocr import tesseract


def _key(kind: str, image: Image.Image, *args) -> str:
    h = hashlib.sha256()
    h.update(f"{kind}|{image.mode}|{image.size}|{args}|{tesseract.TSV_CONFIG}|{tesseract.version()}".encode())
    h.update(image.tobytes())
    return h.hexdigest()


def install(monkeypatch, cache: Path, who: str = "") -> None:
    real_tsv, real_osd = tesseract.run_tsv, tesseract.run_osd
    cache.mkdir(exist_ok=True)

    def cached(kind, real, image, *args):
        key = _key(kind, image, *args)
        path = cache / f"{key}.json"
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
        out = real(image, *args)
        path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
        if who:
            with (cache / "manifest.txt").open("a", encoding="utf-8") as fh:
                fh.write(f"{key} {kind} {args} {who}\n")
        return out

    # the timeout does not change the answer, so it is passed through but not part of the key;
    # a whitelist (regions read again) does, and is only keyed when given so page keys stay as they were
    # so are the LSTM's choices (page readings), keyed only when asked for
    def run_tsv(image, lang, psm, timeout, dpi=300, whitelist="", choices=False):
        def real(i, l, p, d, *w):
            return real_tsv(i, l, p, timeout, dpi=d, whitelist=whitelist, **({"choices": True} if choices else {}))
        return cached("tsv", real, image, lang, psm, dpi, *((whitelist,) if whitelist else ()),
                      *(("choices",) if choices else ()))

    monkeypatch.setattr(tesseract, "run_tsv", run_tsv)
    monkeypatch.setattr(tesseract, "run_osd", lambda image, timeout: cached("osd", lambda i: real_osd(i, timeout), image))
