"""Rescoring Tesseract's LSTM letter choices with the syllable model (ocr/rescore.py), on real
Tesseract readings of rendered Vietnamese lines: the `vie` model's known confusions of well-formed
syllables (chi -> chỉ, dài -> đài) are put back, and nothing else on the lines changes."""
from __future__ import annotations

import math
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import fixups, rescore, tesseract
from samples import degrade
from samples.fonts import family
from samples.render import Line, render

LINES = ["thời hạn sử dụng lâu dài.", "quy định chi tiết thi hành", "(2) Ghi số định danh cá nhân",
         "thường trú thì ghi theo nơi đăng ký", "Tổ 10, ấp Bàu Lòng, xã Định An", "Nguyễn Minh Trinh"]


def _read(image: Image.Image) -> list[dict]:
    return tesseract.parse_tsv(tesseract.run_tsv(image, "vie", 3, 60, choices=True))


@pytest.fixture(scope="module")
def lines14() -> Image.Image:
    page = render([Line(t, size=14, indent=10, space_before=1.5) for t in LINES], "freeserif", 300)[0]
    return page.image.crop((0, 0, page.image.width, 900))


@pytest.mark.real_tesseract
def test_choices_follow_the_commands_words(monkeypatch, lines14):
    """The TSV with choices is the plain TSV followed by choice rows: the words are the same."""
    plain = tesseract.run_tsv(lines14, "vie", 3, 60)
    with_choices = tesseract.run_tsv(lines14, "vie", 3, 60, choices=True)
    assert with_choices.startswith(plain) and len(with_choices) > len(plain)
    words = tesseract.parse_tsv(with_choices)
    assert [(w["text"], w["bbox"]) for w in words] == [(w["text"], w["bbox"]) for w in tesseract.parse_tsv(plain)]
    # every choice row sits on a word, the chosen letter first and at its place in the word
    for w in words:
        for at, weighed in w.get("choices", {}).items():
            assert weighed[0][0] == w["text"][at] and len(weighed) >= 2
    # the command cannot give choices: its TSV is the plain one
    monkeypatch.setattr(tesseract, "IN_PROCESS", False)
    assert tesseract.parse_tsv(tesseract.run_tsv(lines14, "vie", 3, 60, choices=True)) == \
        [{k: v for k, v in w.items() if k != "choices"} for w in words]


@pytest.mark.real_tesseract
def test_known_confusions_are_put_back_from_real_choices(lines14):
    """GIVEN FreeSerif 14 pt lines Tesseract misreads (`chi tiết` as `chỉ tiết`, and on a 1-bit scan
    `lâu dài` as `lâu đài`) WHEN its own letter choices are rescored THEN the right syllables come back,
    and the names (Bàu, Trinh) and every other word stay as read."""
    for image, wrong, right in ((lines14, "chỉ", "chi"),
                                (degrade.apply(lines14, ["bilevel"], seed=5).convert("L"), "đài.", "dài.")):
        words = _read(image)
        before = [w["text"] for w in words]
        assert wrong in before  # the confusion is Tesseract's, on this image
        after = [w["text"] for w in rescore.rescore(words)]
        assert after[before.index(wrong)] == right
        changed = [(b, a) for b, a in zip(before, after) if b != a]
        assert (wrong, right) in changed and all(a in " ".join(LINES) for _, a in changed)
        assert [n for n in ("Trinh", "Bàu") if n in before] == [n for n in ("Trinh", "Bàu") if n in after] != []


def test_context_and_names_decide():
    """The model's counts decide between the LSTM's readings: `chi tiết` but `địa chỉ`; a capitalised
    known syllable (a name) is left alone; another letter needs more evidence than another mark."""
    lm = rescore.model()
    weighed = {2: [("ỉ", 90.0), ("i", 30.0)]}
    assert rescore.best_reading("chỉ", weighed, "định", "tiết", lm) == "chi"
    assert rescore.best_reading("chỉ", weighed, "địa", None, lm) == "chỉ"
    assert rescore.best_reading("Trình", {3: [("ì", 90.0), ("i", 40.0)]}, "minh", None, lm) == "Trình"
    assert rescore.best_reading("Trinh", {3: [("i", 90.0), ("ì", 40.0)]}, "minh", None, lm) == "Trinh"
    assert rescore.best_reading("Ghỉ", {2: [("ỉ", 90.0), ("i", 20.0)]}, None, "số", lm) == "Ghi"
    # one side decides: `tổ chức` is common and `tố chức` never seen, though `luật tố` is (Luật Tố tụng)
    assert rescore.best_reading("Tố", {1: [("ố", 94.6), ("ổ", 31.9)]}, "luật", "chức", lm) == "Tổ"
    assert rescore.best_reading("Tố", {1: [("ố", 94.6), ("ổ", 31.9)]}, "luật", "tụng", lm) == "Tố"
    assert rescore.best_reading("VT.", {1: [("T", 90.0), ("I", 60.0)]}, None, None, lm) == "VT."  # no letter swap in capitals
    # a number and a word whose choices do not line up with its letters are left as read
    assert rescore.best_reading("152,4", {0: [("1", 90.0), ("I", 30.0)]}, None, None, lm) == "152,4"
    assert rescore.best_reading("ghỉ", {2: [("x", 90.0), ("i", 50.0)]}, None, None, lm) == "ghỉ"
    # a letter the LSTM never weighed, where it weighed other marks on it only, counts as weighed at 0
    assert rescore.best_reading("NGUYÊN", {4: [("Ễ", 94.1), ("Ẽ", 30.1)]}, None, "mai", lm) == "NGUYỄN"
    assert rescore.best_reading("NGUYÊN", {4: [("Ễ", 0.5), ("Ẽ", 0.3)]}, None, "mai", lm) == "NGUYÊN"
    # the letter read need not be the first row (a near tie the dictionary pass settled): still weighed
    assert rescore.best_reading("chỉ", {2: [("i", 60.0), ("ỉ", 58.0)]}, "định", "tiết", lm) == "chi"


def _word(text, x, line, ch=None):
    """A word as tesseract.parse_tsv gives it, on line `line` at `x`, with LSTM choices `ch`."""
    return {"text": text, "conf": 90.0, "bbox": (x, 0, x + 40, 30), "block": 1, "par": 1, "line": line,
            **({"choices": ch} if ch else {})}


def test_an_address_unit_before_a_number():
    """`Tổ 3` read `Tố 3` in Times-like faces (the hook read as an acute, LSTM 95 against 32): the legal
    texts never pair `tổ` with a number, so only the address unit's bonus tips it, and for a capitalised
    word only before a small number (a name takes no house number). Without the number both stay."""
    lm = rescore.model()
    weighed = {1: [("ố", 95.4), ("ổ", 32.5)]}
    assert rescore.best_reading("Tố", weighed, None, "0", lm, numbered=True) == "Tổ"
    assert rescore.best_reading("tố", weighed, None, "0", lm, numbered=True) == "tổ"
    assert rescore.best_reading("Tố", weighed, None, "0", lm) == "Tố"
    assert rescore.best_reading("tố", weighed, None, None, lm) == "tố"
    assert rescore.best_reading("Tố", weighed, None, "hữu", lm, numbered=False) == "Tố"


def test_numbered_follows_a_small_number_on_the_line():
    """rescore sees the number after the word on its own line: 'Tố 3,' and 'tố 13' change, 'Tố' before
    a date (a name in a table row) does not."""
    weighed = {1: [("ố", 95.4), ("ổ", 32.5)]}
    words = [_word("chỉ:", 0, 1), _word("Tố", 60, 1, weighed), _word("3,", 110, 1), _word("ấp", 150, 1),
             _word("Số", 0, 2), _word("80,", 50, 2), _word("tố", 100, 2, weighed), _word("13,", 150, 2),
             _word("Lê", 0, 3), _word("Tố", 60, 3, weighed), _word("19/11/2011", 110, 3)]
    assert [w["text"] for w in rescore.rescore(words)][1:] == \
        ["Tổ", "3,", "ấp", "Số", "80,", "tổ", "13,", "Lê", "Tố", "19/11/2011"]


def test_a_name_in_capitals_starts_with_a_family_name():
    """`NGUYỄN THU PHƯƠNG` read `NGUYÊN` (the LSTM weighed `Ễ` 89.9 against `Ê` 69.8, the legal texts
    count `nguyên` twelve times as often): the first word of a run in capitals is a family name, so
    `NGUYỄN`; a heading the model knows (`NGUYÊN TẮC`) and a place in small letters (`Đông Hòa`) stay."""
    tilde = {4: [("Ễ", 89.9), ("Ê", 69.8)]}
    words = [_word("tên:", 0, 1), _word("NGUYÊN", 60, 1, tilde), _word("THU", 200, 1), _word("PHƯƠNG", 260, 1),
             _word("NGUYÊN", 0, 2, tilde), _word("TẮC", 200, 2), _word("CHUNG", 260, 2),
             _word("xã", 0, 3), _word("Đông", 60, 3, {1: [("ô", 90.0), ("ồ", 70.0)]}), _word("Hòa", 120, 3),
             _word("Lê", 0, 4), _word("NGUYÊN", 60, 4, tilde), _word("KHANG", 200, 4)]
    assert [w["text"] for w in rescore.rescore(words)] == \
        ["tên:", "NGUYỄN", "THU", "PHƯƠNG", "NGUYÊN", "TẮC", "CHUNG", "xã", "Đông", "Hòa", "Lê", "NGUYÊN", "KHANG"]


def test_a_tone_the_lstm_could_not_place_may_go():
    """`thi` over `hành` on the next line: the grave below reads as a mark of `thi`, and the LSTM weighs
    `ị` against `ì`, never a bare `i`. The bare letter is then a reading, and the pair `thi hành` wins;
    with one tone weighed (`chỉ`/`Ỉ`) or the bare letter already weighed, nothing new is added."""
    lm = rescore.model()
    split = {2: [("ị", 83.5), ("ì", 83.0)]}
    assert rescore.best_reading("thị", split, "tiết", "hành", lm) == "thi"
    assert rescore.best_reading("thị", split, "đô", "xã", lm) == "thị"  # `đô thị xã` is no place for `thi`
    assert _costs("thị", split)["thi"] == pytest.approx(math.log(84.0 / 84.5))  # as likely as `thì`
    # one tone weighed: the bare letter is as unlikely as any tone the LSTM never weighed
    assert _costs("chỉ", {2: [("ỉ", 95.0), ("Ỉ", 40.0)]}) == \
        {"chỉ": 0.0, **{r: pytest.approx(math.log(1 / 96)) for r in ("chi", "chì", "chí", "chĩ", "chị")}}
    assert _costs("thị", {2: [("ị", 80.0), ("i", 40.0), ("ì", 30.0)]}) == {
        "thị": 0.0, "thi": pytest.approx(math.log(41 / 81)), "thì": pytest.approx(math.log(31 / 81)),
        **{r: pytest.approx(math.log(1 / 81)) for r in ("thí", "thỉ", "thĩ")}}
    assert rescore.toneless("Ế") == "Ê" and rescore.toneless("ợ") == "ơ" and rescore.toneless("đ") == "đ"


def test_a_tone_the_lstm_all_but_ruled_out_is_a_reading_of_a_small_word_only():
    """A 1-bit fax: `chi tiết` read `chỉ` at 96.9 with `i` weighed 0.0. A tone-only change of a word in
    small letters is a reading whatever the LSTM gave it (its cost still counts: a common pair must pay
    for it); another letter or hat (`mấy` -> `máy`) and names (`Đặng` -> `Đăng`) still need the LSTM's
    weight of MIN_CHOICE."""
    lm = rescore.model()
    fax = {2: [("ỉ", 96.92), ("i", 0.0)]}
    assert rescore.best_reading("chỉ", fax, "định", "tiết", lm) == "chi"
    assert rescore.best_reading("chỉ", fax, "địa", None, lm) == "chỉ"  # `địa chỉ`: the pair keeps it
    assert "máy" not in _costs("mấy", {1: [("ấ", 97.0), ("á", 0.0)]})
    assert list(_costs("Đặng", {1: [("ặ", 97.0), ("ă", 0.0)]})) == ["Đặng"]
    # another tone is (and with it the bare letter, at the same cost)
    assert {r: c for r, c in _costs("mấy", {1: [("ấ", 97.0), ("ầ", 0.0)]}).items() if r in ("mầy", "mây")} == \
        {"mầy": pytest.approx(math.log(1 / 98)), "mây": pytest.approx(math.log(1 / 98))}


def _costs(text: str, choices: dict) -> dict[str, float]:
    return {r: cost for r, cost, _ in rescore.readings(text, choices)}


def test_a_tone_the_lstm_never_weighed_needs_a_common_pair():
    """A 100-200 dpi page: `chuyển đổi` read `đối`, and the LSTM listed no `ổ` at all. Every tone of a
    small-letter word is a reading at weight 0, taken only when it makes a pair the model has seen
    NAME_PAIR times with a neighbour: frequency alone (`mốt` of `ba mươi mốt`, six times rarer than
    `một` in legal texts, which spell no numbers) or a capitalised word (`Thạnh`, a place) never moves."""
    lm = rescore.model()
    alone = {1: [("ố", 95.0)]}
    assert rescore.best_reading("đối", alone, "chuyển", "sang", lm) == "đổi"
    assert rescore.best_reading("đối", alone, "sửa", "bổ", lm) == "đổi"
    assert rescore.best_reading("rò", {1: [("ò", 95.0)]}, "ghi", None, lm) == "rõ"
    assert rescore.best_reading("mốt", alone, "mươi", None, lm) == "mốt"
    assert rescore.best_reading("Thạnh", {3: [("ạ", 95.0)]}, "tân", "phố", lm) == "Thạnh"
    assert rescore.best_reading("đối", alone, "đối", "với", lm) == "đối"  # `đối với`: as read


def test_a_word_that_is_no_syllable_takes_any_marks_that_make_one():
    """`NGHIỆP` read `NGHIẸP` and `HUỲNH` read `HƯỲNH` (no Vietnamese syllable) where the LSTM listed only
    the letter it chose: any marks on a letter of such a word are readings, in capitals too, and the
    known syllable wins; an abbreviation no marks can make a syllable of stays as read."""
    lm = rescore.model()
    assert rescore.best_reading("NGHIẸP", {4: [("Ẹ", 95.0)]}, "doanh", None, lm) == "NGHIỆP"
    assert rescore.best_reading("HƯỲNH", {1: [("Ư", 95.0)]}, None, "văn", lm) == "HUỲNH"
    assert rescore.best_reading("CMND", {0: [("C", 95.0)]}, None, None, lm) == "CMND"
    # a well-formed word in capitals gets other tones of its vowel only (at weight 0), no other marks
    assert set(_costs("ĐĂNG", {1: [("Ă", 95.0)]})) == {"ĐĂNG", "ĐẰNG", "ĐẮNG", "ĐẴNG", "ĐẲNG", "ĐẶNG"}
    assert rescore.marked_forms("ư") == ("u", "ù", "ú", "ũ", "ủ", "ụ", "ư", "ừ", "ứ", "ữ", "ử", "ự")


def test_a_capitalised_syllable_changes_only_for_a_common_pair_on_its_line():
    """`Chi nhánh` read `Chỉ nhánh`: the pair decides even for a capital. A name ending a line
    (`Phạm Thế Chi` over `Nơi cư trú`) keeps its reading: the next line's word is no neighbour of a name."""
    weighed = {2: [("ỉ", 82.0), ("i", 70.0)]}
    assert rescore.best_reading("Chỉ", weighed, None, "nhánh", rescore.model()) == "Chi"
    assert rescore.best_reading("Chi", {2: [("i", 86.0), ("ỉ", 66.0)]}, "thế", None, rescore.model()) == "Chi"
    line = lambda text, x, n, choices=None: {"text": text, "conf": 90.0, "bbox": (x, 40 * n, x + 60, 40 * n + 30),
                                             "block": 1, "par": 1, "line": n, **({"choices": choices} if choices else {})}
    words = [line("Phạm", 0, 1), line("Thế", 70, 1), line("Chi", 140, 1, {2: [("i", 86.0), ("ỉ", 66.0)]}),
             line("Nơi", 0, 2), line("cư", 70, 2)]
    assert [w["text"] for w in rescore.rescore(words)][2] == "Chi"  # `chỉ nơi` is common, but across the break
    words = [line("Chỉ", 0, 1, weighed), line("nhánh", 70, 1)]
    assert rescore.rescore(words)[0]["text"] == "Chi"


def test_a_sentence_goes_on_over_the_line_break():
    """`lâu` ends one line of the paragraph and `đài.` starts the next: the left neighbour counts."""
    words = [{"text": "lâu", "conf": 96.0, "bbox": (900, 0, 960, 30), "block": 1, "par": 1, "line": 1},
             {"text": "đài.", "conf": 95.0, "bbox": (10, 40, 70, 70), "block": 1, "par": 1, "line": 2,
              "choices": {0: [("đ", 94.0), ("d", 25.0)], 3: [(".", 95.0), (",", 25.0)]}}]
    assert [w["text"] for w in rescore.rescore(words)] == ["lâu", "dài."]
    words[1].update(text="đài.", par=2)  # another paragraph: no neighbour, `đài` alone is no clear error
    assert rescore.rescore(words)[1]["text"] == "đài."


def _metre_word(text: str) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    font = ImageFont.truetype(str(family("freeserif").path(False, False)), 54)
    img = Image.new("L", (400, 120), 255)
    d = ImageDraw.Draw(img)
    d.text((20, 40), text, font=font, fill=0)
    if text == "m":  # the raised two, as the renderer draws m²: smaller and lifted
        d.text((20 + d.textlength("m", font=font) + 2, 28), "2", font=ImageFont.truetype(
            str(family("freeserif").path(False, False)), 32), fill=0)
    ink = np.argwhere(np.asarray(img) < 128)
    (y0, x0), (y1, x1) = ink.min(axis=0), ink.max(axis=0) + 1
    return np.asarray(img), (int(x0), int(y0), int(x1), int(y1))


def _left_of(box):
    """A word's box just left of `box`, on its line."""
    return (box[0] - 90, box[1] + 4, box[0] - 15, box[3])


def test_a_raised_two_after_a_number_is_square_metres():
    """Tesseract's vie model has no `²`: it boxes `m²` whole and prints `m` (or `m?`); the box's raised
    mark right of the letter makes it `m²`. A plain `m`, or an `m` after a word, stays."""
    gray, box = _metre_word("m")
    plain, plain_box = _metre_word("mm")
    assert fixups.raised_mark(gray, box) and not fixups.raised_mark(plain, plain_box)
    words = [{"text": "152,4", "bbox": _left_of(box)}, {"text": "m", "bbox": box}]
    assert [w["text"] for w in fixups.square_metres(words, gray)] == ["152,4", "m²"]
    words = [{"text": "diện", "bbox": _left_of(box)}, {"text": "m?", "bbox": box}]
    assert [w["text"] for w in fixups.square_metres(words, gray)] == ["diện", "m?"]
    assert fixups.square_metres([{"text": "5", "bbox": _left_of(plain_box)}, {"text": "m,", "bbox": plain_box}],
                                plain)[1]["text"] == "m,"
    # the raised two read as another digit or a capital ('m7', 'mZ') is m² too, only with the mark
    words = [{"text": "152,4", "bbox": _left_of(box)}, {"text": "m7", "bbox": box}]
    assert [w["text"] for w in fixups.square_metres(words, gray)][1] == "m²"
    words = [{"text": "5", "bbox": _left_of(plain_box)}, {"text": "mZ", "bbox": plain_box}]
    assert fixups.square_metres(words, plain)[1]["text"] == "mZ"
    # the unit in a block of its own, listed before its number ('395' | 'm2' across a wide gap)
    words = [{"text": "m", "bbox": box}, {"text": "sử", "bbox": (box[2] + 40, box[1], box[2] + 90, box[3])},
             {"text": "152,4", "bbox": _left_of(box)}]
    assert fixups.square_metres(words, gray)[0]["text"] == "m²"


def test_section_numbers_with_a_one_read_as_i():
    assert [fixups.fix_number(t, None) for t in ("I.2.", "1.I", "I.I", "II")] == ["1.2.", "1.1", "I.I", "II"]


def _metre_pair(raised: bool, number: str = "") -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """'m2' (or '395m2') drawn with the two raised and smaller, as m², or on the baseline."""
    font = ImageFont.truetype(str(family("dejavuserif").path(False, False)), 54)
    small = ImageFont.truetype(str(family("dejavuserif").path(False, False)), 32)
    img = Image.new("L", (500, 120), 255)
    d = ImageDraw.Draw(img)
    d.text((20, 40), number + "m", font=font, fill=0)
    x = 20 + d.textlength(number + "m", font=font) + 3
    d.text((x, 28), "2", font=small, fill=0) if raised else d.text((x, 40), "2", font=font, fill=0)
    ink = np.argwhere(np.asarray(img) < 128)
    (y0, x0), (y1, x1) = ink.min(axis=0), ink.max(axis=0) + 1
    return np.asarray(img), (int(x0), int(y0), int(x1), int(y1))


def test_a_superscript_read_as_a_two_is_square_metres_and_a_level_two_is_not():
    """Printings whose raised two Tesseract reads as '2' ('669,3 m2'): the mark lifted off the
    baseline makes it 'm²'; an 'm2' whose two stands on the baseline stays; a number read together
    with its unit ('395m2') becomes the number and 'm²'."""
    raised, box = _metre_pair(True)
    level, level_box = _metre_pair(False)
    assert fixups.raised_mark(raised, box) and not fixups.raised_mark(level, level_box)
    out = fixups.square_metres([{"text": "669,3", "bbox": _left_of(box)}, {"text": "m2", "bbox": box}], raised)
    assert [w["text"] for w in out] == ["669,3", "m²"]
    out = fixups.square_metres([{"text": "669,3", "bbox": _left_of(level_box)}, {"text": "m2", "bbox": level_box}], level)
    assert [w["text"] for w in out] == ["669,3", "m2"]
    joined, jbox = _metre_pair(True, "395")
    out = fixups.square_metres([{"text": "395m2", "bbox": jbox}], joined)
    assert [w["text"] for w in out] == ["395", "m²"] and out[0]["bbox"][2] == out[1]["bbox"][0]
    flat, fbox = _metre_pair(False, "395")
    assert [w["text"] for w in fixups.square_metres([{"text": "395m2", "bbox": fbox}], flat)] == ["395m2"]


def test_a_raised_two_before_a_leader_of_dots_is_square_metres():
    """'205 m²....' boxed as one word 'm2....': the leader's dots stand on the baseline right of the
    raised two, and are no letter; a level two before them is still no mark."""
    for raised, want in ((True, "m²...."), (False, "m2....")):
        gray, box = _metre_pair(raised)
        img = Image.fromarray(gray)
        d = ImageDraw.Draw(img)
        font = ImageFont.truetype(str(family("dejavuserif").path(False, False)), 54)
        d.text((box[2] + 6, 40), "....", font=font, fill=0)
        gray = np.asarray(img)
        ink = np.argwhere(gray < 128)
        (y0, x0), (y1, x1) = ink.min(axis=0), ink.max(axis=0) + 1
        box = (int(x0), int(y0), int(x1), int(y1))
        out = fixups.square_metres([{"text": "205", "bbox": _left_of(box)}, {"text": "m2....", "bbox": box}], gray)
        assert out[1]["text"] == want


def test_capitals_whose_tone_the_lstm_was_sure_of():
    """At 100 dpi a capital's tone mark is the smallest ink on the line, and the LSTM may list no other
    reading of it (`NGUYÊN` at 71, no choice rows). A word in capitals takes another tone of that
    letter for a common pair (`GẮN LIÊN` -> `LIỀN`), and the first word of a run in capitals a family
    name under another tone (`NGUYỄN`, `ĐẶNG`), unless it starts a phrase the model knows, even with
    the next word's tone lost too (`ĐĂNG KÝ`; `CHỦ TICH`, whose `TỊCH` then comes back by its pair). Inside a name, pairs are no guide
    (`BÙI PHÚ KIM`: `phủ` is common, a given name `Phú` is not)."""
    lines = [["(1):", "NGUYÊN", "CÔNG", "HÙNG"], ["ĐĂNG", "KÝ", "KẾT", "HÔN"], ["ĐĂNG", "THỊ", "MAI"],
             ["CHỦ", "TICH"], ["TÀI", "SẢN", "GẮN", "LIÊN", "VỚI", "ĐẤT"], ["Ông", "BÙI", "PHÚ", "KIM"]]
    words = [_word(t, 60 * x, n) for n, line in enumerate(lines, start=1) for x, t in enumerate(line)]
    assert [[w["text"] for w in words if w["line"] == n] for n in range(1, len(lines) + 1)] == lines
    got = rescore.rescore(words)
    assert [[w["text"] for w in got if w["line"] == n] for n in range(1, len(lines) + 1)] == [
        ["(1):", "NGUYỄN", "CÔNG", "HÙNG"], ["ĐĂNG", "KÝ", "KẾT", "HÔN"], ["ĐẶNG", "THỊ", "MAI"],
        ["CHỦ", "TỊCH"], ["TÀI", "SẢN", "GẮN", "LIỀN", "VỚI", "ĐẤT"], ["Ông", "BÙI", "PHÚ", "KIM"]]
