"""ocr.recheck: the second look that keeps clean-up from losing text, and the marks clean-up removes."""
import cv2
import numpy as np
from PIL import Image

from ocr import preprocess as pp, recheck, region, tesseract
from ocr.pipeline import prepare
from samples import degrade
from samples.render import Line, render

NAME_LINE = "Họ, chữ đệm, tên người yêu cầu: Nguyễn Thị Hồng Nhung"


def _band(gray: np.ndarray, k: int) -> tuple[int, int]:
    """Rows (top, bottom) of the k-th line of ink."""
    rows = np.nonzero((gray < 128).any(axis=1))[0]
    bands = np.split(rows, np.nonzero(np.diff(rows) > 8)[0] + 1)
    return int(bands[k][0]), int(bands[k][-1]) + 1


def _read(gray: np.ndarray, opts) -> list[dict]:
    return tesseract.parse_tsv(tesseract.run_tsv(Image.fromarray(gray), opts.lang, 3, opts.timeout))


def test_a_line_clean_up_erased_is_read_from_the_page_as_scanned(decision_page, opts):
    """GIVEN a page whose cleaned copy lost a whole line (a citizen's name) WHEN the second look runs
    THEN the line is read from the page as scanned, and the other lines are kept as they were read."""
    scanned = np.asarray(decision_page.image.convert("L"))
    top, bottom = _band(scanned, 7)  # the name line (header rows, title and four body lines above it)
    cleaned = scanned.copy()
    cleaned[top - 4:bottom + 4] = 255
    first = _read(cleaned, opts)
    assert "Nhung" not in [w["text"] for w in first]
    after = recheck.second_look(first, cleaned, lambda: scanned, None, opts, 300)
    texts = [w["text"] for w in after]
    for word in ("Nguyễn", "Thị", "Hồng", "Nhung"):
        assert word in texts
    assert all(w in after for w in first)  # nothing read the first time is dropped


def test_a_clean_page_costs_no_second_call_and_keeps_its_reading(decision_page, opts, monkeypatch):
    """GIVEN a clean page read well (one doubted number, '8506/QĐ-UBND' at 59, and nothing else)
    WHEN the second look runs THEN Tesseract is not called again and the reading is unchanged: the
    second look must cost nothing where clean-up lost nothing."""
    gray = np.asarray(decision_page.image.convert("L"))
    words = _read(gray, opts)
    assert any(w["conf"] < recheck.NUMBER_CONF and any(c.isdigit() for c in w["text"]) for w in words)
    calls = []
    real = tesseract.run_tsv
    monkeypatch.setattr(tesseract, "run_tsv", lambda *a, **k: calls.append(1) or real(*a, **k))
    after = recheck.second_look(words, gray, lambda: gray, None, opts, 300)
    assert calls == [] and [w["text"] for w in after] == [w["text"] for w in words]


def test_red_seal_over_text_is_read_and_its_rim_is_paper(decision_page, opts):
    """GIVEN a red seal stamped over two body lines WHEN the page is prepared THEN the seal, rim
    included, is paper in the working image and the lines under it read as printed."""
    gray0 = np.asarray(decision_page.image.convert("L"))
    top, bottom = _band(gray0, 5)
    sealed = degrade.seal(decision_page.image, (700, (top + bottom) // 2), 200, "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", seed=3)
    gray = pp.to_gray(sealed)
    seal_only = (np.asarray(sealed.convert("L")) < 235) & (gray0 > 250)
    assert seal_only.sum() > 2000
    assert (gray[seal_only] >= 245).mean() > 0.98  # a faint pink rim would be thresholded into text
    prep = prepare(sealed, 300, opts)
    text = " ".join(w["text"] for w in _read(prep.ocr, opts))
    assert "Xét đề nghị của Trưởng phòng Tài nguyên và Môi trường" in text
    assert "Điều 1. Công nhận quyền sử dụng đất" in text


def test_check_boxes_are_whitened_and_letters_kept():
    """GIVEN a form line with ticked and empty boxes WHEN marks are removed THEN each box is gone
    (Tesseract read them as 'XI', 'L]') and the letters' ink is untouched."""
    with_boxes = render([Line("Căn cước công dân ☒   Thẻ căn cước ☐", size=13)], "freeserif", 300)[0]
    bare = render([Line("Căn cước công dân", size=13)], "freeserif", 300)[0]
    gray = np.asarray(with_boxes.image.convert("L"))
    out, removed = pp.remove_marks(gray, 300)
    letters = np.asarray(bare.image.convert("L")) < 128
    assert not (removed & letters).any()
    ink_removed = (gray < 128) & removed
    assert ink_removed.sum() > 300
    assert (out[removed] == 255).all()
    n, _ = cv2.connectedComponents(removed.astype(np.uint8))
    assert n - 1 == 2


def test_words_are_judged_by_confidence_and_syllables():
    assert recheck.plausible("Nguyễn") and recheck.plausible("UBND") and recheck.plausible("12/3/2024")
    assert recheck.plausible("(ghi") and recheck.plausible("QĐ-UBND")
    assert not recheck.plausible("ghnx") and not recheck.plausible("cướcL]") and not recheck.plausible("—")
    sure = [{"text": "Nguyễn", "conf": 95.0}, {"text": "Nhung", "conf": 93.0}]
    garbled = [{"text": "Ngnyễn", "conf": 60.0}, {"text": "Nhunq", "conf": 55.0}]
    assert recheck.score(sure) > recheck.score(garbled)
    assert recheck.score(garbled) < recheck.score([])  # garbage scores below nothing
    assert recheck.poor(garbled) and not recheck.poor(sure)


def test_many_boxes_are_read_in_one_tesseract_call(decision_page, opts, monkeypatch):
    """GIVEN three line boxes of a page WHEN read together THEN one Tesseract call answers each box
    with its own words, in page pixels."""
    gray = np.asarray(decision_page.image.convert("L"))
    boxes = []
    for k in (4, 7, 8):
        top, bottom = _band(gray, k)
        cols = np.nonzero((gray[top:bottom] < 128).any(axis=0))[0]
        boxes.append((int(cols[0]), top, int(cols[-1]) + 1, bottom))
    calls = []
    real = tesseract.run_tsv
    monkeypatch.setattr(tesseract, "run_tsv", lambda *a, **k: calls.append(1) or real(*a, **k))
    got = region.read_regions([(gray, b, 1.0) for b in boxes], opts=opts)
    assert len(calls) == 1
    assert got[0].text.startswith("Xét đề nghị")
    assert got[1].text == NAME_LINE
    assert got[2].text == "Nơi cư trú: ấp Bến Sắn, xã Tân Lập, tỉnh Bình Dương"
    for reading, (x0, y0, x1, y1) in zip(got, boxes):
        for w in reading.words:
            assert x0 - 3 <= w.bbox[0] and w.bbox[2] <= x1 + 3 and y0 - 3 <= w.bbox[1] and w.bbox[3] <= y1 + 3


def test_a_word_skipped_between_two_read_words_is_uncovered_ink():
    """GIVEN a line read without its middle word ('bản sao (5): Có' read as 'bản sao Có', the word a
    little wider than a letter and a space from each neighbour) WHEN the second look looks for ink no
    word covers THEN it finds that word's box alone, not merged into the words read beside it."""
    page = render([Line("bản sao (5): Có", size=13)], "freeserif", 300)[0]
    gray = np.asarray(page.image.convert("L"))
    top, bottom = _band(gray, 0)
    cols = np.nonzero((gray[top:bottom] < 128).any(axis=0))[0]
    runs = np.split(cols, np.nonzero(np.diff(cols) > 8)[0] + 1)  # words: ink runs split at spaces
    boxes = [(int(r[0]), top, int(r[-1]) + 1, bottom) for r in runs]
    assert len(boxes) == 4
    read = [{"text": t, "conf": 95.0, "bbox": b} for t, b in zip(("bản", "sao", "", "Có"), boxes) if t]
    found = recheck.uncovered_ink(gray, read, bottom - top)
    assert len(found) == 1
    x0, _, x1, _ = found[0]
    assert boxes[1][2] < x0 <= boxes[2][0] + 2 and boxes[2][2] - 2 <= x1 < boxes[3][0]


def test_a_table_row_number_in_its_own_column_is_uncovered_ink():
    """GIVEN a table row '2   Sổ hộ khẩu   01' at 200 dpi in Tinos read without its row number (Tesseract's
    layout drops a lone digit in a column of its own) WHEN the second look looks for ink no word
    covers THEN the digit, narrower than a letter pair, is found; a full stop alone is not."""
    page = render([Line("2" + " " * 12 + "Sổ hộ khẩu" + " " * 12 + "01 .", size=13)], "tinos", 200)[0]
    gray = np.asarray(page.image.convert("L"))
    top, bottom = _band(gray, 0)
    cols = np.nonzero((gray[top:bottom] < 128).any(axis=0))[0]
    runs = np.split(cols, np.nonzero(np.diff(cols) > 6)[0] + 1)
    boxes = []
    for r in runs:  # each word's own ink box, as Tesseract gives it
        rows = np.nonzero((gray[top:bottom, r[0]:r[-1] + 1] < 128).any(axis=1))[0]
        boxes.append((int(r[0]), top + int(rows[0]), int(r[-1]) + 1, top + int(rows[-1]) + 1))
    assert len(boxes) == 6  # 2, Sổ, hộ, khẩu, 01, .
    read = [{"text": t, "conf": 95.0, "bbox": b} for t, b in zip(("Sổ", "hộ", "khẩu", "01"), boxes[1:5])]
    found = recheck.uncovered_ink(gray, read, float(np.median([b[3] - b[1] for b in boxes[1:5]])))
    assert len(found) == 1 and found[0][0] <= boxes[0][0] + 2 and found[0][2] >= boxes[0][2] - 2


def test_a_lone_note_mark_nobody_read_is_read_again_and_kept(opts):
    """GIVEN a form line whose reading lost its note mark ('(5):', one digit in brackets) WHEN the
    second look reads the uncovered ink THEN the mark is put back: a lone digit counts as text."""
    page = render([Line("Đề nghị cấp bản sao (5): Có bản chính", size=13)], "freeserif", 300)[0]
    gray = np.asarray(page.image.convert("L"))
    first = _read(gray, opts)
    assert "(5):" in [w["text"] for w in first]
    lost = [w for w in first if w["text"] != "(5):"]
    after = recheck.second_look(lost, gray, lambda: gray, None, opts, 300)
    assert [w["text"] for w in after].count("(5):") == 1


def test_a_doubted_word_is_read_again_alone(opts):
    """GIVEN a line whose abbreviation the page pass read with a letter too and little confidence
    ('VTF.' at 69 for 'VT.' on a tune page: the line's context misled the LSTM) WHEN the second look
    runs THEN the word is read alone and its surer reading kept; sure words are not touched."""
    page = render([Line("- Lưu: VT, TNMT.", size=13)], "freeserif", 300)[0]
    gray = np.asarray(page.image.convert("L"))
    first = _read(gray, opts)
    assert "VT," in [w["text"] for w in first]
    for w in first:
        w["conf"] = max(w["conf"], 90.0)
        if w["text"] == "VT,":
            w["text"], w["conf"] = "VTF,", 40.0
    after = recheck.second_look([dict(w) for w in first], gray, lambda: gray, None, opts, 300)
    assert [w["text"] for w in after] == ["-", "Lưu:", "VT,", "TNMT."]


def test_a_word_read_alone_replaces_only_a_word_of_its_make():
    assert recheck.same_kind("VT.", "VTF.") and recheck.same_kind("LIỀN", "LIÊN")
    assert not recheck.same_kind("m7", "mỶ")  # no digits where there were none
    assert not recheck.same_kind("CƯỚC", "cước") and not recheck.same_kind("1n", "in")
    assert not recheck.same_kind("Ghỉ", "Ghỉ")  # the same reading: its letter choices stay for rescoring
    assert not recheck.same_kind("ghỉ", "ghi") and not recheck.same_kind("đài", "dài")  # marks: rescore's call
