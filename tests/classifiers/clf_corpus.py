"""A small labelled corpus for model tests: each procedure in a few wordings, random people."""
import random

from classifiers.catalog import load_catalog

HEADS = ["ỦY BAN NHÂN DÂN XÃ {place}", "UBND PHƯỜNG {place}", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"]
PLACES = ["TÂN PHÚ", "AN BÌNH", "HÒA LỢI", "PHÚ MỸ", "THỚI HÒA", "LONG NGUYÊN"]
NAMES = ["Nguyễn Văn An", "Trần Thị Mai", "Lê Hoàng Nam", "Phạm Thị Hoa", "Võ Minh Tuấn", "Đặng Thu Hà"]
BODIES = {
    "birth_registration": "Họ, chữ đệm, tên người được khai sinh: {n2}\nNgày, tháng, năm sinh: 0{d}/05/2020\nNơi sinh: Trạm y tế xã",
    "marriage_registration": "Họ và tên bên vợ: {n2}\nNgày sinh bên vợ: 1{d}/02/1995\nĐăng ký kết hôn tại UBND xã",
    "death_registration": "Họ, chữ đệm, tên người chết: {n2}\nNgày, tháng, năm chết: 0{d}/01/2021\nNguyên nhân chết: bệnh",
    "permanent_residence_registration": "Nội dung đề nghị: đăng ký thường trú\nChủ hộ: {n2}\nQuan hệ với chủ hộ: con",
    "certified_copy": "Giấy tờ đề nghị chứng thực: Bằng tốt nghiệp\nSố bản sao: 0{d}\nLệ phí chứng thực",
    "enterprise_registration": "Tên doanh nghiệp viết bằng tiếng Việt: DOANH NGHIỆP TƯ NHÂN {up}\nVốn đầu tư: {d}00.000.000 đồng",
    "household_business_registration": "Tên hộ kinh doanh: {up}\nNgành, nghề kinh doanh: bán lẻ\nSố lượng lao động: {d}",
    "land_first_certificate": "Thửa đất số: 1{d}\nTờ bản đồ số: {d}\nĐề nghị cấp Giấy chứng nhận lần đầu\nMục đích sử dụng: đất ở",
    "land_change_registration": "Thửa đất số: 2{d}\nTờ bản đồ số: {d}\nNội dung biến động: chuyển nhượng\nLý do biến động",
    "construction_permit": "Địa điểm xây dựng: ấp {d}\nLoại công trình: nhà ở riêng lẻ\nDiện tích xây dựng: {d}0 m2\nSố tầng: {d}",
}


def make_text(catalog, key: str, rng: random.Random, decision: bool = False) -> str:
    p = catalog.get(key)
    head = rng.choice(HEADS).format(place=rng.choice(PLACES))
    n1, n2 = rng.sample(NAMES, 2)
    body = BODIES[key].format(n2=n2, d=rng.randint(1, 9), up=n2.upper())
    if decision or not p.form_titles:
        cue = rng.choice(p.result_cues)
        top = f"Số: {rng.randint(10, 9999)}/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc {cue}"
    else:
        top = rng.choice(p.form_titles)
    return f"{head}\n{top}\nHọ và tên người đề nghị: {n1}\nSố định danh cá nhân: 0791{rng.randint(10**7, 10**8 - 1)}\n{body}"


def make_corpus(n_per: int, seed: int = 0, decision_share: float = 0.3):
    cat = load_catalog()
    rng = random.Random(seed)
    texts, labels = [], []
    for _ in range(n_per):
        for p in cat.procedures:
            texts.append(make_text(cat, p.key, rng, decision=rng.random() < decision_share))
            labels.append(p.key)
    return texts, labels
