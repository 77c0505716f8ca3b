"""A second look at a page's first reading, so clean-up cannot make a page worse.

The page is read once, cleaned. Then, cheaply, from the reading and the image:
- ink of the page as scanned that no word of the reading covers (a line or a value the clean-up
  erased) is read from the uncleaned page;
- lines Tesseract doubts (low word confidences, few well-formed Vietnamese syllables) are read again
  from the uncleaned page and, enlarged, from the cleaned one, and each line keeps its best reading;
- numbers Tesseract doubts are read again at two enlargements and change only when both agree, on
  pages read again anyway (alone they are not worth a Tesseract start-up: extraction reads its
  fields' numbers again through the same `ocr.region` entry point).
All of these go to Tesseract in one call (`region.read_regions`), and only pages that need it pay it.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from statistics import median

import cv2
import numpy as np

from ocr.options import OcrOptions
from ocr.region import RegionReading, read_regions
from sohoa.syllables import valid_syllable

POOR_CONF = 70.0  # a line whose mean word confidence is lower is read again
POOR_VALID = 0.6  # ... or whose share of plausible words is lower
NUMBER_CONF = 60.0  # a word with a digit below this confidence is read again, enlarged
WORD_CONF = 70.0  # a word of letters below this is read again alone: the line's context misled the LSTM ('TTXH' -> 'TTIXH')
ENLARGE = 1.5
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
NARROWEST = 0.2  # of the text height: the narrowest ink looked at again (a row number's digit)
MAX_BOXES = 40  # a page needing more is left as read: the second look must stay cheap
LOOSE = re.compile(r"^\W*(.*?)\W*$")
NUMBER = re.compile(r"^\W*\d+(?:[./,:-]\d+)*\W*$")  # '1245', '12/3/2024', '0359.253.437', '152,4'



def plausible(text: str) -> bool:
    """A word a Vietnamese administrative page may hold: a well-formed syllable, a number or code
    with digits, or a short capitalised abbreviation ('UBND', 'QĐ')."""
    core = LOOSE.match(text).group(1)
    if not core:
        return False
    if any(c.isdigit() for c in core):
        return True
    parts = [p for p in re.split(r"[-/.]", core) if p]
    return bool(parts) and all(valid_syllable(p) or (p.isupper() and p.isalpha() and len(p) <= 6) for p in parts)


FRONT = "ieêy"  # vowels that take gh-, ngh-, k- and never g-, ng-, c-


def spelled(syl: str) -> bool:
    """A well-formed syllable also spelled as Vietnamese is: a stop final carries sắc or nặng
    ('đôt' is no syllable), and gh/ngh/k come before i e ê y, g/ng/c never do."""
    if not valid_syllable(syl):
        return False
    low = unicodedata.normalize("NFD", syl.lower())
    bare = unicodedata.normalize("NFC", "".join(c for c in low if c not in TONE_MARKS))
    if bare.endswith(("p", "t", "c", "ch")) and not any(c in low for c in "\u0301\u0323"):
        return False
    for ini in ("ngh", "gh", "k"):
        if bare.startswith(ini):
            return bare[len(ini):len(ini) + 1] in tuple(FRONT)
    for ini in ("ng", "c", "g"):
        if bare.startswith(ini) and not bare.startswith(("gi", "ch")):
            return bare[len(ini):len(ini) + 1] not in tuple(FRONT)
    return True


def syllables(word: str) -> list[str] | None:
    """The one way to cut a run of letters into two or three well-formed syllables of two or more
    letters each ('căncước' -> căn, cước), or None when there is no such way or more than one."""
    n = len(word)
    ways = []
    for i in range(2, n - 1):
        if spelled(word[:i]):
            if spelled(word[i:]):
                ways.append([word[:i], word[i:]])
            for j in range(i + 2, n - 1):
                if spelled(word[i:j]) and spelled(word[j:]):
                    ways.append([word[:i], word[i:j], word[j:]])
    fewest = min((len(w) for w in ways), default=0)
    best = [w for w in ways if len(w) == fewest]
    return best[0] if len(best) == 1 else None


def split_joined(words: list[dict]) -> list[dict]:
    """Put back the spaces Tesseract lost between syllables: Vietnamese writes every syllable as a
    word, so a word that is no syllable but is exactly two or three of them was two or three words
    ('căncước' beside a check box, 'đôthị'). Boxes are shared out by letters."""
    out = []
    for w in words:
        core = LOOSE.match(w["text"]).group(1)
        parts = syllables(core) if len(core) >= 4 and core.isalpha() and not plausible(w["text"]) else None
        if not parts:
            out.append(w)
            continue
        head, tail = w["text"].split(core, 1)
        parts[0], parts[-1] = head + parts[0], parts[-1] + tail
        x0, y0, x1, y1 = w["bbox"]
        total, done = sum(len(p) for p in parts), 0
        for p in parts:
            a = x0 + (x1 - x0) * done // total
            done += len(p)
            part = {**w, "text": p, "bbox": (a, y0, x0 + (x1 - x0) * done // total, y1)}
            part.pop("choices", None)  # letter choices belong to the whole word's letters
            out.append(part)
    return out


def score(words: list[dict]) -> float:
    """Evidence a reading is right: each character counts by how much Tesseract trusts it, less for
    implausible words. Dropping a doubtful word scores 0, keeping a garbage word below 0."""
    return sum(len(w["text"]) * (w["conf"] - (30 if not plausible(w["text"]) else 0) - 50) for w in words)


def bare(word: str) -> str:
    """The letters without their marks ('Đài' -> 'dai')."""
    nfd = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in nfd if not unicodedata.combining(c))


def same_kind(new: str, old: str) -> bool:
    """A word read alone may replace the line's reading of it only as another plausible word of the
    same make: no digits where there were none, capitals for capitals ('CƯỚC' for 'cước' is not a
    fix but the lost context), about as long. The same text changes nothing (its letter choices stay),
    nor do other marks on a word with small letters."""
    a, b = LOOSE.match(new).group(1), LOOSE.match(old).group(1)
    if bare(a) == bare(b) and not b.isupper():  # tone marks and đ of a lower-case word: the syllable
        return False  # model (ocr/rescore.py) judges those with the words around, the word alone cannot
    return (new != old and plausible(new) and not any(c.isdigit() for c in a) and abs(len(a) - len(b)) <= 1
            and a[:1].isupper() == b[:1].isupper() and a.isupper() == b.isupper())


def poor(words: list[dict]) -> bool:
    if not words:
        return False
    conf = sum(w["conf"] for w in words) / len(words)
    ok = sum(plausible(w["text"]) for w in words) / len(words)
    return conf < POOR_CONF or ok < POOR_VALID


def lines_of(words: list[dict]) -> dict[tuple, list[dict]]:
    out: dict[tuple, list[dict]] = {}
    for w in words:
        out.setdefault((w.get("block"), w.get("par"), w.get("line")), []).append(w)
    return out


def box_of(words: list[dict]) -> tuple[int, int, int, int]:
    return (min(w["bbox"][0] for w in words), min(w["bbox"][1] for w in words),
            max(w["bbox"][2] for w in words), max(w["bbox"][3] for w in words))


def uncovered_ink(gray: np.ndarray, words: list[dict], text_h: float,
                  removed: np.ndarray | None = None) -> list[tuple[int, int, int, int]]:
    """Boxes of word-sized ink on `gray` (page as scanned, levelled) that no word box covers;
    ink under `removed` (leaders, check boxes whitened on purpose) does not count."""
    f = 2  # half size: averaging 2x2 pixels halves sensor noise, and it is four times less work
    size = (gray.shape[1] // f, gray.shape[0] // f)
    small = cv2.medianBlur(cv2.resize(gray, size, interpolation=cv2.INTER_AREA), 3)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if removed is not None and removed.shape == gray.shape:
        ink[cv2.resize(removed.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST) > 0] = 0
    h = max(2.0, text_h / f)
    covered = np.zeros_like(ink)
    grow = int(0.3 * h) + 1
    for w in words:
        x0, y0, x1, y1 = (v // f for v in w["bbox"])
        covered[max(0, y0 - grow):y1 + grow, max(0, x0 - grow):x1 + grow] = 1
    # only ink outside the words is joined: a word Tesseract skipped between two it read ('bản sao
    # (5): Có') would otherwise merge with them and count as covered
    ink[covered > 0] = 0
    # characters of a word, and words of a value, merge; lines stay apart
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(h)), 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = []
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        # word-like: about a line high, not a rule, speck or picture; as narrow as a lone digit (a
        # table's row numbers '1', '2', '3' in a column of their own, which Tesseract's layout drops)
        if not (0.6 * h <= bh <= 2.2 * h and bw >= NARROWEST * h and area >= 0.2 * bw * bh):
            continue
        boxes.append((x * f, y * f, (x + bw) * f, (y + bh) * f))
    return boxes


CAPS_UP = 0.6  # of a capital word's height: the band above it is read with it
CAPS_CONF = 70.0
LINE_UP = 0.4  # of a line's height: a line read again takes the marks above its capitals


def with_marks(box: tuple[int, int, int, int], up: float | None = None) -> tuple[int, int, int, int]:
    """A box of words grown upward: the marks over capitals ('Â' of 'NHÂN') sit above the box
    Tesseract gave the word when, in tight lines, it took them for the line above's ink."""
    x0, y0, x1, y1 = box
    return x0, max(0, y0 - int((LINE_UP if up is None else up) * (y1 - y0))), x1, y1


def unmarked_capitals(text: str) -> bool:
    """A word of two or more capitals with no tone or vowel mark: 'THANH', 'NHAN' (maybe 'THÀNH',
    'NHÂN' whose marks Tesseract left to the line above)."""
    core = LOOSE.match(text).group(1)
    return (len(core) >= 2 and core.isalpha() and core.isupper() and core == bare(core).upper()
            and valid_syllable(core.lower()))


def ink_above(gray: np.ndarray, bbox: tuple[int, int, int, int]) -> bool:
    """Ink in the band just above a word box, where capitals carry their marks."""
    x0, y0, x1, y1 = bbox
    top = max(0, y0 - int(0.45 * (y1 - y0)))
    band = gray[top:max(top, y0 - 1), max(0, x0):x1]
    return band.size > 0 and int((band < 128).sum()) >= 4


def _as_words(reading: RegionReading, block: int) -> list[dict]:
    return [{"text": w.text, "conf": w.conf, "bbox": w.bbox, "block": block, "par": 1, "line": w.line + 1}
            for w in reading.words]


def second_look(words: list[dict], cleaned: np.ndarray, scanned: Callable[[], np.ndarray],
                removed: np.ndarray | None, opts: OcrOptions, dpi: int) -> list[dict]:
    """The page's words (working-image pixels) after the second look; see the module doc.
    `scanned` gives the page as scanned (levelled, colour marks dropped), made only when needed."""
    words = split_joined(words)
    if len(words) < 3:
        return words
    text_h = median(w["bbox"][3] - w["bbox"][1] for w in words)
    lines = lines_of(words)
    doubtful = [k for k, ws in lines.items() if poor(ws)]
    numbers = [w for w in words if w["conf"] < NUMBER_CONF and any(c.isdigit() for c in w["text"])
               and lines_of([w]).keys().isdisjoint(doubtful)]
    words_alone = [w for w in words if w["conf"] < WORD_CONF and len(LOOSE.match(w["text"]).group(1)) >= 2
                   and not any(c.isdigit() for c in w["text"]) and lines_of([w]).keys().isdisjoint(doubtful)]
    alone = {id(w) for w in words_alone}
    capitals = [w for w in words
                if id(w) not in alone and unmarked_capitals(w["text"]) and ink_above(cleaned, w["bbox"])]
    raw = scanned()
    missing = uncovered_ink(raw, words, text_h, removed)
    if 2 * (len(doubtful) + len(numbers)) + len(missing) + len(words_alone) + len(capitals) > MAX_BOXES:
        return words
    requests, jobs = [], []
    for k in doubtful:
        box = with_marks(box_of(lines[k]))
        requests += [(raw, box, 1.0), (cleaned, box, ENLARGE)]
        jobs.append(("line", k))
    for w in numbers:  # two enlargements: a digit changes only when both agree
        requests += [(cleaned, w["bbox"], ENLARGE), (cleaned, w["bbox"], 2.0)]
        jobs.append(("number", w))
    for w in words_alone:
        requests.append((cleaned, w["bbox"], 1.0))
        jobs.append(("word", w))
    for w in capitals:  # the word with the band above it, where its marks are
        requests.append((cleaned, with_marks(w["bbox"], CAPS_UP), 1.0))
        jobs.append(("capitals", w))
    for box in missing:
        requests.append((raw, box, 1.0))
        jobs.append(("missing", box))
    if not doubtful and not missing and not words_alone and not capitals:
        return words  # doubted numbers alone are not worth a Tesseract start-up; extraction rereads its fields
    readings = iter(read_regions(requests, opts=opts, dpi=dpi))
    out = {id(w): w for w in words}
    added: list[dict] = []
    block = 10_000
    for kind, what in jobs:
        if kind == "line":
            best = lines[what]
            for r in (next(readings), next(readings)):
                block += 1
                alt = _as_words(r, block)
                if alt and score(alt) > score(best):
                    best = alt
            if best is not lines[what]:
                for w in lines[what]:
                    out.pop(id(w), None)
                added += best
        elif kind == "number":
            a, b = _as_words(next(readings), 0), _as_words(next(readings), 0)
            if (len(a) == len(b) == 1 and a[0]["text"] == b[0]["text"] and NUMBER.match(a[0]["text"])
                    and min(a[0]["conf"], b[0]["conf"]) > what["conf"] + 10):
                what["text"], what["conf"] = a[0]["text"], min(a[0]["conf"], b[0]["conf"])
        elif kind == "word":
            a = _as_words(next(readings), 0)
            if len(a) == 1 and a[0]["conf"] > what["conf"] + 15 and same_kind(a[0]["text"], what["text"]):
                what["text"], what["conf"] = a[0]["text"], a[0]["conf"]
                what.pop("choices", None)  # the LSTM's letter choices were for the old reading
        elif kind == "capitals":
            a = _as_words(next(readings), 0)
            if (len(a) == 1 and a[0]["text"] != what["text"] and bare(a[0]["text"]) == bare(what["text"])
                    and a[0]["text"].isupper() == what["text"].isupper()
                    and valid_syllable(LOOSE.match(a[0]["text"]).group(1).lower())
                    and a[0]["conf"] >= CAPS_CONF):
                what["text"], what["conf"] = a[0]["text"], min(what["conf"], a[0]["conf"])
                what.pop("choices", None)
        else:
            block += 1
            # ink nobody read: keep only words Tesseract is sure of and that look like text (a lone
            # digit too, also in brackets: a form's note mark '(5):')
            alt = [w for w in _as_words(next(readings), block) if w["conf"] >= 70 and plausible(w["text"])
                   and (len(core := LOOSE.match(w["text"]).group(1)) > 1 or core.isdigit())]
            added += alt
    return list(out.values()) + added
