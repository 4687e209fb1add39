"""Hostile inputs, each built at a chosen size: the cases of tests/test_hostile.py,
benchmarks/pathological.py and the fuzz seeds.

Every maker takes a size ``n`` (repetitions) and returns ``(name, data)``:
``data`` is ``str`` (text given to ``extract``) or ``bytes`` (a file read by its
``name``'s suffix). ``EXPECT[case]`` says what must come out: ``"record"`` (a
Notice) or ``"read-error"`` (a clear ``ReadError``).
"""
from __future__ import annotations

import io
import os
import random
import warnings
import zipfile
import zlib
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '</Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '</Relationships>')
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
    '</Relationships>')


def docx(body: str, numbering: str | None = None, *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal DOCX: ``body`` (WordprocessingML inside ``w:body``) and an optional numbering part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml",
                         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
        if numbering is not None:
            archive.writestr("word/_rels/document.xml.rels", _DOC_RELS)
            archive.writestr("word/numbering.xml",
                             f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>')
    return buffer.getvalue()


def numbered_docx(n: int, *, start: str = "1", ilvl: str = "0", fmt: str = "decimal") -> bytes:
    """``n`` paragraphs of one Word list whose level 0 starts at ``start``; paragraphs at level ``ilvl``."""
    numbering = (f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                 f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    rng = random.Random(n)  # a code per paragraph: the file grows with n, as real text would
    paras = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                    f'<w:r><w:t>Sở Y tế báo cáo kết quả mã {rng.getrandbits(48):012x}.</w:t></w:r></w:p>' for _ in range(n))
    head = '<w:p><w:r><w:t>THÔNG BÁO</w:t></w:r></w:p>'
    return docx(head + paras, numbering)


def padded_docx(n: int) -> bytes:
    """Empty paragraphs with random (incompressible) attribute padding: passes the zip-bomb ratio."""
    rng = random.Random(n)
    paras = "".join(f'<w:p w:rsidR="{rng.getrandbits(32):08X}{rng.getrandbits(32):08X}"/>' for _ in range(n))
    return docx('<w:p><w:r><w:t>THÔNG BÁO</w:t></w:r></w:p>' + paras +
                '<w:p><w:r><w:t>1. Sở Y tế báo cáo.</w:t></w:r></w:p>')


def pdf(contents: list[bytes], *, shared: bool = False, compress: bool = True) -> bytes:
    """A PDF with one page per content stream (``shared``: every page draws the first stream)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    pages = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    streams = []
    for content in contents[:1] if shared else contents:
        data = zlib.compress(content, 9) if compress else content
        filt = b" /Filter /FlateDecode" if compress else b""
        streams.append(add(b"<< /Length %d%s >>\nstream\n" % (len(data), filt) + data + b"\nendstream"))
    kids = []
    for k in range(len(contents)):
        stream = streams[0] if shared else streams[k]
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
                        b"/Contents %d 0 R >>" % (pages, font, stream)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    objects[pages - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def text_page(lines: list[str]) -> bytes:
    """A content stream drawing ``lines`` (ASCII) top down."""
    body = b"".join(b"(" + line.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)") + b") Tj T* " for line in lines)
    return b"BT /F1 11 Tf 14 TL 72 780 Td " + body + b"ET"


def hostile_folder(folder: Path, outside: Path, good: int = 50) -> tuple[int, int]:
    """``good`` documents and the hostile files of a batch; (records expected, error rows expected)."""
    from test_batch import notice_text

    folder.mkdir(parents=True)
    outside.mkdir(parents=True)
    (outside / "mat.txt").write_text("MẬT NGOÀI THƯ MỤC\n1. Sở Y tế báo cáo.\n", encoding="utf-8")
    for k in range(good - 3):
        (folder / f"tot-{k:02d}.txt").write_text(notice_text(k), encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"Th\xf4ng b\xe1o.txt"), "wb") as handle:  # a legacy name: read
        handle.write(notice_text(90).encode("utf-8"))
    (folder / "so-trang.pdf").write_bytes(pdf([text_page([f"Muc {k}", f"{k}.1 So Y te bao cao."]) for k in range(1, 6)]))
    errors = 0
    for name, data in (("start.docx", numbered_docx(50, start="1000000000")), ("ilvl.docx", numbered_docx(50, ilvl="x")),
                       ("abc.docx", numbered_docx(50, start="abc")),
                       ("chung.pdf", pdf([text_page(["THONG BAO"]) + b" 0 0 m" * 20000] * 10, shared=True))):
        (folder / name).write_bytes(data)
        errors += 1
    (folder / "ra-ngoai.txt").symlink_to(outside / "mat.txt")
    (folder / "so-khong.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "ong.txt")
    (folder / "vong").mkdir()
    (folder / "vong" / "lai").symlink_to(folder)
    errors += 4
    with zipfile.ZipFile(folder / "luu.zip", "w") as archive:
        archive.writestr("a.txt", notice_text(95))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            archive.writestr("a.txt", notice_text(96))  # repeated: an error row
        archive.writestr("long.zip", b"PK\x05\x06" + bytes(18))  # nested: an error row
    errors += 2
    bad_name = folder / "ten-hong.zip"
    with zipfile.ZipFile(bad_name, "w") as archive:
        archive.writestr("ab.txt", notice_text(97))
    raw = bytearray(bad_name.read_bytes().replace(b"ab.txt", b"\xff\xfe.txt"))
    for header, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        raw[raw.index(header) + at + 1] |= 0x08
    bad_name.write_bytes(bytes(raw))
    errors += 1
    return good, errors  # the first member of luu.zip is one of the good documents


# -- the cases: name → maker(n) ---------------------------------------------------------------------------------

CASES = {
    "issuer casing (SỞ Y TẾ)": lambda n: ("so.txt", "SỞ Y TẾ " * n + "\nTHÔNG BÁO\n1. Sở Y tế báo cáo.\n"),
    "issuer casing (ỦY BAN NHÂN DÂN)": lambda n: ("ubnd.txt", "ỦY BAN NHÂN DÂN " * n + "\nTHÔNG BÁO\n1. Sở Y tế báo cáo.\n"),
    "units: trailing commas": lambda n: ("commas.txt", "1. Sở Y tế chủ trì, phối hợp với Sở Tài chính" + "," * n + "\n"),
    "units: one unit per line": lambda n: ("lines.txt", "Sở Y tế\n" * n),
    "units: a mark inside a word, every line": lambda n: ("marks.txt", "Sở;Y tế “báo”cáo\n" * n),
    "citations: a list of symbols": lambda n: ("cites.txt", "Căn cứ " + ", ".join(f"{k}/QĐ-UBND" for k in range(1, n + 1)) + ".\n"),
    "one long line": lambda n: ("line.txt", "Sở Y tế báo cáo kết quả thực hiện nhiệm vụ " * n + "\n"),
    "docx numbering start 10^9": lambda n: ("start.docx", numbered_docx(n, start="1000000000")),
    "docx numbering ilvl 'x'": lambda n: ("ilvl.docx", numbered_docx(n, ilvl="x")),
    "docx numbering start 'abc'": lambda n: ("abc.docx", numbered_docx(n, start="abc")),
    "docx letters past z": lambda n: ("letters.docx", numbered_docx(n, start="32000", fmt="lowerLetter")),
    "docx padded paragraphs": lambda n: ("padded.docx", padded_docx(n)),
    "pdf shared content stream": lambda n: ("shared.pdf", pdf([text_page(["THONG BAO"]) + b" 0 0 m" * 20000] * n, shared=True)),
    "pdf lines differing in digits": lambda n: ("digits.pdf", pdf([text_page([f"Nhiem vu {k}", f"{k}.1 So Y te bao cao ket qua.",
                                                                                f"{k}.2 So Tai chinh tham muu."]) for k in range(1, n + 1)])),
}

#: what each case must give
EXPECT = {name: "record" for name in CASES} | {
    "docx numbering start 10^9": "read-error",
    "docx numbering ilvl 'x'": "read-error",
    "docx numbering start 'abc'": "read-error",
    "pdf shared content stream": "read-error",
}

#: a size per case at which its test runs well under a second, and the two sizes (10x apart) of its benchmark
SMALL = {name: 50 for name in CASES} | {"one long line": 2000, "units: trailing commas": 500, "units: one unit per line": 500,
                                       "units: a mark inside a word, every line": 500,
                                       "citations: a list of symbols": 1000, "docx padded paragraphs": 5000,
                                       "pdf shared content stream": 3, "issuer casing (SỞ Y TẾ)": 300,
                                       "issuer casing (ỦY BAN NHÂN DÂN)": 300}
