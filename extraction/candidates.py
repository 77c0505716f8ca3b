"""A candidate value for one field, with where it came from and how sure we are of it."""
from __future__ import annotations

from dataclasses import dataclass, field

from sohoa.documents import Word
from extraction.plausible import MARKS_FACTOR, name_factor, snap_family, text_factor
from extraction.text import Line, min_conf
from extraction.units import commune_spellings, respell_place
from extraction.values import ADDRESS, CITIZEN_ID, KIND, NAME, NUMBER, PHONE, TAX, TEXT, Parsed, parse

REPAIR_FACTOR = 0.93  # each guessed character (O→0, QD→QĐ) costs this much confidence
# In an ID, parcel or sheet number a guessed digit cannot be checked against anything (the
# CCCD has no check digit): one guess is enough to send it to review.
STRICT_REPAIR_FACTOR = 0.8
INVALID_FACTOR = 0.5
UNKNOWN_PLACE_FACTOR = 0.6  # an agency named after a commune no list holds: its name was misread


@dataclass
class Candidate:
    key: str
    raw: str
    parsed: Parsed
    page: int
    words: list[Word]
    match: float  # how sure we are this text is the field (label score, layout cue), 0..1
    order: tuple[int, int]  # (page, line) for stable choice
    ocr: float = 1.0  # 0..1 from word confidences
    priority: int = 1  # which source wins when both are valid (form label over decision body...)
    extra: dict = field(default_factory=dict)
    text_factor: float = 1.0  # plausibility of the printed text itself (syllables, lexicon)

    def __post_init__(self):
        kind = KIND.get(self.key)
        if kind in (CITIZEN_ID, TAX, PHONE, NUMBER) and self.parsed.value and self.ocr < 1.0:
            # 'Căn cước công dân số 0741… do … cấp ngày …': the number's own words judge it
            own = [w for w in self.words if any(ch.isdigit() for ch in w.text)]
            if own and len(own) < len(self.words):
                self.words = own
                self.ocr = ocr_factor(own)
        if self.ocr < 1.0 and self.parsed.value:  # OCR text: judge the spelling too
            self.judge_spelling()

    def judge_spelling(self) -> None:
        """The printed text's plausibility (and a family name's one spelling, as doubtful)."""
        kind = KIND.get(self.key)
        if kind == NAME:
            self.text_factor = name_factor(self.parsed.value)
            snapped, n = snap_family(self.parsed.value)
            if n:  # the family name OCR gave other marks: its one spelling, as doubtful
                self.parsed = Parsed(snapped, self.parsed.repairs + n, self.parsed.problem)
        elif kind in (ADDRESS, TEXT):
            self.text_factor = text_factor(self.parsed.value)
            if self.key == "issuing_agency":
                self._judge_place()

    def _judge_place(self) -> None:
        """A commune's People's Committee is named after a real commune: a place no list holds
        was misread; one printed with other marks than any known spelling is doubted, and takes
        the spelling when there is only one."""
        found = commune_spellings(self.parsed.value)
        if found is None:
            return
        place, spellings = found
        if not spellings:
            self.text_factor *= UNKNOWN_PLACE_FACTOR
            return
        respelled = {respell_place(place, s) for s in spellings}
        if place in respelled:
            return
        self.text_factor *= MARKS_FACTOR
        if len(respelled) == 1:
            value = self.parsed.value
            value = value[: len(value) - len(place)] + respelled.pop()
            self.parsed = Parsed(value, self.parsed.repairs + 1, self.parsed.problem)

    @property
    def confidence(self) -> float:
        strict = KIND.get(self.key) in (CITIZEN_ID, TAX, PHONE, NUMBER)
        c = self.ocr * self.match * self.text_factor
        c *= (STRICT_REPAIR_FACTOR if strict else REPAIR_FACTOR) ** self.parsed.repairs
        if self.parsed.problem:
            c *= INVALID_FACTOR
        return max(0.0, min(1.0, c))


def ocr_factor(words: list[Word], line: Line | None = None) -> float:
    """0..1 from the words that printed the value: the mean pulled toward the weakest word."""
    if line is not None and line.text_layer:
        return 1.0
    if not words:
        words = line.words if line else []
    if not words:
        return 0.9  # no word boxes to judge by
    mean = sum(w.conf for w in words) / len(words)
    return (0.5 * mean + 0.5 * min_conf(words)) / 100.0


def from_lines(key: str, lines: list[Line], match: float, raw: str | None = None,
               span: tuple[int, int] | None = None, priority: int = 1) -> Candidate:
    first = lines[0]
    if span:
        words = first.span_words(*span)
    else:
        words = [w for ln in lines for w in ln.words]
    raw = raw if raw is not None else " ".join(ln.text.strip() for ln in lines)
    return Candidate(key, raw, parse(key, raw), first.page, words, match, (first.page, first.index),
                     ocr_factor(words, first), priority)
