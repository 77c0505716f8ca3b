"""Stage 1: match form titles and result subject lines against the catalog's cues.

Matching runs on tone-stripped text with edit-distance ratios, so 'TO KHAI DANG KY KHAI S1NH' still
scores high for 'TỜ KHAI ĐĂNG KÝ KHAI SINH'. Titles are looked for only in upper-case lines (a body
sentence such as 'đề nghị cấp giấy phép xây dựng' is not a title); result cues only in the
'Về việc ...' subject line, where a longer line may contain the cue.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from .catalog import Catalog
from .text import strip_tones, upper_share

_SUBJECT = re.compile(r"^\s*(?:v[eề]\s*vi[eệ]c|v\s*/\s*v)\b[\s:.]*(.*)$", re.IGNORECASE)
_CODE = re.compile(r"(?<![\d.])(\d)\s?\.\s?(\d{6})(?![\d])")
RESULT_WEIGHT = 0.97  # a form title outranks a result subject line when both are present
INSIDE_WEIGHT = 0.95  # a title found inside a longer line is a little less trusted
CODE_SCORE = 95.0
UPPER_SHARE = 0.7
MAX_LINES = 400  # per page; a title or subject line is never deeper than this


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
class _Cues:
    keys: list[str]
    texts: list[str]
    lengths: np.ndarray


@dataclass
class _Compiled:
    titles: _Cues
    results: _Cues


_cache: dict[int, tuple[Catalog, _Compiled]] = {}


def _cues(pairs: list[tuple[str, str]]) -> _Cues:
    texts = [strip_tones(t) for _, t in pairs]
    return _Cues([k for k, _ in pairs], texts, np.array([len(t) for t in texts], dtype=np.float32))


def _compile(catalog: Catalog) -> _Compiled:
    hit = _cache.get(id(catalog))
    if hit and hit[0] is catalog:
        return hit[1]
    c = _Compiled(
        titles=_cues([(p.key, t) for p in catalog.procedures for t in p.form_titles]),
        results=_cues([(p.key, t) for p in catalog.procedures for t in p.result_cues]),
    )
    _cache[id(catalog)] = (catalog, c)
    return c


def title_windows(lines: list[str]) -> list[str]:
    """Upper-case lines and pairs of consecutive ones (long titles wrap)."""
    out: list[str] = []
    flags = [upper_share(x) >= UPPER_SHARE and len(x) >= 6 for x in lines]
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
        m = _SUBJECT.match(line)
        if not m and line[:1].lower() == "v":  # tone marks lost or misread
            m = _SUBJECT.match(strip_tones(line))
        if m:
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            out.append(strip_tones(m.group(1) + " " + nxt))
    return [w for w in out if w]


def title_scores(cues: _Cues, windows: list[str]) -> np.ndarray:
    """Best score of each cue over the windows: whole-line ratio, or a discounted match inside a
    longer line."""
    if not windows:
        return np.zeros(len(cues.texts), dtype=np.float32)
    whole = process.cdist(cues.texts, windows, scorer=fuzz.ratio, dtype=np.float32)
    inside = process.cdist(cues.texts, windows, scorer=fuzz.partial_ratio, dtype=np.float32)
    wlen = np.array([len(w) for w in windows], dtype=np.float32)
    longer = wlen[None, :] > 1.3 * cues.lengths[:, None]
    return np.where(longer, INSIDE_WEIGHT * inside, whole).max(axis=1)


def subject_scores(cues: _Cues, windows: list[str]) -> np.ndarray:
    if not windows:
        return np.zeros(len(cues.texts), dtype=np.float32)
    return process.cdist(cues.texts, windows, scorer=fuzz.partial_ratio, dtype=np.float32).max(axis=1)


def match(pages_text: list[str], catalog: Catalog) -> RuleResult:
    comp = _compile(catalog)
    res = RuleResult(scores={p.key: 0.0 for p in catalog.procedures})

    def offer(keys: list[str], scores: np.ndarray, why: str) -> None:
        for key, score in zip(keys, scores.tolist()):
            if score > res.scores.get(key, 0.0):
                res.scores[key] = score
                res.evidence[key] = why

    for text in pages_text:
        lines = [x.strip() for x in (text or "").splitlines()[:MAX_LINES] if x.strip()]
        tw = title_windows(lines)
        form = title_scores(comp.titles, tw)
        for key, s in zip(comp.titles.keys, form.tolist()):
            res.form_scores[key] = max(s, res.form_scores.get(key, 0.0))
        offer(comp.titles.keys, form, "form_title")
        # certificates and extracts print their kind as a heading
        offer(comp.results.keys, RESULT_WEIGHT * title_scores(comp.results, tw), "result_heading")
        offer(comp.results.keys, RESULT_WEIGHT * subject_scores(comp.results, subject_windows(lines)), "subject_line")
        for m in _CODE.finditer(text or ""):
            p = catalog.by_code(f"{m.group(1)}.{m.group(2)}")
            if p:
                offer([p.key], np.array([CODE_SCORE]), "procedure_code")
    return res
