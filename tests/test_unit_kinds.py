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
