"""Text-layer PDFs: paragraphs rebuilt, Công báo headers and page numbers dropped, ruled tables as rows."""

import hashlib
import re
from pathlib import Path

import pytest

from reviewer.errors import EncryptedDocument, ReviewerError, UnreadableDocument
from reviewer.read import read_file
from reviewer.read.layout import MARKER, Line, rebuild_paragraphs
from reviewer.read.pdf import read_pdf, read_pdf_plumber_only

LINE_START_MARKER = re.compile(r"\n|(?<=[.;:]) (?:Điều \d+\.|\d+\. |[a-zđ]\) )")


def test_cong_bao_law_pages(fixtures: Path) -> None:
    doc = read_file(fixtures / "luat_can_cuoc_p1-3_cong_bao.pdf")
    assert doc.format == "pdf" and doc.pages == 3
    texts = [b.text for b in doc.blocks]
    # running header "CÔNG BÁO/Số 35 + 36/Ngày 08-01-2024 33" is gone, and no page number runs into a clause
    assert not any("CÔNG BÁO" in t for t in texts)
    assert not any(re.search(r"\b3[345]\s*$", t) for t in texts)
    assert "Điều 3. Giải thích từ ngữ" in texts
    # a paragraph wrapped over three lines comes back whole, with its page
    clause = next(b for b in doc.blocks if b.text.startswith("4. Người gốc Việt Nam"))
    assert clause.page == 1
    assert clause.text.endswith("được xác định theo nguyên tắc huyết thống.")
    # clause 5 starts page 2, points a)–đ) of clause 13 straddle pages 2 and 3
    assert next(b for b in doc.blocks if b.text.startswith("5. Tàng thư căn cước")).page == 2
    points = [b for b in doc.blocks if re.match(r"^[a-eđ]\) ", b.text)]
    assert [b.text[:2] for b in points] == ["a)", "b)", "c)", "d)", "đ)", "e)"]
    assert {b.page for b in points} == {2, 3}
    assert "Điều 4. Nguyên tắc quản lý căn cước, Cơ sở dữ liệu quốc gia về dân cư và Cơ sở dữ liệu căn cước" in texts


def test_each_block_holds_one_marker(fixtures: Path) -> None:
    doc = read_file(fixtures / "luat_can_cuoc_p1-3_cong_bao.pdf")
    for block in doc.blocks:
        assert "\n" not in block.text
        assert not LINE_START_MARKER.search(block.text), block.text


def test_ruled_table_rows_with_cells(fixtures: Path) -> None:
    doc = read_file(fixtures / "tt02_2021_p3_bieu_phi_table.pdf")
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert rows[0].cells == ("Số tt", "Danh mục phương tiện kiểm định", "Đơn vị", "Mức thu (đồng)")
    assert ("2", "Máy bơm chữa cháy", "Cái", "40.000") in [r.cells for r in rows]
    assert all(r.page == 1 for r in rows)
    # the rows sit between the text before and after the table, in reading order
    kinds = [b.kind for b in doc.blocks]
    first, last = kinds.index("table_row"), len(kinds) - 1 - kinds[::-1].index("table_row")
    assert all(k == "table_row" for k in kinds[first : last + 1])
    assert any(b.kind == "paragraph" for b in doc.blocks[:first])


def test_pdfplumber_and_pdfium_agree_on_text(fixtures: Path) -> None:
    path = fixtures / "luat_can_cuoc_p1-3_cong_bao.pdf"
    fast = [b.text for b in read_pdf(path, engine="pdfium").blocks]
    slow = [b.text for b in read_pdf_plumber_only(path)]
    # the two-column heading (QUỐC HỘI | CỘNG HÒA …) is ordered differently; the body must match
    fast, slow = fast[fast.index("Chương I") :], slow[slow.index("Chương I") :]
    assert len(fast) == len(slow)
    same = sum(1 for a, b in zip(fast, slow, strict=True) if a.replace(" ", "") == b.replace(" ", ""))
    assert same >= 0.9 * len(fast)


def test_marker_contract() -> None:
    for text in [
        "Điều 21. Hồ sơ",
        "ĐIỀU 5: X",
        "Chương II",
        "Mục 1. Đăng ký",
        "Phần thứ hai",
        "1. Hồ sơ",
        "1.2. Hồ sơ",
        "a) Tờ khai",
        "đ) Ảnh",
        "- Văn phòng",
        "+ Giấy tờ",
        "Phụ lục I",
        "PHỤ LỤC",
    ]:
        assert MARKER.match(text), text
    for text in ["Điều 23 của Luật này", "Mục 2 của Chương này", "2023 người", "ba) x", "Hà Nội"]:
        assert not MARKER.match(text), text


def test_rebuild_joins_wraps_and_splits_at_markers() -> None:
    pages = [
        [
            Line("CÔNG BÁO/Số 35 + 36/Ngày 08-01-2024 33", 1),
            Line("8. Công dân không được đăng ký thường trú mới tại chỗ ở quy định tại", 1, 0.98),
            Line("Điều 23 của Luật này, trừ trường hợp quy định tại điểm a khoản 2 Điều này.", 1, 0.95),
            Line("Điều 21. Hồ sơ đăng ký thường trú", 1, 0.4),
            Line("1. Hồ sơ gồm: a) Tờ khai thay đổi thông tin cư trú; giấy tờ số TT-", 1, 0.99),
            Line("BCA ban hành.", 1, 0.3),
        ],
        [Line("34 CÔNG BÁO/Số 35 + 36/Ngày 08-01-2024", 2), Line("a) Tờ khai;", 2, 0.2), Line("12", 2)],
    ]
    texts = [b.text for b in rebuild_paragraphs(pages)]
    assert texts == [
        "8. Công dân không được đăng ký thường trú mới tại chỗ ở quy định tại Điều 23 của Luật này, trừ "
        "trường hợp quy định tại điểm a khoản 2 Điều này.",
        "Điều 21. Hồ sơ đăng ký thường trú",
        "1. Hồ sơ gồm: a) Tờ khai thay đổi thông tin cư trú; giấy tờ số TT-BCA ban hành.",
        "a) Tờ khai;",
    ]


def _rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: bytes = b"secret") -> bytes:
    """A one-page PDF under the standard security handler (RC4 40-bit, revision 2), user password set."""
    pad = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
    padded = (user_password + pad)[:32]
    owner = _rc4(hashlib.md5(padded).digest()[:5], padded)
    file_id = b"0123456789abcdef"
    permissions = -4
    key = hashlib.md5(padded + owner + permissions.to_bytes(4, "little", signed=True) + file_id).digest()[:5]
    user = _rc4(key, pad)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + owner.hex().encode()
        + b"> /U <"
        + user.hex().encode()
        + b"> /P "
        + str(permissions).encode()
        + b" >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    hex_id = file_id.hex().encode()
    out += b"trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<" + hex_id + b"> <" + hex_id + b">] >>\n"
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf())
    with pytest.raises(EncryptedDocument, match="locked.pdf.*password"):
        read_file(path)


def test_truncated_and_corrupt_pdf(fixtures: Path, tmp_path: Path) -> None:
    data = (fixtures / "luat_can_cuoc_p1-3_cong_bao.pdf").read_bytes()
    for name, content in [
        ("half.pdf", data[: len(data) // 2]),
        ("head.pdf", data[:400]),
        ("junk.pdf", b"%PDF-1.7\n" + bytes(300)),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        try:
            doc = read_file(path, ocr=False)
        except ReviewerError as error:
            assert name in str(error)
        else:  # pdfium repairs some truncated files: then it must still hold text
            assert doc.blocks


def test_scanned_pdf_without_ocr_is_refused(fixtures: Path) -> None:
    with pytest.raises(UnreadableDocument, match="no text layer"):
        read_file(fixtures / "luat_cu_tru_p11_scan.pdf", ocr=False)
