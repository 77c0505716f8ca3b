"""Official forms whose values are written by hand (samples.handwriting), read by real Tesseract:
the words in handwriting are found (ocr.handwriting), no value read from them is certain, and each
goes to review named 'handwritten' with its box on the page.

Tesseract's answers are replayed from tests/extraction/cache_hand/ (keyed by pixels, as tests/ocr).
"""
from __future__ import annotations

from pathlib import Path

import pytest

import ocr_replay
from extraction import check_required, extract_fields
from extraction.calibration import review_threshold
from extraction.extract import HANDWRITTEN, HANDWRITTEN_CAP
from review.show import _field
from handwriting_helpers import PROCS, hand_form, in_hand, overlaps
from sohoa.documents import FieldValue, Page, Word
from web.i18n import Texts
from web.pages import PageInfo, boxes

CACHE = Path(__file__).parent / "cache_hand"
FORMS = [(proc, 1) for proc in PROCS] + [(PROCS[0], 2), (PROCS[1], 2)]


@pytest.fixture(autouse=True)
def tesseract_replay(monkeypatch):
    ocr_replay.install(monkeypatch, CACHE)


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    ocr_replay.install(mp, CACHE)
    try:
        tmp = tmp_path_factory.mktemp("hand")
        return [hand_form(proc, seed, tmp) for proc, seed in FORMS]
    finally:
        mp.undo()


def test_handwritten_words_are_found_and_print_is_not(forms):
    tp = fp = fn = 0
    for _, pages, hands in forms:
        for w in pages[0].words:
            truth = in_hand(w.bbox, hands)
            tp += truth and w.handwritten
            fp += w.handwritten and not truth
            fn += truth and not w.handwritten
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert tp >= 60, tp  # the forms really carry handwriting
    print(f"handwritten words: precision {precision:.3f} recall {recall:.3f} ({tp} found, {fp} print flagged, {fn} missed)")
    assert precision >= 0.97 and recall >= 0.9, (tp, fp, fn)


def test_no_handwritten_value_is_certain_and_each_has_its_box(forms):
    threshold = review_threshold()
    assert HANDWRITTEN_CAP < threshold
    counted = 0
    for truth, pages, hands in forms:
        got = extract_fields(pages)
        written = {key for key, value in truth.items() if any(str(value) == text for text, _ in hands)}
        for key in written:
            fv = got.get(key)
            if fv is None or not fv.value:
                continue  # not read at all: a required one is 'missing' and goes to review so
            box = next(b for text, b in hands if text == str(truth[key]))
            if not overlaps(fv.bbox, box):
                continue  # read from print elsewhere on the form (the same name printed twice)
            counted += 1
            assert not fv.certain(threshold), key
            assert fv.problem == HANDWRITTEN or not fv.valid, (key, fv.problem)
            assert fv.page == 1 and fv.bbox is not None
        # every value the machine calls handwritten is sent to review by name
        hand_keys = [k for k, fv in got.items() if fv.problem == HANDWRITTEN]
        assert {k for k, why in check_required(got, hand_keys, threshold)} == set(hand_keys)
    print(f"handwritten values read: {counted}, none certain")
    assert counted >= 10, counted


def _hand_field() -> FieldValue:
    return FieldValue(value="Trần Thị Khánh Nhi", confidence=HANDWRITTEN_CAP, page=1,
                      bbox=(1073, 665, 1622, 742), problem=HANDWRITTEN)


def test_review_names_the_reason_and_draws_the_crop():
    fv = _hand_field()
    assert check_required({"applicant_name": fv}, ["applicant_name"], 0.7) == [("applicant_name", "handwritten")]
    detail = _field("applicant_name", fv, True, 0.7)
    assert detail.status == "uncertain" and detail.reason.startswith("handwritten")
    assert detail.bbox == [1073, 665, 1622, 742]
    t = Texts("vi")
    assert t.problem("handwritten") == "chữ viết tay"
    assert "chữ viết tay" in t.reason("field_handwritten")
    assert "chữ viết tay" in t("field_handwritten")
    [box] = boxes(PageInfo(1, 2480, 3508, None), {"applicant_name": fv})
    assert box.key == "applicant_name" and 43 < box.left < 44 and box.width > 20


def test_page_json_without_the_flag_still_loads():
    old = {"number": 1, "width": 10, "height": 10, "dpi": 300, "source": "ocr", "text": "a",
           "words": [{"text": "a", "conf": 90, "bbox": [0, 0, 5, 5]}]}
    page = Page.model_validate(old)
    assert page.words[0].handwritten is False
    assert Word(text="b", conf=50, bbox=(0, 0, 1, 1), handwritten=True).model_dump()["handwritten"] is True


def test_each_form_with_a_handwritten_value_goes_to_review_naming_it(forms):
    from types import SimpleNamespace

    from classifiers import classify, load_catalog
    from pipeline.dossier import _review_if_unsure
    from sohoa.errors import Reason, ReviewError

    catalog = load_catalog()
    ctx = SimpleNamespace(catalog=catalog, settings=SimpleNamespace(review_threshold=review_threshold()))
    named_in_detail = 0
    for _, pages, _ in forms:
        fields = extract_fields(pages)
        hand = sorted(k for k, fv in fields.items() if fv.problem == HANDWRITTEN)
        texts = [p.text for p in pages]
        c = classify(texts, catalog)
        with pytest.raises(ReviewError) as err:  # no form filled in by hand loads
            _review_if_unsure(None, [], pages, texts, fields, c, ctx)
        if c.key is None or not hand:  # one page may not name its procedure; IDs by hand read invalid
            continue
        # a more basic reason may come first; the detail still names every handwritten value
        assert err.value.reason in (Reason.field_handwritten, Reason.required_field_missing, Reason.field_invalid)
        assert [k for k in hand if f"{k}: handwritten" in err.value.detail] == hand
        named_in_detail += 1
    assert named_in_detail >= 2, named_in_detail
