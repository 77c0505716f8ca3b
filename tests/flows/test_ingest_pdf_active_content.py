"""A PDF with JavaScript (or a launch action, an embedded file) is processed like its clean twin, kept
unchanged, flagged in the export, and its PDF/A carries none of it."""
from __future__ import annotations

import shutil

from flow_helpers import cli, good_singles, read_jsonl
from pdf_hostile import add_active_content

from ocr.active_content import active_content
from storage.objects import LocalFolderStore


def test_a_pdf_with_javascript_is_kept_flagged_and_not_passed_on(sample_batch, home, tmp_path):
    folder, truth = sample_batch
    clean = next(folder / t["source"] for t in good_singles(truth) if t["source"].endswith(".pdf"))
    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(clean, drop / "clean.pdf")
    add_active_content(clean, drop / "script.pdf", "open_action_javascript")
    cli("ingest", str(drop), "--batch", "active")
    out = home / "active.jsonl"
    cli("export", "--batch", "active", "-o", str(out))
    got = {r["source"]: r for r in read_jsonl(out)}
    hostile, twin = got["script.pdf"], got["clean.pdf"]
    assert (hostile["status"], hostile["reason"]) == (twin["status"], twin["reason"])
    assert "pdf_javascript" in hostile["page_flags"]["1"]
    assert not any(f.startswith("pdf_") for flags in twin["page_flags"].values() for f in flags)
    store = LocalFolderStore(home / "objects")
    assert store.get_bytes(hostile["artifacts"]["original"]) == (drop / "script.pdf").read_bytes()
    pdfa = tmp_path / "out.pdf"
    pdfa.write_bytes(store.get_bytes(hostile["artifacts"]["pdf"]))
    assert active_content(drop / "script.pdf") == ["pdf_javascript"] and active_content(pdfa) == []
