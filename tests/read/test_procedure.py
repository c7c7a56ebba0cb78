"""Portal procedures: hints, steps, and the flattened dossier table split into items with quantities."""

from pathlib import Path

import pytest

from reviewer.errors import BadInput
from reviewer.read import iter_procedures, read_procedure
from reviewer.read.procedure import split_dossier


@pytest.fixture(scope="module")
def procedures(fixtures: Path) -> dict:
    return {doc.hints["number"]: doc for doc in iter_procedures(fixtures / "procedures_sample.jsonl")}


def items(doc) -> list:
    return [b for b in doc.blocks if b.kind == "dossier_item"]


def test_hints_source_and_headings(procedures: dict, fixtures: Path) -> None:
    doc = procedures["1.000178"]
    assert doc.format == "procedure" and doc.pages is None
    assert doc.source == f"{fixtures / 'procedures_sample.jsonl'}#1.000178"
    assert doc.hints["type"] == "Thủ tục hành chính"
    assert doc.hints["issuer"] == "Bộ Công an"
    assert doc.hints["ministry"] == "bo-cong-an"
    assert doc.hints["decision"] == "QĐ/0001-BCA"
    assert doc.hints["title"].startswith("Giải quyết khiếu nại về quyết định hành chính")
    kinds = [b.kind for b in doc.blocks]
    assert doc.blocks[0] == doc.blocks[0].__class__("Trình tự thực hiện", kind="heading")
    second = kinds.index("heading", 1)
    assert doc.blocks[second].text == "Thành phần hồ sơ"
    steps = [b.text for b in doc.blocks[1:second]]
    assert steps[0] == "Bước 1: Thụ lý giải quyết khiếu nại"
    assert any(t.startswith("Bước 2: Kiểm tra lại quyết định hành chính") for t in steps)
    assert all(k == "dossier_item" for k in kinds[second + 1 :])


def test_items_keep_their_quantity(procedures: dict) -> None:
    found = items(procedures["1.000178"])
    assert len(found) == 8
    assert found[-1].text == "Đơn khiếu nại hoặc bản ghi nội dung khiếu nại (1 bản chính)"
    assert found[-1].cells[0] == "Đơn khiếu nại hoặc bản ghi nội dung khiếu nại"
    assert found[-1].cells[2] == "1 bản chính"


def test_digit_of_form_number_is_not_the_quantity(procedures: dict) -> None:
    # "…theo Mẫu số 181 bản chính,1 bản sao": form 18, one original and one copy
    found = items(procedures["1.012782"])
    assert [b.text for b in found] == [
        "Bản gốc Giấy chứng nhận đã cấp. (1 bản chính, 1 bản sao)",
        "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất theo Mẫu số 18 (1 bản chính, 1 bản sao)",
    ]


def test_form_files_are_peeled_off(procedures: dict) -> None:
    found = items(procedures["1.004167"])
    assert found[0].cells[1] == "Mau48.docx; Mau45.docx"
    assert found[0].cells[0].startswith("Đề án khai thác nước và tình hình thực hiện giấy phép theo Mẫu 45")
    assert not found[0].cells[0].endswith(".docx")
    permit = items(procedures["1.000703"])[0]
    assert permit.cells[:3] == (
        "Giấy đề nghị cấp Giấy phép kinh doanh theo mẫu quy định;",
        "TK 1.000703.docx",
        "1 bản chính",
    )


def test_dossier_cases_are_kept_per_item(procedures: dict) -> None:
    found = items(procedures["3.000374"])
    cases = [b.cells[3] for b in found]
    assert cases[0] == "- Hồ sơ đề nghị cấp giấy phép lần đầu, bao gồm:"
    assert "- Hồ sơ đề nghị cấp lại giấy phép đã hết thời hạn hiệu lực, mất, hỏng bao gồm:" in cases
    assert cases[-1] == "- Hồ sơ đề nghị gia hạn, bổ sung, phục hồi năng định bao gồm:"
    payments = items(procedures["3.000115"])
    assert payments[0].cells[3] == "Nộp theo phương thức điện tử"
    assert payments[-1].cells[3] == "Nộp trực tiếp"
    assert ("Ủy nhiệm chi ngoại tệ", "2 bản chính") in [(b.cells[0], b.cells[2]) for b in payments]
    numbered = items(procedures["1.008910"])
    assert [b.cells[3] for b in numbered] == ["1. Trường hợp thay đổi tên gọi:"] + [
        "2. Trường hợp thay đổi địa điểm trụ sở:"
    ] * 3


def test_split_rules_on_flattened_cells() -> None:
    field = (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị cấp giấy phép1 bản chínhBản sao Giấy chứng nhận "
        "đăng ký doanh nghiệp0 bản chính,1 bản sao- Tờ khai hải quan hàng hóa nhập khẩu: 01 bản chính;"
        "Phụ lục số 02.docx2 bản chính"
    )
    rows = split_dossier(field)
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("Đơn đề nghị cấp giấy phép", [], "1 bản chính"),
        ("Bản sao Giấy chứng nhận đăng ký doanh nghiệp", [], "0 bản chính, 1 bản sao"),
        ("- Tờ khai hải quan hàng hóa nhập khẩu: 01 bản chính;", ["Phụ lục số 02.docx"], "2 bản chính"),
    ]


def test_record_without_table_and_bad_records(procedures: dict, tmp_path: Path) -> None:
    assert items(procedures["1.014951"]) == []
    free = read_procedure({"ma_thu_tuc": "9.9", "thanh_phan_ho_so": "Tờ khai\nẢnh 4x6"}, "x#9.9")
    assert [b.text for b in items(free)] == ["Tờ khai", "Ảnh 4x6"]
    with pytest.raises(BadInput):
        read_procedure({"ten_thu_tuc": "no code"}, "x")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"ma_thu_tuc": "1"}\nnot json\n', encoding="utf-8")
    with pytest.raises(BadInput, match="bad.jsonl:2"):
        list(iter_procedures(bad))


def test_steps_pasted_from_a_pdf_are_rebuilt(fixtures: Path) -> None:
    """Record 1.014208 keeps a PDF's line breaks: markers alone, sentences broken mid-phrase."""
    (doc,) = iter_procedures(fixtures / "procedure_wrapped.jsonl")
    steps = [b.text for b in doc.blocks[1 : [b.kind for b in doc.blocks].index("heading", 1)]]
    assert steps[0].startswith("a) Bước 1: Cơ quan, đơn vị quản lý dự án")
    assert steps[0].endswith("trong thời gian tối thiểu 10 ngày.")
    second = next(step for step in steps if step.startswith("b) Bước 2:"))
    assert "Cộng đồng dân cư xây dựng hồ sơ đề nghị dự án" in second
    # in a record wrapped like this, a line in upper case that opens no item goes on the sentence as well
    assert "khoản 1 Điều 5 Quyết định số 24/2024/QĐ-UBND" in second
    filing = next(step for step in steps if "Cộng đồng dân cư nộp 01 bộ hồ sơ" in step)
    assert filing.startswith("- Cộng đồng") and "(trực tiếp hoặc qua dịch vụ bưu chính" in filing
    assert "sản xuất để trình Ủy ban nhân dân cấp huyện thẩm định." in filing
    assert not [step for step in steps if len(step) < 5]
    # a point starts its own paragraph even after a line that ended without punctuation
    assert any(step.startswith("c) Bước 3:") for step in steps)


def test_a_point_left_at_the_end_of_a_case_heading_goes_with_its_step() -> None:
    """Record 1.014256: each case's heading runs on into the point of its first step."""
    record = {
        "ma_thu_tuc": "1.014256",
        "trinh_tu_thuc_hien": "Tổ chức, cá nhân đề nghị cấp giấy xác nhận đăng ký thu hồi khoáng sản trong các "
        "trường hợp quy định tại khoản 1 Điều 75 của Luật Địa chất và khoáng sản a) Bước 1. Nộp hồ sơ (tổ chức, "
        "cá nhân)\nTổ chức, cá nhân lựa chọn nộp hồ sơ thông qua một trong các hình thức sau:",
    }
    doc = read_procedure(record, "procedures.jsonl#1.014256")
    steps = [b.text for b in doc.blocks[1 : [b.kind for b in doc.blocks].index("heading", 1)]]
    assert steps[0].endswith("của Luật Địa chất và khoáng sản")
    assert steps[1] == "a) Bước 1. Nộp hồ sơ (tổ chức, cá nhân)"
