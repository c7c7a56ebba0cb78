"""Round 11's mapping of the corpus's portal units onto what the product's reader gives."""

import json
import sys
from pathlib import Path

import pytest

from reviewer.document import Unit
from reviewer.read.procedure import read_procedure
from reviewer.structure import build_document

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "corpus" / "tools"))

from reread import match  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "read"
ITEMS = "Thành phần hồ sơ thủ tục Đăng ký biện pháp bảo đảm"


def item(text: str, number: int) -> Unit:
    return Unit(citation=f"Thành phần hồ sơ, mục {number}", text=text, context=ITEMS, kind="item")


PRODUCT_ITEMS = [
    item("Giấy đề nghị cấp Giấy phép kinh doanh theo mẫu quy định; (1 bản chính)", 1),
    item(
        "Hợp đồng bảo đảm (01 bản chính hoặc 01 bản sao có chứng thực) (khoản 1 Điều 39 Nghị định số "
        "99/2022/NĐ-CP). (1 bản chính, 1 bản sao)",
        2,
    ),
]


@pytest.fixture(scope="module")
def wrapped_steps() -> list[Unit]:
    record = json.loads((FIXTURES / "procedure_wrapped.jsonl").read_text(encoding="utf-8"))
    return build_document(read_procedure(record, f"procedures.jsonl#{record['ma_thu_tuc']}")).units


def test_the_same_text_keeps_its_label() -> None:
    how, units = match(
        "Giấy đề nghị cấp Giấy phép kinh doanh theo mẫu quy định (1 bản chính)", "procedure", PRODUCT_ITEMS
    )
    assert how == "same" and units == PRODUCT_ITEMS[:1]


def test_an_item_without_its_glued_form_file_is_retexted() -> None:
    labelled = "Giấy đề nghị cấp Giấy phép kinh doanh theo mẫu quy định;TK 2.002286.docx (1 bản chính)"
    assert match(labelled, "procedure", PRODUCT_ITEMS) == ("retext", PRODUCT_ITEMS[:1])
    # another quantity is another requirement, not the same item
    other = "Giấy đề nghị cấp Giấy phép kinh doanh theo mẫu quy định;TK 2.002286.docx (0 bản chính, 1 bản sao)"
    assert match(other, "procedure", PRODUCT_ITEMS)[0] != "retext"


def test_a_fragment_of_an_item_is_replaced_by_the_whole_item() -> None:
    how, units = match("Hợp đồng bảo đảm ( (01 bản chính)", "procedure", PRODUCT_ITEMS)
    assert how == "replaced" and units == PRODUCT_ITEMS[1:]


def test_a_broken_step_line_is_replaced_by_the_rebuilt_step(wrapped_steps: list[Unit]) -> None:
    how, units = match(
        "dựng hồ sơ đề nghị dự án, phương án sản xuất, dịch vụ theo quy định tại khoản 1 Điều 5",
        "procedure_step",
        wrapped_steps,
    )
    assert how == "replaced" and len(units) == 1
    assert units[0].text.startswith("b) Bước 2:") and "Cộng đồng dân cư xây dựng hồ sơ" in units[0].text


def test_a_text_the_product_never_reads_is_gone(wrapped_steps: list[Unit]) -> None:
    assert match("Nộp lệ phí trước bạ tại Kho bạc Nhà nước", "procedure_step", wrapped_steps) == ("gone", [])
    # dossier items are matched among dossier items only
    assert match("Hợp đồng bảo đảm ( (01 bản chính)", "procedure_step", PRODUCT_ITEMS) == ("gone", [])
