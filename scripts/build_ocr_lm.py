"""Write ocr/data/vie_syllable_lm.tsv.gz: counts of Vietnamese syllables and of syllable pairs, the
language model `ocr/rescore.py` weighs Tesseract's other readings of a word with. Deterministic:

    .venv/bin/python scripts/build_ocr_lm.py MIRROR

MIRROR is a git checkout of github.com/hrmaster1982-dev/phapluat-8chude-data (the legal texts
bench/real_batch.py draws its real pages from). The documents bench/real_batch.py renders or re-scans
(bench/data/real/texts.jsonl and pdfs.json) are left out, so the real-pages bench does not score text
the model was built from; none of these texts is the sample generator's. Added: the administrative
vocabulary ocr/data/vie_admin_words.txt (scripts/build_ocr_words.py), once per word.

Rows: `syllable<TAB>count` and `left right<TAB>count` (lower case, NFC; a number is `0`) and the total
and number of syllables, sorted. Pairs seen fewer than MIN_PAIR times are dropped to keep the
file small.
"""
from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.real_batch import SOURCE_COMMIT  # noqa: E402
from ocr.rescore import KINDS, TOTAL  # noqa: E402
from sohoa.syllables import valid_syllable  # noqa: E402

OUT = ROOT / "ocr" / "data" / "vie_syllable_lm.tsv.gz"
REAL = ROOT / "bench" / "data" / "real"
MIN_PAIR = 2
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")


def tokens(text: str) -> list[str]:
    """Syllables (lower case) and numbers (`0`); anything else breaks the sequence (`None`)."""
    out: list[str | None] = []
    for t in TOKEN.findall(unicodedata.normalize("NFC", text).lower()):
        out.append("0" if t[0].isdigit() else t if valid_syllable(t) else None)
    return out


def held_out() -> set[str]:
    used = {json.loads(line)["doc"] for line in (REAL / "texts.jsonl").read_text(encoding="utf-8").splitlines()}
    return used | {d["doc"] for d in json.loads((REAL / "pdfs.json").read_text(encoding="utf-8"))}


def main(mirror: Path) -> None:
    git = ["git", "-C", str(mirror)]
    names = subprocess.run(git + ["ls-tree", "-r", "--name-only", SOURCE_COMMIT, "docs"],
                           capture_output=True, text=True, check=True).stdout.split()
    skip = held_out()
    uni, pairs = Counter(), Counter()
    used = 0
    for name in sorted(n for n in names if n.endswith(".txt")):
        if Path(name).stem in skip:
            continue
        text = subprocess.run(git + ["show", f"{SOURCE_COMMIT}:{name}"], capture_output=True, check=True).stdout
        used += 1
        for line in text.decode("utf-8", "replace").splitlines():
            toks = tokens(line)
            uni.update(t for t in toks if t)
            pairs.update(f"{a} {b}" for a, b in zip(toks, toks[1:]) if a and b)
    words = (ROOT / "ocr" / "data" / "vie_admin_words.txt").read_text(encoding="utf-8").split()
    uni.update(t for w in words for t in tokens(w) if t)
    rows = [f"{k}\t{v}" for k, v in uni.items()] + [f"{k}\t{v}" for k, v in pairs.items() if v >= MIN_PAIR]
    # one sorted list (a tab sorts before a space, so by key): looked up by bisection, not loaded in a dict
    rows = sorted(rows + [f"{TOTAL}\t{sum(uni.values())}", f"{KINDS}\t{len(uni)}"])
    with gzip.GzipFile(OUT, "wb", mtime=0) as fh:
        fh.write(("\n".join(rows) + "\n").encode("utf-8"))
    print(f"{used} documents ({len(skip)} held out), {len(uni)} syllables, "
          f"{sum(v >= MIN_PAIR for v in pairs.values())} pairs -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
