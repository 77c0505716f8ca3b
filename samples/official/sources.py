"""The legal source of each official template (one constant per template), recorded in truth as
`template_source`. Where the current text could not be checked, the note says which version the
layout follows and what replaced it.
"""

BIRTH = ("Thông tư 04/2020/TT-BTP, as amended by Thông tư 04/2024/TT-BTP, Phụ lục, "
         "mẫu Tờ khai đăng ký khai sinh")
DEATH = ("Thông tư 04/2020/TT-BTP, as amended by Thông tư 04/2024/TT-BTP, Phụ lục, "
         "mẫu Tờ khai đăng ký khai tử")
MARRIAGE = ("Thông tư 04/2020/TT-BTP, as amended by Thông tư 04/2024/TT-BTP, Phụ lục, "
            "mẫu Tờ khai đăng ký kết hôn")
RESIDENCE = ("Thông tư 56/2021/TT-BCA (biểu mẫu đăng ký, quản lý cư trú), as amended by Thông tư 66/2023/TT-BCA, "
             "mẫu CT01 Tờ khai thay đổi thông tin cư trú")
CERTIFIED_COPY = ("Nghị định 23/2015/NĐ-CP, Điều 20 (chứng thực bản sao từ bản chính): no request form is "
                  "prescribed, the requester presents the original and the copy; rendered is the request slip "
                  "one-stop desks use in practice (Phiếu yêu cầu chứng thực bản sao), not a legal template")
ENTERPRISE = ("Thông tư 01/2021/TT-BKHĐT, Phụ lục I-1, Giấy đề nghị đăng ký doanh nghiệp tư nhân (as amended by "
              "Thông tư 02/2023/TT-BKHĐT); replaced from 01/7/2025 by Thông tư 68/2025/TT-BTC, whose annex "
              "text was not available here: layout follows the 2021 annex")
HOUSEHOLD = ("Thông tư 01/2021/TT-BKHĐT, Phụ lục III-1, Giấy đề nghị đăng ký hộ kinh doanh (as amended by "
             "Thông tư 02/2023/TT-BKHĐT); replaced from 01/7/2025 by Thông tư 68/2025/TT-BTC under Nghị định "
             "168/2025/NĐ-CP, whose annex text was not available here: layout follows the 2021 annex")
LAND_FIRST = ("Nghị định 101/2024/NĐ-CP, Phụ lục, Mẫu số 04/ĐK Đơn đăng ký đất đai, tài sản gắn liền với đất "
              "(in force from 01/8/2024; replaces Mẫu 04a/ĐK of Thông tư 24/2014/TT-BTNMT)")
LAND_CHANGE = ("Nghị định 101/2024/NĐ-CP, Phụ lục, Mẫu số 11/ĐK Đơn đăng ký biến động đất đai, tài sản gắn liền "
               "với đất (field order follows published copies; a 2026 Bộ NN&MT guidance reportedly renumbers it)")
CONSTRUCTION = ("Nghị định 175/2024/NĐ-CP, Phụ lục II, Mẫu số 01 Đơn đề nghị cấp giấy phép xây dựng, variant "
                "nhà ở riêng lẻ (successor of Nghị định 15/2021/NĐ-CP, Phụ lục II, Mẫu số 01)")

SOURCES = {
    "birth_registration": BIRTH, "death_registration": DEATH, "marriage_registration": MARRIAGE,
    "permanent_residence_registration": RESIDENCE, "certified_copy": CERTIFIED_COPY,
    "enterprise_registration": ENTERPRISE, "household_business_registration": HOUSEHOLD,
    "land_first_certificate": LAND_FIRST, "land_change_registration": LAND_CHANGE,
    "construction_permit": CONSTRUCTION,
}
