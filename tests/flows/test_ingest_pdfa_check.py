"""A written PDF/A that fails a PDF/A check is still stored, and its dossier carries the flag."""
from __future__ import annotations

import shutil

import pikepdf
from flow_helpers import cli, good_singles, read_jsonl

import pipeline.dossier
from ocr.pdfa import write_pdfa
from ocr.pdfa_check import PDFA_CHECK_FAILED, XMP_MISSING, check_pdfa


def test_a_pdfa_failing_a_check_is_flagged(sample_batch, home, tmp_path, monkeypatch):
    """GIVEN two clean PDFs, one of whose PDF/A loses its XMP metadata after writing (a writer fault
    injected here) WHEN ingested THEN only that dossier's first page carries the flag, its PDF/A is
    still stored, and the flag does not hold the dossier back."""
    folder, truth = sample_batch
    first, second = [folder / t["source"] for t in good_singles(truth) if t["source"].endswith(".pdf")][:2]
    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(first, drop / "clean.pdf")
    shutil.copy(second, drop / "broken.pdf")

    def faulty_writer(pages, out_path, title=""):
        failed = write_pdfa(pages, out_path, title)
        if pages[0].source_file != "broken.pdf":
            return failed
        with pikepdf.open(out_path, allow_overwriting_input=True) as pdf:
            del pdf.Root.Metadata
            pdf.save(out_path)
        return check_pdfa(out_path, pages)

    monkeypatch.setattr(pipeline.dossier, "write_pdfa", faulty_writer)
    cli("ingest", str(drop), "--batch", "pdfa")
    out = home / "pdfa.jsonl"
    cli("export", "--batch", "pdfa", "-o", str(out))
    got = {r["source"]: r for r in read_jsonl(out)}
    broken, twin = got["broken.pdf"], got["clean.pdf"]
    assert PDFA_CHECK_FAILED in broken["page_flags"]["1"]
    assert not any(PDFA_CHECK_FAILED in f for f in twin["page_flags"].values())
    assert broken["status"] == "loaded" and broken["artifacts"]["pdf"]
    assert check_pdfa(_stored_pdf(home, broken, tmp_path)) == [XMP_MISSING]


def _stored_pdf(home, record, tmp_path):
    from storage.objects import LocalFolderStore

    path = tmp_path / "stored.pdf"
    path.write_bytes(LocalFolderStore(home / "objects").get_bytes(record["artifacts"]["pdf"]))
    return path
