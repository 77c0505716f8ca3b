"""The facts of one fictional dossier (who, what, where, when), shared by its form and decision."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from samples import people
from samples.people import Address, Person

PROCEDURES = ["birth_registration", "marriage_registration", "death_registration",
              "household_business_registration", "construction_permit", "land_change_registration"]
SHORT = {"birth_registration": "birth", "marriage_registration": "marriage", "death_registration": "death",
         "household_business_registration": "business", "construction_permit": "construction",
         "land_change_registration": "land", "permanent_residence_registration": "residence",
         "certified_copy": "copy", "enterprise_registration": "enterprise", "land_first_certificate": "landcert"}
# every procedure of classifiers/catalog.yaml; the official templates cover all of them, while the
# generator's own forms and decisions cover PROCEDURES only
ALL_PROCEDURES = PROCEDURES + ["permanent_residence_registration", "certified_copy", "enterprise_registration",
                               "land_first_certificate"]
COPIED_DOCUMENTS = ["Giấy khai sinh", "Căn cước công dân", "Bằng tốt nghiệp trung học phổ thông",
                    "Giấy chứng nhận kết hôn", "Sổ hộ khẩu", "Bằng tốt nghiệp đại học",
                    "Giấy chứng nhận quyền sử dụng đất", "Học bạ trung học phổ thông"]
ENTERPRISE_WORDS = ["Thành Phát", "Minh Long", "Phú Cường", "Hưng Thịnh", "An Khang", "Tân Tiến", "Đại Lộc",
                    "Kim Ngân", "Bảo Châu", "Hòa Bình", "Nam Việt", "Thuận Lợi"]

BUSINESS_KINDS = [("Tạp hóa", "Bán lẻ lương thực, thực phẩm, đồ uống"),
                  ("Quán cơm", "Nhà hàng và các dịch vụ ăn uống phục vụ lưu động"),
                  ("Tiệm sửa xe", "Bảo dưỡng, sửa chữa mô tô, xe máy"),
                  ("Cửa hàng vật liệu xây dựng", "Bán buôn vật liệu, thiết bị lắp đặt khác trong xây dựng"),
                  ("Tiệm may", "May trang phục"),
                  ("Quán cà phê", "Dịch vụ phục vụ đồ uống"),
                  ("Nhà thuốc", "Bán lẻ thuốc, dụng cụ y tế"),
                  ("Tiệm tóc", "Cắt tóc, làm đầu, gội đầu")]
LAND_CHANGES = [("Chuyển nhượng quyền sử dụng đất", "Nhận chuyển nhượng quyền sử dụng đất"),
                ("Tặng cho quyền sử dụng đất", "Nhận tặng cho quyền sử dụng đất"),
                ("Thừa kế quyền sử dụng đất", "Nhận thừa kế quyền sử dụng đất"),
                ("Chuyển mục đích sử dụng đất", "Chuyển từ đất trồng cây lâu năm sang đất ở")]
LAND_USES = ["Đất ở tại đô thị", "Đất ở tại nông thôn", "Đất trồng cây lâu năm", "Đất trồng cây hằng năm khác"]


@dataclass
class Case:
    procedure: str
    filed: date  # form signing date
    applicant: Person
    subject: Person | None = None  # child / deceased / wife
    death_at: tuple[int, int] | None = None  # hour, minute
    death_date: date | None = None
    relation: str = ""
    business_name: str = ""
    business_kind: str = ""
    business_activity: str = ""
    business_address: Address | None = None
    capital: int = 0
    tax_code: str = ""
    parcel: int = 0
    sheet: int = 0
    land_address: Address | None = None
    area: str = ""  # "120,5"
    land_use: str = ""
    change: tuple[str, str] = ("", "")
    floors: int = 0
    certificate_no: str = ""
    decided: date | None = None  # decision date
    decision_no: int = 0
    signer: str = ""
    extra: dict = field(default_factory=dict)


def _area(rnd: random.Random, lo: int, hi: int) -> str:
    whole = rnd.randint(lo, hi)
    frac = rnd.choice(["", "", f",{rnd.randint(1, 9)}", f",{rnd.randint(10, 99)}"])
    return f"{whole}{frac}"


def make_case(rnd: random.Random, procedure: str, names=None) -> Case:
    """names: a samples.names.NameSource, or None for the built-in name lists."""
    filed = date(2016, 1, 1) + timedelta(days=rnd.randrange(9 * 365))
    if procedure == "birth_registration":
        parent = people.person(rnd, filed, min_age=20, max_age=42, names=names)
        child_family = parent.name.split()[0] if parent.sex == "Nam" or rnd.random() < 0.3 \
            else people.family_name(rnd, names)
        sex = rnd.choice(["Nam", "Nữ"])
        born = filed - timedelta(days=rnd.randint(1, 58))
        child = people.Person(people.person_name(rnd, sex, child_family, names), sex, born,
                              people.citizen_id(rnd, sex, born, "074"), "Bình Dương", parent.address, "")
        case = Case(procedure, filed, parent, child, relation="Cha" if parent.sex == "Nam" else "Mẹ")
    elif procedure == "marriage_registration":
        husband = people.person(rnd, filed, sex="Nam", min_age=20, max_age=45, names=names)
        wife = people.person(rnd, filed, sex="Nữ", min_age=18, max_age=40, names=names)
        case = Case(procedure, filed, husband, wife)
    elif procedure == "death_registration":
        deceased = people.person(rnd, filed, min_age=55, max_age=95, names=names)
        child_family = deceased.name.split()[0] if deceased.sex == "Nam" else None
        applicant = people.person(rnd, filed, min_age=25, max_age=60, family=child_family,
                                  district=deceased.address.district, names=names)
        died = filed - timedelta(days=rnd.randint(1, 14))
        case = Case(procedure, filed, applicant, deceased, death_date=died,
                    death_at=(rnd.randint(0, 23), rnd.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])),
                    relation=rnd.choice(["Con", "Con", "Vợ" if deceased.sex == "Nam" else "Chồng", "Cháu"]))
    elif procedure == "household_business_registration":
        owner = people.person(rnd, filed, min_age=22, max_age=60, names=names)
        kind, activity = rnd.choice(BUSINESS_KINDS)
        given = owner.name.split()[-1]
        tail = rnd.choice([given, f"{owner.name.split()[-2]} {given}", people.rnd_given(rnd, names)])
        name = f"{kind} {tail}"
        if rnd.random() < 0.5:
            name = f"Hộ kinh doanh {name}"
        case = Case(procedure, filed, owner, business_name=name, business_kind=kind, business_activity=activity,
                    business_address=people.address(rnd, filed, owner.address.district if rnd.random() < 0.7 else None),
                    capital=rnd.choice([30, 50, 80, 100, 150, 200, 300, 500]) * 1_000_000,
                    tax_code=people.tax_code(rnd))
    elif procedure == "construction_permit":
        owner = people.person(rnd, filed, min_age=25, max_age=70, names=names)
        site = owner.address if rnd.random() < 0.5 else people.address(rnd, filed, owner.address.district)
        case = Case(procedure, filed, owner, parcel=rnd.randint(1, 1999), sheet=rnd.randint(1, 120),
                    land_address=site, area=_area(rnd, 45, 250), floors=rnd.randint(1, 5),
                    certificate_no=f"{rnd.choice(['CS', 'CH', 'BĐ', 'CT'])} {rnd.randint(1, 99999):05d}")
    elif procedure == "land_change_registration":
        owner = people.person(rnd, filed, min_age=25, max_age=75, names=names)
        change = rnd.choice(LAND_CHANGES)
        case = Case(procedure, filed, owner, parcel=rnd.randint(1, 1999), sheet=rnd.randint(1, 120),
                    land_address=people.address(rnd, filed), area=_area(rnd, 60, 2500),
                    land_use=rnd.choice(LAND_USES), change=change,
                    certificate_no=f"{rnd.choice(['CS', 'CH', 'BĐ'])} {rnd.randint(1, 99999):05d}")
    elif procedure in ALL_PROCEDURES:
        case = _new_case(rnd, procedure, filed, names)
    else:
        raise ValueError(f"unknown procedure {procedure!r}")
    case.decided = case.filed + timedelta(days=rnd.randint(3, 20))
    case.decision_no = rnd.randint(1, 9999) if rnd.random() < 0.9 else rnd.randint(1, 9)
    case.signer = people.person_name(rnd, rnd.choice(["Nam", "Nam", "Nữ"]), names=names)
    return case


def _new_case(rnd: random.Random, procedure: str, filed: date, names) -> Case:
    """The procedures only the official templates render (kept apart so the others draw as before)."""
    if procedure == "permanent_residence_registration":
        applicant = people.person(rnd, filed, min_age=18, max_age=70, names=names)
        target = people.address(rnd, filed)
        head = None if rnd.random() < 0.4 else people.person(rnd, filed, min_age=30, max_age=75, names=names,
                                                               district=target.district)
        relation = "Chủ hộ" if head is None else rnd.choice(["Con", "Vợ", "Chồng", "Cháu", "Anh", "Em"])
        members = []
        for _ in range(rnd.choice([0, 0, 1, 2])):
            m = people.person(rnd, filed, min_age=1, max_age=17, names=names, family=applicant.name.split()[0])
            members.append((m, "Con" if head is None else "Cháu"))
        return Case(procedure, filed, applicant, relation=relation,
                    extra={"target": target, "head": head, "members": members})
    if procedure == "certified_copy":
        applicant = people.person(rnd, filed, min_age=18, max_age=70, names=names)
        docs = [(d, rnd.choice([1, 1, 2, 3])) for d in rnd.sample(COPIED_DOCUMENTS, rnd.randint(1, 3))]
        return Case(procedure, filed, applicant, extra={"documents": docs})
    if procedure == "enterprise_registration":
        owner = people.person(rnd, filed, min_age=22, max_age=65, names=names)
        name = f"DOANH NGHIỆP TƯ NHÂN {rnd.choice(ENTERPRISE_WORDS).upper()} {owner.name.split()[-1].upper()}"
        kind, activity = rnd.choice(BUSINESS_KINDS)
        return Case(procedure, filed, owner, business_name=name, business_kind=kind, business_activity=activity,
                    business_address=people.address(rnd, filed),
                    capital=rnd.choice([300, 500, 800, 1000, 2000, 5000]) * 1_000_000)
    if procedure == "land_first_certificate":
        owner = people.person(rnd, filed, min_age=25, max_age=75, names=names)
        return Case(procedure, filed, owner, parcel=rnd.randint(1, 1999), sheet=rnd.randint(1, 120),
                    land_address=people.address(rnd, filed, owner.address.district if rnd.random() < 0.6 else None),
                    area=_area(rnd, 60, 1500), land_use=rnd.choice(LAND_USES),
                    extra={"since": rnd.randint(1980, 2014)})
    raise ValueError(procedure)
