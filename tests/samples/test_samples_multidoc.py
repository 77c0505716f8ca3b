"""Multi-document dossiers and box files (samples/multidoc.py): the truth accounts for every page,
and the codes printed on receipts, covers and separator sheets read back from the written files."""
from __future__ import annotations

from pathlib import Path

from ocr.barcodes import read_codes
from ocr.inputs import sniff
from ocr.loader import list_pages, load_image
from ocr.options import OcrOptions
from samples import generate


def _codes(path: Path) -> list[list[str]]:
    opts = OcrOptions()
    out = []
    for ref in list_pages(path, sniff(path, opts), opts):
        image, dpi = load_image(ref, opts)
        out.append([c.text for c in read_codes(image, dpi)])
    return out


def test_a_box_file_of_multi_document_dossiers_accounts_for_every_page(tmp_path):
    [box] = generate(tmp_path, 0, seed=9, multi=True, boxes=1, parts=(2, 2), form_layouts=(1,))
    for dossier in box["parts"]:
        pages = [p for d in dossier["documents"] for p in d["pages"]]
        assert pages == list(range(1, len(dossier["box_pages"]) + 1))
        kinds = [d["kind"] for d in dossier["documents"]]
        assert "form" in kinds and set(kinds) <= {"form", "id_copy", "decision", "certificate", "receipt", "other",
                                                  "cover"}
    assert box["box"] and sorted(box["separator_pages"] + [p for part in box["parts"] for p in part["box_pages"]]) \
        == list(range(1, box["pages"] + 1))
    codes = _codes(tmp_path / box["source"])
    assert [i + 1 for i, c in enumerate(codes) if "PATCHT" in c] == box["separator_pages"]
    for part in box["parts"]:
        first = part["box_pages"][0]
        for d in part["documents"]:
            on = [t for p in d["pages"] for t in codes[first + p - 2]]
            if d["kind"] in ("receipt", "cover"):
                assert any(part["dossier_code"] in t for t in on)
        assert (part["dossier_code"] is None) == all(d["kind"] not in ("receipt", "cover") for d in part["documents"])
