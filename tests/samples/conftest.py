from pathlib import Path

import pytest

import samples


@pytest.fixture(scope="session")
def batch(tmp_path_factory) -> tuple[Path, list[dict]]:
    """One generated batch with bad inputs, shared by the samples tests (about 10 s)."""
    out = tmp_path_factory.mktemp("samples_batch")
    return out, samples.generate(out, 7, seed=3, bad_files=True)
