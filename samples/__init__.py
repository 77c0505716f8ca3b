"""Synthetic scanned Vietnamese dossiers with ground truth (test and benchmark data).

Building blocks: `samples.render` (lay out and draw text pages), `samples.degrade` (scan
degradations as pure functions). `samples.generate(out_dir, count, seed, bad_files)` writes a batch
folder plus truth.jsonl and returns the truth records.
"""
from __future__ import annotations

from pathlib import Path


def generate(out_dir: Path, count: int, seed: int = 0, bad_files: bool = False, **options) -> list[dict]:
    """options: form_layouts, decision_layouts, procedures (see samples.dossiers.generate)."""
    from samples.dossiers import generate as _generate

    return _generate(Path(out_dir), count, seed=seed, bad_files=bad_files, **options)


__all__ = ["generate"]
