"""Every text the station shows, by language: Vietnamese here, English in web.i18n_en. Add a language by
adding tables with the same keys (tests/web checks that each table has them all)."""
from __future__ import annotations

import re

from web.i18n_manage import MANAGE_VI, QUARANTINE_VI

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
    "field_handwritten": "chữ viết tay: máy không đọc chắc, so với ô được khoanh trên ảnh",
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
    # language switch (the name of the other language, in that language)
    "other_language": "English",
    "language": "Ngôn ngữ",
    "signin_locked": "Đăng nhập sai quá nhiều lần. Đợi {minutes} phút rồi thử lại, hoặc nhờ quản trị kiểm tra tài khoản.",
    # uploads (archive staff)
    "uploads": "Tải lên lô hồ sơ",
    "upload_drop": "Kéo thả tệp quét, thư mục hoặc một tệp .zip vào đây",
    "upload_or": "hoặc",
    "upload_pick_files": "Chọn tệp (hoặc tệp .zip)",
    "upload_pick_folder": "Chọn thư mục",
    "upload_picked": "Đã chọn {n} tệp ({size}).",
    "upload_rule": "Mỗi tệp hoặc thư mục con là một hồ sơ. Kéo vào một thư mục duy nhất thì đó là thư mục lô: "
                   "các tệp và thư mục con trong nó là các hồ sơ.",
    "upload_limits": "Tối đa {max_mb} MB và {max_entries} tệp mỗi lần tải lên.",
    "upload_batch_name": "Tên lô (để trống thì tự đặt theo tên bạn và giờ tải lên)",
    "upload_send": "Tải lên và xử lý",
    "upload_sending": "Đang tải lên… {pct}%",
    "upload_failed_network": "Tải lên bị gián đoạn: kiểm tra mạng rồi thử lại.",
    "upload_received": "Đã nhận lô {batch}: {files} tệp. Lô đang chờ xử lý; trang này tự cập nhật.",
    "uploads_mine": "Các lô đã tải lên",
    "uploads_none": "Chưa có lô nào được tải lên.",
    "uploads_refresh": "Trang tự cập nhật mỗi 5 giây khi còn lô đang xử lý.",
    "col_uploaded_at": "Tải lên lúc",
    "col_uploaded_by": "Người tải",
    "col_files": "Số tệp",
    "col_size": "Dung lượng",
    "col_state": "Trạng thái",
    "col_dossiers": "Hồ sơ theo trạng thái",
    "col_pages": "Số trang",
    "details": "Chi tiết",
    "upload_title": "Lô {batch}",
    "upload_dossiers_none": "Chưa có hồ sơ nào của lô này được xử lý.",
    "back_to_uploads": "Về danh sách lô",
    "upload_retry": "Chạy lại",
    # search and the dossier page
    "search": "Tìm kiếm",
    "search_title": "Tìm hồ sơ đã nạp",
    "search_in": "Tìm theo",
    "search_by_text": "Toàn văn (chữ trên trang và các trường)",
    "search_by_name": "Họ tên",
    "search_by_id_number": "Số định danh cá nhân / CCCD",
    "search_by_document_number": "Số văn bản",
    "search_by_doc_code": "Mã định danh văn bản (DocCode)",
    "search_words": "Từ khóa",
    "search_go": "Tìm",
    "search_hint": "Có thể gõ không dấu. Mỗi lượt tìm được ghi vào nhật ký truy cập (không ghi từ khóa).",
    "search_found": "Tìm thấy {n} hồ sơ.",
    "search_more": "Chỉ hiện {n} hồ sơ đầu tiên: thu hẹp từ khóa.",
    "search_none": "Không tìm thấy hồ sơ nào đã nạp khớp với từ khóa.",
    "search_too_short": "Gõ ít nhất 2 ký tự.",
    "search_bad_id": "Số định danh gồm 12 chữ số (chứng minh nhân dân cũ: 9 chữ số).",
    "search_bad_kind": "Chọn cách tìm trong danh sách.",
    "col_procedure": "Thủ tục",
    "col_people": "Tên trong hồ sơ",
    "col_doc_code": "Mã định danh văn bản",
    "col_field": "Trường",
    "col_value": "Giá trị",
    "col_confirmed_by": "Xác nhận bởi",
    "machine": "máy đọc",
    "record_info": "Thông tin hồ sơ",
    "record_state": "Trạng thái",
    "record_pdf": "Bản số hóa (PDF/A)",
    "record_pdf_download": "Tải bản PDF/A về máy",
    "record_pdf_open": "Mở PDF trong thẻ mới",
    "record_pdf_fallback": "Trình duyệt không hiện được PDF ở đây: dùng nút tải về để xem.",
    "record_no_pdf": "Hồ sơ này chưa có bản PDF/A.",
    "record_to_review": "Mở để kiểm tra",
    "record_access_note": "Lượt xem hồ sơ này đã được ghi vào nhật ký truy cập.",
    # access log (admin, manager)
    "access_log": "Nhật ký truy cập",
    "access_log_title": "Nhật ký truy cập dữ liệu cá nhân",
    "access_log_about": "Ai đã xem, tìm hoặc tải hồ sơ nào, lúc nào. Nhật ký không chứa dữ liệu cá nhân hay từ khóa tìm kiếm.",
    "access_filter": "Lọc",
    "access_any": "— tất cả —",
    "access_none": "Chưa có lượt truy cập nào khớp.",
    "access_older": "Xem cũ hơn",
    "col_at": "Thời gian",
    "col_user": "Người dùng",
    "col_action": "Việc",
    "col_detail": "Chi tiết",
    "col_address": "Địa chỉ IP",
    "access_search_detail": "tìm theo {by}: {n} kết quả",
    "access_page_detail": "trang {n}",
    # review page additions
    "procedure_hint": "Gõ tên hoặc mã thủ tục để tìm trong danh mục.",
    "add_field": "Thêm trường máy bỏ sót",
    "add_field_none": "— chọn trường —",
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
    "field_handwritten": "Có trường được điền bằng chữ viết tay: máy không đọc chắc chữ viết tay; xem ô được khoanh trên ảnh, gõ lại giá trị đúng rồi duyệt.",
    "field_uncertain": "Máy đọc chưa chắc một trường bắt buộc: so với ô được khoanh trên ảnh, sửa nếu sai rồi duyệt.",
    "no_text": "Không đọc được chữ nào: xem ảnh; nếu trang trắng hoặc mờ, gửi quét lại.",
    "ocr_failed": "Không nhận dạng được chữ trên một số trang: xem ảnh, gõ các trường hoặc gửi quét lại.",
    "ocr_timeout": "Nhận dạng chữ quá lâu trên một số trang: xem ảnh, gõ các trường hoặc gửi quét lại.",
    "ocr_low_confidence": "Chữ quét khó đọc: kiểm tra kỹ từng trường với ảnh; nếu quá mờ, gửi quét lại.",
    "bad_file_in_dossier": "Một tệp trong hồ sơ bị hỏng: gửi quét lại tệp đó, hoặc duyệt nếu các tệp còn lại đủ.",
    "sector_db_unavailable": "CSDL chuyên ngành chưa kết nối được: không cần làm gì, lần chạy lại sẽ nạp.",
    "internal_error": "Lỗi của hệ thống khi xử lý: báo vận hành viên; có thể kiểm tra và duyệt bằng tay.",
    "dossier_timeout": "Xử lý quá thời gian cho phép: báo vận hành viên; lần chạy lại sẽ làm tiếp từ trang đã đọc.",
    "storage_unavailable": "Kho tệp hoặc CSDL hệ thống tạm thời không kết nối được: lần chạy lại sẽ xử lý hồ sơ.",
    "rejected_by_reviewer": "Đã bị từ chối.",
    "rescan_requested": "Đang chờ quét lại.",
    # quarantine: what archive staff should do with the file
    "empty_file": "Tệp rỗng (0 byte): chép lại hoặc quét lại tệp rồi tải lên.",
    "unreadable_image": "Ảnh hỏng, không mở được: quét lại trang đó rồi tải lên.",
    "type_mismatch": "Đuôi tệp không khớp nội dung (ví dụ đuôi .pdf nhưng là ảnh JPEG): đặt lại đuôi đúng hoặc xuất lại từ máy quét.",
    "unsupported_type": "Không phải tệp quét (chỉ nhận PDF, TIFF, JPEG, PNG): bỏ tệp này khỏi lô hoặc chuyển sang định dạng được nhận.",
    "encrypted_pdf": "PDF có mật khẩu: xuất lại không đặt mật khẩu rồi tải lên.",
    "corrupt_pdf": "PDF hỏng, không đọc được: xuất lại từ máy quét rồi tải lên.",
    "too_large": "Tệp vượt giới hạn dung lượng: quét ở 300 dpi hoặc tách thành nhiều tệp.",
    "too_many_pages": "Tệp có quá nhiều trang: tách thành nhiều tệp, mỗi hồ sơ một tệp.",
    "page_too_large": "Trang có quá nhiều điểm ảnh: quét lại ở 300 dpi.",
    "zero_size_page": "Có trang kích thước bằng 0: xuất lại tệp từ máy quét.",
    "special_file": "Không phải tệp thông thường (thiết bị, đường ống): bỏ khỏi lô.",
    "unreadable_file": "Hệ thống không đọc được tệp: báo vận hành viên kiểm tra quyền của thư mục.",
    "changed_during_ingest": "Tệp bị thay đổi trong lúc xử lý: chạy lại lô để xử lý nội dung mới.",
}

# dossier states, upload states
STATES_VI = {"loaded": "Đã nạp", "review": "Chờ kiểm tra", "quarantined": "Cách ly", "duplicate": "Trùng lặp",
             "rejected": "Đã từ chối", "rescan": "Chờ quét lại", "split": "Đã tách thành nhiều hồ sơ",
             "processing": "Đang xử lý",
             "queued": "Chờ xử lý", "ingesting": "Đang xử lý", "done": "Đã xử lý xong", "failed": "Lỗi",
             "refused": "Không nhận"}

# why an upload was refused or its ingest failed, and what to do (web.unpack, web.uploads)
UPLOAD_VI = {
    "path_traversal": "Có mục trỏ ra ngoài thư mục lô{name_part}: không nhận. Nén lại từ trong thư mục lô rồi tải lên.",
    "absolute_path": "Có mục mang đường dẫn tuyệt đối{name_part}: không nhận. Nén lại từ trong thư mục lô rồi tải lên.",
    "bad_name": "Có tên tệp chứa ký tự không dùng được{name_part}: đổi tên tệp rồi tải lên lại.",
    "name_too_long": "Có tên tệp quá dài{name_part}: đặt tên ngắn hơn rồi tải lên lại.",
    "zip_link": "Tệp nén chứa liên kết{name_part}: không nhận. Nén lại chỉ với các tệp quét.",
    "zip_special": "Tệp nén chứa mục không phải tệp thường{name_part}: không nhận. Nén lại chỉ với các tệp quét.",
    "zip_encrypted": "Tệp nén có mật khẩu{name_part}: nén lại không đặt mật khẩu rồi tải lên.",
    "zip_ratio": "Tệp nén bung ra lớn bất thường so với kích thước nén{name_part}: không nhận (nghi là «bom nén»). "
                 "Nếu đó là ảnh quét thật, báo vận hành viên.",
    "too_large": "Lô vượt giới hạn {max_mb} MB: chia thành nhiều lô nhỏ hơn.",
    "too_many_entries": "Lô có hơn {max_entries} tệp: chia thành nhiều lô nhỏ hơn.",
    "duplicate_entry": "Tệp nén có hai mục cùng tên{name_part}: nén lại rồi tải lên.",
    "zip_corrupt": "Tệp nén bị hỏng hoặc không đọc được: nén lại rồi tải lên.",
    "zip_unreadable": "Tệp nén dùng kiểu nén không hỗ trợ: nén lại theo chuẩn ZIP thông thường rồi tải lên.",
    "empty_upload": "Chưa có tệp nào (hoặc tệp nén rỗng): chọn tệp, thư mục hoặc tệp .zip rồi tải lên.",
    "bad_batch_name": "Tên lô chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang (tối đa 100 ký tự), "
                      "ví dụ lt-2019-01.",
    "batch_taken": "Tên lô đã được dùng{name_part}: đặt tên khác.",
    "length_required": "Trình duyệt không gửi kích thước lô: tải lại trang rồi thử lại.",
    "engine_unavailable": "Máy chủ thiếu Tesseract hoặc dữ liệu tiếng Việt: báo vận hành viên; sửa xong thì bấm «Chạy lại».",
    "storage_unavailable": "Kho lưu trữ hoặc cơ sở dữ liệu không kết nối được: báo vận hành viên; sửa xong thì bấm «Chạy lại».",
    "input_unreadable": "Không đọc được thư mục của lô trên máy chủ: báo vận hành viên.",
    "ingest_failed": "Xử lý lô bị lỗi: báo vận hành viên (nhật ký ở thư mục uploads/logs), rồi bấm «Chạy lại».",
}

# what the access log records
ACTIONS_VI = {"view_dossier": "Xem hồ sơ", "view_review": "Mở hồ sơ để kiểm tra", "view_page": "Xem ảnh trang",
              "view_pdf": "Xem bản PDF/A", "download_pdf": "Tải bản PDF/A", "search": "Tìm kiếm"}

# review.decisions.Refused codes
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
    (r"handwritten", "chữ viết tay"),
]

VI.update(MANAGE_VI)  # reports, operator and admin pages
for _code, _text in QUARANTINE_VI.items():  # the station's own sentence wins where both have one
    REASONS_VI.setdefault(_code, _text)

TABLES = {"vi": {"text": VI, "roles": ROLES_VI, "fields": FIELDS_VI, "reasons": REASONS_VI,
                 "refused": REFUSED_VI, "states": STATES_VI, "upload": UPLOAD_VI, "actions": ACTIONS_VI}}
LANG_COOKIE = "sohoa_lang"


def lang_of(request) -> str:
    """The page's language: set by ?lang= on this request (web.app), else the cookie, else Vietnamese."""
    lang = getattr(request.state, "lang", None) or request.cookies.get(LANG_COOKIE, DEFAULT)
    return lang if lang in TABLES else DEFAULT


def texts_for(request) -> "Texts":
    return Texts(lang_of(request))


class Texts:
    """The texts of one language, as the templates use them."""

    def __init__(self, lang: str = DEFAULT):
        self.lang = lang if lang in TABLES else DEFAULT
        self._t = TABLES[self.lang]

    def __call__(self, key: str, **kw) -> str:
        return self._t["text"][key].format(**kw)

    def api(self, key: str, **kw) -> str:
        return API_VI[key].format(**kw)  # the API answers in Vietnamese (its English is in ctx.en)

    def role(self, role: str) -> str:
        return self._t["roles"].get(role, role)

    def field(self, key: str) -> str:
        return self._t["fields"].get(key, key)

    def reason(self, code: str | None) -> str:
        return self._t["reasons"].get(code or "", code or "")

    def state(self, state: str | None) -> str:
        return self._t["states"].get(state or "", state or "")

    def action(self, action: str) -> str:
        return self._t["actions"].get(action, action)

    def upload(self, code: str | None, name: str = "", **kw) -> str:
        """An upload's refusal or failure as a sentence saying what to do."""
        if not code:
            return ""
        name_part = f" («{name}»)" if name else ""
        return self._t["upload"].get(code, code).format_map(_Blank(name=name, name_part=name_part, **kw))

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


from web.i18n_en import EN_TABLES  # noqa: E402  (the English tables use the same keys as the ones above)

TABLES["en"] = EN_TABLES
# the managers', operators' and admins' pages in English (API messages are Vietnamese, English in ctx.en)
from web.i18n_manage import MANAGE_EN, QUARANTINE_EN  # noqa: E402

EN_TABLES["text"].update(MANAGE_EN)
for _code, _text in QUARANTINE_EN.items():
    EN_TABLES["reasons"].setdefault(_code, _text)
