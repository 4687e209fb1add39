"""Legacy Vietnamese encodings: tables, detection, conversion in read(), same records as Unicode."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import regex

from vnnotice.data import load_toml
from vnnotice.formats import legacy
from vnnotice.read import read
from vnnotice.stages import extract

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
#: every Vietnamese letter outside ASCII, both cases (134)
LETTERS = sorted(
    {unicodedata.normalize("NFC", c + t) for base in "aăâeêioôơuưy" for c in (base, base.upper()) for t in TONES}
    - set("aeiouyAEIOUY") | {"đ", "Đ"}
)
LOWER = [c for c in LETTERS if c.islower()]
SAMPLE = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTHÔNG BÁO\n"
          "Ý KIẾN KẾT LUẬN CỦA GIÁM ĐỐC SỞ\n1. Ủy ban nhân dân các huyện khẩn trương rà soát, báo cáo "
          "trước ngày 15/4/2025.\n2. Sở Tài chính phối hợp thực hiện; ứng dụng công nghệ thông tin.\n")


def _documents() -> list[Path]:
    own = sorted((REPO / "corpus" / "docs").glob("*.txt"))
    shared = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.exists() else []
    return own + shared


def _records(notice) -> tuple:
    return (
        [(d.id, d.parent, d.marker, " ".join(d.text.split())) for d in notice.directives],
        sorted(str((c.number, c.year, c.symbol, c.issued)) for c in notice.citations),
        sorted(str((d.directive, d.due, d.relation)) for d in notice.deadlines),
        sorted(str((u.directive, u.role, u.unit)) for u in notice.units),
    )


def _words(text: str) -> list[str]:
    return regex.findall(r"[\p{L}\p{N}]+", text)


def _unicode(path: Path) -> str:
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).replace("\u00d0", "Đ")


# --- tables ---

@pytest.mark.parametrize("name", ["vni", "viscii"])
def test_full_tables_have_every_letter_in_both_cases(name: str):
    assert set(legacy.table(name).encode) == set(LETTERS)


def test_tcvn3_has_every_lowercase_letter_and_its_seven_capitals():
    assert set(legacy.table("tcvn3").encode) == set(LOWER) | set("ĂÂÊÔƠƯĐ")


@pytest.mark.parametrize("name", legacy.LEGACY)
def test_tables_decode_unambiguously(name: str):
    tab = legacy.table(name)
    assert len(tab.decode) == len(tab.encode)
    assert not any(len(b) == 1 and 0x20 <= b[0] < 0x7F for b in tab.decode)  # printable ASCII stays ASCII
    for letter in tab.encode:
        assert legacy.decode(tab.encode[letter], name) == letter or tab.lower_for_upper


@pytest.mark.parametrize("name,text,view", [
    ("tcvn3", "Thông báo kết luận", "Th«ng b¸o kÕt luËn"),
    ("tcvn3", "Cộng hoà xã hội chủ nghĩa Việt Nam", "Céng hoµ x· héi chñ nghÜa ViÖt Nam"),
    ("vni", "Thông báo", "Thoâng baùo"),
    ("vni", "Độc lập - Tự do - Hạnh phúc", "Ñoäc laäp - Töï do - Haïnh phuùc"),
])
def test_known_mojibake(name: str, text: str, view: str):
    assert legacy.encode(text, name).decode("cp1252") == view
    assert legacy.repair_text(" ".join([view] * 3)) == (" ".join([text] * 3), name)


@pytest.mark.parametrize("name", legacy.LEGACY)
def test_every_letter_round_trips(name: str):
    letters = LOWER if legacy.table(name).lower_for_upper else LETTERS
    text = "x " + " ".join(letters)  # not at a sentence start, where TCVN3 decoding capitalizes
    assert legacy.decode(legacy.encode(text, name), name).split() == text.split()


def test_tcvn3_capitals_are_restored_from_context():
    back = legacy.decode(legacy.encode(SAMPLE, "tcvn3"), "tcvn3")
    assert back == SAMPLE


def test_tcvn3_title_case_next_to_acronyms_is_kept():
    line = "Số: 05/CĐ-UBND\nTrang TTĐT Sở;\n"
    assert legacy.decode(legacy.encode(line, "tcvn3"), "tcvn3") == line


def test_unencodable_characters_become_question_marks_or_raise():
    assert legacy.encode("tăng ↑5%", "tcvn3") == legacy.encode("tăng ?5%", "tcvn3")
    with pytest.raises(UnicodeEncodeError):
        legacy.encode("↑", "viscii", errors="strict")


def test_fonts_pick_the_table():
    assert legacy.from_font("Th«ng b¸o", ".VnTime") == "Thông báo"
    assert legacy.from_font("th«ng b¸o", ".VnTimeH") == "THÔNG BÁO"
    assert legacy.from_font("Thoâng baùo", "VNI-Times") == "Thông báo"
    assert legacy.from_font("Thông báo", "Times New Roman") == "Thông báo"


# --- detection ---

@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_unicode_documents_are_never_converted(path: Path):
    src = read(path)
    assert src.encoding in ("utf-8", "utf-8-sig")
    assert legacy.detect_text(path.read_text(encoding="utf-8")) is None


@pytest.mark.skipif(not SHARED.exists(), reason="shared corpus absent")
def test_portal_markdown_is_never_converted():
    paths = sorted((SHARED / "dev").glob("*.md")) + sorted((SHARED / "archive").glob("*.md"))[:120]
    converted = [p.name for p in paths if read(p).encoding not in ("utf-8", "utf-8-sig")]
    assert paths and converted == []


@pytest.mark.parametrize("text", ["Report on the 2024 budget, café and naïve résumé.", "ASCII only 12/TB-UBND",
                                  "Ả ạ ằ", "", "«»", "Thông báo"])
def test_short_or_foreign_text_is_left_alone(text: str):
    assert legacy.repair_text(text) == (text, None)


def test_windows_1258_bytes_stay_windows_1258(encode_cp1258):
    src = read(encode_cp1258(SAMPLE), name="cu.txt")
    assert src.encoding == "cp1258" and unicodedata.normalize("NFC", src.text) == SAMPLE


def test_windows_1258_seen_as_windows_1252_is_repaired(encode_cp1258):
    view = encode_cp1258(SAMPLE).decode("cp1252")
    assert legacy.repair_text(view) == (SAMPLE, "cp1258")


@pytest.mark.parametrize("name", legacy.LEGACY)
def test_raw_legacy_bytes_are_read_as_unicode(name: str, tmp_path: Path):
    path = tmp_path / "cu.txt"
    path.write_bytes(legacy.encode(SAMPLE, name))
    src = read(path)
    assert src.encoding == name and src.text == SAMPLE


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_mojibake_saved_as_utf8_is_repaired(name: str, tmp_path: Path):
    path = tmp_path / "cu.txt"
    path.write_text(legacy.encode(SAMPLE, name).decode("cp1252"), encoding="utf-8")
    src = read(path)
    assert src.encoding == name and src.text == SAMPLE


def test_mojibake_given_as_str_is_repaired():
    assert read(legacy.encode(SAMPLE, "vni").decode("cp1252")).text == SAMPLE


# --- same records ---

@pytest.mark.parametrize("name", ["tcvn3", "vni"])
@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_legacy_copy_gives_the_same_records(path: Path, name: str):
    text = _unicode(path)
    original = _records(extract(text.encode("utf-8"), name="goc.txt"))
    copy = _records(extract(legacy.encode(text, name), name="cu.txt"))
    assert copy[1:] == original[1:]  # citations, deadlines, units
    # the tree, and the directives' words: symbols the table cannot hold (↑) become "?", and a toned
    # capital TCVN3 lacks is restored from context only ("về Ý kiến" mid-sentence stays "ý")
    fold = str.lower if name == "tcvn3" else str
    assert [d[:3] + (_words(fold(d[3])),) for d in copy[0]] == [d[:3] + (_words(fold(d[3])),) for d in original[0]]


@pytest.mark.parametrize("path", _documents()[:6], ids=lambda p: p.name)
def test_viscii_copy_gives_the_same_tree(path: Path):
    text = _unicode(path)
    copy = extract(legacy.encode(text, "viscii"), name="cu.txt")
    original = extract(text.encode("utf-8"), name="goc.txt")
    assert [d[:3] for d in _records(copy)[0]] == [d[:3] for d in _records(original)[0]]


def test_data_files_are_tables_of_hex_bytes():
    for name in legacy.LEGACY:
        data = load_toml(f"encodings/{name}.toml")
        assert data["name"] and all(bytes.fromhex(v) for v in data["letters"].values())


def _encoded_view(text: str) -> bytes | None:
    """What a Windows-1252 view's bytes are by the codec alone (C1 controls back to their byte)."""
    try:
        return text.encode("cp1252", errors="vnnotice-c1")
    except UnicodeError:
        return None


@pytest.mark.parametrize("text", [
    "plain ASCII", "Ã„Ã¡ch", "ÑoÃ¢n kªt luËn", "a\x81b\x8dc\x90", "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ",
    "Ủy ban", "Thông báo", "Ð", "x\u0301", "\x9f\xa0\xff", "ÿĀ", "™\u2123", "",
])
def test_view_bytes_is_the_codecs_view(text: str):
    # the quick test of characters no byte shows must leave exactly what the codec says
    assert legacy.view_bytes(text) == _encoded_view(text)


def test_a_text_that_is_no_view_leaves_no_reference_cycle():
    import gc

    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        # a Latin view up to the last character, which no byte shows: the codec's error handler raises
        assert legacy.view_bytes("Ã„Ã¡ch " * 50 + "Ủ") is None
        assert legacy.view_bytes("ÑoÃ¢n \x81" + "ạ") is None
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
