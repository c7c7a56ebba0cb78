"""The department's report as a Vietnamese administrative document (python-docx).

Layout after the usual form of a báo cáo (Nghị định 30/2020/NĐ-CP on văn thư): the issuing body and the Quốc
hiệu side by side, the title, the "Kính gửi:" line, a summary, then for each reviewed document its identity
(type, số hiệu, date, issuer, title, as officers cite it) and a table of its findings, and the signature block
with "Nơi nhận:". A4 landscape, Times New Roman.

By default the report is the reviewing officer's report to the head of the department ("Kính gửi: Giám đốc Sở
Tư pháp", signed "Người báo cáo", also when that head is typed as the recipient); given another recipient (a
higher body), it is the department's report, signed by its head.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from itertools import groupby
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reviewer.propose import private_recipient
from reviewer.store import DocumentRow, ExportRow

from .labels import ACTION_NAMES, DECISION_NAMES, STATUS_NAMES, document_heading, paper_cell, reason_text

FONT = "Times New Roman"
UNREADABLE_NAMED = 20  # files named in the summary line; beyond that, a count
UNKNOWN_IDENTITY = "chưa xác định được số hiệu, trích yếu văn bản"
# The centrally governed cities, whose police are provincial-level.
CENTRAL_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
# How the head of a body is addressed, by the first words of its name ("Sở Tư pháp" -> "Giám đốc Sở Tư pháp").
HEAD_TITLES = (
    ("Sở ", "Giám đốc"),
    # A province's police and its social-insurance office are headed by a Giám đốc, as is a district's
    # social-insurance office; Bảo hiểm xã hội Việt Nam by a Tổng Giám đốc.
    ("Công an tỉnh ", "Giám đốc"),
    *((f"Công an thành phố {city}", "Giám đốc") for city in CENTRAL_CITIES),
    ("Bảo hiểm xã hội Việt Nam", "Tổng Giám đốc"),
    ("Bảo hiểm xã hội ", "Giám đốc"),
    ("Chi cục ", "Chi cục trưởng"),
    ("Tổng cục ", "Tổng cục trưởng"),
    ("Cục ", "Cục trưởng"),
    ("Vụ ", "Vụ trưởng"),
    ("Bộ ", "Bộ trưởng"),
    ("Ủy ban nhân dân", "Chủ tịch"),
    ("Uỷ ban nhân dân", "Chủ tịch"),
    ("UBND", "Chủ tịch"),
    ("Văn phòng ", "Chánh"),
    ("Thanh tra ", "Chánh"),
    ("Phòng ", "Trưởng"),
    ("Ban ", "Trưởng"),
)
DEFAULT_SIGNER = "Thủ trưởng cơ quan"
OFFICER_SIGNER = "Người báo cáo"
# (header, width in cm); the widths add up to the 25.7 cm between the margins of A4 landscape.
TABLE_COLUMNS = [
    ("STT", 1.3),
    ("Điều khoản", 2.3),
    ("Nội dung yêu cầu", 6.0),
    ("Loại giấy tờ", 2.4),
    ("Phương án đề xuất", 5.4),
    ("Căn cứ pháp lý", 3.6),
    ("Quyết định", 2.0),
    ("Lý do", 2.7),
]


def _set_font(run, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    run.font.name = FONT
    # Word picks the East Asian font slot for some Vietnamese characters; pin every slot.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic


def _paragraph(container, text: str = "", size: float = 13, bold=False, italic=False, align=None, after=0):
    paragraph = container.add_paragraph()
    if text:
        _set_font(paragraph.add_run(text), size, bold, italic)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    return paragraph


def _cell_text(cell, text: str, size: float = 11, bold=False, italic=False, align=None) -> None:
    """Fill a fresh cell; line breaks in ``text`` become paragraphs."""
    lines = text.split("\n") if text else [""]
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        if align is not None:
            paragraph.alignment = align
        if line:
            _set_font(paragraph.add_run(line), size, bold, italic)


LEAD_IN_CHARS = 160  # the end of a lead-in says what follows ("… gồm:"); its start is cut


def _unit_cell(cell, row: ExportRow) -> None:
    """The clause, under its lead-in in small italics: "a) Tờ khai …" alone does not say it is required."""
    lead_in = " ".join((row.context or "").split())
    if not lead_in or row.text.startswith(lead_in):
        _cell_text(cell, row.text)
        return
    if len(lead_in) > LEAD_IN_CHARS:
        lead_in = "…" + lead_in[-LEAD_IN_CHARS:].lstrip()
    _cell_text(cell, lead_in, size=10, italic=True)
    for line in row.text.split("\n"):
        paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        _set_font(paragraph.add_run(line), 11, False, False)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _set_widths(table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    for index, width in enumerate(widths_cm):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)


def _landscape(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def date_line(day: date) -> str:
    """'ngày 05 tháng 01 năm 2026', 'ngày 26 tháng 11 năm 2026': a zero before days under 10 and the months 1
    and 2 only (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _header_block(document, issuer: str, place: str) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _set_widths(table, [10.2, 15.5])
    left, right = table.rows[0].cells
    _cell_text(left, issuer.upper(), size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, "—————", size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, "Số:        /BC-RS", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "———————————", size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    today = date.today()
    _paragraph(
        right,
        f"{place}, {date_line(today)}",
        size=13,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )


def head_of(department: str | None) -> str:
    """Who heads a department, as a "Kính gửi" line names them: 'Giám đốc Sở Tư pháp', 'Cục trưởng Cục Thuế'."""
    name = " ".join((department or "").split())
    if not name:
        return "Thủ trưởng đơn vị"
    for prefix, title in HEAD_TITLES:
        if name.startswith(prefix):
            return f"{title} {name}"
    return f"Thủ trưởng {name}"


def _same_name(a: str, b: str) -> bool:
    """Whether two typed names are the same: NFC, spacing, case and a closing full stop aside."""

    def norm(name: str) -> str:
        return " ".join(unicodedata.normalize("NFC", name).split()).rstrip(".").casefold()

    return norm(a) == norm(b)


def signer_for(recipient: str | None, department: str | None) -> str:
    """Who signs: the officer when the report goes to the head of their own department (the default), the head
    of the department when it goes elsewhere (a higher body), sealed."""
    addressed = (recipient or "").strip()
    if not addressed or _same_name(addressed, head_of(department)):
        return OFFICER_SIGNER
    return DEFAULT_SIGNER


def _addressee(document, recipient: str) -> None:
    # Several recipients, one a line ("Ủy ban nhân dân tỉnh; Sở Tư pháp"), become the usual dashed list.
    names = [n.strip() for n in recipient.replace("\n", ";").split(";") if n.strip()]
    if len(names) == 1:
        _paragraph(document, f"Kính gửi: {names[0]}.", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
        return
    _paragraph(document, "Kính gửi:", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    for index, name in enumerate(names):
        last = index == len(names) - 1
        paragraph = _paragraph(document, f"- {name}{'.' if last else ';'}", size=14, after=12 if last else 0)
        paragraph.paragraph_format.left_indent = Cm(9.0)


def _private_recipients(rows: Sequence[ExportRow]) -> Counter:
    """How many findings (not rejected) got the private-party proposal, by party."""
    # Who receives the paper is a property of the clause, not of the (editable) proposal: read it again, with
    # the drafted kind, so that a kind that keeps its usual rule (a household book sent to a bank, abolished)
    # is not counted under "chấp nhận bản điện tử giữa các bên".
    found = Counter()
    for row in rows:
        if row.status == "rejected":
            continue
        recipient = private_recipient(row.label, row.text, row.context, row.document_kind)
        if recipient is not None:
            found[recipient.name] += 1
    return found


def _summary(document, rows: Sequence[ExportRow], reviewed: int | None, unreadable: Sequence[str]) -> None:
    with_findings = len({row.document_id for row in rows})
    reviewed = max(reviewed or 0, with_findings)
    # What the department proposes is what its officers confirmed; the model's drafts on the rest are not yet that.
    actions = Counter(row.action for row in rows if row.action and row.status in ("confirmed", "approved"))
    statuses = Counter(row.status for row in rows if row.status)
    _paragraph(
        document,
        "Thực hiện Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển "
        "đổi số quốc gia (Đề án 06, Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ), cơ quan "
        "đã rà soát các văn bản thuộc phạm vi quản lý để phát hiện các quy định yêu cầu tổ chức, cá nhân nộp, "
        "xuất trình bản chính, bản sao, bản sao có chứng thực hoặc giấy tờ giấy có thể thay thế bằng dữ liệu "
        "điện tử. Kết quả như sau:",
        after=6,
    ).paragraph_format.first_line_indent = Cm(1.0)
    lines = [
        # Every document read counts as reviewed, not only those with findings: a clean document is a result too.
        f"Số văn bản đã rà soát: {reviewed} (có quy định yêu cầu nộp, xuất trình giấy tờ: {with_findings}).",
        # Only what an officer confirmed counts as a requirement; model suggestions are reported as such.
        "Số quy định có yêu cầu nộp, xuất trình giấy tờ đã được xác nhận: "
        f"{sum(statuses[s] for s in ('confirmed', 'approved'))}; "
        f"gợi ý của mô hình chưa xử lý: {statuses['pending'] + statuses['returned']}; "
        f"đã từ chối: {statuses['rejected']}.",
    ]
    if actions:
        lines.append(
            "Phương án đề xuất đối với các quy định đã xác nhận: "
            + "; ".join(f"{ACTION_NAMES.get(a, a).lower()}: {n}" for a, n in actions.most_common())
            + "."
        )
    private = _private_recipients(rows)
    if private:
        lines.append(
            "Quy định về giấy tờ gửi cho bên không phải cơ quan nhà nước, không thuộc phạm vi thủ tục hành chính "
            f"(phương án: chấp nhận bản điện tử giữa các bên): {sum(private.values())} ("
            + "; ".join(f"{name}: {n}" for name, n in private.most_common())
            + ")."
        )
    if statuses:
        lines.append(
            "Tình trạng xử lý: "
            + "; ".join(f"{STATUS_NAMES.get(s, s).lower()}: {n}" for s, n in statuses.most_common())
            + "."
        )
    if unreadable:
        # two different files of one name (in two folders) are named once, with their number
        names = [f"{name} ({count} tệp)" if count > 1 else name for name, count in Counter(unreadable).items()]
        shown = ", ".join(names[:UNREADABLE_NAMED])
        more = f" và {len(names) - UNREADABLE_NAMED} tên tệp khác" if len(names) > UNREADABLE_NAMED else ""
        lines.append(f"Số tệp không đọc được, cần rà soát thủ công: {len(unreadable)} ({shown}{more}).")
    for line in lines:
        paragraph = _paragraph(document, f"- {line}", after=2)
        paragraph.paragraph_format.first_line_indent = Cm(1.0)
    _paragraph(
        document,
        "Chi tiết từng văn bản tại các bảng dưới đây.",
        after=6,
    ).paragraph_format.first_line_indent = Cm(1.0)


def _decision_cell(row: ExportRow) -> str:
    """The decision, and under it who took it and when (the report answers for every line it prints)."""
    if row.decision and row.decision != "undo":
        decided = DECISION_NAMES.get(row.decision, row.decision)
    else:
        decided = STATUS_NAMES.get(row.status or "", "")
    if not row.reviewer:
        return decided
    when = f", {row.decided_at.astimezone().strftime('%d/%m/%Y')}" if row.decided_at else ""
    return f"{decided}\n({row.reviewer}{when})"


def _proposal_cell(row: ExportRow) -> str:
    # The text alone: after an officer's edit it may no longer match the drafted action's name.
    return row.proposal_text or ""


def _document_table(document, rows: Sequence[ExportRow]) -> None:
    table = document.add_table(rows=1, cols=len(TABLE_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    for cell, (title, _) in zip(header.cells, TABLE_COLUMNS, strict=True):
        _cell_text(cell, title, size=11, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell, "E7ECF3")
    for number, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        _cell_text(cells[0], str(number), align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell_text(cells[1], row.citation)
        _unit_cell(cells[2], row)
        _cell_text(cells[3], paper_cell(row))
        _cell_text(cells[4], _proposal_cell(row))
        _cell_text(cells[5], "\n".join(f"- {basis}" for basis in row.legal_basis), size=10)
        _cell_text(cells[6], _decision_cell(row), align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell_text(cells[7], reason_text(row), italic=True)
    _set_widths(table, [width for _, width in TABLE_COLUMNS])


def _signature(document, signer: str) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _set_widths(table, [12.0, 13.7])
    left, right = table.rows[0].cells
    _cell_text(left, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in ("- Như trên;", "- Lưu: VT."):
        _paragraph(left, line, size=11)
    _cell_text(right, signer.upper(), size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    seal = ", đóng dấu" if signer != OFFICER_SIGNER else ""
    _paragraph(right, f"(Ký, ghi rõ họ tên{seal})", size=12, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _identity(row: ExportRow, documents: Mapping[int, DocumentRow]) -> str:
    known = documents.get(row.document_id)
    heading = document_heading(row, issuer=known.issuer if known else None, date=known.date if known else None)
    if not (row.document_number or row.document_title):
        return f"{heading} ({UNKNOWN_IDENTITY})"
    return heading


def write_docx(
    rows: Sequence[ExportRow],
    out: Path,
    department: str | None,
    place: str = "........",
    recipient: str | None = None,
    documents: Mapping[int, DocumentRow] | None = None,
    unreadable: Sequence[str] = (),
) -> None:
    """The report of ``department`` (or of every department in ``rows`` when None).

    ``recipient`` is the "Kính gửi" line (several separated by ";"); by default the head of the department,
    and the report is then signed by the officer who drew it up. ``documents`` (by id), every document read,
    gives the count of documents reviewed and each document's date and issuer in its heading; ``unreadable``
    names the files that could not be read.
    """
    documents = documents or {}
    document = new_docx()
    _landscape(document)
    departments = sorted({row.department or "" for row in rows})
    single = departments[0] if len(departments) == 1 and departments[0] else None
    issuer = department or single or "Cơ quan rà soát"
    addressed = (recipient or "").strip()
    signer = signer_for(addressed, department or single)
    _header_block(document, issuer, place)
    _paragraph(document, after=6)
    _paragraph(document, "BÁO CÁO", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        document,
        "Kết quả rà soát quy định về thành phần hồ sơ, giấy tờ yêu cầu nộp, xuất trình",
        size=14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document, "theo Đề án 06", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(document, "—————", size=11, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _addressee(document, addressed or head_of(department or single))
    _summary(document, rows, len(documents) if documents else None, unreadable)
    if not rows:
        _paragraph(document, "Chưa có quy định nào được phát hiện.", italic=True, after=6)
    ordered = sorted(rows, key=lambda r: (r.department or "", r.document_id, r.position))
    for index, (_, group) in enumerate(groupby(ordered, key=lambda r: r.document_id), start=1):
        group = list(group)
        first = group[0]
        heading = f"{index}. {_identity(first, documents)}"
        if department is None and len(departments) > 1 and first.department:
            heading += f" — {first.department}"
        _paragraph(document, heading, size=13, bold=True, after=4).paragraph_format.space_before = Pt(10)
        _document_table(document, group)
    _paragraph(document, after=6)
    _signature(document, signer)
    document.core_properties.title = "Báo cáo kết quả rà soát theo Đề án 06"
    document.core_properties.author = issuer
    document.save(str(out))
