"""Features that suit Vietnamese: syllables carry meaning, tone marks are often lost to OCR.

Three views, each hashed (no vocabulary to hold in memory or pickle) and TF-IDF weighted:
syllable 1-2-grams with tone marks, the same without them, and character 3-5-grams of the
tone-free text (robust to single-letter OCR confusions and split or merged syllables),
spanning word boundaries. Texts are vectorised in chunks so 10,000 dossiers never hold more
than the final float32 matrix plus one chunk.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from .text import fold, strip_tones

PAGE_HEAD_CHARS = 2500  # the title, subject line and first labels sit at the top of a page
MAX_CHARS = 12000
CHAR_PAGE_HEAD = 1000  # character n-grams are most of the features: only the top of each page
CHAR_MAX = 4000
CHUNK = 1000


def clip_dossier(text: str, page_head: int = PAGE_HEAD_CHARS, limit: int = MAX_CHARS) -> str:
    """Keep the head of every page so a form on page 5 still counts, within a fixed budget."""
    pages = (text or "").split("\f")
    return "\n".join(p[:page_head] for p in pages)[:limit]


def _syllables_toned(text: str) -> str:
    return fold(clip_dossier(text))


def _syllables_plain(text: str) -> str:
    return strip_tones(clip_dossier(text))


def _chars_plain(text: str) -> str:
    return strip_tones(clip_dossier(text, CHAR_PAGE_HEAD, CHAR_MAX))


class Features:
    def __init__(self, n_features: int = 2**18):
        def hv(pre, **kw):
            return HashingVectorizer(preprocessor=pre, lowercase=False, alternate_sign=False, norm=None,
                                     n_features=n_features, dtype=np.float32, **kw)

        words = dict(analyzer="word", token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2))
        self.views = [
            ("syl_toned", hv(_syllables_toned, **words), TfidfTransformer(sublinear_tf=True)),
            ("syl_plain", hv(_syllables_plain, **words), TfidfTransformer(sublinear_tf=True)),
            ("chars", hv(_chars_plain, analyzer="char", ngram_range=(3, 5)), TfidfTransformer(sublinear_tf=True)),
        ]

    @property
    def n_features(self) -> int:
        return sum(h.n_features for _, h, _ in self.views)

    def _counts(self, hv, texts: list[str]):
        return sp.vstack([hv.transform(texts[i:i + CHUNK]) for i in range(0, len(texts), CHUNK)], format="csr")

    def fit_transform(self, texts: list[str]):
        blocks = []
        for _, hv, tfidf in self.views:
            counts = self._counts(hv, texts)
            blocks.append(tfidf.fit(counts).transform(counts, copy=False).astype(np.float32, copy=False))
            del counts
        return sp.hstack(blocks, format="csr", dtype=np.float32)

    def transform(self, texts: list[str]):
        blocks = [tfidf.transform(self._counts(hv, texts), copy=False).astype(np.float32, copy=False)
                  for _, hv, tfidf in self.views]
        return sp.hstack(blocks, format="csr", dtype=np.float32)


def build_features(n_features: int = 2**18) -> Features:
    return Features(n_features)
