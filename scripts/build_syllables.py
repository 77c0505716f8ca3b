"""Write extraction/data/vie_syllables.txt: the Vietnamese syllables of Tesseract's own `vie`
word list (Debian's tesseract-ocr-vie), a lexicon that neither the sample generator nor any
benchmark name source was drawn from. Run once when the package changes:

    .venv/bin/python scripts/build_syllables.py
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extraction.plausible import valid_syllable  # noqa: E402

TRAINEDDATA = Path("/usr/share/tesseract-ocr/5/tessdata/vie.traineddata")
OUT = ROOT / "extraction" / "data" / "vie_syllables.txt"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = f"{tmp}/vie."
        subprocess.run(["combine_tessdata", "-u", str(TRAINEDDATA), prefix], check=True, capture_output=True)
        words = Path(tmp, "words.txt")
        subprocess.run(["dawg2wordlist", prefix + "lstm-unicharset", prefix + "lstm-word-dawg", str(words)],
                       check=True, capture_output=True)
        text = unicodedata.normalize("NFC", words.read_text(encoding="utf-8")).lower()
    syllables = sorted({t for t in re.findall(r"[^\W\d_]+", text) if valid_syllable(t)})
    OUT.write_text("# syllables of tesseract-ocr-vie's word list (scripts/build_syllables.py)\n"
                   + "\n".join(syllables) + "\n", encoding="utf-8")
    print(f"{len(syllables)} syllables -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
