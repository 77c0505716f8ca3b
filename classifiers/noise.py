"""Simulated OCR damage for training text: lost tone marks, letter confusions, broken lines.

Real OCR of degraded scans is slow; the model is trained on printed text passed through this, and
evaluated on real OCR output (bench/).
"""
from __future__ import annotations

import random
import unicodedata

_CONFUSIONS = {
    "o": "0", "O": "0", "l": "1", "i": "l", "I": "l", "m": "rn", "rn": "m", "e": "c", "c": "e",
    "u": "ư", "ư": "u", "ơ": "o", "ô": "o", "đ": "d", "Đ": "D", "a": "ă", "ă": "a", "n": "h", "h": "n",
    "S": "5", "B": "8", "g": "q", "t": "f",
}
_KEYS = sorted(_CONFUSIONS, key=len, reverse=True)


def _drop_tones(word: str) -> str:
    t = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in t if not unicodedata.combining(c)))


def _confuse(word: str, rng: random.Random) -> str:
    spots = [(i, k) for k in _KEYS for i in range(len(word)) if word.startswith(k, i)]
    if not spots:
        return word
    i, k = rng.choice(spots)
    return word[:i] + _CONFUSIONS[k] + word[i + len(k):]


def degrade_text(text: str, rng: random.Random, level: float = 0.5) -> str:
    """Damage `text` at `level` 0..1 (0 = untouched); page breaks (\\f) are kept."""
    if level <= 0:
        return text
    tone_loss_all = rng.random() < 0.25 * level  # some scans lose every accent
    pages = []
    for page in text.split("\f"):
        lines = []
        for line in page.split("\n"):
            if rng.random() < 0.04 * level:  # line not read at all
                continue
            words = []
            for w in line.split(" "):
                if tone_loss_all or rng.random() < 0.3 * level:
                    w = _drop_tones(w)
                if rng.random() < 0.08 * level:
                    w = _confuse(w, rng)
                if rng.random() < 0.02 * level and len(w) > 3:  # a syllable split in two
                    cut = rng.randrange(1, len(w) - 1)
                    w = w[:cut] + " " + w[cut:]
                words.append(w)
            joiner = "" if rng.random() < 0.02 * level else " "  # words run together
            lines.append(joiner.join(words))
        pages.append("\n".join(lines))
    return "\f".join(pages)


def augment(texts: list[str], labels: list[str], copies: int = 1, seed: int = 0,
            level: float = 0.6) -> tuple[list[str], list[str]]:
    """The clean texts plus `copies` damaged copies of each, levels varied around `level`."""
    rng = random.Random(seed)
    out_x, out_y = list(texts), list(labels)
    for _ in range(copies):
        for t, y in zip(texts, labels):
            out_x.append(degrade_text(t, rng, level * rng.uniform(0.3, 1.5)))
            out_y.append(y)
    return out_x, out_y
