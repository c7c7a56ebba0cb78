"""normalize_text: NFC, new-style tones, TCVN3/VNI round trips on real law text, invisible characters."""

import unicodedata
from pathlib import Path

import pytest

from reviewer.read import read_file
from reviewer.read.normalize import (
    canonical_tones,
    detect_legacy,
    from_tcvn3,
    from_vni,
    normalize_text,
    to_tcvn3,
    to_vni,
)
from reviewer.structure import build_document

LAW = Path(__file__).resolve().parents[1] / "fixtures" / "laws" / "Luat-68-2020-QH14-cu-tru-435315.txt"
# Điều 21 khoản 1 of Luật Cư trú 2020, as published
REAL = (
    "Điều 21. Hồ sơ đăng ký thường trú\n"
    "1. Hồ sơ đăng ký thường trú đối với người quy định tại khoản 1 Điều 20 của Luật này bao gồm:\n"
    "a) Tờ khai thay đổi thông tin cư trú;\n"
    "b) Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp."
)


def real_text() -> str:
    if LAW.exists():
        return LAW.read_text(encoding="utf-8")[:20000]
    return REAL


def test_known_legacy_words_decode() -> None:
    assert from_tcvn3("TiÕng ViÖt rÊt hay") == "Tiếng Việt rất hay"
    assert from_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert from_tcvn3("§iÒu 1") == "Điều 1"
    assert from_vni("Xin chaøo caùc baïn") == "Xin chào các bạn"
    assert from_vni("Tieáng Vieät raát hay") == "Tiếng Việt rất hay"
    assert from_vni("Ñieàu 5. Hoà sô ñaêng kyù thöôøng truù") == "Điều 5. Hồ sơ đăng ký thường trú"


def test_vni_round_trip_on_real_law_text() -> None:
    text = unicodedata.normalize("NFC", real_text())
    encoded = to_vni(text)
    assert encoded != text
    assert detect_legacy(encoded) == "vni"
    assert from_vni(encoded) == text
    assert normalize_text(encoded) == normalize_text(text)


def test_tcvn3_round_trip_on_real_law_text() -> None:
    text = unicodedata.normalize("NFC", real_text())
    encoded = to_tcvn3(text)
    assert detect_legacy(encoded) == "tcvn3"
    # TCVN3 has no codes for toned capitals (the fonts draw them from lowercase codes)
    assert from_tcvn3(encoded).lower() == text.lower()
    assert normalize_text(encoded).lower() == normalize_text(text).lower()


def test_unicode_and_french_are_left_alone() -> None:
    assert detect_legacy(REAL) is None
    assert detect_legacy("Résumé du café: naïve façade, déjà vu où est la bibliothèque à côté") is None
    assert normalize_text("Café crème à Paris") == "Café crème à Paris"


@pytest.mark.parametrize(
    ("old", "new"),
    [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Thuý", "Thúy"), ("HOÀ", "HÒA"), ("luỹ kế", "lũy kế")],
)
def test_tones_move_to_the_new_style(old: str, new: str) -> None:
    assert normalize_text(old) == new


@pytest.mark.parametrize("word", ["quý", "hoàng", "khuyến", "hòa", "thủy", "quà", "toàn", "huỳnh"])
def test_tones_left_where_both_styles_agree(word: str) -> None:
    assert canonical_tones(word) == word


def test_nfc_invisible_and_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Giấy khai sinh")
    assert normalize_text(decomposed) == "Giấy khai sinh"
    assert normalize_text("bản\u00a0sao\u200b  có   chứng\u00adthực\ufeff") == "bản sao có chứngthực"
    assert normalize_text("  a)  Tờ khai \r\n b) Giấy tờ  ") == "a) Tờ khai\nb) Giấy tờ"
    assert normalize_text("") == ""


def test_eth_typed_for_d_with_stroke_becomes_it(tmp_path: Path) -> None:
    """Bộ luật Tố tụng hình sự as published has nine headings typed "Ðiều" with the Icelandic eth."""
    assert normalize_text("Ðiều 317. Tội vi phạm quy định về vệ sinh an toàn thực phẩm") == (
        "Điều 317. Tội vi phạm quy định về vệ sinh an toàn thực phẩm"
    )
    assert normalize_text("ðơn đề nghị") == "đơn đề nghị"
    law = tmp_path / "luat.txt"
    law.write_text("Ðiều 7. Hồ sơ\n1. Hồ sơ gồm:\na) Tờ khai;\n", encoding="utf-8")
    units = build_document(read_file(law)).units
    assert [u.citation for u in units][-1] == "điểm a khoản 1 Điều 7"
