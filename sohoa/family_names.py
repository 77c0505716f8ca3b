"""Vietnamese family names: a closed, public set (alphabetical), lower case NFC. Shared by OCR
(rescoring the first word of a name) and extraction (checking a name's family name)."""
from __future__ import annotations

import unicodedata

_FAMILY = """
Âu Bạch Bế Bùi Cao Cát Châu Chu Chử Cung Cù Diệp Doãn Dư Dương Giang Giáp Hà Hàn Hầu Hoàng Hồ
Huỳnh Hứa Kha Khổng Khuất Khúc Kiều Kim La Lâm Lã Lạc Lại Lê Lò Lư Lương Lưu Lục Lý Mai Mẫu Mã
Mạc Mạch Nghiêm Ngô Nguyễn Nhan Nhữ Ninh Nông Ông Phan Phạm Phí Phó Phùng Quan Quách Quản Sầm Tất
Tăng Tạ Thang Thái Thân Thạch Thi Thiều Tiêu Tiết Tô Tôn Tống Trà Trần Triệu Trình Trịnh Trương
Từ Ung Văn Vi Viên Võ Vũ Vương Vưu Đàm Đào Đậu Đặng Đinh Đoàn Đồ Đồng Đỗ Đường
"""
FAMILY = frozenset(unicodedata.normalize("NFC", w).lower() for w in _FAMILY.split())
