"""Stage 1: match form titles and result subject lines against the catalog's cues.

Matching runs on tone-stripped text with edit-distance ratios, so 'TO KHAI DANG KY KHAI S1NH' still
scores high for 'TỜ KHAI ĐĂNG KÝ KHAI SINH'. Titles are looked for only in upper-case lines (a body
sentence such as 'đề nghị cấp giấy phép xây dựng' is not a title); result cues only in the
'Về việc ...' subject line, where a longer line may contain the cue.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .catalog import Catalog
from .text import strip_tones

_SUBJECT = re.compile(r"^\s*(?:v[eề]\s*vi[eệ]c|v\s*/\s*v)\b[\s:.]*(.*)$", re.IGNORECASE)
_CODE = re.compile(r"(?<![\d.])(\d)\s?\.\s?(\d{6})(?![\d])")
RESULT_WEIGHT = 0.97  # a form title outranks a result subject line when both are present
CODE_SCORE = 95.0


@dataclass
class RuleResult:
    scores: dict[str, float] = field(default_factory=dict)  # procedure key -> 0..100
    evidence: dict[str, str] = field(default_factory=dict)  # procedure key -> what matched
    form_scores: dict[str, float] = field(default_factory=dict)  # procedure key -> best form-title score

    def ranked(self) -> list[tuple[str, float]]:
        return sorted(self.scores.items(), key=lambda kv: -kv[1])

    @property
    def best(self) -> tuple[str | None, float, float]:
        """(key, score, margin over the next procedure)."""
        r = self.ranked()
        if not r or r[0][1] <= 0:
            return None, 0.0, 0.0
        second = r[1][1] if len(r) > 1 else 0.0
        return r[0][0], r[0][1], r[0][1] - second


@dataclass
class _Compiled:
    titles: list[tuple[str, str]]  # (procedure key, stripped cue)
    results: list[tuple[str, str]]


_cache: dict[int, tuple[Catalog, _Compiled]] = {}


def _compile(catalog: Catalog) -> _Compiled:
    hit = _cache.get(id(catalog))
    if hit and hit[0] is catalog:
        return hit[1]
    c = _Compiled(
        titles=[(p.key, strip_tones(t)) for p in catalog.procedures for t in p.form_titles],
        results=[(p.key, strip_tones(t)) for p in catalog.procedures for t in p.result_cues],
    )
    _cache[id(catalog)] = (catalog, c)
    return c


def _is_upper_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 6:
        return False
    return sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def title_windows(lines: list[str]) -> list[str]:
    """Upper-case lines and pairs of consecutive ones (long titles wrap)."""
    out: list[str] = []
    flags = [_is_upper_line(x) for x in lines]
    for i, line in enumerate(lines):
        if not flags[i]:
            continue
        out.append(strip_tones(line))
        if i + 1 < len(lines) and flags[i + 1]:
            out.append(strip_tones(line + " " + lines[i + 1]))
    return [w for w in out if w]


def subject_windows(lines: list[str]) -> list[str]:
    """The 'Về việc ...' line with the next line it may wrap onto."""
    out: list[str] = []
    for i, line in enumerate(lines):
        m = _SUBJECT.match(line) or _SUBJECT.match(strip_tones(line))
        if m:
            rest = m.group(1)
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            out.append(strip_tones(rest + " " + nxt))
    return [w for w in out if w]


def _title_score(cue: str, window: str) -> float:
    if len(window) <= 1.3 * len(cue):
        return fuzz.ratio(cue, window)
    # a title sharing its line with other print: look for it inside, a little less trusted
    return 0.95 * fuzz.partial_ratio(cue, window)


def match(pages_text: list[str], catalog: Catalog) -> RuleResult:
    comp = _compile(catalog)
    res = RuleResult(scores={p.key: 0.0 for p in catalog.procedures})

    def offer(key: str, score: float, why: str) -> None:
        if score > res.scores.get(key, 0.0):
            res.scores[key] = score
            res.evidence[key] = why

    for text in pages_text:
        lines = [x.strip() for x in (text or "").splitlines() if x.strip()]
        for w in title_windows(lines):
            for key, cue in comp.titles:
                score = _title_score(cue, w)
                res.form_scores[key] = max(score, res.form_scores.get(key, 0.0))
                offer(key, score, "form_title")
            for key, cue in comp.results:  # certificates print their kind as a heading
                offer(key, RESULT_WEIGHT * _title_score(cue, w), "result_heading")
        for w in subject_windows(lines):
            for key, cue in comp.results:
                offer(key, RESULT_WEIGHT * fuzz.partial_ratio(cue, w), "subject_line")
        for m in _CODE.finditer(text or ""):
            p = catalog.by_code(f"{m.group(1)}.{m.group(2)}")
            if p:
                offer(p.key, CODE_SCORE, "procedure_code")
    return res
