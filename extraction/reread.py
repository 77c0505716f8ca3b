"""Second reading of numeric values from the page image, word by word, digits only.

Tesseract's page pass reads a date like 'ngày 11 tháng 08' in italics as 'ngày TÌ tháng 0S', or
gives a correct '1364/QĐ-UBND' a confidence of 23. Re-reading each numeric word alone (page
segmentation 'single word', digits whitelisted) is a second opinion: when it agrees the value
gains confidence, when it disagrees the value goes to review.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from sohoa.documents import Page, Word
from extraction import official as off
from extraction.candidates import INVALID_FACTOR, Candidate
from extraction.normalise import DATE_LOOKALIKES, date_parts, merge_date_readings
from extraction.text import Line, fold, union_bbox
from extraction.values import CITIZEN_ID, DATE, KIND, NAME, NUMBER, PHONE, TAX, Parsed, parse
from ocr import lookalikes
from ocr.options import OcrOptions
from ocr.region import KINDS, read_region


class RereadOptions(BaseModel):
    model_config = ConfigDict(frozen=True)

    enabled: bool = Field(True, description="re-read uncertain numeric values from the page image")
    below: float = Field(0.97, ge=0, le=1, description="only values less confident than this are re-read")
    reliability: float = Field(0.7, ge=0, le=0.95, description="weight of an agreeing second reading")
    lang: str = "vie"
    timeout: float = Field(10.0, gt=0)

    def ocr(self) -> OcrOptions:
        """The OCR options a region is read with: this language and this (shorter) timeout."""
        return OcrOptions(lang=self.lang, timeout=self.timeout)


@dataclass
class PageImage:
    """The upright page image, opened once per page, and what was read from it: a box asked for
    twice in one dossier (a header read for the fields and for its document) is read once."""

    page: Page
    image: object | None = None
    readings: dict = field(default_factory=dict)

    def load(self) -> PageImage | None:
        """Self when the page has an image to read from, else None."""
        if self.image is None and self.page.image_path and Path(self.page.image_path).exists():
            from PIL import Image

            img = Image.open(self.page.image_path)
            img.load()
            self.image = img.convert("L")
            if self.image.size != (self.page.width, self.page.height):  # a large page, read downsampled:
                self.image = self.image.resize((self.page.width, self.page.height))  # boxes are the original's
        return self if self.image is not None else None

    @property
    def width(self) -> int:
        return self.image.width

    def read(self, bbox, kind: str, opts: RereadOptions, psm: int | None, exact: bool,
             scale: float | None = None) -> str:
        key = (tuple(bbox), kind, psm, exact, opts.lang, scale)
        if key not in self.readings:
            self.readings[key] = read_region(self.image, bbox, opts=opts.ocr(), kind=kind, psm=psm,
                                             context=not exact, scale=scale, dpi=self.page.dpi).text
        return self.readings[key]


def read_line(img: PageImage, words: list[Word], opts: RereadOptions, extend: float = 0.0) -> str | None:
    """The words' common box read as one line of text (context helps a short day or month);
    `extend` widens it rightwards by that many line heights, for a last word OCR lost."""
    box = (min(w.bbox[0] for w in words), min(w.bbox[1] for w in words),
           max(w.bbox[2] for w in words), max(w.bbox[3] for w in words))
    box = (box[0], box[1], min(img.width, box[2] + int(extend * (box[3] - box[1]))), box[3])
    return read_word(img, Word(text="", conf=0, bbox=box), "line", opts)


def read_word(img: PageImage, word: Word, kind: str, opts: RereadOptions, psm: int | None = None,
              exact: bool = False) -> str | None:
    """The text of one box read alone (ocr.region kinds: 'digits', 'date', 'phone', 'word',
    'line'); None when Tesseract gives nothing or fails. The box is widened with the page
    around it, or with `exact` with white paper only."""
    text = img.read(word.bbox, kind, opts, psm, exact)
    one_line = (psm or KINDS[kind][1]) == 7
    text = (" ".join(text.split()) if one_line else re.sub(r"\s+", "", text)).strip("_.,'`\"‘’“”:; ")
    return text or None


def read_after(img: PageImage, label: Word, opts: RereadOptions, width: int = 12) -> str | None:
    """What is printed right of a label whose value OCR lost ('Số:' and then nothing), within
    `width` line heights."""
    x0, y0, x1, y1 = label.bbox
    h = max(1, y1 - y0)
    box = (x1 + h // 4, y0, min(img.width, x1 + width * h), y1)  # read_word pads it
    return read_word(img, Word(text="", conf=0, bbox=box), "line", opts)


def numeric_words(raw_words: list[Word], key_kind: str) -> list[tuple[int, str]]:
    """(index, region kind) of the words of a value that carry its digits.

    Short words (a day '4', a month '11') read alone come back wrong too often to be a second
    opinion, so only words of four characters or more are re-read; a date printed in words
    ('ngày 05 tháng 3 năm 2020') is therefore not re-read at all.
    """
    out = []
    for i, w in enumerate(raw_words):
        t = w.text.strip(".,;:")
        if len(t) < 4:
            continue
        if key_kind == "date":
            if "/" in t:
                out.append((i, "date"))
        elif any(c.isdigit() for c in t):
            out.append((i, "digits"))
    return out


_REREAD_KINDS = (CITIZEN_ID, TAX, PHONE, NUMBER, DATE)
# § and $ are never repaired in a strict value: a word holding one most needs its second reading
_NUMERIC_WORD = re.compile("^[0-9" + re.escape(lookalikes.NUMERIC_TOKEN + "§$") + r".\-()+/]+$")


def _caps_doubted(c: Candidate) -> bool:
    """A business name printed in capitals, or a person's name in capitals whose spelling looks
    misread ('TRÂN' for 'TRẦN'): their marks are worth a second reading."""
    if c.ocr >= 1.0 or not c.parsed.value or not c.words:
        return False
    if c.key == "business_name":
        return off.is_caps(c.parsed.value)
    return KIND.get(c.key) == NAME and c.text_factor < 1.0 and off.is_caps(" ".join(w.text for w in _own_words(c)))


def _own_words(c: Candidate) -> list[Word]:
    """A person's name's own words: up to the comma or bracket that ends it ('…, năm sinh 1980')."""
    if KIND.get(c.key) != NAME:
        return c.words
    for i, w in enumerate(c.words):
        if re.search(r"[(,;]", w.text):
            return c.words[: i + 1] if w.text[0] not in "(,;" else c.words[:i]
    return c.words


def _caps_marks(c: Candidate, img: PageImage, opts: RereadOptions) -> None:
    """A name printed in capitals, each of its lines read again alone at 1× and 2×.

    In the page pass Tesseract loses or swaps the small tone marks of capitals ('NGHIỆP' read
    'NGHIẸP', 'DUYÊN' read 'DUYEN') while its word confidence stays high; given the line alone
    it keeps them. Two line readings that agree, letter for letter with the page's, give the
    value its marks; readings that disagree with each other make it doubtful."""
    by_line: dict[int, list[Word]] = {}
    for w in _own_words(c):
        by_line.setdefault(w.line, []).append(w)
    readings = []
    for words in by_line.values():
        box = union_bbox(words)
        pair = [" ".join(read_region(img.image, box, opts=opts.ocr(), kind="line", scale=s,
                                     dpi=img.page.dpi).text.split()).upper().strip(_EDGE_JUNK)
                for s in (1.0, 2.0)]
        if pair[0] != pair[1]:
            if KIND.get(c.key) == NAME:
                return  # read only because its spelling is doubted: it stays as doubtful as that
            c.extra["reread"] = "disagree"
            c.extra["reliability"] = opts.reliability
            return
        readings += pair[0].split()
    first = c.parsed.value.split()
    if len(first) != len(readings) or any(_bare(a) != _bare(b) for a, b in zip(first, readings)):
        return  # another segmentation or other letters: the lines say nothing word by word
    marked = " ".join(_with_marks(a, b) for a, b in zip(first, readings))
    c.extra["reread"] = "agree"
    if KIND.get(c.key) == NAME:  # a person's name: spelled as usual and judged again
        c.parsed = parse(c.key, marked)
        c.judge_spelling()
    elif marked != c.parsed.value:
        c.parsed = Parsed(marked, c.parsed.repairs, c.parsed.problem)


# what a line crop picks up at its edges from the label or leaders beside the value
_EDGE_JUNK = "_.,:;'\"“”‘’`-–—|() "


def _bare(word: str) -> str:
    return fold(word.strip(".,;:")).upper()


def _with_marks(page_word: str, line_word: str) -> str:
    """The page's word with the line reading's letters, its own punctuation kept."""
    core = page_word.strip(".,;:")
    i = page_word.index(core) if core else 0
    return page_word[:i] + line_word.strip(".,;:") + page_word[i + len(core):]


def second_reading(best: dict[str, Candidate], images: dict[int, PageImage], opts: RereadOptions) -> None:
    for key, c in best.items():
        kind = KIND.get(key)
        if _caps_doubted(c):
            img = images[c.page].load() if c.page in images else None
            if img is not None:
                _caps_marks(c, img, opts)
            continue
        if (key != "document_number" and kind not in _REREAD_KINDS) or c.ocr >= 1.0 or not c.words:
            continue
        if c.confidence >= opts.below and c.parsed.problem is None:
            continue
        img = images[c.page].load() if c.page in images else None
        if img is None:
            continue
        if c.extra.get("label_only"):
            second = read_after(img, c.words[0], opts)
            if second:
                _compare(c, second, opts.reliability)
            continue
        if kind == DATE and not numeric_words(c.words, "date"):
            _reread_worded_date(c, img, opts)
            continue
        if key == "document_number":
            targets = [(i, "word") for i in range(len(c.words))]
        elif kind == DATE:
            targets = numeric_words(c.words, "date")
        else:
            region = "phone" if kind == PHONE else "digits"
            targets = [(i, region) for i, w in enumerate(c.words)
                       if _NUMERIC_WORD.match(w.text) and any(ch.isdigit() for ch in w.text)
                       and len(w.text.strip(".,;:")) >= 4]
        if not targets:
            continue
        # a number the page pass read with a digit lost or gained (an ID of 11 digits) may come
        # back whole; a valid one read with another length says nothing
        second = _reread_words(img, c.words, targets, opts,
                               same_length=c.parsed.problem is None or kind == DATE)
        if second and _compare(c, second, opts.reliability) and kind == DATE:
            _prefer_doubted(c, second, targets)


def _reread_words(img, words: list[Word], targets: list[tuple[int, str]], opts: RereadOptions,
                  same_length: bool = True) -> str | None:
    """The value's words with the targets read again alone; None when a target came back
    with lost or extra characters (a lone short word read so says nothing)."""
    texts = [w.text for w in words]
    for i, region in targets:
        t = read_word(img, words[i], region, opts)
        if t is None or (same_length and len(t) != len(words[i].text.strip(".,;:"))):
            return None
        texts[i] = t
    return " ".join(texts)


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped by printed row: a phrase OCR split in two lines is still one row."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.bbox[1] + w.bbox[3]) / 2):
        mid = (w.bbox[1] + w.bbox[3]) / 2
        if rows and rows[-1][0].bbox[1] <= mid <= rows[-1][0].bbox[3]:
            rows[-1].append(w)
        else:
            rows.append([w])
    return rows


def _reread_worded_date(c: Candidate, img, opts: RereadOptions) -> None:
    """'ngày DD tháng MM năm YYYY'. Unreadable: its garbled number words read alone, else the
    whole row again (for a lost word), may give a date (never certain: see final_confidence). Readable: the year read
    alone is a second opinion on the digit most often misread ('2016' for '2018')."""
    if c.parsed.problem:
        year_lost = not (date_parts(c.raw) or ("", "", "x"))[2]
        with_lost = _lost_parts(c, img, opts)
        targets = [(i, "digits") for i, w in enumerate(c.words) if _DATE_PART.match(w.text) and not w.text.isdigit()]
        second = _reread_words(img, c.words, targets, opts, same_length=False) if targets else None
        merged = merge_date_readings(c.raw, with_lost, second) if second or with_lost else None
        if merged and _compare(c, merged, opts.reliability):
            return
        parts = [read_line(img, ws, opts, extend=3.0 if year_lost else 0.0) for ws in _rows(c.words)]
        merged = merge_date_readings(c.raw, with_lost, second, " ".join(parts)) if all(parts) else None
        if merged:
            _compare(c, merged, opts.reliability)
        return
    years = [(i, "digits") for i, w in enumerate(c.words) if _YEAR.match(w.text)]
    second = _reread_words(img, c.words, years, opts) if years else None
    year_agrees = bool(second) and parse(c.key, second).value == c.parsed.value
    if second and _compare(c, second, opts.reliability, confirms_only_repairs=True):
        _prefer_doubted(c, second, years)
    if c.extra.get("reread") == "disagree":
        return
    alone, second = _day_month_alone(c, img, opts)
    if alone == "differ":
        # the day or month read alone, twice alike, is another number: that reading is the
        # likelier one (see _day_month_alone), offered as the value, never certain
        other = parse(c.key, second)
        if other.value and not other.problem:
            c.extra["second"] = (c.parsed, c.raw)
            c.parsed, c.raw = other, second
        c.extra["reread"] = "disagree"
        c.extra["reliability"] = opts.reliability
    elif alone == "agree" and year_agrees:
        # day, month and year each read again alone and all the same: a second opinion
        c.extra["reread"] = "agree"
        c.extra["reliability"] = opts.reliability


def _day_month_alone(c: Candidate, img, opts: RereadOptions) -> tuple[str | None, str | None]:
    """The day and month read again alone, on white paper only, at one and at two times the size:
    ('agree', None) when both readings of both match the page pass, ('differ', the date's text
    with them) when both readings of one agree on another number, else (None, None).

    With the page around it a short number read alone disagrees too often to mean anything
    ('03' read '08' beside the 'tháng'); alone on white, twice alike, it was right in every
    italic-date disagreement of the tune seeds ('28' that the page pass read '26')."""
    texts = [w.text for w in c.words]
    same, differ = 0, False
    for i, w in enumerate(c.words[:-1]):
        nxt = c.words[i + 1]
        if fold(w.text).strip(".,:") not in ("ngay", "thang") or not nxt.text.isdigit() or len(nxt.text) > 2:
            continue
        readings = {img.read(nxt.bbox, "digits", opts, None, True, scale) for scale in (1.0, 2.0)}
        alone = readings.pop().strip() if len(readings) == 1 else ""
        if not alone.isdigit() or len(alone) != len(nxt.text):
            continue  # a digit more or less: the crop lost or caught one, no opinion
        if alone == nxt.text:
            same += 1
        else:
            texts[i + 1], differ = alone, True
    if differ:
        return "differ", " ".join(texts)
    return ("agree" if same == 2 else None), None


def _lost_parts(c: Candidate, img, opts: RereadOptions) -> str | None:
    """A day, month or year OCR lost ('ngày  tháng 08 năm 2024', '… tháng 9 năm'): the digits
    in the gap between its keywords (or right of 'năm'), read alone, put in its place."""
    parts = date_parts(c.raw)
    if not parts or all(parts):
        return None
    keys = {fold(w.text).strip(".,:"): w for w in c.words}
    found = list(parts)
    for i, (left, right) in enumerate((("ngay", "thang"), ("thang", "nam"), ("nam", None))):
        if parts[i] or left not in keys:
            continue
        lw = keys[left]
        h = max(1, lw.bbox[3] - lw.bbox[1])
        # a gap between two keywords is read whole (italic digits lean into it); after 'năm'
        # the year starts a little way off
        x0, x1 = (lw.bbox[2], keys[right].bbox[0]) if right in keys else (lw.bbox[2] + h // 4, lw.bbox[2] + 4 * h)
        box = (x0, lw.bbox[1], min(img.width, x1), lw.bbox[3])
        if box[2] - box[0] < h // 2:
            continue
        gap = Word(text="", conf=0, bbox=box)
        # between keywords: the gap alone on white paper, else (an italic digit leaning out of
        # it) with its surroundings; a year has no right neighbour to crop against
        got = ((right and read_word(img, gap, "digits", opts, psm=7, exact=True))
               or read_word(img, gap, "digits", opts))
        # a gap that wide holds two digits: an italic '11' read alone often comes back '1'
        wide = (box[2] - box[0]) >= 1.4 * h
        if got and (len(got) == 4 if right is None else len(got) == 2 or (len(got) == 1 and not wide)):
            found[i] = got
    return f"ngày {found[0]} tháng {found[1]} năm {found[2]}" if found != list(parts) else None


def _prefer_doubted(c: Candidate, second: str, targets: list[tuple[int, str]]) -> None:
    """Digits of a date that the page pass was unsure of (word confidence under 90), read again
    alone and otherwise, were right in every case we checked ('2016' → '2018', '1961' → '1981');
    that reading is offered to the reviewer. The value stays uncertain either way."""
    if c.extra.get("reread") == "disagree" and min(c.words[i].conf for i, _ in targets) < DOUBTFUL_WORD:
        c.extra["second"] = (c.parsed, c.raw)  # the page pass's reading becomes the other one
        c.parsed = parse(c.key, second)
        c.raw = second


_DATE_PART = re.compile("^[0-9" + re.escape("".join(DATE_LOOKALIKES)) + "]{1,4}[.,;]?$")
DOUBTFUL_WORD = 90.0  # OCR word confidence under which the page pass's reading is in doubt
_YEAR = re.compile("^[0-9" + re.escape(lookalikes.NUMERIC_TOKEN) + "]{4}[.,;]?$")


def _compare(c: Candidate, second: str, reliability: float, confirms_only_repairs: bool = False) -> bool:
    """Second reading vs first. A whole line read again with the same engine tends to repeat
    the first reading's mistakes, so with `confirms_only_repairs` it only counts when it read
    plainly what the first reading had to guess (a 'TÌ' the first time, '11' now)."""
    if c.key == "document_number":
        dn = off.find_doc_number(Line(c.page, 0, "Số: " + second, []))
        other = Parsed(dn.value, dn.repairs) if dn else Parsed(None)
    else:
        other = parse(c.key, second)
    if other.value is None or other.problem:
        return False  # the second reading is no better: keep the first as it is
    c.extra["reliability"] = reliability
    if c.parsed.problem is None and other.value == c.parsed.value:
        if not confirms_only_repairs or other.repairs < c.parsed.repairs:
            c.extra["reread"] = "agree"
    elif c.parsed.problem is None:
        c.extra["reread"] = "disagree"
        c.extra["second"] = (other, second)  # another field may tell which reading is right
    else:  # the first reading was unusable, the second is a valid value
        c.extra["reread"] = "replaced"
        c.extra["first_problem"] = c.parsed.problem
        c.parsed = other
        c.raw = second
    return True


def final_confidence(c: Candidate) -> float:
    """Confidence after agreement with other readings (dossier, page image)."""
    reliability = c.extra.get("reliability", RereadOptions().reliability)
    conf = max(c.confidence, c.extra.get("agrees", 0.0))
    how = c.extra.get("reread")
    if how == "agree":
        conf = 1 - (1 - conf) * (1 - reliability)
    elif how == "disagree":
        conf *= 0.5
    elif how == "replaced":
        conf = reliability * c.match * (INVALID_FACTOR if c.parsed.problem else 1.0)
    return max(0.0, min(1.0, conf))
