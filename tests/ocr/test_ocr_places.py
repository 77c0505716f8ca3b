import pytest

from ocr.places import fix_place_names


def _line(text: str) -> list[dict]:
    return [{"text": t, "block": 1, "par": 1, "line": 1, "choices": {0: [(t[0], 90.0)]}} for t in text.split()]


@pytest.mark.parametrize("read,want", [
    ("huyện Dâu Tiếng, tỉnh Bình Dương", "huyện Dầu Tiếng, tỉnh Bình Dương"),  # a tone lost at 100 dpi
    ("Thành phố Thủ Dâu Một", "Thành phố Thủ Dầu Một"),
    ("HUYỆN DÂU TIẾNG", "HUYỆN DẦU TIẾNG"),
    ("Xã Thanh Tuyên, huyện Dầu Tiếng", "Xã Thanh Tuyền, huyện Dầu Tiếng"),
    # names the list holds as read stay, where the tone sits being a spelling (Hoà, Hòa)
    ("xã Tân Hoà, huyện Phú Giáo", "xã Tân Hoà, huyện Phú Giáo"),
    ("phường Thái Hòa", "phường Thái Hòa"),
    # the name ends where another unit begins, and only after a unit word
    ("xã Phú An Thành phố Bến Cát", "xã Phú An Thành phố Bến Cát"),
    ("ông Dâu Tiếng", "ông Dâu Tiếng"),
    ("huyện, Dâu Tiếng", "huyện, Dâu Tiếng"),
    # at the end of a line a name may go on at the next one: 'Tân Đông' / 'Hiệp' is no 'Tân Đồng'
    ("phường Tân Đông", "phường Tân Đông"),
    ("phường Tân Đông, thành phố Dĩ An", "phường Tân Đồng, thành phố Dĩ An"),
    ("Trung tâm Y tế huyện Dâu Tiếng", "Trung tâm Y tế huyện Dầu Tiếng"),
    ("Ủy ban nhân dân xã", "Ủy ban nhân dân xã"),  # a unit word with no name after it on the line
    ("xã 5 phường", "xã 5 phường"),
    ("thị xã Dĩ An", "thị xã Dĩ An"),
])
def test_a_units_name_takes_the_tones_of_the_one_unit_it_can_be(read, want):
    words = fix_place_names(_line(read))
    assert " ".join(w["text"] for w in words) == want
    assert [("choices" in w) for w in words] == [a == b for a, b in zip(read.split(), want.split())]


def test_a_name_two_units_share_without_tones_is_left_as_read():
    """'xã Phước Thanh' is no commune, but 'Phước Thạnh' and 'Phước Thành' both are: no guess."""
    assert " ".join(w["text"] for w in fix_place_names(_line("xã Phước Thanh"))) == "xã Phước Thanh"
    assert " ".join(w["text"] for w in fix_place_names(_line("xã Phước Thạnh"))) == "xã Phước Thạnh"


def test_the_last_word_of_a_two_word_unit_is_no_unit_of_its_own(monkeypatch):
    """'thị xã Dĩ An' is a town's name, never looked up as a commune's ('xã Dĩ An')."""
    from ocr import places
    asked = []
    monkeypatch.setattr(places, "_respell", lambda run, kind, line_end: asked.append(kind))
    places.fix_place_names(_line("thị xã Dĩ An, tỉnh Bình Dương"))
    assert asked == ["thị xã", "tỉnh"]
