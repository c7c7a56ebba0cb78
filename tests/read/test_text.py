"""Plain text in every encoding Vietnamese offices produce; one block per non-empty line."""

import unicodedata
from pathlib import Path

import pytest

from reviewer.errors import UnreadableDocument
from reviewer.read import read_file
from reviewer.read.normalize import normalize_text, to_tcvn3, to_vni
from reviewer.read.text import read_text

LINES = [
    "Điều 21. Hồ sơ đăng ký thường trú",
    "1. Hồ sơ đăng ký thường trú đối với người quy định tại khoản 1 Điều 20 của Luật này bao gồm:",
    "a) Tờ khai thay đổi thông tin cư trú;",
    "b) Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp.",
]
TEXT = "\n".join(LINES[:2]) + "\n\n" + "\n".join(LINES[2:]) + "\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", TEXT.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
        ("utf16.txt", TEXT.encode("utf-16")),
        ("utf16le_nobom.txt", TEXT.encode("utf-16-le")),
        ("vni.txt", to_vni(TEXT).encode("latin-1")),
        ("crlf.txt", TEXT.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_encodings(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    doc = read_file(path)
    assert doc.format == "text"
    assert [b.text for b in doc.blocks] == LINES


def test_tcvn3_bytes(tmp_path: Path) -> None:
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(to_tcvn3(TEXT).encode("latin-1"))
    doc = read_file(path)
    # TCVN3 has no toned capitals: compare case-insensitively
    assert [b.text.lower() for b in doc.blocks] == [line.lower() for line in LINES]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 has ă â ê ô ơ ư đ precomposed and the five tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in decomposed if m in tones)
        out.append(unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in tones)) + tone)
    return "".join(out).encode("cp1258")


def test_cp1258(tmp_path: Path) -> None:
    sentence = "Hồ sơ đăng ký thường trú gồm tờ khai và giấy tờ chứng minh chỗ ở hợp pháp"
    path = tmp_path / "cp1258.txt"
    path.write_bytes(to_cp1258(sentence))
    assert read_file(path).blocks[0].text == sentence


def test_blank_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    with pytest.raises(UnreadableDocument, match="no text"):
        read_file(path)


def test_a_word_lock_file_is_refused_as_binary(tmp_path):
    # "~$" owner files: a length byte, the owner's name, then UTF-16 and NUL padding up to 162 bytes
    owner = b"\x06Nguyen" + b"\x00" * 47 + "Nguyễn Văn An".encode("utf-16-le") + b"\x00" * 80
    path = tmp_path / "~$luat.docx.txt"
    path.write_bytes(owner)
    with pytest.raises(UnreadableDocument, match="binary"):
        read_text(path)


def test_control_characters_never_reach_the_text():
    assert normalize_text("Hồ sơ\x00 gồm:\x07 đơn\x1f") == "Hồ sơ gồm: đơn"


def test_line_breaks_kept_from_a_pdf_are_taken_out(tmp_path: Path) -> None:
    """Luật Khoáng sản 2010 as published breaks its lines at the page width, mid-sentence."""
    law = tmp_path / "luat-khoang-san.txt"
    law.write_text(
        "Điều 47. Hồ sơ cấp, gia hạn Giấy phép thăm dò khoáng sản\n"
        "1. Hồ sơ cấp Giấy phép thăm dò khoáng sản bao gồm:\n"
        "d) Bản cam kết bảo vệ môi trường đối với trường hợp thăm dò khoáng sản độc\n"
        "hại;\n"
        "e) Văn bản xác nhận vốn\n"
        "chủ sở hữu theo quy định tại điểm c khoản 2 Điều\n"
        "40 của Luật này;\n"
        "2. Hồ sơ gia hạn Giấy\n"
        "phép thăm dò khoáng sản bao\n"
        "gồm:\n"
        "a) Đơn đề nghị gia hạn Giấy phép thăm dò khoáng sản;\n",
        encoding="utf-8",
    )
    texts = [block.text for block in read_text(law).blocks]
    assert texts == [
        "Điều 47. Hồ sơ cấp, gia hạn Giấy phép thăm dò khoáng sản",
        "1. Hồ sơ cấp Giấy phép thăm dò khoáng sản bao gồm:",
        "d) Bản cam kết bảo vệ môi trường đối với trường hợp thăm dò khoáng sản độc hại;",
        "e) Văn bản xác nhận vốn chủ sở hữu theo quy định tại điểm c khoản 2 Điều 40 của Luật này;",
        "2. Hồ sơ gia hạn Giấy phép thăm dò khoáng sản bao gồm:",
        "a) Đơn đề nghị gia hạn Giấy phép thăm dò khoáng sản;",
    ]


def test_a_law_that_breaks_a_line_now_and_then_keeps_its_numbers_apart(tmp_path: Path) -> None:
    lines = ["Điều 5. Biểu thuế", "1. Mức thuế như sau:", "Xăng, dầu, mỡ nhờn", "1.000-4.000"] + [
        f"{n}. Khoản thứ {n} quy định mức thuế." for n in range(2, 40)
    ]
    law = tmp_path / "luat-thue.txt"
    law.write_text("\n".join(lines + ["16. Biệt dược gốc", "là thuốc đầu tiên được cấp phép."]), encoding="utf-8")
    texts = [block.text for block in read_text(law).blocks]
    assert "1.000-4.000" in texts  # one break in the file: not a wrapped file, a table cell stays a cell
    assert texts[-1] == "16. Biệt dược gốc là thuốc đầu tiên được cấp phép."
