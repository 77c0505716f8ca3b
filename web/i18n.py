"""Every text the station shows, by language. Add a language by adding a table with the same keys
(tests/web checks that each table has them all)."""
from __future__ import annotations

import re

from web.i18n_manage import MANAGE_VI, QUARANTINE_VI, STATES_VI

DEFAULT = "vi"

VI = {
    "app_title": "Trạm số hóa hồ sơ",
    "sign_in": "Đăng nhập",
    "sign_out": "Đăng xuất",
    "user_name": "Tên người dùng",
    "password": "Mật khẩu",
    "bad_login": "Tên người dùng hoặc mật khẩu không đúng.",
    "signed_in_as": "Đang làm việc: {name} ({role})",
    "home": "Trang chính",
    "review_queue": "Hàng đợi kiểm tra",
    "queue_empty": "Không còn hồ sơ nào chờ kiểm tra.",
    "queue_count": "{n} hồ sơ chờ kiểm tra, cũ nhất trước.",
    "col_batch": "Lô",
    "col_source": "Tệp quét",
    "col_reason": "Lý do và việc cần làm",
    "col_since": "Chờ từ",
    "open": "Mở",
    "dossier": "Hồ sơ",
    "page": "Trang {n}",
    "no_page_image": "Không có ảnh trang này.",
    "procedure": "Thủ tục",
    "procedure_none": "— chưa xác định —",
    "fields": "Các trường",
    "field_confidence": "độ tin cậy {pct}%",
    "field_invalid": "máy đọc không hợp lệ: {problem}",
    "field_confirmed": "đã xác nhận bởi {name}",
    "field_required": "bắt buộc",
    "approve": "Duyệt và nạp",
    "approve_hint": "Phím tắt: Ctrl+Enter — duyệt và sang hồ sơ tiếp theo.",
    "reject": "Từ chối",
    "reject_reason": "Lý do từ chối",
    "rescan": "Gửi quét lại",
    "rescan_reason": "Ghi chú cho người quét (trang nào, vì sao)",
    "done_loaded": "Đã nạp hồ sơ {source} vào cơ sở dữ liệu chuyên ngành.",
    "done_rejected": "Đã từ chối hồ sơ {source}.",
    "done_rescan": "Đã gửi hồ sơ {source} đi quét lại.",
    "left_out": "Không nạp (chưa xác nhận, chưa chắc chắn): {fields}.",
    "sector_down": "Cơ sở dữ liệu chuyên ngành đang không kết nối được; hồ sơ vẫn chờ. Thử lại sau.",
    "forbidden": "Tài khoản của bạn không có quyền vào trang này.",
    "csrf_failed": "Biểu mẫu đã hết hạn hoặc không hợp lệ. Tải lại trang rồi thử lại.",
    "not_found": "Không tìm thấy.",
    "no_role_pages": "Chưa có trang nào cho vai trò của bạn trong phiên bản này.",
}

ROLES_VI = {"archive": "nhân viên lưu trữ", "reviewer": "người kiểm tra", "operator": "vận hành viên",
            "manager": "lãnh đạo", "admin": "quản trị"}

FIELDS_VI = {
    "applicant_name": "Họ tên người yêu cầu", "applicant_id_number": "Số định danh người yêu cầu",
    "applicant_birth_date": "Ngày sinh người yêu cầu", "applicant_address": "Nơi cư trú người yêu cầu",
    "phone": "Số điện thoại", "subject_name": "Họ tên người được đăng ký",
    "subject_id_number": "Số định danh người được đăng ký", "subject_birth_date": "Ngày sinh người được đăng ký",
    "subject_gender": "Giới tính", "death_date": "Ngày chết", "mother_name": "Họ tên mẹ",
    "father_name": "Họ tên cha", "business_name": "Tên doanh nghiệp / hộ kinh doanh",
    "business_address": "Địa chỉ trụ sở", "tax_code": "Mã số thuế", "parcel_number": "Số thửa",
    "map_sheet_number": "Số tờ bản đồ", "land_address": "Địa chỉ thửa đất",
    "construction_address": "Địa điểm xây dựng", "document_number": "Số văn bản",
    "issuing_agency": "Cơ quan ban hành", "document_type": "Loại văn bản", "subject_line": "Trích yếu",
    "signed_date": "Ngày ký",
}

# what the dossier's reason means and what the reviewer should do now
REASONS_VI = {
    "procedure_uncertain": "Máy chưa chắc hồ sơ thuộc thủ tục nào: chọn đúng thủ tục rồi duyệt.",
    "classifier_unavailable": "Bộ phân loại không chạy được: chọn thủ tục bằng tay rồi duyệt.",
    "required_field_missing": "Thiếu trường bắt buộc: đọc trên ảnh trang và gõ giá trị vào ô trống.",
    "field_invalid": "Một trường không hợp lệ: so với ảnh trang, sửa giá trị rồi duyệt.",
    "field_uncertain": "Máy đọc chưa chắc một trường bắt buộc: so với ô được khoanh trên ảnh, sửa nếu sai rồi duyệt.",
    "no_text": "Không đọc được chữ nào: xem ảnh; nếu trang trắng hoặc mờ, gửi quét lại.",
    "ocr_failed": "Không nhận dạng được chữ trên một số trang: xem ảnh, gõ các trường hoặc gửi quét lại.",
    "ocr_timeout": "Nhận dạng chữ quá lâu trên một số trang: xem ảnh, gõ các trường hoặc gửi quét lại.",
    "ocr_low_confidence": "Chữ quét khó đọc: kiểm tra kỹ từng trường với ảnh; nếu quá mờ, gửi quét lại.",
    "bad_file_in_dossier": "Một tệp trong hồ sơ bị hỏng: gửi quét lại tệp đó, hoặc duyệt nếu các tệp còn lại đủ.",
    "sector_db_unavailable": "CSDL chuyên ngành chưa kết nối được: không cần làm gì, lần chạy lại sẽ nạp.",
    "internal_error": "Lỗi của hệ thống khi xử lý: báo vận hành viên; có thể kiểm tra và duyệt bằng tay.",
    "rejected_by_reviewer": "Đã bị từ chối.",
    "rescan_requested": "Đang chờ quét lại.",
}

# flows.review.Refused codes
REFUSED_VI = {
    "no_user": "Không xác định được người kiểm tra; đăng nhập lại.",
    "no_outcome": "Chọn một việc: duyệt, từ chối hoặc gửi quét lại.",
    "reject_needs_reason": "Từ chối cần ghi lý do.",
    "fields_only_with_load": "Chỉ sửa trường khi duyệt và nạp.",
    "no_dossier": "Không có hồ sơ này.",
    "not_in_review": "Hồ sơ không còn chờ kiểm tra (đã có người xử lý).",
    "resolved_meanwhile": "Người khác vừa xử lý hồ sơ này; mở hồ sơ tiếp theo.",
    "unknown_procedure": "Thủ tục không có trong danh mục; chọn trong danh sách.",
    "unknown_field": "Trường không có trong danh mục: {fields}. Không có gì được lưu.",
    "typed_and_accepted": "{fields}: hoặc gõ giá trị mới, hoặc giữ giá trị của máy, không cả hai.",
    "nothing_to_accept": "{field}: máy không đọc được giá trị; gõ giá trị từ ảnh trang.",
    "machine_invalid": "{field}: giá trị máy đọc không hợp lệ ({problem}); gõ giá trị đúng từ ảnh trang.",
    "no_value": "{field}: chưa gõ giá trị nào.",
    "invalid_value": "{field}: giá trị không hợp lệ ({problem}). Sửa lại; không có gì được lưu.",
    "letters_for_digits": "{field}: có chữ cái ở chỗ phải là chữ số (O thay 0, l thay 1…); gõ lại bằng chữ số.",
    "contradiction": "{fields} mâu thuẫn nhau ({problem}); sửa một trong hai.",
    "no_procedure": "Hồ sơ chưa có thủ tục; chọn thủ tục trước khi duyệt.",
    "required_unsure": "Trường bắt buộc chưa chắc chắn: {fields}. Gõ hoặc giữ giá trị, hoặc từ chối / gửi quét lại.",
    "refused": "Không lưu được quyết định.",
}

# answers of the REST API (/api/v1)
API_VI = {
    "no_token": "Thiếu mã truy cập API: gửi tiêu đề Authorization: Bearer <mã> (tạo mã bằng `sohoa token add`).",
    "bad_token": "Mã truy cập API không đúng, đã bị thu hồi, hoặc tài khoản đã bị khóa.",
    "forbidden": "Vai trò {role} không được dùng chức năng này.",
    "not_found": "Không tìm thấy.",
    "no_dossier": "Không có hồ sơ {id}.",
    "no_batch": "Không có lô {name}.",
    "no_record": "Hồ sơ {id} chưa được nạp vào cơ sở dữ liệu chuyên ngành.",
    "no_document": "Không có văn bản số hóa nào mang mã {code}.",
    "doc_code_ambiguous": "Mã {code} trùng ở {n} hồ sơ (các lô đánh số trùng nhau); thêm ?batch=<lô> để chọn.",
    "file_missing": "Tệp PDF/A của văn bản không đọc được từ kho lưu trữ; báo vận hành viên.",
    "sector_down": "Cơ sở dữ liệu chuyên ngành đang không kết nối được; hồ sơ vẫn chờ. Thử lại sau.",
    "method_not_allowed": "Phương thức không được hỗ trợ ở địa chỉ này.",
}

# validator problems (extraction.validate, extraction.values), English pattern -> Vietnamese
PROBLEMS_VI = [
    (r"not all digits", "không phải toàn chữ số"),
    (r"(\d+) digits, expected 12 \(or 9\)", r"có \1 chữ số, cần 12 (hoặc 9)"),
    (r"(\d+) digits, expected 10 or 13", r"có \1 chữ số, cần 10 hoặc 13"),
    (r"unknown province code", "mã tỉnh không tồn tại"),
    (r"century/sex digit outside 0-3", "chữ số thế kỷ/giới tính ngoài 0–3"),
    (r"birth year does not match the birth date", "năm sinh trong số định danh không khớp ngày sinh"),
    (r"check digit does not match", "chữ số kiểm tra không khớp"),
    (r"in the future", "ngày ở tương lai"),
    (r"before (\d{4})", r"trước năm \1"),
    (r"after the date it must precede", "sau ngày mà nó phải đứng trước"),
    (r"before the date it must follow", "trước ngày mà nó phải đứng sau"),
    (r"not a Vietnamese mobile or landline number", "không phải số điện thoại Việt Nam"),
    (r"characters other than letters", "có ký tự không phải chữ cái"),
    (r"(\d+) words, expected 2-7", r"có \1 từ, cần 2–7 từ"),
    (r"not a number", "không phải số"),
    (r"too many digits", "quá nhiều chữ số"),
    (r"not a date|no such date|impossible date|invalid date", "không có ngày này"),
]

VI.update(MANAGE_VI)  # reports, operator and admin pages
REASONS_VI.update(QUARANTINE_VI)

TABLES = {"vi": {"text": VI, "roles": ROLES_VI, "fields": FIELDS_VI, "reasons": REASONS_VI,
                 "refused": REFUSED_VI, "api": API_VI, "states": STATES_VI}}


class Texts:
    """The texts of one language, as the templates use them."""

    def __init__(self, lang: str = DEFAULT):
        self.lang = lang if lang in TABLES else DEFAULT
        self._t = TABLES[self.lang]

    def __call__(self, key: str, **kw) -> str:
        return self._t["text"][key].format(**kw)

    def api(self, key: str, **kw) -> str:
        return self._t["api"][key].format(**kw)

    def role(self, role: str) -> str:
        return self._t["roles"].get(role, role)

    def field(self, key: str) -> str:
        return self._t["fields"].get(key, key)

    def state(self, state: str) -> str:
        return self._t["states"].get(state, state)

    def reason(self, code: str | None) -> str:
        return self._t["reasons"].get(code or "", code or "")

    def problem(self, text: str | None) -> str:
        if not text:
            return ""
        for pattern, said in PROBLEMS_VI if self.lang == "vi" else ():
            if re.fullmatch(pattern, text):
                return re.sub(pattern, said, text)
        return text

    def refused(self, code: str, params: dict) -> str:
        kw = dict(params)
        for k in ("fields",):
            if k in kw:
                kw[k] = ", ".join(self.field(f) for f in kw[k])
        if "field" in kw:
            kw["field"] = self.field(kw["field"])
        if "problem" in kw:
            kw["problem"] = self.problem(kw["problem"])
        table = self._t["refused"]
        return table.get(code, table["refused"]).format_map(_Blank(kw))


class _Blank(dict):
    def __missing__(self, key):
        return ""
