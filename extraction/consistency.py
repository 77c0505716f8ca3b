"""Self-consistency: a name printed twice in a dossier should be printed the same way.

A person's name stands in the form, above the signature and in the decision; the agency's
place name stands in its header, in the place-date line and in the authority line. Tesseract
is often sure of a wrong tone mark, but rarely wrong the same way twice: another spelling of
the same letters elsewhere lowers the confidence, the same spelling raises it.
"""
from __future__ import annotations

import re

from extraction.candidates import Candidate
from extraction.text import Line, fold, nfc
from extraction.values import KIND, NAME

_UNIT = re.compile(r"^(?:.*\s)?(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh)\s+(.+)$")
DISAGREE_FACTOR = 0.6
SECOND_READING = 0.6  # weight of the same spelling found again


def _phrase(c: Candidate) -> str | None:
    """The letters to look for elsewhere: the whole name, or the agency's place name."""
    value = nfc(c.parsed.value or "")
    if KIND.get(c.key) == NAME:
        return value if len(value.split()) >= 2 else None
    if c.key == "issuing_agency":
        m = _UNIT.match(fold(value))
        return value[m.start(1):] if m and len(m.group(1).split()) >= 1 else None
    return None


def check(best: dict[str, Candidate], lines: list[Line]) -> None:
    for c in best.values():
        if c.parsed.problem or c.ocr >= 1.0:
            continue
        phrase = _phrase(c)
        if not phrase:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(fold(phrase)) + r"(?!\w)")
        own = {(c.page, w.line) for w in c.words}
        same, others = 0, []
        for ln in lines:
            if (ln.page, ln.index) in own:
                continue
            folded = fold(ln.text)
            for m in pattern.finditer(folded):
                printed = ln.text[m.start() : m.end()]
                if printed.lower() == phrase.lower():
                    same += 1
                else:
                    others.append(printed.lower())
        if others:
            c.text_factor *= DISAGREE_FACTOR
            c.extra["consistency"] = "differs"
            # a place name is no lexicon word, so a repeated spelling is the best evidence there is;
            # names have the lexicon, and one font misreads one name alike on every page
            if c.key == "issuing_agency" and not same and len(others) >= 2 and len(set(others)) == 1:
                _take_spelling(c, phrase, others[0])
        elif same and c.text_factor >= 1.0 and c.match >= 0.9:
            # a doubtful spelling repeated is the same doubt; a value from a fallback source
            # (the authority line) stays as uncertain as its source
            c.extra["agrees"] = max(c.extra.get("agrees", 0.0),
                                    1 - (1 - c.confidence) * (1 - SECOND_READING))
            c.extra["consistency"] = "same"


def _take_spelling(c: Candidate, phrase: str, spelling: str) -> None:
    """Printed alike at least twice elsewhere and never as we read it: that spelling is the
    likelier one. The value stays as doubtful as a disagreement makes it."""
    value = nfc(c.parsed.value)
    start = value.lower().rfind(phrase.lower())
    if start < 0:
        return
    printed = value[start : start + len(phrase)]
    new = spelling.upper() if printed.isupper() else " ".join(w.capitalize() for w in spelling.split())
    c.parsed.value = value[:start] + new + value[start + len(phrase):]
    c.extra["consistency"] = "respelled"
    c.extra.pop("agrees", None)  # what agreed was the other spelling
