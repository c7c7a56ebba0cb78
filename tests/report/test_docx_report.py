"""The DOCX report reads as a Vietnamese administrative report: documents cited by their identity, not their
file name; a "Kính gửi:" line; "Nơi nhận:" with "- Như trên;" and "- Lưu: VT.".

The document is a real one: Nghị định 23/2018/NĐ-CP Điều 8 khoản 2 (the insurance claim file), read from
tests/fixtures/propose and uploaded under an opaque file name, as a new user's trial did.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from docx import Document as open_docx

from reviewer import api
from reviewer.document import Document, DocumentMeta, Unit
from reviewer.pipeline import read_document
from reviewer.report import export
from reviewer.report.docx_report import UNKNOWN_IDENTITY, date_line, head_of, signer_for
from reviewer.report.labels import issuer_name, type_from_number

CLAIM_FILE = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "propose"
    / ("nd_23_2018_dieu_8_ho_so_boi_thuong_bao_hiem.txt")
)
UPLOADED_AS = "upload-7f3a9c.txt"
DEPARTMENT = "Sở Tài chính"
IDENTITY = "Nghị định số 23/2018/NĐ-CP ngày 23/02/2018 của Chính phủ quy định về bảo hiểm cháy, nổ bắt buộc"
# The labels legal officers gave these units in corpus/labelled (the closing paragraph, not in the corpus,
# obliges the buyer to send the papers).
LABELLED = {
    "đoạn 1 khoản 2 Điều 8": "paper_document",
    "đoạn 2 khoản 2 Điều 8": "paper_document",
    "điểm a khoản 2 Điều 8": "paper_document",
    "điểm b khoản 2 Điều 8": "paper_document",
    "điểm c khoản 2 Điều 8": "copy",
    "điểm d khoản 2 Điều 8": "none",
    "điểm đ khoản 2 Điều 8": "copy",
    "điểm e khoản 2 Điều 8": "paper_document",
    "đoạn 3 khoản 2 Điều 8": "paper_document",
}


@dataclass
class Labelled:
    """An officer's label in the shape of a classifier's prediction (reviewer.classify.Prediction)."""

    id: str
    label: str
    score: float = 1.0
    scores: dict[str, float] = field(default_factory=dict)
    evidence: list = field(default_factory=list)
    neighbours: list = field(default_factory=list)


def _predictions(document: Document) -> list[Labelled]:
    return [Labelled(id=str(i), label=LABELLED[unit.citation]) for i, unit in enumerate(document.units)]


@pytest.fixture
def claim_store(store, people):
    document = read_document(CLAIM_FILE)
    api.save_scan(store, people.admin, UPLOADED_AS, "nd23", document, _predictions(document), department=DEPARTMENT)
    return store


def _paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _all_text(document) -> str:
    parts = _paragraphs(document)
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _closing(document) -> tuple[list[str], list[str]]:
    """The signature table: the "Nơi nhận" cell's lines and the signer cell's lines."""
    left, right = document.tables[-1].rows[0].cells
    return [p.text for p in left.paragraphs], [p.text for p in right.paragraphs]


def test_documents_are_cited_by_identity_not_by_file_name(claim_store, tmp_path):
    document = open_docx(export(claim_store, "docx", tmp_path / "bao-cao.docx", department=DEPARTMENT))
    assert f"1. {IDENTITY}" in _paragraphs(document)
    assert UPLOADED_AS not in _all_text(document)


def test_the_insurers_papers_are_reported_with_the_private_party_proposal(claim_store, tmp_path):
    document = open_docx(export(claim_store, "docx", tmp_path / "bao-cao.docx", department=DEPARTMENT))
    findings = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    proposals = [row.cells[4].text for row in findings.rows[1:]]
    assert len(proposals) == sum(1 for label in LABELLED.values() if label != "none")
    assert all("doanh nghiệp bảo hiểm" in text and "Lý do:" in text for text in proposals)
    assert not any("Cổng Dịch vụ công" in text.partition("Lý do:")[0] for text in proposals)


def test_the_summary_counts_papers_that_go_to_a_private_party(claim_store, tmp_path):
    paragraphs = _paragraphs(open_docx(export(claim_store, "docx", tmp_path / "r.docx", department=DEPARTMENT)))
    findings = sum(1 for label in LABELLED.values() if label != "none")
    line = next(text for text in paragraphs if "không phải cơ quan nhà nước" in text)
    assert line.endswith(f": {findings} (doanh nghiệp bảo hiểm: {findings}).")


def test_every_document_read_counts_as_reviewed_and_unreadable_files_are_counted(claim_store, people, tmp_path):
    claim = read_document(CLAIM_FILE)
    # A second document with nothing to report (the claim's "none" unit alone), and a file that failed.
    clean = [unit for unit in claim.units if LABELLED[unit.citation] == "none"]
    quiet = Document(source="quiet.txt", meta=DocumentMeta(number="99/2019/NĐ-CP"), units=clean)
    api.save_scan(claim_store, people.admin, "quiet.txt", "q", quiet, _predictions(quiet), department=DEPARTMENT)
    api.record_failure(claim_store, people.admin, "/srv/van-ban/hong.pdf", "h", "the PDF is damaged", DEPARTMENT)
    api.record_failure(claim_store, people.admin, "upload/hong.pdf", "h", "the PDF is damaged", DEPARTMENT)  # again
    api.record_failure(claim_store, people.admin, "co-mat-khau.pdf", "k", "the PDF is password-protected", DEPARTMENT)
    api.record_failure(claim_store, people.admin, "/srv/khac/hong.pdf", "h2", "the PDF is damaged", DEPARTMENT)
    paragraphs = _paragraphs(open_docx(export(claim_store, "docx", tmp_path / "r.docx", department=DEPARTMENT)))
    assert "- Số văn bản đã rà soát: 2 (có quy định yêu cầu nộp, xuất trình giấy tờ: 1)." in paragraphs
    assert "- Số tệp không đọc được, cần rà soát thủ công: 3 (co-mat-khau.pdf, hong.pdf (2 tệp))." in paragraphs


def test_a_state_procedure_report_has_no_private_party_line(store, people, tmp_path):
    claim = read_document(CLAIM_FILE)
    # The same items (điểm a to e) under a state lead-in: filed with a state body.
    items = [unit for unit in claim.units if unit.citation.startswith("điểm")]
    for unit in items:
        unit.context = "Hồ sơ đề nghị gồm:"
    listed = Document(source=claim.source, meta=claim.meta, units=items)
    api.save_scan(store, people.admin, "x.txt", "x", listed, _predictions(listed), department=DEPARTMENT)
    paragraphs = _paragraphs(open_docx(export(store, "docx", tmp_path / "r.docx", department=DEPARTMENT)))
    assert not any("không phải cơ quan nhà nước" in text for text in paragraphs)


def test_the_report_is_addressed_to_the_head_of_the_department_by_default(claim_store, tmp_path):
    document = open_docx(export(claim_store, "docx", tmp_path / "bao-cao.docx", department=DEPARTMENT))
    paragraphs = _paragraphs(document)
    addressed = paragraphs.index("Kính gửi: Giám đốc Sở Tài chính.")
    # Under the title, before the summary.
    assert (
        paragraphs.index("BÁO CÁO")
        < addressed
        < next(i for i, text in enumerate(paragraphs) if text.startswith("Thực hiện Đề án"))
    )
    places, signer = _closing(document)
    assert places == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert signer == ["NGƯỜI BÁO CÁO", "(Ký, ghi rõ họ tên)"]


def test_a_chosen_recipient_makes_it_the_departments_signed_report(claim_store, tmp_path):
    out = export(
        claim_store,
        "docx",
        tmp_path / "bao-cao.docx",
        department=DEPARTMENT,
        recipient="Ủy ban nhân dân tỉnh Quảng Ninh",
    )
    document = open_docx(out)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ninh." in _paragraphs(document)
    places, signer = _closing(document)
    assert places == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert signer == ["THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên, đóng dấu)"]


def test_several_recipients_are_listed_one_a_line(claim_store, tmp_path):
    out = export(
        claim_store,
        "docx",
        tmp_path / "bao-cao.docx",
        department=DEPARTMENT,
        recipient="Ủy ban nhân dân tỉnh Quảng Ninh; Sở Tư pháp",
    )
    paragraphs = _paragraphs(open_docx(out))
    at = paragraphs.index("Kính gửi:")
    assert paragraphs[at + 1 : at + 3] == ["- Ủy ban nhân dân tỉnh Quảng Ninh;", "- Sở Tư pháp."]


def test_the_file_name_stands_in_only_when_nothing_else_is_known(store, people, tmp_path):
    claim = read_document(CLAIM_FILE)
    blank = Document(source=claim.source, meta=DocumentMeta(format="pdf-ocr"), units=claim.units)
    numbered = Document(source=claim.source, meta=DocumentMeta(number="23/2018/NĐ-CP"), units=claim.units)
    predictions = _predictions(claim)
    api.save_scan(store, people.admin, "scan-0042.pdf", "a", blank, predictions, department=DEPARTMENT)
    api.save_scan(store, people.admin, "scan-0043.pdf", "b", numbered, predictions, department=DEPARTMENT)
    paragraphs = _paragraphs(open_docx(export(store, "docx", tmp_path / "r.docx", department=DEPARTMENT)))
    assert f"1. scan-0042.pdf ({UNKNOWN_IDENTITY})" in paragraphs
    # The số hiệu alone names the type: a Nghị định, not "Văn bản" and not the file name.
    assert "2. Nghị định số 23/2018/NĐ-CP" in paragraphs
    assert not any("scan-0043.pdf" in text for text in paragraphs)


@pytest.mark.parametrize(
    ("department", "head"),
    [
        ("Sở Tư pháp", "Giám đốc Sở Tư pháp"),
        ("Cục Thuế", "Cục trưởng Cục Thuế"),
        ("Chi cục Thuế khu vực I", "Chi cục trưởng Chi cục Thuế khu vực I"),
        ("Ủy ban nhân dân huyện Đông Anh", "Chủ tịch Ủy ban nhân dân huyện Đông Anh"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "Chánh Văn phòng Ủy ban nhân dân tỉnh"),
        ("Trung tâm Phục vụ hành chính công", "Thủ trưởng Trung tâm Phục vụ hành chính công"),
        ("Công an tỉnh Quảng Ninh", "Giám đốc Công an tỉnh Quảng Ninh"),
        ("Công an thành phố Hà Nội", "Giám đốc Công an thành phố Hà Nội"),
        ("Bảo hiểm xã hội tỉnh Quảng Ninh", "Giám đốc Bảo hiểm xã hội tỉnh Quảng Ninh"),
        ("Bảo hiểm xã hội Việt Nam", "Tổng Giám đốc Bảo hiểm xã hội Việt Nam"),
        ("Bộ Công Thương", "Bộ trưởng Bộ Công Thương"),
        (None, "Thủ trưởng đơn vị"),
    ],
)
def test_the_head_of_a_department_is_named_by_its_kind(department, head):
    assert head_of(department) == head


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("23/2018/NĐ-CP", "Nghị định"),
        ("79/2024/TT-BCA", "Thông tư"),
        ("06/QĐ-TTg", "Quyết định"),
        ("68/2020/QH14", None),  # a law or a resolution of the National Assembly: the number does not say
        (None, None),
    ],
)
def test_the_type_is_read_from_the_number_only_when_it_says(number, kind):
    assert type_from_number(number) == kind


def test_dates_follow_the_administrative_style():
    assert date_line(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert date_line(date(2026, 11, 26)) == "ngày 26 tháng 11 năm 2026"
    assert date_line(date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"


def test_a_household_book_sent_to_a_bank_is_not_counted_as_a_paper_between_the_parties(store, people, tmp_path):
    # The claim file's seven findings go to the insurer; a household book a bank asks for (made up) is
    # abolished like any other (Luật Cư trú 68/2020/QH14, Điều 38), so it is no "paper between the parties".
    claim = read_document(CLAIM_FILE)
    book = Unit(
        citation="điểm a khoản 3 Điều 8", text="a) Bản sao Sổ hộ khẩu;", context="Khách hàng gửi cho ngân hàng:"
    )
    listed = Document(source=claim.source, meta=claim.meta, units=[*claim.units, book])
    predictions = [*_predictions(claim), Labelled(id="book", label="copy")]
    api.save_scan(store, people.admin, "x.txt", "x", listed, predictions, department=DEPARTMENT)
    document = open_docx(export(store, "docx", tmp_path / "r.docx", department=DEPARTMENT))
    findings = sum(1 for label in LABELLED.values() if label != "none")
    line = next(text for text in _paragraphs(document) if "không phải cơ quan nhà nước" in text)
    assert line.endswith(f": {findings} (doanh nghiệp bảo hiểm: {findings}).")
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    book_row = next(row for row in table.rows if row.cells[2].text.splitlines()[-1] == book.text)
    assert book_row.cells[4].text.startswith("Sổ hộ khẩu đã hết giá trị sử dụng")


@pytest.mark.parametrize(
    "typed",
    [
        "Giám đốc Sở Tài chính",
        "  giám đốc  sở tài chính. ",
        unicodedata.normalize("NFD", "Giám đốc Sở Tài chính"),  # as some keyboards type it
    ],
)
def test_the_officer_signs_when_the_head_of_the_department_is_typed_as_recipient(claim_store, tmp_path, typed):
    out = export(claim_store, "docx", tmp_path / "r.docx", department=DEPARTMENT, recipient=typed)
    _, signer = _closing(open_docx(out))
    assert signer == ["NGƯỜI BÁO CÁO", "(Ký, ghi rõ họ tên)"]


def test_who_signs_follows_who_the_report_goes_to():
    assert signer_for(None, "Sở Tư pháp") == signer_for("GIÁM ĐỐC SỞ TƯ PHÁP", "Sở Tư pháp") == "Người báo cáo"
    assert signer_for("Ủy ban nhân dân tỉnh Quảng Ninh", "Sở Tư pháp") == "Thủ trưởng cơ quan"
    assert signer_for("Giám đốc Sở Y tế", "Sở Tư pháp") == "Thủ trưởng cơ quan"


@pytest.mark.parametrize(
    ("issuer", "printed"),
    [
        ("BỘ CÔNG THƯƠNG", "Bộ Công Thương"),
        ("Bộ Công thương", "Bộ Công Thương"),
        ("BỘ CÔNG AN", "Bộ Công an"),
        ("BỘ TÀI CHÍNH", "Bộ Tài chính"),
        ("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "Ngân hàng Nhà nước Việt Nam"),
    ],
)
def test_issuers_are_printed_with_their_official_names(issuer, printed):
    assert issuer_name(issuer) == printed


def test_the_summary_counts_the_actions_officers_confirmed_not_the_models_drafts(claim_store, tmp_path):
    def action_line() -> str | None:
        paragraphs = _paragraphs(open_docx(export(claim_store, "docx", tmp_path / "r.docx", department=DEPARTMENT)))
        return next((text for text in paragraphs if text.startswith("- Phương án đề xuất")), None)

    assert action_line() is None  # nothing confirmed yet: no proposal of the department's to count
    officer = claim_store.add_user("thu", "officer-pw", "officer", DEPARTMENT)
    rows = api.list_findings(claim_store, officer, order="position", limit=None)
    confirmed, rejected = rows[0].proposal, rows[1].proposal
    api.decide(claim_store, officer, confirmed.id, "confirm", confirmed.version)
    api.decide(claim_store, officer, rejected.id, "reject", rejected.version, reason="thử")
    line = action_line()
    assert line is not None and line.startswith("- Phương án đề xuất đối với các quy định đã xác nhận: ")
    assert line.endswith(": 1.")  # one action, confirmed once; the rejection and the pending drafts are not counted
