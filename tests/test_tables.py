"""Markdown tables (vnnotice.formats.tables): bar tables and pipe tables read into rows of cell spans."""
from __future__ import annotations

from vnnotice.formats.tables import markdown_tables


def _texts(text: str) -> list[list[list[str]]]:
    return [[[text[c.start:c.end] for c in row] for row in table.rows] for table in markdown_tables(text)]


def test_bar_table_rows_and_cells():
    text = "Trước bảng\n|\nSTT\n|\nNội dung\n|\n|\n1\n|\nRà soát văn bản\n|\n"
    assert _texts(text) == [[["STT", "Nội dung"], ["1", "Rà soát văn bản"]]]
    assert all(not t.merged for t in markdown_tables(text))


def test_bar_lines_with_white_space_around_the_bar():
    # a bar line may hold white space beside its '|' (tabs, spaces, a carriage return)
    plain = "|\nA\n|\nB\n|\n|\nC\n|\nD\n|\n"
    spaced = " |\t\nA\n|  \nB\n\t|\n|\r\nC\n|\nD\n   |   \n"
    assert _texts(plain) == _texts(spaced) == [[["A", "B"], ["C", "D"]]]


def test_markup_only_cell_is_an_empty_cell():
    text = "|\n** **\n|\nTên\n|\n|\n__\n|\nGiá trị **đậm**\n|\n"
    tables = markdown_tables(text)
    first, second = tables[0].rows
    assert first[0].start == first[0].end  # '** **': empty, at the segment's start
    assert text[second[1].start:second[1].end] == "Giá trị **đậm**"
    assert second[0].start == second[0].end


def test_blank_line_after_a_bar_line_ends_the_table():
    for blank in ("\n", "\r\n", "  \n", " \t \n"):
        text = f"|\nA\n|\nB\n|\n{blank}Đoạn văn sau bảng.\n|\nC\n|\nD\n|\n"
        assert _texts(text) == [[["A", "B"]], [["C", "D"]]], repr(blank)


def test_pipe_table_after_a_bar_table_and_between_texts():
    pipe = "| STT | Nhiệm vụ |\n|---|---|\n| 1 | Rà soát |\n"
    bars = "|\nMột\n|\nHai\n|\n"
    text = "Mở đầu\n" + bars + "\nGiữa\n" + pipe + "\nCuối | chỉ một gạch\n"
    assert _texts(text) == [[["Một", "Hai"]], [["STT", "Nhiệm vụ"], ["1", "Rà soát"]]]
    # a pipe table alone, its rows indented, no bar line anywhere
    assert _texts("  | a | b |\n  | c | d |\n") == [[["a", "b"], ["c", "d"]]]


def test_lines_with_one_bar_make_no_pipe_table():
    assert markdown_tables("a | b\nc |\n| d\n") == ()
    assert markdown_tables("không có bảng") == ()
