"""Tests of vnnotice.units: unit mentions and their roles."""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path

import pytest

from vnnotice.units import find_units

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def pairs(text: str) -> list[tuple[str, str]]:
    """(role, unit) of every mention found in ``text``."""
    return [(m.role, m.unit) for m in find_units(text)]


@pytest.mark.parametrize("text, expected", [
    ("Trung tâm Y tế TP. Cẩm Phả hoàn thiện đề án xin cấp phép thành lập phòng khám;",
     [("lead", "Trung tâm Y tế TP. Cẩm Phả")]),
    ("Giao Sở Tài chính chủ trì, phối hợp với Công an tỉnh và các cơ quan, đơn vị liên quan rà soát hồ sơ.",
     [("lead", "Sở Tài chính"), ("cooperate", "Công an tỉnh"), ("cooperate", "cơ quan, đơn vị liên quan")]),
    ("Yêu cầu Giám đốc các Bệnh viện tuyến tỉnh rà soát danh mục thuốc, báo cáo Sở Y tế trước ngày 10/12.",
     [("lead", "Bệnh viện tuyến tỉnh"), ("report_to", "Sở Y tế")]),
    ("Các Bộ: Công an, Quốc phòng, Ngoại giao khẩn trương triển khai.",
     [("lead", "Bộ Công an"), ("lead", "Bộ Quốc phòng"), ("lead", "Bộ Ngoại giao")]),
    ("Sở Khoa học và Công nghệ", [("lead", "Sở Khoa học và Công nghệ")]),
    ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo rà soát quy trình.",
     [("lead", "Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương")]),
    ("Tiếp tục tham mưu cho Tỉnh ủy, HĐND, UBND tỉnh về công tác y tế.",
     [("report_to", "Tỉnh ủy"), ("report_to", "HĐND tỉnh"), ("report_to", "UBND tỉnh")]),
    ("Các Trạm Y tế phát huy vai trò tham mưu cho UBND xã, phường, thị trấn trong quản lý hành nghề.",
     [("lead", "Trạm Y tế"), ("report_to", "UBND xã, phường, thị trấn")]),
    ("Rà soát các hồ sơ, báo cáo Sở Y tế trình UBND tỉnh xem xét, quyết định.",
     [("report_to", "Sở Y tế")]),
    ("Hoàn thiện hồ sơ, báo cáo cấp có thẩm quyền phê duyệt.", []),
    ("Theo hướng dẫn của Bộ Y tế, tiếp tục triển khai tiêm chủng.", []),
    ("Thủ tướng Chính phủ đã giao nhiệm vụ cho các địa phương từ đầu năm.", []),
    ("Chỉ đạo các Trạm Y tế thực hiện đầy đủ các nội dung được giao.", [("lead", "Trạm Y tế")]),
    ("Ủy ban nhân dân các tỉnh, thành phố: Nghệ An, Cần Thơ hoàn thành trước ngày 30/6.",
     [("lead", "Ủy ban nhân dân tỉnh Nghệ An"), ("lead", "Ủy ban nhân dân thành phố Cần Thơ")]),
])
def test_roles(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


def test_spans_point_at_surface_with_offset() -> None:
    text = "Đề nghị Bộ Xây dựng phối hợp với Bộ Tài chính sớm trình Chính phủ."
    found = find_units(text, offset=100)
    assert [m.unit for m in found] == ["Bộ Xây dựng", "Bộ Tài chính", "Chính phủ"]
    for m in found:
        assert text[m.span[0] - 100:m.span[1] - 100] == m.surface


def test_directive_id_given_to_every_mention() -> None:
    text = "Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính."
    assert {m.directive for m in find_units(text)} == {None}
    assert {m.directive for m in find_units(text, directive="d2.1")} == {"d2.1"}


def test_same_unit_same_role_listed_once() -> None:
    text = "Báo cáo Quốc hội kết quả; hoàn thiện hồ sơ để kịp báo cáo Quốc hội."
    assert pairs(text) == [("report_to", "Quốc hội")]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", ";;;", "(((", "Giao", "các các các", "Bộ: , , ,", "x" * 5000])
def test_odd_input_never_raises(text: str) -> None:
    assert isinstance(find_units(text), list)


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFC", s).lower()
    s = re.sub(r"\b(giám đốc|thủ trưởng|lãnh đạo|trưởng)\s+", "", s)
    s = re.sub(r"\bcác\s+", "", s)
    return re.sub(r"\s+", " ", s).strip(" ,;.")


@pytest.mark.skipif(not (CORPUS / "gold").exists(), reason="shared corpus not available")
def test_gold_single_item_directives() -> None:
    """Directives that are a single sentence in gold documents: their units are found."""
    hit = total = 0
    for path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for d in gold["directives"]:
            want = [a for a in gold["assignments"] if a["directive"] == d["id"]]
            for a in want:
                if a["surface"] and a["surface"] in d["starts_with"]:
                    total += 1
                    got = [_fold(m.unit) for m in find_units(d["starts_with"]) if m.role == a["role"]]
                    hit += any(difflib.SequenceMatcher(None, _fold(a["unit"]), g).ratio() >= 0.9 for g in got)
    assert total >= 20
    assert hit / total >= 0.75


# -- behaviour of every vocabulary entry ---------------------------------------

def _data(name: str) -> dict:
    import tomllib
    from importlib import resources
    with resources.files("vnnotice.data").joinpath(name).open("rb") as fh:
        return tomllib.load(fh)


TRIG = _data("triggers.toml")
TYPES = _data("unit_types.toml")


@pytest.mark.parametrize("role", ["lead", "cooperate", "report_to"])
def test_every_trigger_gives_its_role(role: str) -> None:
    for trigger in TRIG[role]:
        text = f"{trigger[0].upper()}{trigger[1:]} Sở Tài chính trong tháng 12."
        assert (role, "Sở Tài chính") in pairs(text), trigger


@pytest.mark.parametrize("head", TYPES["named"])
def test_every_named_head_takes_a_proper_name(head: str) -> None:
    assert pairs(f"{head} Bình An chủ trì thực hiện kế hoạch.") == [("lead", f"{head} Bình An")]


@pytest.mark.parametrize("name", TYPES["standalone"] + TYPES["persons"])
def test_every_standalone_name_is_complete(name: str) -> None:
    assert pairs(f"Tổng hợp kết quả, báo cáo {name} trong tháng 12.") == [("report_to", name)]


@pytest.mark.parametrize("noun", TYPES["collective"])
def test_every_collective_noun_is_one_unit(noun: str) -> None:
    assert pairs(f"Phối hợp với các {noun} liên quan triển khai.") == [("cooperate", f"{noun} liên quan")]


@pytest.mark.parametrize("level", TYPES["levels"])
def test_every_level_continues_a_name(level: str) -> None:
    want = f"Trung tâm Y tế {level} Bình An"
    assert pairs(f"Giao {want} chủ trì thực hiện.") == [("lead", want)]


@pytest.mark.parametrize("body", TYPES["bodies"])
def test_every_body_shares_a_place_suffix(body: str) -> None:
    assert ("report_to", f"{body} tỉnh") in pairs(f"Tham mưu cho Tỉnh ủy, {body}, UBND tỉnh về công tác y tế.")


@pytest.mark.parametrize("word", TYPES["name_words"])
def test_every_name_word_continues_a_name(word: str) -> None:
    assert pairs(f"Giao Trung tâm {word} tỉnh thực hiện.") == [("lead", f"Trung tâm {word} tỉnh")]


@pytest.mark.parametrize("tail, text, unit", [
    ("HĐND và UBND", "Giao Văn phòng HĐND và UBND huyện theo dõi.", "Văn phòng HĐND và UBND huyện"),
    (", chữa bệnh", "Giao Cục Quản lý Khám, chữa bệnh hướng dẫn.", "Cục Quản lý Khám, chữa bệnh"),
    ("tuyến tỉnh", "Giao các Bệnh viện tuyến tỉnh rà soát.", "Bệnh viện tuyến tỉnh"),
    ("tuyến huyện", "Giao các bệnh viện tuyến huyện rà soát.", "bệnh viện tuyến huyện"),
    ("tuyến xã", "Giao các trạm tuyến xã rà soát.", "trạm tuyến xã"),
    ("có liên quan", "Giao các đơn vị có liên quan rà soát.", "đơn vị có liên quan"),
    ("liên quan", "Giao các đơn vị liên quan rà soát.", "đơn vị liên quan"),
    ("trực thuộc", "Giao các đơn vị trực thuộc rà soát.", "đơn vị trực thuộc"),
    ("thuộc", "Giao các phòng thuộc Sở rà soát.", "phòng thuộc Sở"),
    ("tham gia dự án", "Giao các nhà thầu tham gia dự án rà soát.", "nhà thầu tham gia dự án"),
    ("của", "Giao các phòng của Sở rà soát.", "phòng của Sở"),
    ("tại địa phương", "Giao các cơ sở tại địa phương rà soát.", "cơ sở tại địa phương"),
    ("tại địa bàn", "Giao các doanh nghiệp tại địa bàn rà soát.", "doanh nghiệp tại địa bàn"),
])
def test_every_tail_phrase_continues_a_name(tail: str, text: str, unit: str) -> None:
    assert tail in TYPES["tail_phrases"]
    assert pairs(text) == [("lead", unit)]


@pytest.mark.parametrize("part, unit", [
    ("giao", "Bộ Ngoại giao"), ("cấp", "Trung tâm Cung cấp nước"), ("chống", "Ban Phòng chống thiên tai"),
    ("lập", "Phòng Thành lập doanh nghiệp"), ("nhận", "Phòng Tiếp nhận hồ sơ"),
])
def test_every_name_part_follows_a_capital(part: str, unit: str) -> None:
    assert part in TYPES["name_parts"]
    assert part in pairs(f"Giao {unit} thực hiện.")[0][1].split()


def test_name_part_does_not_extend_a_full_name() -> None:
    assert pairs("Phối hợp với Sở Công Thương giao hàng.") == [("cooperate", "Sở Công Thương")]


# -- name boundaries, apposition, distribution ---------------------------------

@pytest.mark.parametrize("text, expected", [
    # lowercase continuation of a name
    ("Yêu cầu Hội đồng chuyên môn họp rà soát hồ sơ.", [("lead", "Hội đồng chuyên môn")]),
    ("Phối hợp với Ban Quản lý các khu công nghệ cao và khu công nghiệp tổ chức thực hiện.",
     [("cooperate", "Ban Quản lý khu công nghệ cao và khu công nghiệp")]),
    ("Chỉ đạo Trung tâm Quan trắc tài nguyên và môi trường lấy mẫu nước.",
     [("lead", "Trung tâm Quan trắc tài nguyên và môi trường")]),
    ("Ban Quản lý dự án đầu tư xây dựng huyện nghiệm thu công trình.",
     [("lead", "Ban Quản lý dự án đầu tư xây dựng huyện")]),
    ("Bệnh viện Mắt Quốc tế Việt Nga rà soát quy trình.", [("lead", "Bệnh viện Mắt Quốc tế Việt Nga")]),
    # document kinds right after a head, dashes inside names
    ("Sở Kế hoạch và Đầu tư chủ trì thẩm định.", [("lead", "Sở Kế hoạch và Đầu tư")]),
    ("Phòng Kế hoạch - Tài chính hướng dẫn các đơn vị.", [("lead", "Phòng Kế hoạch - Tài chính")]),
    ("Sở Lao động - Thương binh và Xã hội chủ trì rà soát.", [("lead", "Sở Lao động - Thương binh và Xã hội")]),
    ("Phòng Kế hoạch tổng hợp kiểm tra hồ sơ.", [("lead", "Phòng Kế hoạch tổng hợp")]),
    ("Phòng Tài chính - Kế hoạch tổng hợp, báo cáo Sở Tài chính.",
     [("lead", "Phòng Tài chính - Kế hoạch"), ("report_to", "Sở Tài chính")]),
    # the verb after a subject is not swallowed
    ("Các TTYT phối hợp với Bảo hiểm xã hội cấp huyện đối chiếu số liệu.",
     [("lead", "TTYT"), ("cooperate", "Bảo hiểm xã hội cấp huyện")]),
    ("Phòng Tổ chức cán bộ tham mưu Giám đốc Sở Y tế kế hoạch tuyển dụng.",
     [("lead", "Phòng Tổ chức cán bộ"), ("report_to", "Sở Y tế")]),
    ("Chỉ đạo Ủy ban nhân dân cấp xã thống kê đàn vật nuôi.", [("lead", "Ủy ban nhân dân cấp xã")]),
    ("Kho bạc Nhà nước tỉnh phối hợp với Sở Tài chính kiểm soát các khoản chi.",
     [("lead", "Kho bạc Nhà nước tỉnh"), ("cooperate", "Sở Tài chính")]),
    ("Đài Phát thanh - Truyền hình tỉnh thường xuyên đưa tin.", [("lead", "Đài Phát thanh - Truyền hình tỉnh")]),
    ("Thủ trưởng cơ quan ngang bộ Tập trung chỉ đạo.", [("lead", "cơ quan ngang bộ")]),
    # distribution over a level and a separate list after a named unit
    ("Giao UBND các huyện: Văn Yên, Trấn Yên chủ trì.", [("lead", "UBND huyện Văn Yên"), ("lead", "UBND huyện Trấn Yên")]),
    ("Bộ Quốc phòng các tỉnh Ninh Bình, Hưng Yên đôn đốc nhà thầu.",
     [("lead", "Bộ Quốc phòng"), ("lead", "tỉnh Ninh Bình"), ("lead", "tỉnh Hưng Yên"), ("lead", "nhà thầu")]),
    # "Chánh" is a title, "Văn phòng" the unit
    ("Chánh Văn phòng UBND tỉnh; Giám đốc các Sở: Nội vụ, Tài chính chịu trách nhiệm thi hành.",
     [("lead", "Văn phòng UBND tỉnh"), ("lead", "Sở Nội vụ"), ("lead", "Sở Tài chính")]),
    # the channel of a report is a recipient too (GOLD.md); so is a bare office holder
    ("Tổng hợp thiệt hại, báo cáo UBND tỉnh (qua Sở Nông nghiệp và Môi trường) trước 16 giờ.",
     [("report_to", "UBND tỉnh"), ("report_to", "Sở Nông nghiệp và Môi trường")]),
    ("Xây dựng kế hoạch, trình Giám đốc phê duyệt.", [("report_to", "Giám đốc")]),
    # "lãnh đạo" as a trigger, but not after "đồng chí"
    ("Đảng đoàn HĐND tỉnh lãnh đạo Thường trực HĐND tỉnh nâng cao chất lượng thẩm tra.",
     [("lead", "Đảng đoàn HĐND tỉnh"), ("lead", "Thường trực HĐND tỉnh")]),
    ("Phân công các đồng chí lãnh đạo Tỉnh trực tiếp theo dõi.", []),
    # "Về đề nghị …" is a proposal heard, not an order
    ("Về đề nghị Bộ Tài chính bố trí vốn: đồng ý về nguyên tắc.", []),
    # headings: not an item after ";" nor a gloss in brackets
    ("Nâng cấp mở rộng Bệnh viện Phổi; Trung tâm Kiểm soát bệnh tật tỉnh;", []),
    ("Nâng cấp thiết bị cho 03 đơn vị (TTYT Đầm Hà; BV Bãi Cháy);", []),
    # excluded phrases and stops
    ("Trường hợp đủ điều kiện thì thực hiện cưỡng chế.", []),
    ("Các đơn vị dự trữ quốc gia sẵn sàng phương tiện.", [("lead", "đơn vị dự trữ quốc gia")]),
])
def test_name_boundaries(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


def test_fast_tokens_equal_reference_tokens() -> None:
    from vnnotice import units
    texts = ["TP. Hạ Long và Tp. Cẩm Phả, KH&ĐT; Q. 1", "a.b. TX. Đông Triều ... x_y", "Đ/c Nguyễn Văn A."]
    for text in texts:
        fast = units._merge_dots(text, [m.span() for m in units._FAST_TOKEN.finditer(text)])
        assert fast == [m.span() for m in units._TOKEN.finditer(text)]


def test_dot_pretest_is_a_search_of_the_abbreviation_pattern_from_the_first_dot() -> None:
    # _may_join_dot is True exactly when the pattern matches somewhere from three letters before the first dot,
    # over texts with dots in numbers, at sentence ends, before tabs and line breaks and at the very end
    from vnnotice import units
    texts = ["Hoàn thành 1.000 hồ sơ. Giao TP. Hạ Long", "Năm 2024. xong. Giao Q.  1", "x. Ab.\tĐông", "Ab.\nCd",
             "Đạt 95. Sở Y tế", "ABCD. Efg", "A.B", "a. TP.Ý", "Xong.", "Xong. ", ".", "TP .Hạ", "Tp. ởx", "Sở. Ở",
             "thực hiện. Sở Y tế. Đ. Hùng", "ĐẠT. Ở", "Ủ.Ă", "x…. Ab. Cd", "1.2. Ưu tiên", "ông Ư.  Ơn", "Q.1", "đ. Đ"]
    for text in texts:
        dot = text.find(".")
        expected = dot >= 0 and dot != len(text.rstrip()) - 1 and bool(units._DOT_ABBR.search(text, max(dot - 3, 0)))
        assert units._may_join_dot(text) == expected, text


def test_line_breaks_that_only_end_a_text_start_empty_lines() -> None:
    from vnnotice import units
    for text in ["Giao Sở Y tế\n", "Giao Sở Y tế \n \n", "Giao Sở Y tế;\n\t", "\n", "a\nb\n"]:
        pieces: list[str] = []
        starts = []
        for line in text.split("\n"):
            starts.append(len(pieces))
            pieces += line.split()
        assert units._split_lines(text) == (pieces, starts)


def test_a_capitalised_verb_after_a_list_of_levels_ends_the_unit():
    # a heading line run on into the next sentence: '… các tỉnh, thành phố' + 'Khẩn trương rà soát …'
    found = find_units("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố Khẩn trương rà soát, ban hành văn bản.")
    assert [(u.unit, u.role) for u in found] == [("Ủy ban nhân dân tỉnh, thành phố", "lead")]


def test_split_tokens_equal_pattern_tokens() -> None:
    # the fast tokenizer (marks spaced out, the text split at whitespace, each piece lowercased through a
    # shared table that gives "" for a piece with another mark in it, cut afterwards) gives the tokens of
    # the token pattern, their lowercase forms, and clauses starting after line breaks and ";:.!?"
    from vnnotice import units
    texts = ["Sở KH&ĐT, “Sở Y tế” và x_y;\nBan Quản lý (BQL) – 50%", "Ủy ban nhân dân\n\ncác xã! Xong?",
             "Giao Sở Nội vụ chủ trì.", "ĐIỀU 1: Bộ Công an…\n- UBND huyện: báo cáo", "KH&ĐT"]
    for text in texts:
        p = units._Parser(text)
        tokens = units._FAST_TOKEN.findall(text)
        assert p.tx[:p.n] == tokens
        assert p.lo[:p.n] == [t.lower() for t in tokens]
        starts = [k for k in range(p.n) if k == 0 or tokens[k - 1] in (";", ":", ".", "!", "?")
                  or "\n" in text[p.end(k - 1):p.start(k)]]
        assert [k for k in range(p.n) if p.barrier[k]] == starts
        assert [p.text[p.start(k):p.end(k)] for k in range(p.n)] == tokens
    assert units._Parser("KH&ĐT, x").lo[:3] == ["kh&đt", ",", "x"]


def test_pieces_with_marks_give_the_tokens_of_the_pattern() -> None:
    # pieces between white space with marks on them or inside them, on several lines and empty ones, give the
    # token pattern's tokens, their lowercase forms and clause starts (the same pieces in two texts)
    from vnnotice import units
    texts = ["(Sở Y tế, Sở Tài chính);\nGiao:UBND tỉnh “Đắk Lắk”…", "Sở Y tế, Sở Tài chính;\n\n(Sở Y tế)",
             "x_y,KH&ĐT;a!b? Giao", "\n\nSở,\n,Sở\n\n"]
    for text in texts:
        p = units._Parser(text)
        tokens = units._FAST_TOKEN.findall(text)
        assert p.tx[:p.n] == tokens and p.lo[:p.n] == [t.lower() for t in tokens]
        starts = [k for k in range(p.n) if k == 0 or tokens[k - 1] in (";", ":", ".", "!", "?")
                  or "\n" in text[p.end(k - 1):p.start(k)]]
        assert [k for k in range(p.n) if p.barrier[k]] == starts


def test_abbreviation_dots_join_as_the_token_pattern_joins_them() -> None:
    # a short capitalised word and its dot are one token when a capitalised word follows ("TP. Hạ Long"),
    # read from the split pieces: the tokens, lowercase forms, offsets and clause starts of the pattern
    from vnnotice import units
    texts = ["Giao UBND TP. Hạ Long, Tp.Cẩm Phả và TX. Đông Triều.\nQ. 1 báo cáo Sở KH&ĐT.", "Ông A. Nguyễn; x_y. Bộ Y tế",
             "Tỉnh Hà Nội. Sở Y tế chủ trì.\n\nTP.  Huế, P. Phú Hội"]
    for text in texts:
        p = units._Parser(text)
        spans = units._merge_dots(text, [m.span() for m in units._FAST_TOKEN.finditer(text)])
        tokens = [text[a:b] for a, b in spans]
        assert p.tx[:p.n] == tokens
        assert p.lo[:p.n] == [units._low(t) for t in tokens]
        assert [(p.start(k), p.end(k)) for k in range(p.n)] == spans
        starts = [k for k in range(p.n) if k == 0 or tokens[k - 1] in (";", ":", ".", "!", "?")
                  or "\n" in text[spans[k - 1][1]:spans[k][0]]]
        assert [k for k in range(p.n) if p.barrier[k]] == starts
    assert "TP." in units._Parser("Giao UBND TP. Hạ Long").tx


def test_token_offsets_are_the_pattern_spans_whatever_the_white_space() -> None:
    # a token is located at the first character after the one before that is its own first character:
    # the offsets are the token pattern's spans over runs and kinds of white space (tab, no-break and
    # ideographic spaces, a vertical tab, CR LF, leading blanks), asked in any order
    from vnnotice import units
    texts = ["  Giao\tSở\u00a0Y\u3000tế ,\x0bphối hợp\r\nvới  UBND   xã.", "\n\n Sở Nội vụ(chủ trì),Sở Tài chính",
             "ông Ông; ô  ồ\u2003Ở ở:Ơ", "Sở KH&ĐT “Sở Y tế”\t\t– 50 %", "a\u00a0\u00a0a a"]
    for text in texts:
        spans = [m.span() for m in units._FAST_TOKEN.finditer(text)]
        p = units._Parser(text)
        assert p.end(p.n - 1) == spans[-1][1]  # the last first: every token before it located on the way
        assert [(p.start(k), p.end(k)) for k in range(p.n)] == spans
        q = units._Parser(text)
        assert [(q.start(k), q.end(k)) for k in range(0, q.n, 2)] == spans[::2]


def test_a_text_that_ends_inside_a_long_head_or_name() -> None:
    # a head phrase or a gazetteer name of three syllables or more whose first two end the text: its third
    # syllable is read among the sentinels after the tokens (no error), and the unit is what the text has
    cases = {"Giao Ủy ban nhân": "Ủy ban", "Giao Ban Quản lý": "Ban Quản lý", "Giao Ban Quản": "Ban Quản",
             "Giao Sở Văn hóa, Thể": "Sở Văn hóa", "Giao Trung tâm Y": "Trung tâm Y"}
    for text, unit in cases.items():
        assert [(u.unit, u.role) for u in find_units(text)] == [(unit, "lead")]


def test_clean_unit_drops_cac_in_any_case_and_folds_white_space() -> None:
    from vnnotice.units import _clean_unit
    assert _clean_unit("CÁC SỞ, NGÀNH") == "SỞ, NGÀNH"
    assert _clean_unit("Các đơn vị") == "đơn vị"
    assert _clean_unit("chính quyền các cấp") == "chính quyền các cấp"  # "of all levels" stays
    assert _clean_unit("UBND  tỉnh\nQuảng Ninh ,") == "UBND tỉnh Quảng Ninh"  # no "á": white space folded only


def test_tokens_looked_at_are_clause_starts_tokens_after_commas_and_triggers_once_each() -> None:
    # the line starts are merged into the tokens the reader looks at (in order, each once), over empty
    # lines, a comma at a line's end, a trigger at a line's start and a last line with no token
    from vnnotice import units
    texts = ["Giao Sở Y tế,\nphối hợp với Sở Tài chính;\n\n\nbáo cáo UBND tỉnh.\n", "a\nb\n\nc, d\n,\n",
             "Sở Nội vụ:\nGiao Sở A, Sở B\n\n", "x"]
    firsts = units._vocab().trigger_firsts
    for text in texts:
        p = units._Parser(text)
        lo = p.lo[:p.n]
        expected = {k for k in range(p.n) if p.barrier[k]} | {k + 1 for k in range(p.n - 1) if lo[k] == ","} \
            | {k for k in range(p.n) if lo[k] in firsts}
        assert p.looked == sorted(expected)


def test_known_name_is_the_longest_gazetteer_name_at_a_token() -> None:
    # known_name folds a name's tokens only as far as the names that share its first three syllables need:
    # it gives the longest name of the gazetteer starting at each token (with or without a head read
    # elsewhere), names cut by the text's end or by _MAX_TAIL included
    from vnnotice import units
    gaz = units._vocab().gazetteer
    names = {(first,) if n == 1 else (first, second, *rest)
             for first, rows in gaz.by_first.items() for n, second, rest in rows}
    long_names = sorted((k for k in names if len(k) > 3), key=len)
    picked = [long_names[0], long_names[len(long_names) // 2], long_names[-1]]
    texts = ["Giao " + " ".join(w.capitalize() for w in name) + " và " + " ".join(name[:3]) for name in picked]
    texts += ["Sở " + " ".join(picked[-1][1:]), " ".join(picked[1][:-1])]

    def reference(p: "units._Parser", i: int, head: list[str]) -> int:
        window = head + p.folded(i, min(i + units._MAX_TAIL, p.n))
        best = max((k for k in range(1, len(window) + 1) if tuple(window[:k]) in names), default=0)
        return max(best - len(head), 0)

    for text in texts:
        p = units._Parser(text)
        for i in range(p.n + 1):
            assert p.known_name(i) == reference(p, i, []), (text, i)
            for j in range(max(i - 3, 0), i):
                assert p.known_name(i, p.folded(j, i)) == reference(p, i, p.folded(j, i)), (text, i, j)


def test_clean_unit_without_folding_gives_the_folded_text() -> None:
    # a unit with single spaces only is not split and joined: every white space character but the space is
    # unprintable, and the strip takes spaces off the ends as the folding does; random texts of words,
    # marks and white space of several kinds give what the split, filter and join give
    import random
    from vnnotice.units import _clean_unit, _str_lower
    assert all(not chr(c).isprintable() for c in range(0x110000) if chr(c).isspace() and c != 0x20)

    def reference(text: str) -> str:
        split = text.split()
        split = [w for k, w in enumerate(split) if _str_lower(w) != "các" or split[k + 1:k + 2] == ["cấp"]]
        return " ".join(split).strip(" ,;.:-")

    rng = random.Random(7)
    pieces = ["Sở", "Y", "tế", "các", "Các", "CÁC", "cấp", "xã", ",", ".", "-", ":", ";", " ", "  ", "\t", "\n",
              "\u00a0", "\u3000", "\u200b", "á"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert _clean_unit(text) == reference(text), repr(text)


def test_mentions_are_the_records_validation_gives() -> None:
    # find_units makes its records without validation, as Record.trusted makes them: validating each one's
    # fields gives an equal record, with the same fields set, and the record stays frozen
    import pydantic
    import pytest
    from vnnotice.records import UnitMention
    found = find_units("Giao Sở Y tế chủ trì, phối hợp với UBND các huyện; báo cáo UBND tỉnh.", offset=7,
                       directive="d2")
    assert [(u.unit, u.role) for u in found] == [("Sở Y tế", "lead"), ("UBND huyện", "cooperate"),
                                                 ("UBND tỉnh", "report_to")]
    for u in found:
        again = UnitMention.model_validate(u.model_dump())
        assert again == u and again.model_fields_set == u.model_fields_set
        assert u.directive == "d2" and u.span[0] >= 7
        with pytest.raises(pydantic.ValidationError):
            setattr(u, "unit", "x")


def test_a_token_of_two_characters_or_more_is_a_word() -> None:
    # head and name_end take a token of two characters or more for a word without looking it up: every
    # tokenizer (split pieces, pieces cut by the pattern, joined abbreviation dots, the pattern for a "Σ")
    # gives marks as tokens of one character
    from vnnotice import units
    texts = ["Giao TP. Hạ Long, Sở KH&ĐT (“BQL”)… 50% x_y; a--b!? «Sở» ‘Ban’ #1", "ΣΟΦΙΑ và Sở Y tế: Tp.Huế…",
             "Ông A. Nguyễn; Q. 1 — phường 2/3 [Sở] 'Ban' @x"]
    for text in texts:
        p = units._Parser(text)
        assert p.n > 5
        for t in p.tx[:p.n]:
            assert len(t) == 1 or t[0].isalnum(), t
            assert units._WORD[t] == (len(t) > 1 or t.isalnum())
