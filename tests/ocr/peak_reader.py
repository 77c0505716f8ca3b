"""Read files through the OCR stage in this process and report its peak memory and Tesseract's.

    python tests/ocr/peak_reader.py [--replay CACHE_DIR] FILE... -> one JSON line:
    {"results": {file: [page flags] | reason}, "python_mb": .., "tesseract_mb": .., "worker_mb": .., "seconds": ..}

Each file is read on its own thread, as the flow reads dossiers. `python_mb` is this process's high-water
mark (VmHWM; RUSAGE_SELF would carry over the parent's peak across exec). Tesseract's own peak is
polled from /proc: a forked child's ru_maxrss starts at its parent's size, so RUSAGE_CHILDREN would
report ours. `worker_mb` adds the two, as if Tesseract peaked while Python did: an upper bound on
what one OCR worker holds. The 4 GB address-space cap only keeps a regression from taking the
machine down with it.

With --replay, Tesseract's answers come from the content-keyed cache of tests/ocr (a miss runs it and
stores the answer), and real Tesseract then reads once the largest image the stage gave it, which
is what `tesseract_mb` measures: the tests stay fast and still measure both processes.
Tests call `peak_read(*paths)`, which runs this file in a fresh subprocess with the tests' replay cache.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(__file__).parent / "cache"


def _hwm_kb(pid: int | str = "self") -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith("VmHWM:")), 0)
    except OSError:  # gone in the meantime
        return 0


def _children(pid: int) -> list[int]:
    """Tesseract processes started by `pid` (a child not yet exec'd still holds a copy of its parent)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    stat = fh.read()
            except OSError:
                continue
            name, rest = stat.split("(", 1)[1].rsplit(")", 1)
            if name == "tesseract" and int(rest.split()[1]) == pid:  # the field after the state is the ppid
                out.append(int(entry))
    return out


class ChildPeak(threading.Thread):
    """Polls the high-water mark of this process's children (Tesseract) every 20 ms."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.done.is_set():
            for child in _children(me):
                self.peak_kb = max(self.peak_kb, _hwm_kb(child))
            time.sleep(0.02)


def _replay(cache: Path, spare: Path) -> dict:
    """Install the Tesseract replay; the returned dict keeps (in `spare`) the largest image read."""
    import pytest

    sys.path.insert(0, str(ROOT / "tests" / "ocr"))
    import ocr_replay
    from ocr import tesseract

    real = tesseract.run_tsv
    ocr_replay.install(pytest.MonkeyPatch(), cache)
    replayed = tesseract.run_tsv
    largest: dict = {"pixels": 0, "real": real}

    def keep(image, lang, psm, timeout, dpi=300, whitelist="", choices=False):
        if image.size[0] * image.size[1] > largest["pixels"]:  # on disk: holding it would count as ours
            image.save(spare, "PNG", compress_level=1)
            largest.update(pixels=image.size[0] * image.size[1], args=(lang, psm, timeout, dpi))
        return replayed(image, lang, psm, timeout, dpi=dpi, whitelist=whitelist, choices=choices)

    tesseract.run_tsv = keep
    return largest


def main(paths: list[str], replay: Path | None = None) -> dict:
    resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))
    sys.path.insert(0, str(ROOT))
    from ocr import tesseract
    from ocr.options import OcrOptions
    from ocr.pipeline import read_file
    from sohoa.errors import QuarantineError

    # Tesseract as the command, so its peak is measured apart; kept loaded in the worker it is part of
    # python_mb instead, and worker_mb (their sum) still bounds what the worker holds
    tesseract.IN_PROCESS = False

    spare = Path(paths[0] + ".largest.png") if paths else Path("largest.png")
    largest = _replay(replay, spare) if replay else None
    out: dict = {}

    def read(p: str) -> None:
        try:
            out[p] = [page.flags for page in read_file(Path(p), OcrOptions(), Path(p + ".work"))]
        except QuarantineError as e:
            out[p] = e.reason.value
        except MemoryError:
            out[p] = "MemoryError"

    probe = ChildPeak()
    probe.start()
    start = time.monotonic()
    threads = [threading.Thread(target=read, args=(p,)) for p in paths]
    [t.start() for t in threads]
    [t.join() for t in threads]
    seconds = round(time.monotonic() - start, 1)
    if largest and largest["pixels"]:
        from PIL import Image

        lang, psm, timeout, dpi = largest["args"]
        with Image.open(spare) as image:
            largest["real"](image, lang, psm, timeout, dpi=dpi)
    probe.done.set()
    probe.join()
    python_mb, tess_mb = _hwm_kb() // 1024, probe.peak_kb // 1024
    return {"results": out, "python_mb": python_mb, "tesseract_mb": tess_mb, "worker_mb": python_mb + tess_mb,
            "seconds": seconds}


def peak_read(*paths: Path, replay: Path | None = CACHE, timeout: float = 600) -> dict:
    """This reader's report on `paths`, read in a fresh process so no other test's allocations count;
    results are keyed by file name."""
    cmd = [sys.executable, __file__, *(["--replay", str(replay)] if replay else []), *map(str, paths)]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    report["results"] = {Path(k).name: v for k, v in report["results"].items()}
    return report


if __name__ == "__main__":
    args = sys.argv[1:]
    cache = None
    if args[:1] == ["--replay"]:
        cache, args = Path(args[1]), args[2:]
    print(json.dumps(main(args, cache)))
