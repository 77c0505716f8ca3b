"""Synthetic scanned Vietnamese dossiers with ground truth (test and benchmark data).

Building blocks: `samples.render` (lay out and draw text pages), `samples.degrade` (scan
degradations as pure functions). `samples.generate(out_dir, count, seed, bad_files)` writes a batch
folder plus truth.jsonl and returns the truth records.
"""
from __future__ import annotations

from pathlib import Path


def generate(out_dir: Path, count: int, seed: int = 0, bad_files: bool = False) -> list[dict]:
    from samples.dossiers import generate as _generate

    return _generate(Path(out_dir), count, seed=seed, bad_files=bad_files)


__all__ = ["generate"]
