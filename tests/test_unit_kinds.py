"""Tests of the kinds of unit-reading errors of issue 16, each with sentences written for the test.

Every kind has two or three sentences with other units and other wording than
the documents where the kind was seen.
"""
from __future__ import annotations

import pytest

from vnnotice.units import find_units


def pairs(text: str) -> list[tuple[str, str]]:
    """(role, unit) of every mention found in ``text``."""
    return [(m.role, m.unit) for m in find_units(text)]


# -- names read to their true end (the gazetteer) ----------------------------
@pytest.mark.parametrize("text, expected", [
    ("Giao Sở Văn hóa, Thể thao và Du lịch tổ chức giải chạy việt dã.",
     [("lead", "Sở Văn hóa, Thể thao và Du lịch")]),
    ("Phối hợp với Sở Văn hoá, Thể thao và Du lịch tỉnh Bắc Ninh kiểm tra lễ hội.",
     [("cooperate", "Sở Văn hoá, Thể thao và Du lịch tỉnh Bắc Ninh")]),
    ("Hội Liên hiệp Phụ nữ tỉnh vận động hội viên tham gia.", [("lead", "Hội Liên hiệp Phụ nữ tỉnh")]),
    ("Giao Trung tâm Công nghệ thông tin và Truyền thông tỉnh vận hành hệ thống.",
     [("lead", "Trung tâm Công nghệ thông tin và Truyền thông tỉnh")]),
    ("Đề nghị Cục Quản lý thị trường tăng cường kiểm tra hàng giả.", [("lead", "Cục Quản lý thị trường")]),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông đẩy nhanh giải ngân.",
     [("lead", "Ban Quản lý dự án đầu tư xây dựng công trình giao thông")]),
    ("Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hồ sơ trực tuyến.",
     [("lead", "Trung tâm Phục vụ hành chính công tỉnh")]),
])
def test_gazetteer_names_read_to_their_end(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Các Bộ: Tài chính, Văn hóa, Thể thao và Du lịch, Y tế chủ động hướng dẫn.",
     [("lead", "Bộ Tài chính"), ("lead", "Bộ Văn hóa, Thể thao và Du lịch"), ("lead", "Bộ Y tế")]),
    ("Bộ trưởng các Bộ: Văn hóa, Thể thao và Du lịch, Nội vụ theo chức năng triển khai.",
     [("lead", "Bộ Văn hóa, Thể thao và Du lịch"), ("lead", "Bộ Nội vụ")]),
])
def test_gazetteer_names_in_distributive_lists(text, expected):
    assert pairs(text) == expected


def test_a_known_name_does_not_swallow_the_verb_after_it():
    assert pairs("Sở Văn hóa, Thể thao và Du lịch Chủ trì tổ chức.") == [("lead", "Sở Văn hóa, Thể thao và Du lịch")]
    assert pairs("Hội Liên hiệp Phụ nữ xây dựng kế hoạch.") == [("lead", "Hội Liên hiệp Phụ nữ")]


# -- collective nouns read with their qualifier --------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Đề nghị các đơn vị cung cấp dịch vụ viễn thông bảo đảm thông tin liên lạc.",
     [("lead", "đơn vị cung cấp dịch vụ viễn thông")]),
    ("Phối hợp với các cơ quan quản lý nhà nước về khoáng sản kiểm tra mỏ.",
     [("cooperate", "cơ quan quản lý nhà nước về khoáng sản")]),
    ("Yêu cầu các chủ đầu tư có công trình dở dang giải trình nguyên nhân.",
     [("lead", "chủ đầu tư có công trình dở dang")]),
    ("Các lực lượng đóng trên địa bàn tỉnh sẵn sàng hỗ trợ.", [("lead", "lực lượng đóng trên địa bàn tỉnh")]),
    ("Tăng cường hợp tác với các trường đại học trong và ngoài nước.",
     [("cooperate", "trường đại học trong và ngoài nước")]),
    ("Giao các hợp tác xã tại địa phương tổ chức thu mua.", [("lead", "hợp tác xã tại địa phương")]),
    ("Các tổ chức chính trị - xã hội tỉnh tuyên truyền đến hội viên.",
     [("lead", "tổ chức chính trị - xã hội tỉnh")]),
    ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Quảng Trị đến Quảng Ngãi chỉ đạo sơ tán dân.",
     [("lead", "Ủy ban nhân dân tỉnh, thành phố từ Quảng Trị đến Quảng Ngãi")]),
    ("UBND các tỉnh ven biển khẩn trương kêu gọi tàu thuyền vào nơi trú ẩn.", [("lead", "UBND tỉnh ven biển")]),
    ("Giao các Ngân hàng thương mại giảm lãi suất cho vay.", [("lead", "Ngân hàng thương mại")]),
])
def test_collective_nouns_keep_their_qualifier(text, expected):
    assert pairs(text) == expected


def test_a_collective_noun_before_its_verb_stays_short():
    assert pairs("Các đơn vị có trách nhiệm báo cáo Sở Tài chính.") == [("lead", "đơn vị"), ("report_to", "Sở Tài chính")]
    assert pairs("Các cơ quan quản lý chặt chẽ nguồn vốn.") == [("lead", "cơ quan")]


# -- roles: the channel of a report is report_to --------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Định kỳ hằng quý báo cáo Ủy ban nhân dân tỉnh (qua Sở Tài chính) để tổng hợp.",
     [("report_to", "Ủy ban nhân dân tỉnh"), ("report_to", "Sở Tài chính")]),
    ("Kết quả gửi Bộ Y tế (thông qua Cục Quản lý Dược) trước ngày 15/6.",
     [("report_to", "Bộ Y tế"), ("report_to", "Cục Quản lý Dược")]),
    ("Tổng hợp ý kiến, báo cáo Thủ tướng Chính phủ thông qua Văn phòng Chính phủ.",
     [("report_to", "Thủ tướng Chính phủ"), ("report_to", "Văn phòng Chính phủ")]),
])
def test_the_channel_of_a_report_is_report_to(text, expected):
    assert pairs(text) == expected


# -- a list of common nouns with a shared place is one unit ----------------------
@pytest.mark.parametrize("text, expected", [
    ("Giao các sở, ngành, đoàn thể Thành phố triển khai kế hoạch.", [("lead", "sở, ngành, đoàn thể Thành phố")]),
    ("Phối hợp với các phòng, ban, đơn vị Tỉnh rà soát hồ sơ.", [("cooperate", "phòng, ban, đơn vị Tỉnh")]),
    ("Các bộ, ngành, cơ quan liên quan khẩn trương hướng dẫn.", [("lead", "bộ, ngành, cơ quan liên quan")]),
    # bodies with a shared place are still two units
    ("Cấp ủy, chính quyền Tỉnh tập trung lãnh đạo.", [("lead", "Cấp ủy Tỉnh"), ("lead", "chính quyền Tỉnh")]),
])
def test_common_nouns_with_a_shared_place(text, expected):
    assert pairs(text) == expected


def test_a_collective_that_is_also_a_verb_is_a_noun_before_its_qualifier():
    assert pairs("Đề nghị Hội Nông dân, tổ chức chính trị - xã hội các cấp vận động hội viên.") == [
        ("lead", "Hội Nông dân"), ("lead", "tổ chức chính trị - xã hội các cấp")]
    assert pairs("Sở Nội vụ chủ trì, tổ chức hội nghị sơ kết.") == [("lead", "Sở Nội vụ")]


# -- distributive lists with two levels or two heads -------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương: Sơn La, Cần Thơ khẩn trương sơ tán dân.",
     [("lead", "Ủy ban nhân dân tỉnh Sơn La"), ("lead", "Ủy ban nhân dân thành phố Cần Thơ")]),
    ("Các Bộ, cơ quan: Công Thương, Ngoại giao nghiên cứu đề xuất.",
     [("lead", "Bộ Công Thương"), ("lead", "Bộ Ngoại giao")]),
    ("Bộ Chỉ huy Quân sự các tỉnh: Quảng Trị, Quảng Ngãi bố trí lực lượng.",
     [("lead", "Bộ Chỉ huy Quân sự tỉnh Quảng Trị"), ("lead", "Bộ Chỉ huy Quân sự tỉnh Quảng Ngãi")]),
    ("Bí thư Tỉnh ủy, Chủ tịch UBND các tỉnh: Lạng Sơn, Cao Bằng trực tiếp chỉ đạo.",
     [("lead", "Tỉnh ủy Lạng Sơn"), ("lead", "Tỉnh ủy Cao Bằng"),
      ("lead", "UBND tỉnh Lạng Sơn"), ("lead", "UBND tỉnh Cao Bằng")]),
    ("HĐND và UBND các tỉnh: Điện Biên, Lai Châu giám sát việc thực hiện.",
     [("lead", "HĐND tỉnh Điện Biên"), ("lead", "HĐND tỉnh Lai Châu"),
      ("lead", "UBND tỉnh Điện Biên"), ("lead", "UBND tỉnh Lai Châu")]),
])
def test_distributive_lists_with_two_levels_or_two_heads(text, expected):
    assert pairs(text) == expected


def test_a_named_unit_before_a_distributive_list_without_levels_keeps_its_own_name():
    assert pairs("Báo cáo Văn phòng Chính phủ và các Bộ: Tư pháp, Nội vụ.") == [
        ("report_to", "Văn phòng Chính phủ"), ("report_to", "Bộ Tư pháp"), ("report_to", "Bộ Nội vụ")]


def test_lowercase_party_committees_are_a_list_of_common_nouns():
    assert pairs("Các huyện ủy, đảng ủy trực thuộc Tỉnh ủy quán triệt nghị quyết.") == [
        ("lead", "huyện ủy, đảng ủy trực thuộc Tỉnh ủy")]


# -- roles: triggers after "và", a second verb before the unit ----------------------
@pytest.mark.parametrize("text, expected", [
    ("Kiểm tra, khắc phục và báo cáo Sở Xây dựng trước ngày 30/9.", [("report_to", "Sở Xây dựng")]),
    ("Sở Công Thương chủ trì và phối hợp với Công an tỉnh kiểm tra thị trường.",
     [("lead", "Sở Công Thương"), ("cooperate", "Công an tỉnh")]),
    ("Rà soát hồ sơ và trình Chủ tịch Ủy ban nhân dân tỉnh phê duyệt.", [("report_to", "Ủy ban nhân dân tỉnh")]),
    ("Tham mưu đề xuất Hội đồng nhân dân tỉnh ban hành chính sách.", [("report_to", "Hội đồng nhân dân tỉnh")]),
    ("Tổng hợp, báo cáo UBND huyện về kết quả rà soát (qua Phòng Nội vụ) trước ngày 10/10.",
     [("report_to", "UBND huyện"), ("report_to", "Phòng Nội vụ")]),
])
def test_role_triggers_after_and_and_second_verbs(text, expected):
    assert pairs(text) == expected


def test_a_period_word_ends_a_collective_name():
    assert pairs("Báo cáo các cơ quan hằng tháng theo quy định.") == [("report_to", "cơ quan")]


@pytest.mark.parametrize("text, expected", [
    ("Định kỳ báo cáo kết quả thực hiện về Sở Nội vụ qua Văn phòng Sở để tổng hợp.",
     [("report_to", "Sở Nội vụ"), ("report_to", "Văn phòng Sở")]),
    ("Có vướng mắc kịp thời phản ánh về Sở Tư pháp để hướng dẫn.", [("report_to", "Sở Tư pháp")]),
    ("Báo cáo kết quả kiểm tra cho Ủy ban nhân dân huyện trước ngày 20/11.", [("report_to", "Ủy ban nhân dân huyện")]),
])
def test_report_of_results_names_its_recipient(text, expected):
    assert pairs(text) == expected


# -- socio-political organisations are a unit of their own in a list ----------------
def test_socio_political_organisations_in_a_list_of_common_nouns():
    assert pairs("Các sở, ngành, tổ chức chính trị - xã hội tỉnh tuyên truyền sâu rộng.") == [
        ("lead", "sở, ngành"), ("lead", "tổ chức chính trị - xã hội tỉnh")]


# -- mentions that assign nothing: the issuer of a letter -----------------------------
@pytest.mark.parametrize("text", [
    "Ủy ban nhân dân tỉnh nhận được văn bản của Bộ Y tế về việc tiêm chủng.",
    "Sở Tài chính gửi kèm danh mục tài liệu hướng dẫn.",
    "Bộ Xây dựng nhận được đề nghị của địa phương về điều chỉnh dự án.",
])
def test_the_issuer_of_a_letter_is_no_lead(text):
    assert [r for r, _ in pairs(text) if r == "lead"] == []


# -- canonical names for trackers ---------------------------------------------------
@pytest.mark.parametrize("a, b", [
    ("UBND xã, phường", "Ủy ban nhân dân xã, phường"),
    ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
    ("TTYT TP. Uông Bí", "Trung tâm Y tế thành phố Uông Bí"),
    ("Uỷ ban nhân dân Tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Chi cục Thuỷ lợi", "Chi cục Thủy lợi"),
])
def test_spellings_of_one_unit_share_a_canonical_name(a, b):
    from vnnotice.units import canonical_name

    assert canonical_name(a) == canonical_name(b) == b


def test_canonical_names_keep_what_is_no_abbreviation_of_a_unit():
    from vnnotice.units import canonical_name

    assert canonical_name("Công ty CP Xây dựng số 1") == "Công ty CP Xây dựng số 1"
    assert canonical_name("Trường Đại học Quy Nhơn") == "Trường Đại học Quy Nhơn"


def test_mentions_carry_their_canonical_name():
    mentions = find_units("Giao UBND huyện chủ trì, phối hợp với Sở VHTTDL kiểm tra.")
    assert [(m.unit, m.canonical) for m in mentions] == [
        ("UBND huyện", "Ủy ban nhân dân huyện"), ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch")]


# -- field labels of a task card ---------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("- Cơ quan thực hiện: Sở Tư pháp chủ trì, phối hợp với Công an tỉnh.",
     [("lead", "Sở Tư pháp"), ("cooperate", "Công an tỉnh")]),
    ("- Đơn vị chủ trì: Ban Quản lý Khu kinh tế.\n- Đơn vị phối hợp: Sở Xây dựng, Sở Công Thương.",
     [("lead", "Ban Quản lý Khu kinh tế"), ("cooperate", "Sở Xây dựng"), ("cooperate", "Sở Công Thương")]),
    ("Cơ quan phối hợp thực hiện: Ủy ban nhân dân các xã, phường.",
     [("cooperate", "Ủy ban nhân dân xã, phường")]),
])
def test_task_card_labels_name_no_unit_and_give_the_role(text, expected):
    assert pairs(text) == expected


# -- mentions that assign nothing: places that benefit ------------------------------
@pytest.mark.parametrize("text", [
    "Bộ Tài chính đề xuất hỗ trợ các tỉnh: Cao Bằng, Lạng Sơn để khắc phục hậu quả.",
    "Ưu tiên phân bổ vốn cho các tỉnh: Hà Giang, Lào Cai nhằm ổn định đời sống.",
])
def test_places_that_benefit_are_no_lead(text):
    assert [u for r, u in pairs(text) if r == "lead" and "Bộ" not in u] == []


# -- mentions that assign nothing: a list governed by a preposition, a level as a title ---
@pytest.mark.parametrize("text", [
    "Bảo đảm an ninh cho các hoạt động của Thành ủy, HĐND, UBND thành phố tổ chức trong dịp lễ.",
    "Phục vụ các đoàn công tác của Bộ Y tế, Bộ Tài chính chủ trì làm việc tại tỉnh.",
    "Cấp huyện",
])
def test_units_named_by_the_sentence_only_are_no_lead(text):
    assert [u for r, u in pairs(text) if r == "lead"] == []


def test_a_clause_after_a_comma_is_still_a_subject_when_no_preposition_governs_the_list():
    assert pairs("Là cơ quan thường trực, Sở Nội vụ chủ trì tổng hợp.") == [("lead", "Sở Nội vụ")]
    assert pairs("Các Phòng Y tế, Trạm Y tế chủ động rà soát.") == [("lead", "Phòng Y tế"), ("lead", "Trạm Y tế")]


def test_bodies_share_a_plural_qualifier():
    assert pairs("Đề nghị cấp ủy, chính quyền các cấp lãnh đạo thực hiện.") == [
        ("lead", "cấp ủy các cấp"), ("lead", "chính quyền các cấp")]


def test_based_on_ends_a_collective_before_its_verb():
    assert pairs("Các sở, ngành, địa phương căn cứ nhiệm vụ được giao xây dựng kế hoạch.") == [
        ("lead", "sở, ngành, địa phương")]


# -- a list of levels at the end of a line ---------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Ủy ban nhân dân các huyện, thị xã\nTrên cơ sở đó lập kế hoạch.", [("lead", "Ủy ban nhân dân huyện, thị xã")]),
    ("Giao UBND các xã, thị trấn\nCăn cứ tình hình thực tế triển khai.", [("lead", "UBND xã, thị trấn")]),
])
def test_levels_at_the_end_of_a_line_end_the_unit(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Căn cứ đề nghị của phòng chuyên môn, Ủy ban nhân dân huyện quyết định công nhận.",
     [("lead", "Ủy ban nhân dân huyện")]),
    ("Sau khi tổng hợp, Hội đồng Thi đua - Khen thưởng tỉnh họp xét danh sách.",
     [("lead", "Hội đồng Thi đua - Khen thưởng tỉnh")]),
])
def test_a_subject_after_a_comma_with_a_verb_of_decision(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Chủ động trao đổi với các Tập đoàn lớn trong khu vực để thu hút vốn.",
     [("cooperate", "Tập đoàn lớn trong khu vực")]),
    ("Giao các Ngân hàng thương mại trên địa bàn tỉnh giảm lãi suất.",
     [("lead", "Ngân hàng thương mại trên địa bàn tỉnh")]),
])
def test_a_plural_named_head_is_a_collective_with_its_qualifier(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Yêu cầu các sở, các ngành của tỉnh tập trung chỉ đạo.", [("lead", "sở, ngành của tỉnh")]),
    ("Đề nghị các sở, ngành, các thành viên của Hội đồng tham gia ý kiến.",
     [("lead", "sở, ngành"), ("lead", "thành viên của Hội đồng")]),
])
def test_a_possessive_place_is_shared_a_possessive_body_is_not(text, expected):
    assert pairs(text) == expected


# -- mentions that assign nothing: what a unit has done ---------------------------------
@pytest.mark.parametrize("text", [
    "Sở Công Thương đã kiểm tra các cửa hàng xăng dầu, báo cáo Ủy ban nhân dân tỉnh, Bộ Công Thương kết quả.",
    "Các Bộ đã phối hợp với địa phương tháo gỡ vướng mắc, Ban Quản lý dự án chủ động bàn giao mặt bằng.",
    "Bộ Y tế đã giao Cục Quản lý Dược rà soát danh mục thuốc.",
])
def test_a_clause_that_tells_what_was_done_gives_no_task(text):
    assert pairs(text) == []


def test_a_task_after_the_narrated_clause_is_read():
    assert pairs("Sở Y tế đã triển khai kế hoạch. Giao Sở Tài chính bố trí kinh phí.") == [
        ("lead", "Sở Tài chính")]


# -- collectives qualified by a list of name words; the police as a common noun ------------
@pytest.mark.parametrize("text, expected", [
    ("Bộ Công an chỉ đạo các lực lượng quân đội, công an đóng trên địa bàn hỗ trợ sơ tán.",
     [("lead", "Bộ Công an"), ("lead", "lực lượng quân đội, công an đóng trên địa bàn")]),
    ("Đề nghị công an các huyện tăng cường tuần tra.", [("lead", "công an huyện")]),
    ("Giao Bộ Tài chính chỉ đạo các lực lượng hải quan, quản lý thị trường phối hợp kiểm soát.",
     [("lead", "Bộ Tài chính"), ("lead", "lực lượng hải quan, quản lý thị trường")]),
])
def test_collectives_with_a_list_of_modifiers(text, expected):
    assert pairs(text) == expected


def test_a_registry_abbreviation_is_a_unit():
    assert pairs("Giao Bộ Công Thương làm việc với EVN về giá điện.") == [
        ("lead", "Bộ Công Thương"), ("cooperate", "EVN")]


# -- the source of a request, a copy sent to follow up ---------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Theo đề nghị của các Bộ, Thủ tướng Chính phủ đồng ý chủ trương.", []),
    ("Theo đề nghị của Sở Nội vụ, Sở Tư pháp, giao Văn phòng Ủy ban nhân dân tỉnh tổng hợp.",
     [("lead", "Văn phòng Ủy ban nhân dân tỉnh")]),
    ("Lập danh sách, gửi Kho bạc Nhà nước tỉnh theo dõi.", [("report_to", "Kho bạc Nhà nước tỉnh")]),
])
def test_the_source_of_a_request_is_no_unit_and_a_copy_to_follow_up_is_report_to(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Sở Tư pháp (cơ quan thường trực Hội đồng phối hợp phổ biến pháp luật):\n- Chủ trì xây dựng kế hoạch.",
     [("lead", "Sở Tư pháp")]),
    ("Công an tỉnh (cơ quan thường trực) chủ trì, phối hợp với Sở Giao thông vận tải.",
     [("lead", "Công an tỉnh"), ("cooperate", "Sở Giao thông vận tải")]),
])
def test_a_gloss_in_brackets_after_the_lead(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Sở Tài chính là cơ quan thường trực, có trách nhiệm tổng hợp báo cáo.", [("lead", "Sở Tài chính")]),
    ("Văn phòng Ủy ban nhân dân tỉnh là đầu mối theo dõi việc thực hiện.", [("lead", "Văn phòng Ủy ban nhân dân tỉnh")]),
    ("Sở Y tế là ngành chịu ảnh hưởng lớn.", []),
])
def test_a_unit_named_the_standing_body_leads(text, expected):
    assert pairs(text) == expected


def test_a_trigger_after_the_task_given_is_read():
    assert pairs("Sở Công Thương theo chức năng, nhiệm vụ được giao chỉ đạo lực lượng quản lý thị trường kiểm tra.") == [
        ("lead", "Sở Công Thương"), ("lead", "lực lượng quản lý thị trường")]


def test_a_subject_after_a_comma_before_an_adverb_of_promptness():
    assert pairs("Nếu có vướng mắc, các sở, ngành, tổ chức chính trị - xã hội kịp thời phản ánh về Sở Nội vụ.") == [
        ("lead", "sở, ngành"), ("lead", "tổ chức chính trị - xã hội"), ("report_to", "Sở Nội vụ")]


# -- a letter's lead-in names the addressee of all its items ---------------------
_LETTER = """BỘ Y TẾ
Số: 812/BYT-KCB
V/v tăng cường phòng, chống sốt xuất huyết
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 03 tháng 7 năm 2026

Kính gửi: Ủy ban nhân dân các tỉnh, thành phố.

Để chủ động phòng, chống dịch, Bộ Y tế đề nghị {lead_in}:
1. Chỉ đạo Sở Y tế tổ chức giám sát ca bệnh tại cộng đồng.
2. Bố trí kinh phí mua hóa chất, vật tư phòng, chống dịch.

Nơi nhận:
- Như trên;
- Lưu: VT, KCB.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Nguyễn Văn Hải
"""


@pytest.mark.parametrize("lead_in, expected", [
    ("Ủy ban nhân dân các tỉnh, thành phố chỉ đạo thực hiện các nội dung sau",
     [("lead", "Ủy ban nhân dân tỉnh, thành phố")]),
    ("UBND các tỉnh, thành phố chỉ đạo các cơ quan chức năng và UBND cấp xã triển khai ngay",
     [("lead", "UBND tỉnh, thành phố"), ("lead", "cơ quan chức năng"), ("lead", "UBND cấp xã")]),
    ("các Sở Y tế phối hợp với Trung tâm Kiểm soát bệnh tật tỉnh thực hiện",
     [("lead", "Sở Y tế"), ("cooperate", "Trung tâm Kiểm soát bệnh tật tỉnh")]),
])
def test_a_letters_lead_in_names_units_of_the_whole_document(lead_in, expected):
    import vnnotice

    notice = vnnotice.extract(_LETTER.format(lead_in=lead_in))
    assert notice.doc_type == "CÔNG VĂN" and len(notice.directives) == 2
    assert [(u.role, u.unit) for u in notice.units if u.directive is None] == expected


def test_a_dispatch_lead_in_stays_out_of_the_units():
    import vnnotice

    text = _LETTER.format(lead_in="UBND các tỉnh chỉ đạo thực hiện").replace(
        "Số: 812/BYT-KCB\nV/v tăng cường phòng, chống sốt xuất huyết\n", "Số: 12/CĐ-BYT\n").replace(
        "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố.\n", "CÔNG ĐIỆN\nVề phòng, chống sốt xuất huyết\n")
    notice = vnnotice.extract(text)
    assert notice.doc_type == "CÔNG ĐIỆN"
    assert [u for u in notice.units if u.directive is None] == []


# -- a list member named without a known head word --------------------------------
# ("Bưu điện tỉnh", "Viettel Thanh Hóa") between list separators and another unit
@pytest.mark.parametrize("text, expected", [
    ("Phối hợp với Sở Y tế, Bưu điện tỉnh và các doanh nghiệp vận tải tổ chức vận chuyển.",
     [("cooperate", "Sở Y tế"), ("cooperate", "Bưu điện tỉnh"), ("cooperate", "doanh nghiệp vận tải")]),
    ("Giao Sở Công Thương, Điện lực Hà Tĩnh và các đơn vị liên quan bảo đảm cấp điện.",
     [("lead", "Sở Công Thương"), ("lead", "Điện lực Hà Tĩnh"), ("lead", "đơn vị liên quan")]),
    ("Yêu cầu Công an tỉnh, Cảng vụ Hàng hải Quảng Ninh, Bộ đội Biên phòng tỉnh kiểm soát tàu thuyền.",
     [("lead", "Công an tỉnh"), ("lead", "Cảng vụ Hàng hải Quảng Ninh"), ("lead", "Bộ đội Biên phòng tỉnh")]),
])
def test_a_list_member_without_a_known_head(text, expected):
    assert pairs(text) == expected


def test_a_headless_member_needs_a_unit_after_it():
    assert pairs("Phối hợp với Sở Y tế, Thanh tra tỉnh rà soát.") == [("cooperate", "Sở Y tế"), ("cooperate", "Thanh tra tỉnh")]
    assert pairs("Giao Sở Y tế, Trường hợp khẩn cấp thì báo cáo ngay.")[:1] == [("lead", "Sở Y tế")]
    assert pairs("Giao Sở Tài chính, Kho bạc Nhà nước tỉnh rà soát.") == [
        ("lead", "Sở Tài chính"), ("lead", "Kho bạc Nhà nước tỉnh")]


# -- a leader who criticises or praises is no unit told to act ------------------
@pytest.mark.parametrize("text", [
    "Chủ tịch UBND tỉnh phê bình các chủ đầu tư có tỷ lệ giải ngân thấp.",
    "Giám đốc Sở Y tế phê bình Trung tâm Y tế huyện Tiên Yên chậm gửi báo cáo.",
    "Bộ trưởng Bộ Xây dựng phê bình các chủ đầu tư để dự án chậm tiến độ.",
])
def test_the_subject_of_a_criticism_is_not_assigned(text):
    assert [p for p in pairs(text) if p[0] == "lead" and p[1] in ("UBND tỉnh", "Sở Y tế", "Bộ Xây dựng")] == []


# -- units urged or guided "trong việc …" are objects, not told to act -------------
@pytest.mark.parametrize("text, expected", [
    ("Kiểm tra, đôn đốc các đơn vị trong việc thực hiện quy chế dân chủ.", []),
    ("Hướng dẫn, đôn đốc UBND các xã trong việc lập hồ sơ; báo cáo Sở Xây dựng.", [("report_to", "Sở Xây dựng")]),
    ("Thường xuyên đôn đốc các trường học trong việc bảo đảm an toàn thực phẩm.", []),
])
def test_units_urged_in_a_matter_are_objects(text, expected):
    assert pairs(text) == expected


def test_units_urged_to_act_still_lead():
    assert pairs("Đôn đốc các xã hoàn thành thu ngân sách.") == [("lead", "xã")]


# -- a qualifier after a plural level ("UBND các xã, phường có …") ------------------
@pytest.mark.parametrize("text, expected", [
    ("Giao UBND các xã, phường có rừng phòng hộ tăng cường tuần tra.",
     [("lead", "UBND xã, phường có rừng phòng hộ")]),
    ("Phối hợp với Ủy ban nhân dân các xã có công trình thủy lợi nhỏ kiểm tra hiện trường.",
     [("cooperate", "Ủy ban nhân dân xã có công trình thủy lợi nhỏ")]),
    ("Yêu cầu Trung tâm Y tế các huyện có ca bệnh mới tổ chức khoanh vùng.",
     [("lead", "Trung tâm Y tế huyện có ca bệnh mới")]),
])
def test_a_qualifier_after_a_plural_level(text, expected):
    assert pairs(text) == expected


def test_a_plural_level_before_its_verb_stays_short():
    assert pairs("UBND các xã, phường có trách nhiệm báo cáo Sở Nội vụ.") == [
        ("lead", "UBND xã, phường"), ("report_to", "Sở Nội vụ")]
    assert pairs("UBND các xã có văn bản gửi Sở Xây dựng.")[:1] == [("lead", "UBND xã")]


# -- verbs of emergency response end a force's name -------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Công an tỉnh chỉ đạo lực lượng Cảnh sát giao thông phân luồng tại các nút giao.",
     [("lead", "Công an tỉnh"), ("lead", "lực lượng Cảnh sát giao thông")]),
    ("Bộ Chỉ huy Quân sự tỉnh chỉ đạo lực lượng Dân quân tự vệ sơ tán người dân vùng trũng.",
     [("lead", "Bộ Chỉ huy Quân sự tỉnh"), ("lead", "lực lượng Dân quân tự vệ")]),
    ("Giao lực lượng Cảnh sát cơ động tuần tra tuyến đê xung yếu.", [("lead", "lực lượng Cảnh sát cơ động")]),
    ("Yêu cầu các đơn vị Quân đội di dời dân ra khỏi vùng nguy hiểm.", [("lead", "đơn vị Quân đội")]),
])
def test_emergency_verbs_end_a_force_name(text, expected):
    assert pairs(text) == expected


# -- places below the commune (ấp, tổ dân phố, khu phố) are levels ----------------
@pytest.mark.parametrize("text, expected", [
    ("Công an xã phối hợp với Ban Công tác Mặt trận các ấp kiểm tra.",
     [("lead", "Công an xã"), ("cooperate", "Ban Công tác Mặt trận ấp")]),
    ("Giao Hội Phụ nữ các tổ dân phố vận động hội viên.", [("lead", "Hội Phụ nữ tổ dân phố")]),
    ("Phối hợp với Trưởng các khu phố thống kê số hộ.", [("cooperate", "khu phố")]),
])
def test_places_below_the_commune_are_levels(text, expected):
    assert pairs(text) == expected


# -- a company's legal form is followed by its name -------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Phối hợp với Công ty TNHH MTV Quản lý khai thác công trình thủy lợi Nam Định thông báo lịch xả lũ.",
     [("cooperate", "Công ty TNHH MTV Quản lý khai thác công trình thủy lợi Nam Định")]),
    ("Phối hợp với Công ty Cổ phần Xây dựng Giao thông Thăng Long thi công.",
     [("cooperate", "Công ty Cổ phần Xây dựng Giao thông Thăng Long")]),
    ("Yêu cầu Công ty TNHH Một thành viên Xổ số kiến thiết Hà Tĩnh nộp ngân sách.",
     [("lead", "Công ty TNHH Một thành viên Xổ số kiến thiết Hà Tĩnh")]),
])
def test_a_company_name_after_its_legal_form(text, expected):
    assert pairs(text) == expected


# -- Party bodies: "X Tỉnh ủy" names and lowercase Party collectives ------------------
@pytest.mark.parametrize("text, expected", [
    ("Văn phòng Tỉnh ủy theo dõi, đôn đốc việc thực hiện.", [("lead", "Văn phòng Tỉnh ủy")]),
    ("Ủy ban Kiểm tra Huyện ủy tăng cường giám sát đảng viên.", [("lead", "Ủy ban Kiểm tra Huyện ủy")]),
    ("Kết quả gửi Ban Nội chính Tỉnh uỷ để theo dõi.", [("report_to", "Ban Nội chính Tỉnh uỷ")]),
    ("UBND tỉnh ủy quyền cho Sở Tài chính ký hợp đồng.", []),
])
def test_a_partys_provincial_committee_ends_the_name_of_its_body(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Các cấp ủy, tổ chức đảng tăng cường kiểm tra, giám sát.", [("lead", "cấp ủy, tổ chức đảng")]),
    ("Giao các tổ chức đảng trực thuộc triển khai nghị quyết.", [("lead", "tổ chức đảng trực thuộc")]),
    ("Các tổ chức cơ sở đảng rà soát đảng viên.", [("lead", "tổ chức cơ sở đảng")]),
])
def test_party_collectives_are_nouns_not_the_verb_to_organise(text, expected):
    assert pairs(text) == expected


# -- a hospital's departments, a dash inside a name -------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Trưởng các khoa, phòng chịu trách nhiệm trước Giám đốc.", [("lead", "khoa, phòng")]),
    ("Yêu cầu các khoa lâm sàng rà soát danh mục thuốc.", [("lead", "khoa lâm sàng")]),
    ("Phối hợp với Sở Khoa học và Công nghệ đánh giá đề tài.", [("cooperate", "Sở Khoa học và Công nghệ")]),
    ("Đẩy mạnh ứng dụng khoa học, công nghệ trong sản xuất.", []),
])
def test_hospital_departments_are_a_collective(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Phối hợp với Phòng Vật tư - Thiết bị y tế bảo đảm kinh phí.", [("cooperate", "Phòng Vật tư - Thiết bị y tế")]),
    ("Giao Khoa Dược - Thiết bị y tế kiểm kê kho.", [("lead", "Khoa Dược - Thiết bị y tế")]),
    ("Phối hợp với UBND xã Ea Sô bị ảnh hưởng bởi lũ để hỗ trợ.", [("cooperate", "UBND xã Ea Sô")]),
])
def test_a_word_split_at_a_dash_is_read_whole(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Cục Quản lý nhà và thị trường bất động sản chủ trì tổng hợp.",
     [("lead", "Cục Quản lý nhà và thị trường bất động sản")]),
    ("Gửi kết quả về Cục Phát triển đô thị để tổng hợp.", [("report_to", "Cục Phát triển đô thị")]),
    ("Phối hợp với Cục Giám định nhà nước về chất lượng công trình xây dựng kiểm tra.",
     [("cooperate", "Cục Giám định nhà nước về chất lượng công trình xây dựng")]),
])
def test_the_construction_ministrys_departments_are_read_to_their_end(text, expected):
    assert pairs(text) == expected


# -- "phản ánh … về X": the unit that receives the problems raised -------------------------
@pytest.mark.parametrize("text, expected", [
    ("Phản ánh vướng mắc về Phòng Kế hoạch tổng hợp để tổng hợp, báo cáo Ban Giám đốc.",
     [("report_to", "Phòng Kế hoạch tổng hợp")]),
    ("Kịp thời phản ánh khó khăn, vướng mắc về Sở Y tế để được hướng dẫn.", [("report_to", "Sở Y tế")]),
    ("UBND các xã kịp thời phản ánh về Văn phòng UBND tỉnh những khó khăn phát sinh.",
     [("lead", "UBND xã"), ("report_to", "Văn phòng UBND tỉnh")]),
    # the press reporting news: no recipient
    ("Các cơ quan báo chí phản ánh và thông tin kịp thời cho các lực lượng chức năng.", [("lead", "cơ quan báo chí")]),
])
def test_problems_raised_go_to_the_unit_after_ve(text, expected):
    assert pairs(text) == expected


# -- schools: a collective with a list of school levels, a distributive list of offices ---------
@pytest.mark.parametrize("text, expected", [
    ("Đề nghị UBND các xã chỉ đạo các trường mầm non, tiểu học, trung học cơ sở thực hiện nghiêm.",
     [("lead", "UBND xã"), ("lead", "trường mầm non, tiểu học, trung học cơ sở")]),
    ("Các trường tiểu học, trung học cơ sở tổ chức ngoại khóa.", [("lead", "trường tiểu học, trung học cơ sở")]),
    ("Phối hợp với các Phòng: Giáo dục mầm non, Giáo dục phổ thông tổ chức kiểm tra.",
     [("cooperate", "Phòng Giáo dục mầm non"), ("cooperate", "Phòng Giáo dục phổ thông")]),
    ("Giao Phòng Giáo dục tiểu học chủ trì tổng hợp.", [("lead", "Phòng Giáo dục tiểu học")]),
])
def test_school_levels_continue_a_name_or_a_collective(text, expected):
    assert pairs(text) == expected


# -- a distributive list whose member is a body's whole name takes no head ------------------------
@pytest.mark.parametrize("text, expected", [
    ("Các Bộ, cơ quan: Nội vụ, Tư pháp, Văn phòng Chính phủ rà soát.",
     [("lead", "Bộ Nội vụ"), ("lead", "Bộ Tư pháp"), ("lead", "Văn phòng Chính phủ")]),
    ("Các Bộ, cơ quan: Tài chính, Công an, Ngân hàng Nhà nước Việt Nam theo dõi.",
     [("lead", "Bộ Tài chính"), ("lead", "Bộ Công an"), ("lead", "Ngân hàng Nhà nước Việt Nam")]),
    ("Các Bộ: Công an, Quốc phòng, Y tế triển khai.",
     [("lead", "Bộ Công an"), ("lead", "Bộ Quốc phòng"), ("lead", "Bộ Y tế")]),
    ("Thủ trưởng các cơ quan: Văn phòng UBND tỉnh, Sở Văn hóa, Thể thao và Du lịch thi hành Quyết định này.",
     [("lead", "Văn phòng UBND tỉnh"), ("lead", "Sở Văn hóa, Thể thao và Du lịch")]),
])
def test_a_whole_name_in_a_distributive_list_keeps_its_own_head(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Công an tỉnh phối hợp chặt chẽ với UBND các xã biên giới bảo đảm an ninh.",
     [("lead", "Công an tỉnh"), ("cooperate", "UBND xã biên giới")]),
    ("Đề nghị UBND các xã miền núi rà soát hộ nghèo.", [("lead", "UBND xã miền núi")]),
    ("Yêu cầu Bộ Chỉ huy Bộ đội Biên phòng tỉnh phối hợp với Ủy ban nhân dân các xã, phường biên giới tuần tra.",
     [("lead", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"), ("cooperate", "Ủy ban nhân dân xã, phường biên giới")]),
])
def test_border_and_mountain_communes_keep_their_qualifier(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Đảng ủy các cơ quan Đảng tỉnh lãnh đạo thực hiện.", [("lead", "Đảng ủy cơ quan Đảng tỉnh")]),
    ("Giao Đảng ủy các cơ quan Đảng thành phố chủ trì sơ kết.", [("lead", "Đảng ủy cơ quan Đảng thành phố")]),
])
def test_the_party_committee_of_the_party_agencies_is_one_name(text, expected):
    assert pairs(text) == expected


# -- "Bộ phận …" is a head of its own, not the ministry "Bộ" --------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Phối hợp với Bộ phận Tiếp nhận và Trả kết quả rà soát hồ sơ tồn đọng.",
     [("cooperate", "Bộ phận Tiếp nhận và Trả kết quả")]),
    ("Giao Bộ phận Một cửa xã hướng dẫn người dân nộp hồ sơ trực tuyến.", [("lead", "Bộ phận Một cửa xã")]),
    ("Giao Bộ Y tế chủ trì thẩm định.", [("lead", "Bộ Y tế")]),
])
def test_a_section_is_not_a_ministry(text, expected):
    assert pairs(text) == expected


# -- a capitalised level that opens the next unit's head is no level of the one before ----------------
@pytest.mark.parametrize("text, expected", [
    ("Phối hợp với Sở Y tế, Tỉnh đoàn vận động thanh niên hiến máu.",
     [("cooperate", "Sở Y tế"), ("cooperate", "Tỉnh đoàn")]),
    ("Phối hợp với Liên đoàn Lao động tỉnh, Tỉnh đoàn, Hội Liên hiệp Phụ nữ tỉnh tuyên truyền.",
     [("cooperate", "Liên đoàn Lao động tỉnh"), ("cooperate", "Tỉnh đoàn"), ("cooperate", "Hội Liên hiệp Phụ nữ tỉnh")]),
    ("Giao UBND các huyện, thị xã, thành phố rà soát.", [("lead", "UBND huyện, thị xã, thành phố")]),
])
def test_a_level_word_opening_a_head_starts_a_new_unit(text, expected):
    assert pairs(text) == expected
