"""Tests of vnnotice.citations: table-driven citation strings, distractors, resolution."""
from __future__ import annotations

import json
import re
import sys
import tomllib
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnotice.citations import find_citations

DATA = Path(__file__).resolve().parents[1] / "vnnotice" / "data"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# (text, number, year, symbol, type_code, kind, issued, issuer) — exactly one citation each.
# issuer "" means: not checked; None means: must be None.
ONE = [
    # --- state documents N/TYPE-ISSUER
    ("theo Quyết định số 66/QĐ-UBND ngày 10/01/2022 của Ủy ban nhân dân tỉnh", "66", None, "QĐ-UBND", "QĐ", "Quyết định", date(2022, 1, 10), "Ủy ban nhân dân tỉnh"),
    ("Thực hiện Kế hoạch số 112/KH-UBND ngày 15 tháng 9 năm 2017 của UBND tỉnh Hậu Giang.", "112", None, "KH-UBND", "KH", "Kế hoạch", date(2017, 9, 15), "UBND tỉnh Hậu Giang"),
    ("tại Quyết định số 1092/QĐ-TTg ngày 02/9/2018 của Thủ tướng Chính phủ", "1092", None, "QĐ-TTg", "QĐ", "Quyết định", date(2018, 9, 2), "Thủ tướng Chính phủ"),
    ("Căn cứ Chỉ thị số 05/CT-TTg ngày 23/02/2024 của Thủ tướng Chính phủ;", "05", None, "CT-TTg", "CT", "Chỉ thị", date(2024, 2, 23), "Thủ tướng Chính phủ"),
    ("theo Thông báo số 412/TB-VPCP ngày 30/8/2024 của Văn phòng Chính phủ", "412", None, "TB-VPCP", "TB", "Thông báo", date(2024, 8, 30), "Văn phòng Chính phủ"),
    ("Báo cáo số 1152/BC-SYT ngày 20/3/2024 của Sở Y tế", "1152", None, "BC-SYT", "BC", "Báo cáo", date(2024, 3, 20), "Sở Y tế"),
    ("Công điện số 158/CĐ-TTg ngày 04 tháng 9 năm 2025 của Thủ tướng", "158", None, "CĐ-TTg", "CĐ", "Công điện", date(2025, 9, 4), "Thủ tướng"),
    ("Tờ trình số 87/TTr-SNV ngày 05/6/2023 của Sở Nội vụ", "87", None, "TTr-SNV", "TTr", "Tờ trình", date(2023, 6, 5), "Sở Nội vụ"),
    ("Đề án số 05/ĐA-TU ngày 01/6/2022", "05", None, "ĐA-TU", "ĐA", "Đề án", date(2022, 6, 1), ""),
    ("Hướng dẫn số 12/HD-SYT ngày 14/02/2023 của Sở Y tế", "12", None, "HD-SYT", "HD", "Hướng dẫn", date(2023, 2, 14), "Sở Y tế"),
    ("Chương trình số 08/CTr-UBND ngày 20/01/2025", "08", None, "CTr-UBND", "CTr", "Chương trình", date(2025, 1, 20), ""),
    ("Phương án số 03/PA-UBND ngày 11/4/2023", "03", None, "PA-UBND", "PA", "Phương án", date(2023, 4, 11), ""),
    ("Quy chế số 01/QC-UBND ngày 02/01/2024", "01", None, "QC-UBND", "QC", "Quy chế", date(2024, 1, 2), ""),
    ("Quy định số 02/QyĐ-HĐND ngày 06/3/2023", "02", None, "QyĐ-HĐND", "QyĐ", "Quy định", date(2023, 3, 6), ""),
    ("Biên bản số 15/BB-SYT ngày 20/10/2022", "15", None, "BB-SYT", "BB", "Biên bản", date(2022, 10, 20), ""),
    ("Giấy mời số 321/GM-UBND ngày 01/11/2024", "321", None, "GM-UBND", "GM", "Giấy mời", date(2024, 11, 1), ""),
    ("Thông cáo số 2/TC-VPCP ngày 05/5/2021", "2", None, "TC-VPCP", "TC", "Thông cáo", date(2021, 5, 5), ""),
    ("Dự án số 04/DA-SNNPTNT ngày 12/12/2022", "04", None, "DA-SNNPTNT", "DA", "Dự án", date(2022, 12, 12), ""),
    ("Hợp đồng số 18/HĐ-TTYT ngày 02/02/2023", "18", None, "HĐ-TTYT", "HĐ", "Hợp đồng", date(2023, 2, 2), ""),
    ("Quyết định số 2179/QĐ-TTg ngày 06 tháng 10 năm 2025 của Thủ tướng Chính phủ", "2179", None, "QĐ-TTg", "QĐ", "Quyết định", date(2025, 10, 6), "Thủ tướng Chính phủ"),
    ("Quyết định số 912/QĐ-BKHCN ngày 18/5/2025 của Bộ Khoa học và Công nghệ", "912", None, "QĐ-BKHCN", "QĐ", "Quyết định", date(2025, 5, 18), "Bộ Khoa học và Công nghệ"),
    ("Quyết định số 3539/QĐ-NHNN bổ sung phương án", "3539", None, "QĐ-NHNN", "QĐ", "Quyết định", None, "Ngân hàng Nhà nước Việt Nam"),
    ("Nghị quyết số 214/NQ-CP ngày 23 tháng 7 năm 2025", "214", None, "NQ-CP", "NQ", "Nghị quyết", date(2025, 7, 23), "Chính phủ"),
    ("Nghị quyết số 128/NQ-HĐND ngày 09/12/2022 của HĐND tỉnh", "128", None, "NQ-HĐND", "NQ", "Nghị quyết", date(2022, 12, 9), "HĐND tỉnh"),
    ("Kế hoạch số 139/KH-UBND ngày 16/5/2025 của UBND Thành phố", "139", None, "KH-UBND", "KH", "Kế hoạch", date(2025, 5, 16), "UBND Thành phố"),
    ("Quyết định số 588/QĐ-TTg ngày 28/4/2020 của Thủ tướng Chính phủ", "588", None, "QĐ-TTg", "QĐ", "Quyết định", date(2020, 4, 28), "Thủ tướng Chính phủ"),
    ("Thông báo số 59/TB-SYT ngày 7/3/2023", "59", None, "TB-SYT", "TB", "Thông báo", date(2023, 3, 7), ""),
    ("Kế hoạch 250/KH-UBND ngày 29/12/2023", "250", None, "KH-UBND", "KH", "Kế hoạch", date(2023, 12, 29), ""),
    ("Quyết định 1565/QĐ-TTg ngày 18/7/2025", "1565", None, "QĐ-TTg", "QĐ", "Quyết định", date(2025, 7, 18), ""),
    ("Chỉ thị số 08/CT-UBND ngày 12-4-2024 của Chủ tịch UBND tỉnh", "08", None, "CT-UBND", "CT", "Chỉ thị", date(2024, 4, 12), "Chủ tịch UBND tỉnh"),
    ("Quyết định số 45/QĐ-SYT ngày 03.02.2023", "45", None, "QĐ-SYT", "QĐ", "Quyết định", date(2023, 2, 3), ""),
    ("Công điện số 12/CĐ-UBND ngày 09/9/2024 của Chủ tịch Ủy ban nhân dân tỉnh về ứng phó bão", "12", None, "CĐ-UBND", "CĐ", "Công điện", date(2024, 9, 9), "Chủ tịch Ủy ban nhân dân tỉnh"),
    ("Báo cáo số 147/BC-SYT ngày 14/7/2025", "147", None, "BC-SYT", "BC", "Báo cáo", date(2025, 7, 14), ""),
    ("Quyết định số 376/CT-TTg ngày 20/3/2015 của Thủ tướng Chính phủ", "376", None, "CT-TTg", "CT", "Quyết định", date(2015, 3, 20), "Thủ tướng Chính phủ"),
    ("Kế hoạch số 105/KH-UNBD ngày 24/5/2021", "105", None, "KH-UNBD", "KH", "Kế hoạch", date(2021, 5, 24), ""),
    ("Thông báo kết luận số 77/TB-UBND ngày 02/4/2024", "77", None, "TB-UBND", "TB", "Thông báo", date(2024, 4, 2), ""),
    ("QUYẾT ĐỊNH SỐ 15/QĐ-UBND NGÀY 05/01/2024", "15", None, "QĐ-UBND", "QĐ", "Quyết định", date(2024, 1, 5), ""),
    ("NGHỊ QUYẾT SỐ 66/NQ-CP NGÀY 26 THÁNG 3 NĂM 2025 CỦA CHÍNH PHỦ", "66", None, "NQ-CP", "NQ", "Nghị quyết", date(2025, 3, 26), "CHÍNH PHỦ"),
    ("Quyết định số 102/QĐ-UBND, ngày 15/01/2024 của UBND huyện", "102", None, "QĐ-UBND", "QĐ", "Quyết định", date(2024, 1, 15), "UBND huyện"),
    ("Quyết định số 88/QĐ-UBND được ban hành ngày 10/02/2024", "88", None, "QĐ-UBND", "QĐ", "Quyết định", date(2024, 2, 10), ""),
    ("Quyết định số 30/QĐ-UBND ngày 31/02/2024", "30", None, "QĐ-UBND", "QĐ", "Quyết định", None, ""),
    ("Quyết định số 7a/QĐ-UBND", "7a", None, "QĐ-UBND", "QĐ", "Quyết định", None, ""),
    # --- normative N/YYYY/TYPE-ISSUER
    ("Nghị định 96/2023/NĐ-CP", "96", 2023, "NĐ-CP", "NĐ", "Nghị định", None, "Chính phủ"),
    ("Nghị định số 93/2016/NĐ-CP ngày 01/7/2016 của Chính phủ", "93", 2016, "NĐ-CP", "NĐ", "Nghị định", date(2016, 7, 1), "Chính phủ"),
    ("Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ", "118", 2025, "NĐ-CP", "NĐ", "Nghị định", date(2025, 6, 9), "Chính phủ"),
    ("Thông tư số 80/2021/TT-BTC ngày 29/9/2021 của Bộ trưởng Bộ Tài chính", "80", 2021, "TT-BTC", "TT", "Thông tư", date(2021, 9, 29), "Bộ trưởng Bộ Tài chính"),
    ("Thông tư số 15/2019/TT-BYT ngày 11/7/2019", "15", 2019, "TT-BYT", "TT", "Thông tư", date(2019, 7, 11), "Bộ Y tế"),
    ("Thông tư số 06/2011/QĐ-BYT", "06", 2011, "QĐ-BYT", "QĐ", "Thông tư", None, "Bộ Y tế"),
    ("Nghị quyết số 05/2022/NQ-HĐND ngày 09/12/2022", "05", 2022, "NQ-HĐND", "NQ", "Nghị quyết", date(2022, 12, 9), "Hội đồng nhân dân"),
    ("Nghị quyết số 66.7/2025/NQ-CP ngày 15 tháng 11 năm 2025", "66.7", 2025, "NQ-CP", "NQ", "Nghị quyết", date(2025, 11, 15), "Chính phủ"),
    ("Nghị quyết số 66.4/2025/NQ-CP đối với", "66.4", 2025, "NQ-CP", "NQ", "Nghị quyết", None, "Chính phủ"),
    ("Quyết định số 55/2014/QĐ-UBND ngày 31/12/2014 của UBND thành phố Đà Nẵng", "55", 2014, "QĐ-UBND", "QĐ", "Quyết định", date(2014, 12, 31), "UBND thành phố Đà Nẵng"),
    ("Nghị định số 47/2014/NĐ-CP ngày 15/5/2014 của Chính phủ", "47", 2014, "NĐ-CP", "NĐ", "Nghị định", date(2014, 5, 15), "Chính phủ"),
    ("Thông tư liên tịch số 01/2015/TTLT-BYT-BTC ngày 10/02/2015", "01", 2015, "TTLT-BYT-BTC", "TTLT", "Thông tư liên tịch", date(2015, 2, 10), "Bộ Y tế"),
    ("Thông tư liên tịch số 37/2015/TTLT-BYT-BNV", "37", 2015, "TTLT-BYT-BNV", "TTLT", "Thông tư liên tịch", None, "Bộ Y tế"),
    ("Nghị quyết số 70/2025/UBTVQH15 và", "70", 2025, "UBTVQH15", None, "Nghị quyết", None, "Ủy ban Thường vụ Quốc hội"),
    ("Nghị định số 278/2025/NĐ-CP ngày 22 tháng 10 năm 2025", "278", 2025, "NĐ-CP", "NĐ", "Nghị định", date(2025, 10, 22), "Chính phủ"),
    ("Thông tư 32/2023/TT-BYT ngày 31/12/2023", "32", 2023, "TT-BYT", "TT", "Thông tư", date(2023, 12, 31), "Bộ Y tế"),
    ("Thông tư 32/TT-BYT quy định chi tiết", "32", None, "TT-BYT", "TT", "Thông tư", None, "Bộ Y tế"),
    ("Nghị định số 123/2020/NĐ-CP ngày 19/10/2020", "123", 2020, "NĐ-CP", "NĐ", "Nghị định", date(2020, 10, 19), "Chính phủ"),
    ("Quyết định số 19/2024/QĐ-UBND ngày 20 tháng 6 năm 2024", "19", 2024, "QĐ-UBND", "QĐ", "Quyết định", date(2024, 6, 20), ""),
    ("Nghị quyết liên tịch số 09/2008/NQLT-CP-UBTWMTTQVN", "09", 2008, "NQLT-CP-UBTWMTTQVN", "NQLT", "Nghị quyết liên tịch", None, "Chính phủ"),
    ("Pháp lệnh số 02/2022/UBTVQH15", "02", 2022, "UBTVQH15", None, "Pháp lệnh", None, ""),
    # --- laws N/YYYY/QHnn
    ("Luật số 90/2025/QH15 của Quốc hội", "90", 2025, "QH15", None, "Luật", None, "Quốc hội"),
    ("Luật số 45/2019/QH14 ngày 20/11/2019", "45", 2019, "QH14", None, "Luật", date(2019, 11, 20), "Quốc hội"),
    ("Nghị quyết số 106/2023/QH15 của Quốc hội", "106", 2023, "QH15", None, "Nghị quyết", None, "Quốc hội"),
    ("Nghị quyết số 37/2021/QH15 ngày 13 tháng 11 năm 2021 của Quốc hội", "37", 2021, "QH15", None, "Nghị quyết", date(2021, 11, 13), "Quốc hội"),
    ("theo Luật Đất đai số 31/2024/QH15", "31", 2024, "QH15", None, "Luật", None, "Quốc hội"),
    ("căn cứ Luật Đấu thầu số 22/2023/QH15 ngày 23 tháng 6 năm 2023", "22", 2023, "QH15", None, "Luật", date(2023, 6, 23), "Quốc hội"),
    ("Bộ luật Lao động số 45/2019/QH14", "45", 2019, "QH14", None, "Bộ luật", None, "Quốc hội"),
    ("Luật Tổ chức chính quyền địa phương số 72/2025/QH15", "72", 2025, "QH15", None, "Luật", None, "Quốc hội"),
    # --- letters N/ISSUER-UNIT
    ("Công văn số 4205/UBND-NC ngày 26/6/2025", "4205", None, "UBND-NC", None, "Công văn", date(2025, 6, 26), "Ủy ban nhân dân"),
    ("văn bản số 6314/SYT-ATTP ngày 30/12/2021 của Sở Y tế", "6314", None, "SYT-ATTP", None, "Công văn", date(2021, 12, 30), "Sở Y tế"),
    ("Công văn số 244/SKHCN-BCVT&CĐS ngày 17/7/2025", "244", None, "SKHCN-BCVT&CĐS", None, "Công văn", date(2025, 7, 17), "Sở Khoa học và Công nghệ"),
    ("Công văn số 256/STC-QLN ngày 16/7/2025", "256", None, "STC-QLN", None, "Công văn", date(2025, 7, 16), "Sở Tài chính"),
    ("Công văn số 169/SNV-TCBM ngày 15/7/2025", "169", None, "SNV-TCBM", None, "Công văn", date(2025, 7, 15), "Sở Nội vụ"),
    ("công văn số 3652/byt-dp ngày 02/7/2021", "3652", None, "byt-dp", None, "Công văn", date(2021, 7, 2), ""),
    ("Văn bản số 5590/VPCP-KTTH ngày 12/8/2024 của Văn phòng Chính phủ", "5590", None, "VPCP-KTTH", None, "Công văn", date(2024, 8, 12), "Văn phòng Chính phủ"),
    ("văn bản số 1234/BYT-KCB ngày 01/3/2024", "1234", None, "BYT-KCB", None, "Công văn", date(2024, 3, 1), "Bộ Y tế"),
    ("theo 2345/UBND-KT ngày 05/5/2024", "2345", None, "UBND-KT", None, "Công văn", date(2024, 5, 5), ""),
    ("Công văn số 789/SGDĐT-GDTrH ngày 18/9/2023", "789", None, "SGDĐT-GDTrH", None, "Công văn", date(2023, 9, 18), ""),
    ("Văn bản số 3388/BTC-NSNN", "3388", None, "BTC-NSNN", None, "Công văn", None, "Bộ Tài chính"),
    ("Văn bản số 900/BNV-CQĐP", "900", None, "BNV-CQĐP", None, "Công văn", None, "Bộ Nội vụ"),
    # --- Party documents N-TYPE/ISSUER
    ("Chỉ thị 31-CT/TU ngày 28/11/2022 của Ban Thường vụ Tỉnh ủy", "31", None, "CT/TU", "CT", "Chỉ thị", date(2022, 11, 28), "Ban Thường vụ Tỉnh ủy"),
    ("Thông báo số 797-TB/TU ngày 15/12/2022 của Tỉnh ủy", "797", None, "TB/TU", "TB", "Thông báo", date(2022, 12, 15), "Tỉnh ủy"),
    ("Chỉ thị số 19-CT/TW ngày 18/11/2022 của Ban Bí thư", "19", None, "CT/TW", "CT", "Chỉ thị", date(2022, 11, 18), "Ban Bí thư"),
    ("Nghị quyết số 12-NQ/TU ngày 28/12/2022 của Ban Chấp hành Đảng bộ tỉnh", "12", None, "NQ/TU", "NQ", "Nghị quyết", date(2022, 12, 28), "Ban Chấp hành Đảng bộ tỉnh"),
    ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", "57", None, "NQ/TW", "NQ", "Nghị quyết", date(2024, 12, 22), "Bộ Chính trị"),
    ("Nghị quyết số 18-NQ/TU ngày 30/12/2022 của Thành ủy Hà Nội", "18", None, "NQ/TU", "NQ", "Nghị quyết", date(2022, 12, 30), "Thành ủy Hà Nội"),
    ("Kế hoạch số 02-KH/BCĐTW ngày 19 tháng 6 năm 2025 của Ban Chỉ đạo Trung ương", "02", None, "KH/BCĐTW", "KH", "Kế hoạch", date(2025, 6, 19), "Ban Chỉ đạo Trung ương"),
    ("Kết luận số 123-KL/TW ngày 24/01/2025 của Ban Chấp hành Trung ương", "123", None, "KL/TW", "KL", "Kết luận", date(2025, 1, 24), "Ban Chấp hành Trung ương"),
    ("Quy định số 144-QĐi/TW", "144", None, "QĐi/TW", "QĐi", "Quy định", None, "Ban Chấp hành Trung ương"),
    ("Nghị quyết số 20-NQ/TW của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII", "20", None, "NQ/TW", "NQ", "Nghị quyết", None, "Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII"),
    ("Nghị quyết số 66- NQ/TW ngày 30/4/2025", "66", None, "NQ/TW", "NQ", "Nghị quyết", date(2025, 4, 30), ""),
    ("Hướng dẫn số 05-HD/BTGTW", "05", None, "HD/BTGTW", "HD", "Hướng dẫn", None, "Ban Tuyên giáo Trung ương"),
    ("Thông tri số 03-TT/TU", "03", None, "TT/TU", "TT", "Thông tri", None, ""),
    ("Chương trình hành động số 15-CTr/TU", "15", None, "CTr/TU", "CTr", "Chương trình", None, ""),
    ("Công văn số 1020-CV/TU ngày 03/4/2024", "1020", None, "CV/TU", "CV", "Công văn", date(2024, 4, 3), ""),
    # --- breaks and noise inside symbols
    ("Quyết định số 66/QĐ- UBND ngày 10/01/2022", "66", None, "QĐ-UBND", "QĐ", "Quyết định", date(2022, 1, 10), ""),
    ("văn bản số 6314/SYT- ATTP ngày 30/12/2021", "6314", None, "SYT-ATTP", None, "Công văn", date(2021, 12, 30), ""),
    ("Nghị quyết số 71/NQ -CP ngày 01/4/2025 của Chính phủ", "71", None, "NQ-CP", "NQ", "Nghị quyết", date(2025, 4, 1), "Chính phủ"),
    ("Quyết định số 14/QÐ-UBND ngày 03/3/2023", "14", None, "QĐ-UBND", "QĐ", "Quyết định", date(2023, 3, 3), ""),
    ("Quyết định số 321/QĐUBND ngày 19/4/2023", "321", None, "QĐUBND", "QĐ", "Quyết định", date(2023, 4, 19), ""),
    ("Quyết định số 9/QĐ–UBND", "9", None, "QĐ–UBND", "QĐ", "Quyết định", None, ""),
    ("Nghị định số 100/2019/ NĐ-CP", None, None, None, None, None, None, ""),
    ("Quyết định số: 44/QĐ-UBND ngày 08/02/2024", "44", None, "QĐ-UBND", "QĐ", "Quyết định", date(2024, 2, 8), ""),
    ("(Quyết định số 23/QĐ-SYT)", "23", None, "QĐ-SYT", "QĐ", "Quyết định", None, ""),
    ("Quyết định số 23/QĐ-SYT[2] và", "23", None, "QĐ-SYT", "QĐ", "Quyết định", None, ""),
    ("Quyết định số 71/QĐ-UBND.", "71", None, "QĐ-UBND", "QĐ", "Quyết định", None, ""),
    ("Quyết định số 12/QĐ-TTgcủa Thủ tướng Chính phủ", "12", None, "QĐ-TTg", "QĐ", "Quyết định", None, "Thủ tướng Chính phủ"),
    ("Thông tư số 5/2020/TT-BTCQuy định về", "5", 2020, "TT-BTC", "TT", "Thông tư", None, "Bộ Tài chính"),
    ("theo Nghị định số 120/2016/ND-CP ngày 23/8/2016", "120", 2016, "ND-CP", "ND", "Nghị định", date(2016, 8, 23), "Chính phủ"),
    ("Thông báo kết luận số 15/TB-VPCP", "15", None, "TB-VPCP", "TB", "Thông báo", None, "Văn phòng Chính phủ"),
    ("Bản án số 159/2022/HSST ngày 24/5/2022 của TAND thành phố Hà Nội", "159", 2022, "HSST", None, None, date(2022, 5, 24), "TAND thành phố Hà Nội"),
    # --- symbols read by their structure: ministry-unit codes, dotted parts, "&" typed apart
    ("theo văn bản số 2210/BCA-V05 ngày 04/3/2025 của Bộ Công an", "2210", None, "BCA-V05", None, "Công văn", date(2025, 3, 4), "Bộ Công an"),
    ("Công văn số 318/BCA-C06 hướng dẫn cấp căn cước", "318", None, "BCA-C06", None, "Công văn", None, "Bộ Công an"),
    ("thực hiện Kế hoạch số 61/KH-BCA-V02 về tổng kiểm tra", "61", None, "KH-BCA-V02", "KH", "Kế hoạch", None, "Bộ Công an"),
    ("Văn bản số 7142/VPCP-V.III ngày 09/10/2024 về kiến nghị cử tri", "7142", None, "VPCP-V.III", None, "Công văn", date(2024, 10, 9), "Văn phòng Chính phủ"),
    ("công văn số 96/CCTKV.II-NVDT ngày 12/5/2025 của Chi cục Thuế", "96", None, "CCTKV.II-NVDT", None, "Công văn", date(2025, 5, 12), "Chi cục Thuế"),
    ("Công văn số 1290/SXD-QLĐ& ĐT ngày 15/8/2024", "1290", None, "SXD-QLĐ&ĐT", None, "Công văn", date(2024, 8, 15), ""),
    # --- a number ending in a letter; the year after a dash
    ("Quyết định số 418b/QĐ-UBND ngày 20/5/2024 của UBND huyện", "418b", None, "QĐ-UBND", "QĐ", "Quyết định", date(2024, 5, 20), "UBND huyện"),
    ("theo Nghị quyết 31-2021/NQ-CP của Chính phủ", "31", 2021, "NQ-CP", "NQ", "Nghị quyết", None, "Chính phủ"),
    # --- the date written after the issuer
    ("Nghị quyết số 54/NQ-CP của Chính phủ ngày 02 tháng 4 năm 2025 về cải cách", "54", None, "NQ-CP", "NQ", "Nghị quyết", date(2025, 4, 2), "Chính phủ"),
    ("Quyết định số 733/QĐ-UBND của Ủy ban nhân dân tỉnh ngày 18/6/2024", "733", None, "QĐ-UBND", "QĐ", "Quyết định", date(2024, 6, 18), "Ủy ban nhân dân tỉnh"),
    # --- lower case: a type word, a typo of one, a type code, a law's name before "số"
    ("thực hiện quyết định số 912/qđ-ubnd về giao đất", "912", None, "qđ-ubnd", "qđ", "Quyết định", None, ""),
    ("theo quyết đinh số 48/qđ-syt về kiện toàn", "48", None, "qđ-syt", "qđ", "Quyết định", None, ""),
    ("căn cứ nghi quyết số 17/nq-hđnd về mức thu", "17", None, "nq-hđnd", "nq", "Nghị quyết", None, ""),
    ("Nghị đinh số 81/2023/NĐ-CP của Chính phủ", "81", 2023, "NĐ-CP", "NĐ", "Nghị định", None, "Chính phủ"),
    ("bãi bỏ qđ số 09/2016/qđ-ubnd của tỉnh", "09", 2016, "qđ-ubnd", "qđ", "Quyết định", None, ""),
    ("kh số 204/kh-ubnd về cao điểm", "204", None, "kh-ubnd", "kh", "Kế hoạch", None, ""),
    ("căn cứ luật đường bộ số 35/2024/qh15", "35", 2024, "qh15", None, "Luật", None, ""),
    ("theo số 2231/qđ-ttg về phê duyệt", "2231", None, "qđ-ttg", "qđ", "Quyết định", None, ""),
    ("triển khai 44/2022/tt-bnnptnt về lâm nghiệp", "44", 2022, "tt-bnnptnt", "tt", "Thông tư", None, ""),
    ("chương trình phối hợp số 15/ctph-ubnd-mttq về giảm nghèo", "15", None, "ctph-ubnd-mttq", None, "Chương trình", None, ""),
    ("theo số 318c/khph-ubnd-cat về tuần tra", "318c", None, "khph-ubnd-cat", None, "Công văn", None, ""),
    # --- short forms
    ("triển khai Nghị định 68 về", "68", None, None, None, "Nghị định", None, None),
    ("thực hiện TT 43, hết", "43", None, None, None, "Thông tư", None, None),
    ("theo Nghị quyết 66 của Chính phủ", "66", None, None, None, "Nghị quyết", None, "Chính phủ"),
    ("theo Chỉ thị 18 chống thất thu thuế", "18", None, None, None, "Chỉ thị", None, None),
    ("theo NĐ 100 về xử phạt", "100", None, None, None, "Nghị định", None, None),
    ("Quyết định số 15 ngày 3/4/2020 của UBND huyện", "15", None, None, None, "Quyết định", date(2020, 4, 3), "UBND huyện"),
    ("Thông tư 10/2023 hướng dẫn", "10", 2023, None, None, "Thông tư", None, None),
    ("Kết luận 126 của Bộ Chính trị", "126", None, None, None, "Kết luận", None, "Bộ Chính trị"),
    ("Công điện 114 của Thủ tướng", "114", None, None, None, "Công điện", None, "Thủ tướng"),
    ("theo QĐ 1092).", "1092", None, None, None, "Quyết định", None, None),
    # --- more of every form, with dates in both spellings
    ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;", "30", 2020, "NĐ-CP", "NĐ", "Nghị định", date(2020, 3, 5), "Chính phủ"),
    ("thực hiện Thông tư số 01/2011/TT-BNV ngày 19 tháng 01 năm 2011 của Bộ Nội vụ", "01", 2011, "TT-BNV", "TT", "Thông tư", date(2011, 1, 19), "Bộ Nội vụ"),
    ("theo Thông tư liên tịch số 50/2015/TTLT-BYT-BNV ngày 11/12/2015", "50", 2015, "TTLT-BYT-BNV", "TTLT", "Thông tư liên tịch", date(2015, 12, 11), ""),
    ("Luật Ngân sách nhà nước số 83/2015/QH13 ngày 25/6/2015", "83", 2015, "QH13", None, "Luật", date(2015, 6, 25), "Quốc hội"),
    ("Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương", "18", None, "NQ/TW", "NQ", "Nghị quyết", date(2017, 10, 25), "Ban Chấp hành Trung ương"),
    ("Kết luận số 126-KL/TW ngày 14/02/2025 của Bộ Chính trị", "126", None, "KL/TW", "KL", "Kết luận", date(2025, 2, 14), "Bộ Chính trị"),
    ("Chỉ thị số 08-CT/TU ngày 20/5/2021 của Ban Thường vụ Tỉnh ủy", "08", None, "CT/TU", "CT", "Chỉ thị", date(2021, 5, 20), "Ban Thường vụ Tỉnh ủy"),
    ("Công văn số 2750/BYT-KCB ngày 24/5/2024 của Bộ Y tế", "2750", None, "BYT-KCB", None, "Công văn", date(2024, 5, 24), "Bộ Y tế"),
    ("Văn bản số 5021/UBND-KT ngày 11/10/2024 của UBND tỉnh", "5021", None, "UBND-KT", None, "Công văn", date(2024, 10, 11), "UBND tỉnh"),
    ("Quyết định số 2348/QĐ-TTg ngày 05/12/2016 của Thủ tướng Chính phủ", "2348", None, "QĐ-TTg", "QĐ", "Quyết định", date(2016, 12, 5), "Thủ tướng Chính phủ"),
    ("Nghị quyết số 128/NQ-HĐND ngày 09/12/2022 của HĐND tỉnh", "128", None, "NQ-HĐND", "NQ", "Nghị quyết", date(2022, 12, 9), "HĐND tỉnh"),
    ("Quyết định số 15/QĐ- UBND ngày 08/01/2024", "15", None, "QĐ-UBND", "QĐ", "Quyết định", date(2024, 1, 8), ""),
    ("Nghị quyết số 66- NQ/TW ngày 30/4/2025 của Bộ Chính trị", "66", None, "NQ/TW", "NQ", "Nghị quyết", date(2025, 4, 30), "Bộ Chính trị"),
    ("Thông tư số 80/2021/TT-BTC ngày 29/9/2021 của Bộ Tài chính", "80", 2021, "TT-BTC", "TT", "Thông tư", date(2021, 9, 29), "Bộ Tài chính"),
    ("Nghị định số 96/2023/NĐ-CP ngày 30/12/2023 của Chính phủ", "96", 2023, "NĐ-CP", "NĐ", "Nghị định", date(2023, 12, 30), "Chính phủ"),
    ("Công văn số 244/SKHCN-BCVT&CĐS ngày 20/8/2024 của Sở Khoa học và Công nghệ", "244", None, "SKHCN-BCVT&CĐS", None, "Công văn", date(2024, 8, 20), "Sở Khoa học và Công nghệ"),
    ("Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025 của Ban Chỉ đạo Trung ương", "02", None, "KH/BCĐTW", "KH", "Kế hoạch", date(2025, 6, 19), ""),
]

NAMED = [
    ("các Luật, chính sách mới (Luật Khám chữa bệnh; vv)", "Luật Khám chữa bệnh"),
    ("triển khai Luật Địa chất và Khoáng sản; (3) Bộ Tài chính", "Luật Địa chất và Khoáng sản"),
    ("các Nghị định, Thông tư hướng dẫn Luật Viễn thông theo hướng", "Luật Viễn thông"),
    ("sửa 03 Luật trong đó có Luật Đầu tư cùng được đưa vào", "Luật Đầu tư"),
    ("phù hợp với Luật Đấu thầu đối với thuốc", "Luật Đấu thầu"),
    ("theo quy định của Luật Khám bệnh, chữa bệnh và", "Luật Khám bệnh, chữa bệnh"),
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", "Luật Tổ chức chính quyền địa phương"),
    ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19/02/2025;", "Luật Ban hành văn bản quy phạm pháp luật"),
    ("theo Luật Phòng, chống tác hại của rượu, bia;", "Luật Phòng, chống tác hại của rượu, bia"),
    ("theo Bộ luật Lao động hiện hành", "Bộ luật Lao động"),
    ("tuân thủ Luật Đầu tư theo phương thức đối tác công tư và", "Luật Đầu tư theo phương thức đối tác công tư"),
    ("Luật Thi đua, khen thưởng quy định", "Luật Thi đua, khen thưởng"),
    ("theo Luật Quản lý, sử dụng tài sản công;", "Luật Quản lý, sử dụng tài sản công"),
    ("theo Luật Nuôi ong mật về", "Luật Nuôi ong mật"),
    ("Luật Bảo vệ môi trường năm 2020 quy định", "Luật Bảo vệ môi trường"),
    ("Luật Dược ngày 06 tháng 4 năm 2016", "Luật Dược"),
    ("điểm a khoản 2 Điều 5 Luật Đất đai thì", "Luật Đất đai"),
    ("Theo Luật Hợp tác xã, các thành viên", "Luật Hợp tác xã"),
    # amending laws, names in lower case, a name written without the comma of its pair
    ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Báo chí ngày 20/6/2025;", "Luật sửa đổi, bổ sung một số điều của Luật Báo chí"),
    ("theo Luật Sửa đổi, bổ sung một số điều của Luật Thủy sản và", "Luật Sửa đổi, bổ sung một số điều của Luật Thủy sản"),
    ("áp dụng Luật sửa đổi, bổ sung Luật Đê điều từ", "Luật sửa đổi, bổ sung Luật Đê điều"),
    ("Căn cứ Luật ban hành văn bản quy phạm pháp luật ngày 19/02/2025;", "Luật ban hành văn bản quy phạm pháp luật"),
    ("phổ biến luật an toàn thực phẩm tới hộ kinh doanh", "luật an toàn thực phẩm"),
    ("thực hiện Luật Phòng chống tác hại của thuốc lá tại nơi làm việc", "Luật Phòng chống tác hại của thuốc lá"),
    ("thi hành Luật Phòng chống ma túy trên địa bàn", "Luật Phòng chống ma túy"),
    ("Luật Phòng, chống nhiễm vi rút gây ra hội chứng suy giảm miễn dịch mắc phải ở người (HIV/AIDS) quy định",
     "Luật Phòng, chống nhiễm vi rút gây ra hội chứng suy giảm miễn dịch mắc phải ở người (HIV/AIDS)"),
]

DISTRACTORS = [
    "ngày 10/01/2022 tổ chức hội nghị",
    "(1) Tổng số TTHC sẽ cắt giảm là 3.071 TTHC/4.888 TTHC liên quan",
    "(2) Cắt giảm 2.269/6.974 ĐKKD thuộc ngành nghề",
    "34/34 địa phương đã công bố danh mục",
    "Điện thoại: 0203.3825.581; Fax: 0203/3825582",
    "- Lưu: VT, KSTT (2b).",
    "gửi b/c UBND tỉnh",
    "Quý IV/2025- Quý II/2026",
    "giai đoạn 2021-2025 và 2026 - 2030",
    "trẻ em từ 12- 17 tuổi",
    "đợt nghỉ lễ 30/4-01/5/2024 dài 05 ngày",
    "Số viên chức có mặt 2002/3124, trong đó 1581/2133 (74,12%)",
    "V/v triển khai nhiệm vụ",
    "Dự thảo báo công tác y tế tháng 11/022",
    "đạt 1/1 chỉ tiêu",
    "Tổ Đề án 06 tỉnh",
    "các nhiệm vụ Đề án 06 của Tỉnh",
    "Chương trình 135 giai đoạn 2",
    "Nghị quyết của Bộ Chính trị về các vùng kinh tế - xã hội",
    "Kế hoạch 2025 của ngành",
    "Đã có 21 Luật, 153 Nghị định, 08 Quyết định của Thủ tướng Chính phủ, 134 Thông tư",
    "chủ trương của Đảng, Luật, Nghị quyết của Quốc hội",
    "kết nối cộng đồng Dân Luật Việt Nam",
    "bản quyền của Thư Viện Pháp Luật",
    "xây dựng dự thảo Luật Dân số",
    "trình Quốc hội dự án Luật Đất đai (sửa đổi)",
    "Luật Đất đai (sửa đổi) đang được lấy ý kiến",
    "Tốc độ 80km/h trên cao tốc",
    "giá 1.000 đồng/kg",
    "1/ Thực hiện tốt công tác",
    "2/ UBND các huyện triển khai",
    "http://thuvienphapluat.vn/tim-van-ban.aspx?keyword=376/CT-TTg&area=2",
    "Thông tư liên tịch 1 Bộ Công an",
    "mã số F0/F1 đã khỏi",
    "Quyết định 15 ngày kể từ khi nhận hồ sơ",
    "nâng cấp 10/15 trạm",
    "Quý I/2023",
    "trong tháng 6/2024",
    "Phòng 301/A2 nhà B",
    "Nhiệt độ 25/32 độ C",
    "Số: 659/TB-VPCP",
    "Trường Đại học Luật Hà Nội",
    "Thông tư Danh mục và phân loại kỹ thuật chuyên môn",
    "Quyết định 2 lần trong năm",
    "tỷ lệ 4/5 xã",
    "Covid-19/2020",
    "đạt 100%/năm",
    "Luật sư Nguyễn Văn A",
    "Bộ Luật sư",
    "kê khai theo Mẫu số 03/TNDN ban hành kèm theo",
    "tại Phụ lục số 09/PLIII kèm theo",
    "Biểu số 01/BCĐ tổng hợp",
    "tuân thủ pháp luật đất đai và pháp luật về xây dựng",
    "xử lý kỷ luật cán bộ, công chức vi phạm",
    "văn bản đề nghị theo mẫu số 02/ĐNHT",
    "Luật này có hiệu lực từ ngày 01/7/2025",
    "nộp 3D/VR và 01W/ESS",
    "đạt 45/bca-v02 chỉ tiêu",
    "phòng 76-P1/S1 tầng 3",
    "mẫu 12-V05/C06",
]


def _one(text: str, **kw):
    found = find_citations(text, **kw)
    assert len(found) <= 1, [c.surface for c in found]
    return found[0] if found else None


@pytest.mark.parametrize("case", ONE, ids=[c[0][:40] for c in ONE])
def test_one_citation(case):
    text, number, year, symbol, type_code, kind, issued, issuer = case
    c = _one(text)
    if number is None:
        assert c is None
        return
    assert c is not None, text
    assert (c.number, c.year, c.symbol, c.type_code, c.kind, c.issued) == (number, year, symbol, type_code, kind, issued)
    if issuer != "":
        assert c.issuer == issuer
    for start, end in c.spans:
        assert 0 <= start < end <= len(text)
    assert c.surface in text and c.number in c.surface


@pytest.mark.parametrize("case", NAMED, ids=[c[1] for c in NAMED])
def test_named_law(case):
    text, name = case
    c = _one(text)
    assert c is not None and c.number is None and c.symbol is None
    assert c.name == name and c.kind in ("Luật", "Bộ luật")
    assert text[c.spans[0][0]:c.spans[0][1]].startswith(name)


@pytest.mark.parametrize("text", DISTRACTORS)
def test_distractor_yields_nothing(text):
    assert find_citations(text) == []


def test_table_size():
    assert len(ONE) + len(NAMED) >= 150  # strings with their expected fields, distractors besides


def test_named_law_with_number_keeps_name():
    c = _one("Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024;")
    assert (c.name, c.number, c.year, c.symbol, c.issued) == ("Luật Đất đai", "31", 2024, "QH15", date(2024, 1, 18))
    assert c.surface.startswith("Luật Đất đai số 31/2024/QH15")


def test_named_law_later_by_name_only_is_one_citation():
    text = "Căn cứ Luật Đấu thầu số 22/2023/QH15; các đơn vị thực hiện đúng Luật Đấu thầu."
    found = find_citations(text)
    assert len(found) == 1 and len(found[0].spans) == 2 and found[0].number == "22"


def test_short_form_resolves_to_full_mention():
    text = ("Thực hiện Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ. Các bộ bám sát Nghị quyết 66 "
            "và Nghị quyết số 66/NQ-CP để hoàn thành.")
    found = find_citations(text)
    assert len(found) == 1
    c = found[0]
    assert (c.number, c.symbol, c.issued, len(c.spans)) == ("66", "NQ-CP", date(2025, 3, 26), 3)
    assert c.surface == "Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ"


def test_alias_without_year_resolves_to_full_mention():
    text = ("Nghị quyết số 140/2024/NQ-CP ngày 17/9/2024 của Chính phủ (sau đây gọi là Nghị quyết số 140/NQ-CP); "
            "triển khai Nghị quyết số 140/NQ-CP.")
    found = find_citations(text)
    assert len(found) == 1 and found[0].year == 2024 and len(found[0].spans) == 3


def test_short_form_picks_nearest_full_mention_of_same_type():
    text = ("Quyết định số 376/QĐ-TTg ngày 20/3/2015; Chỉ thị số 376/CT-UBND ngày 02/02/2020; "
            "theo Quyết định 376 và Chỉ thị 376.")
    found = find_citations(text)
    assert [c.symbol for c in found] == ["QĐ-TTg", "CT-UBND"]
    assert [len(c.spans) for c in found] == [2, 2]


def test_abbreviated_short_forms_each_listed():
    found = find_citations("kịp thời thực hiện TT 43, TT 21, TT 50 và Nghị định 68.")
    assert [(c.kind, c.number) for c in found] == [("Thông tư", "43"), ("Thông tư", "21"), ("Thông tư", "50"),
                                                  ("Nghị định", "68")]


def test_date_taken_from_the_mention_that_gives_one():
    text = "theo Quyết định số 12/QĐ-UBND; nay Quyết định số 12/QĐ-UBND ngày 05/3/2024 đã sửa."
    c = _one(text)
    assert c.issued == date(2024, 3, 5) and len(c.spans) == 2
    assert c.surface == "Quyết định số 12/QĐ-UBND ngày 05/3/2024"


def test_list_sharing_one_type_word():
    text = ("đã được Thủ tướng Chính phủ phê duyệt tại các Quyết định: số 36/QĐ-TTg ngày 11/01/2024 phê duyệt "
            "Quy hoạch; số 1569/QĐ-TTg ngày 12/12/2024 và số 1668/QĐ-TTg ngày 27/12/2024.")
    found = find_citations(text)
    assert [(c.number, c.issued) for c in found] == [("36", date(2024, 1, 11)), ("1569", date(2024, 12, 12)),
                                                    ("1668", date(2024, 12, 27))]
    assert all(c.kind == "Quyết định" and c.issuer == "Thủ tướng Chính phủ" for c in found)


def test_list_of_bare_symbols_after_one_type_word():
    text = "theo Đề án số 05/ĐA-TU ngày 01/6/2022, 03/ĐA-UBND; quy hoạch cán bộ"
    found = find_citations(text)
    assert [(c.number, c.symbol, c.kind) for c in found] == [("05", "ĐA-TU", "Đề án"), ("03", "ĐA-UBND", "Đề án")]
    assert found[1].surface == "03/ĐA-UBND"


def test_issuer_written_after_a_pair_applies_to_both():
    text = ("(Nghị quyết số 05/2022/NQ-HĐND ngày 09/12/2022 và Nghị quyết số 28/2023/NQ-HĐND ngày 08/12/2023 "
            "của Hội đồng nhân dân tỉnh)")
    found = find_citations(text)
    assert [c.issuer for c in found] == ["Hội đồng nhân dân tỉnh", "Hội đồng nhân dân tỉnh"]


def test_list_of_party_documents_with_shared_type():
    text = "Các công điện: số 217/CĐ-TTg ngày 16/11/2025; số 218/CĐ-TTg ngày 16/11/2025, 219/CĐ-TTg ngày 17/11/2025"
    found = find_citations(text)
    assert [(c.number, c.kind, c.issued.day) for c in found] == [("217", "Công điện", 16), ("218", "Công điện", 16),
                                                                ("219", "Công điện", 17)]


def test_own_number_is_not_a_citation():
    text = ("Số: 659/TB-VPCP\nTHÔNG BÁO\nKết luận ... theo Quyết định số 12/QĐ-TTg.\n"
            "(Kèm theo Thông báo số 659/TB-VPCP ngày 18/11/2025)")
    found = find_citations(text, own_number="659/TB-VPCP")
    assert [c.number for c in found] == ["12"]


def test_own_number_with_leading_zero():
    found = find_citations("Chỉ thị số 12/CT-UBND ngày 01/7/2025 về cải cách", own_number="012/CT-UBND")
    assert found == []


def test_header_number_without_own_number_is_skipped():
    assert find_citations("Số: 310/KH-UBND\nHà Nội, ngày 10 tháng 7 năm 2025") == []


@pytest.mark.parametrize("province, expected", [
    ("Quảng Ninh", "Ủy ban nhân dân tỉnh Quảng Ninh"),
    ("tỉnh Quảng Ninh", "Ủy ban nhân dân tỉnh Quảng Ninh"),
    ("Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"),
    (None, "Ủy ban nhân dân"),
])
def test_province_completes_inferred_issuer(province, expected):
    c = _one("thực hiện Quyết định số 66/QĐ-UBND về việc", province=province)
    assert c.issuer == expected


def test_written_issuer_wins_over_province():
    c = _one("Quyết định số 66/QĐ-UBND ngày 10/01/2022 của UBND huyện Tiên Yên", province="Quảng Ninh")
    assert c.issuer == "UBND huyện Tiên Yên"


def test_party_committee_of_a_city():
    assert _one("Nghị quyết số 18-NQ/TU về", province="Hà Nội").issuer == "Thành ủy Hà Nội"
    assert _one("Nghị quyết số 18-NQ/TU về", province="Quảng Ninh").issuer == "Tỉnh ủy Quảng Ninh"


def test_order_of_first_mention_and_keys_distinct():
    text = ("Căn cứ Nghị định số 30/2020/NĐ-CP; Thông tư số 01/2011/TT-BNV; Quyết định số 30/QĐ-UBND; "
            "Nghị định số 30/2020/NĐ-CP.")
    found = find_citations(text)
    assert [c.symbol for c in found] == ["NĐ-CP", "TT-BNV", "QĐ-UBND"]
    assert len({c.key for c in found}) == 3
    assert len(found[0].spans) == 2


def test_lowercase_symbol_needs_a_type_word():
    assert _one("tại công văn số 3652/byt-dp").symbol == "byt-dp"
    assert find_citations("đạt 3652/byt-dp") == []


def test_decomposed_symbol_letters_still_read():
    text = unicodedata.normalize("NFD", "Quyết định số 66/QĐ-UBND")
    c = _one(text)
    assert c is not None and c.number == "66" and c.symbol == "QĐ-UBND"


def test_spans_point_into_text():
    text = "Mở đầu.\nTheo Quyết định số 66/QĐ-UBND ngày 10/01/2022 của Ủy ban nhân dân tỉnh, giao Sở Y tế."
    c = _one(text)
    s, e = c.spans[0]
    assert text[s:e] == c.surface == "Quyết định số 66/QĐ-UBND ngày 10/01/2022 của Ủy ban nhân dân tỉnh"


def test_citation_does_not_cross_paragraphs():
    found = find_citations("Tổng hợp các Quyết định\n2. Sở Văn hóa triển khai")
    assert found == []


@pytest.mark.parametrize("odd", ["", " ", "\n\n", "/" * 1000, "1/" * 5000, "Luật " * 3000, "số 1/ABC-" * 2000,
                                 "\x00\ud800", "Quyết định số " * 500 + "1/QĐ-", "ngày 99/99/9999"])
def test_never_raises_on_odd_input(odd):
    result = find_citations(odd)
    assert isinstance(result, list)


def test_non_string_input_gives_nothing():
    assert find_citations(None) == []  # type: ignore[arg-type]


# ---------------------------------------------------------------- data files


def test_doctypes_codes_of_decree_30_appendix_iii():
    types = tomllib.loads((DATA / "doctypes.toml").read_text(encoding="utf-8"))
    codes = {"QĐ", "NQ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTr",
             "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB"}
    assert codes <= set(types["state"])
    for code, kind in types["state"].items():
        assert kind and unicodedata.is_normalized("NFC", kind) and unicodedata.is_normalized("NFC", code)


@pytest.mark.parametrize("code", ["QĐ", "NQ", "CT", "TB", "KH", "CĐ", "BC", "TTr", "HD", "ĐA", "QC", "PA"])
def test_every_state_code_reads_in_a_symbol(code):
    types = tomllib.loads((DATA / "doctypes.toml").read_text(encoding="utf-8"))
    c = _one(f"theo số 17/{code}-UBND ngày 02/02/2024")
    assert c is not None and c.type_code == code and c.kind == types["state"][code]


def test_issuers_entries_render():
    issuers = tomllib.loads((DATA / "issuers.toml").read_text(encoding="utf-8"))
    for table in ("central", "provincial", "party"):
        for code, name in issuers[table].items():
            assert name.strip() and unicodedata.is_normalized("NFC", name)
            assert set(re.findall(r"{(\w+)}", name)) <= {"level", "province", "committee"}


@pytest.mark.parametrize("symbol, issuer", [
    ("96/2023/NĐ-CP", "Chính phủ"), ("1092/QĐ-TTg", "Thủ tướng Chính phủ"), ("32/2023/TT-BYT", "Bộ Y tế"),
    ("66-NQ/TW", "Ban Chấp hành Trung ương"), ("45/2019/QH14", "Quốc hội"), ("412/TB-VPCP", "Văn phòng Chính phủ"),
])
def test_issuer_inferred_from_symbol(symbol, issuer):
    assert _one(f"theo văn bản số {symbol} về việc").issuer == issuer


def test_law_names_are_unique_and_nfc():
    types = tomllib.loads((DATA / "doctypes.toml").read_text(encoding="utf-8"))
    names = types["laws"]["names"]
    assert len(names) == len(set(names))
    assert all(unicodedata.is_normalized("NFC", n) and n.split()[0] in ("Luật", "Bộ") for n in names)


# ---------------------------------------------------------------- corpus


def _rough_clean(raw: str, portal: bool) -> str:
    """NFC, Markdown debris removed, the portal banner and page text cut, lines joined."""
    text = unicodedata.normalize("NFC", raw).replace("\u00d0", "Đ")
    lines = text.split("\n")
    if portal:
        start = next((i for i, line in enumerate(lines) if "Tình trạng:" in line), -3) + 3
        end = next((i for i, line in enumerate(lines) if line.startswith("Văn bản này chưa cập nhật")), len(lines) + 1)
        lines = lines[start:end - 1]
    return " ".join(x for x in (re.sub(r"\*\*|\*|\||#", " ", line).strip() for line in lines) if x)


@pytest.mark.skipif(not (CORPUS / "gold").exists(), reason="shared corpus absent")
def test_corpus_citations_f1_and_dates():
    sys.path.insert(0, str(CORPUS / "scripts"))
    from score import cite_key  # noqa: PLC0415
    tp = fp = fn = dated = right = 0
    for gold_path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = next(p for sub in ("seeds", "dev") for p in (CORPUS / sub).glob(gold_path.stem + ".*"))
        text = _rough_clean(source.read_text(encoding="utf-8"), source.suffix == ".md")
        pred = [{"number": c.number, "year": str(c.year) if c.year else None, "symbol": c.symbol, "name": c.name,
                 "surface": c.surface, "issued": c.issued.isoformat() if c.issued else None}
                for c in find_citations(text, own_number=gold.get("number"))]
        gk = {cite_key(c): c for c in gold["citations"]}
        pk = {cite_key(c): c for c in pred}
        tp, fp, fn = tp + len(gk.keys() & pk.keys()), fp + len(pk.keys() - gk.keys()), fn + len(gk.keys() - pk.keys())
        for k in gk.keys() & pk.keys():
            if gk[k].get("issued"):
                dated += 1
                right += gk[k]["issued"] == pk[k]["issued"]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.97 and right / dated >= 0.97, (tp, fp, fn, right, dated)


# ---------------------------------------------------------------- size


def test_long_lists_are_read_in_full():
    """Thousands of mentions (full, short, named with a number): every one read, each list linear."""
    n = 4000
    full = "; ".join(f"Quyết định số {i + 1}/QĐ-UBND, Quyết định {i + 1}" for i in range(n))
    found = find_citations(full)
    assert len(found) == n and all(len(c.spans) == 2 for c in found)
    laws = "; ".join(f"Luật Đất đai số {i + 1}/2024/QH15" for i in range(n))
    found = find_citations(laws)
    assert len(found) == n and all(c.name == "Luật Đất đai" for c in found)
    shorts = " và ".join(f"Nghị định {i % 900 + 1}" for i in range(n))
    assert len(find_citations(shorts)) == 900


# ---------------------------------------------------------------- unseen phrasing (issue 17)


@pytest.mark.parametrize("text, numbers", [
    ("các quyết định số 3105/qđ-ubnd ngày 02/3/2024 và 3106/qđ-ubnd ngày 15/4/2024", ["3105", "3106"]),
    ("số: 71/kh-ubnd ngày 10/01/2022, 72/kh-ubnd ngày 20/02/2022 của ubnd xã", ["71", "72"]),
    ("nghị định 52/2013/nđ-cp, 85/2021/nđ-cp về thương mại điện tử", ["52", "85"]),
    ("các công điện số 14/cđ-ubnd; 15/cđ-ubnd; 16/cđ-ubnd về mưa lũ", ["14", "15", "16"]),
    ("công văn số 801/ubnd-nc, số 802/ubnd-nc về an ninh", ["801", "802"]),
])
def test_lowercase_list_items_after_the_first(text, numbers):
    assert [c.number for c in find_citations(text)] == numbers


def test_lowercase_symbol_not_in_a_list_or_after_a_type_word_is_not_read():
    assert find_citations("tăng 12/qđ-ubnd") == []
    assert find_citations("đạt 3652/byt-dp, 45/byt-dp") == []


@pytest.mark.parametrize("text", [
    "theo Luật Thi đua, khen thưởng; các đơn vị áp dụng Luật Thi đua khen thưởng",
    "Luật Phòng, chống mua bán người và Luật Phòng chống mua bán người",
    "Luật Cán bộ, công chức; Luật cán bộ công chức",
])
def test_one_law_written_with_and_without_its_comma_is_one_citation(text):
    found = find_citations(text)
    assert len(found) == 1 and len(found[0].spans) == 2


def test_amending_law_is_one_citation_with_its_number():
    c = _one("theo Luật sửa đổi, bổ sung một số điều của Luật Điện lực số 12/2022/QH15 ngày 10/6/2022")
    assert (c.name, c.number, c.year, c.issued) == (
        "Luật sửa đổi, bổ sung một số điều của Luật Điện lực", "12", 2022, date(2022, 6, 10))


def test_law_name_read_to_its_end_not_to_a_word_count():
    c = _one("thực hiện Luật Phòng chống bạo lực gia đình trong cộng đồng")
    assert c.name == "Luật Phòng chống bạo lực gia đình"


def test_lowercase_law_name_with_its_number():
    found = find_citations("căn cứ luật đất đai số 31/2024/qh15 và luật nhà ở số 27/2023/qh15")
    assert [(c.number, c.name) for c in found] == [("31", "luật đất đai"), ("27", "luật nhà ở")]


@pytest.mark.parametrize("text", [
    "CÔNG ĐIỆN 1045/CĐ-TTg NGÀY 12/10/2025 V/v ứng phó bão số 11\nThủ tướng Chính phủ yêu cầu thực hiện Nghị quyết số 380/NQ-CP.",
    "Ngày 03/12/2025, Ủy ban nhân dân tỉnh đã ban hành Kế hoạch số 311/KH-UBND về việc kiểm tra an toàn thực phẩm. "
    "Theo đó, các sở thực hiện Nghị quyết số 380/NQ-CP.",
    "Quyết định số 77/QĐ-SYT ngày 05/01/2025\nVề việc kiện toàn Hội đồng\nCăn cứ Nghị quyết số 380/NQ-CP.",
])
def test_reprint_of_the_body_does_not_cite_its_own_number(text):
    assert [c.number for c in find_citations(text)] == ["380"]


@pytest.mark.parametrize("text", [
    "Thực hiện Kế hoạch số 311/KH-UBND ngày 03/12/2025 về việc kiểm tra, Sở Y tế yêu cầu thực hiện Nghị quyết số 380/NQ-CP.",
    "Căn cứ Quyết định số 77/QĐ-SYT về việc kiện toàn Hội đồng; Nghị quyết số 380/NQ-CP.",
    "QUYẾT ĐỊNH SỐ 15/QĐ-UBND NGÀY 05/01/2024 và Nghị quyết số 380/NQ-CP",
])
def test_a_cited_document_named_first_is_still_cited(text):
    assert len(find_citations(text)) == 2


def test_a_summary_line_alone_cites_what_it_names():
    assert [c.number for c in find_citations("Công văn số 3345/STC-NS V/v bổ sung kinh phí")] == ["3345"]


SHORT_PLACES = [
    "triển khai Nghị định 68 về đất đai",
    "theo Nghị  quyết\u00a0số: 12 và Thông tư liên\ttịch 7/2020",
    "QĐ 1092, NĐ 100 và TT\u3000số 4 của Bộ",
    "Quyết định SỐ 15 ngày 3/4/2020; Kế hoạch ſố 9; Kết luận Số hiệu 126",
    "Chỉ thị 18 tháng 5, Công văn 7 người, Pháp lệnh 3%, Bộ luật 45 lần",
    "Luật \U00011f51 và Công điện 1\U00011f52 (chữ số mới của Unicode)",
    "Thông báo xx 5 và Thông tri ab:  6; Quy định 0 và Quy định 007",
    "số liệu Nghị định68, Nghị định 2a, CV 12/2023 và CV 12-CP, Luật\n5",
]


@pytest.mark.parametrize("text", SHORT_PLACES)
def test_short_mentions_are_tried_at_every_place_they_match(text):
    """The short pattern tried at the places its quick searches find gives the matches of a scan of the text."""
    from vnnotice.citations import _patterns, _short_matches

    p = _patterns()
    scanned = [(m.span(), m.groupdict()) for m in p.short.finditer(text)]
    tried = [(m.span(), m.groupdict()) for m in _short_matches(text, p)]
    assert tried == scanned


def test_one_of_is_membership_by_code_point():
    """A character told one of a few by its code point is what ``in`` says, beyond Latin-1 and the BMP too."""
    from vnnotice.citations import _H, _one_of

    for chars in ("", "h", "QgĐ", "ộ", _H, "a\U00010000"):
        for c in [*range(0x300), *range(0x1E00, 0x1F00), *map(ord, _H), 0x10000, 0x10001]:
            assert _one_of(c, chars) == (chr(c) in chars), (c, chars)


@pytest.mark.parametrize("text", SHORT_PLACES + ["A 5, A\u00a0số 7, Ab  cd 9, Ab\tcd: 3, AAb cd 4, Ab cdx 5, aA 1 A"])
def test_type_word_places_are_the_ends_of_every_match(text):
    """The places found from the letters of the type words (one-letter words too) are the ends of the
    matches of their patterns at every place of the text."""
    from vnnotice.citations import _patterns, _short_places, _type_word_places

    for groups in (_patterns().short_places, _short_places(["A", "Ab cd", "TT", "Nghị định"])):
        every = {m.end() for _, _, _, pattern in groups for i in range(len(text)) if (m := pattern.match(text, i))}
        assert set(_type_word_places(text, groups)) == every


@pytest.mark.parametrize("text", SHORT_PLACES + [
    "Căn cứ Nghị quyết số 12/NQ-CP và Nghị quyết 12, Quyết định số 7/QĐ-UBND, Quyết định 7 ngày 3/4/2020",
    "Thông tư 43/2020/TT-BTC; Thông tư 43; NĐ 100/2015/NĐ-CP và NĐ 100; Kế hoạch số 5/KH-UBND, Kế hoạch số 6",
    "Quyết định số: 1092/QĐ-TTg, số 1093 và Công văn 12 - CV/TU, Công văn 13",
])
def test_short_mentions_inside_full_mentions_are_not_tried(text):
    """The short mentions read where no full mention is are those of a scan of the text that do not overlap one."""
    from vnnotice.citations import _anchors, _patterns, _short_matches, _Taken, _vocab

    p, v = _patterns(), _vocab()
    taken = _Taken([(x.start, x.core_end) for x in _anchors(text, p, v, v.codes)])
    scanned = [(m.span(), m.groupdict()) for m in p.short.finditer(text) if not taken.overlaps(m.start("tw"), m.end())]
    tried = [(m.span(), m.groupdict()) for m in _short_matches(text, p, taken)
             if not taken.overlaps(m.start("tw"), m.end())]
    assert tried == scanned


@pytest.mark.parametrize("text", [
    "Luật Đất đai năm 2024 và Bộ luật Lao động",
    "cập nhật luật Đất đai; Bộ  Luật\tDân sự, bộ luật Hình sự",
    "pháp luật về Luật Thi đua, khen thưởng\nLuật Báo chí",
    "luật",
])
def test_law_heads_are_looked_for_at_every_place_of_their_last_word(text):
    """The heads found from the key letter of their last word are those found at every place of that word."""
    from vnnotice.citations import _heads_by_key, _law_start_at, _law_starts, _vocab

    v = _vocab()
    expected: dict[int, int] = {}
    for lasts in _heads_by_key(v.law_heads).values():
        for _, last, befores in lasts:
            i = text.find(last)
            while i >= 0:
                _law_start_at(text, i, last, befores, v, expected)
                i = text.find(last, i + 1)
    assert _law_starts(text, v) == expected


@pytest.mark.parametrize("text", [
    "Căn cứ Quyết định số /QĐ-UBND ngày  tháng  năm của Ủy ban nhân dân tỉnh",
    "Nghị định -CP, Thông tư số: TT và Kế hoạch số …/KH-UBND; Luật Đất đai",
    "Công văn số ĐT/TU - CV/TU gửi các sở",
])
def test_a_text_without_a_digit_cites_no_numbered_document(text):
    """No number, no full or short mention (the patterns tried at the separators and type words find none)."""
    assert all(c.number is None for c in find_citations(text))


ANCHOR_PLACES = [
    "Quyết định số 66/QĐ-UBND, Nghị định 96/2023/NĐ-CP và Kết luận 31-CT/TU, 31 - CT/TU; 31 –CT/TU",
    "số 777b/ctph-ubnd, 12.3/KH, 1.2.3/TB, x12/QĐ, a-12/QĐ, 12/…, 12/ QĐ, 12/2024/, 12/1999",
    "ngày 03/12/2025; 45/2019/QH14; ٣٤/QĐ-UBND; 12٣/KH; \U0001d7d9\U0001d7da/TB; 5\u00a0-\u00a0CV/TU",
    "https://a.vn/12/QĐ và www.b.vn/34/KH; 5-2024/NĐ; 2025-2030/KH; 7–TTg/VP",
]


@st.composite
def _anchor_text(draw):
    return draw(st.text(alphabet="0123456789٣\U0001d7d9/-– .,aQĐbKH&\u00a0V\n", max_size=30))


@pytest.mark.parametrize("text", ANCHOR_PLACES)
def test_full_mentions_are_tried_at_every_place_they_match(text):
    """The number-and-symbol pattern tried at the places found from separators gives the matches of a scan."""
    from vnnotice.citations import _anchor_starts, _matches_at, _patterns

    anchor = _patterns().anchor
    assert [m.span() for m in _matches_at(anchor, text, _anchor_starts(text))] == [m.span() for m in anchor.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(_anchor_text())
def test_full_mentions_are_tried_at_every_place_they_match_in_any_text(text):
    from vnnotice.citations import _anchor_starts, _matches_at, _patterns

    anchor = _patterns().anchor
    assert [m.span() for m in _matches_at(anchor, text, _anchor_starts(text))] == [m.span() for m in anchor.finditer(text)]
