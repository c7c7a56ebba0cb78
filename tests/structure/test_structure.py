"""Structure from real law text: citations, lead-ins, front and back matter, amendments, appendices."""

from pathlib import Path

from reviewer.document import Block, RawDocument
from reviewer.structure import build_document

FIXTURES = Path(__file__).parent.parent / "fixtures" / "structure"


def document_from_lines(lines: list[str], source: str = "fixture", fmt: str = "text"):
    blocks = [Block(line.strip(), page=1) for line in lines if line.strip()]
    return build_document(RawDocument(source, fmt, 1, blocks))


def law(name: str):
    return document_from_lines((FIXTURES / name).read_text(encoding="utf-8").splitlines(), source=name)


def by_citation(document):
    return {unit.citation: unit for unit in document.units}


def test_cu_tru_dossier_points_are_cited_with_their_lead_in():
    units = by_citation(law("luat_cu_tru_2020_dieu_20_21.txt"))
    point = units["điểm b khoản 2 Điều 21"]
    assert point.text.startswith("b) Giấy tờ, tài liệu chứng minh quan hệ nhân thân")
    assert point.context.startswith("2. Hồ sơ đăng ký thường trú đối với người quy định tại khoản 2 Điều 20")
    assert units["khoản 1 Điều 21"].context == "Điều 21. Hồ sơ đăng ký thường trú"
    assert units["điểm a khoản 1 Điều 21"].text == "a) Tờ khai thay đổi thông tin cư trú;"


def test_cu_tru_every_unit_sits_inside_an_article():
    document = law("luat_cu_tru_2020_dieu_20_21.txt")
    assert document.units
    assert {unit.article for unit in document.units} == {"1", "20", "21"}
    points = [u.point for u in document.units if u.article == "20" and u.clause == "4" and u.kind == "point"]
    assert points == ["a", "b", "c", "d"]


def test_front_matter_becomes_metadata_and_back_matter_is_not_a_unit():
    document = law("luat_cu_tru_2020_dieu_20_21.txt")
    meta = document.meta
    assert (meta.number, meta.type, meta.issuer, meta.date) == (
        "68/2020/QH14",
        "Luật",
        "QUỐC HỘI",
        "2020-11-13",
    )
    assert meta.title == "CƯ TRÚ"
    assert any(line.startswith("Căn cứ Hiến pháp") for line in document.front_matter)
    assert "CHỦ TỊCH QUỐC HỘI" in document.back_matter
    assert not any("Nguyễn Thị Kim Ngân" in unit.text for unit in document.units)
    assert not any(unit.text.startswith("Căn cứ") for unit in document.units)


def test_a_department_under_its_province_issues_and_the_signers_authority_is_no_part_of_the_title():
    # A trial user's decision of a provincial health department
    document = document_from_lines(
        [
            "ỦY BAN NHÂN DÂN",
            "TỈNH HÀ NAM",
            "SỞ Y TẾ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 215/QĐ-SYT",
            "Hà Nam, ngày 12 tháng 3 năm 2024",
            "QUYẾT ĐỊNH",
            "Ban hành Quy định về thủ tục cấp giấy phép hành nghề trên địa bàn tỉnh",
            "GIÁM ĐỐC SỞ Y TẾ TỈNH HÀ NAM",
            "Căn cứ Luật Khám bệnh, chữa bệnh năm 2023;",
            "QUYẾT ĐỊNH:",
            "Điều 1. Ban hành kèm theo Quyết định này Quy định về thủ tục cấp giấy phép hành nghề.",
        ]
    )
    meta = document.meta
    assert meta.issuer == "SỞ Y TẾ TỈNH HÀ NAM"
    assert meta.title == "Ban hành Quy định về thủ tục cấp giấy phép hành nghề trên địa bàn tỉnh"
    two_lines = document_from_lines(["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG", "Số: 1842/QĐ-UBND", "QUYẾT ĐỊNH"])
    assert two_lines.meta.issuer == "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG"


def test_quoted_amendment_belongs_to_the_amended_document():
    units = by_citation(law("luat_dau_tu_2020_dieu_75_sua_doi.txt"))
    # cited in the amended law, which khoản 1 of Điều 75 names ("… của Luật Nhà ở số 65/2014/QH13 …")
    amended = units[
        "điểm c khoản 2 Điều 22 Luật Nhà ở số 65/2014/QH13 (nội dung sửa đổi, bổ sung tại điểm b khoản 1 Điều 75)"
    ]
    assert amended.text.startswith("c) Chấp thuận nhà đầu tư theo quy định của Luật Đầu tư.")
    assert amended.context == "b) Sửa đổi, bổ sung điểm c khoản 2 Điều 22 như sau:"
    assert "khoản 7 Điều 175 Luật Nhà ở số 65/2014/QH13 (nội dung sửa đổi, bổ sung tại điểm đ khoản 1 Điều 75)" in units
    # The quoted "2." is the amended law's khoản 2, not a new khoản of Điều 75.
    assert not any(c.startswith("khoản 2 Điều 75") for c in units)


def test_inserted_article_all_caps_heading_and_d_stroke_point():
    document = document_from_lines(
        [
            "CHÍNH PHỦ",
            "Số: 1/2024/NĐ-CP",
            "NGHỊ ĐỊNH",
            "Quy định thử",
            "ĐIỀU 10A. HỒ SƠ",
            "Điều 10a. Hồ sơ đề nghị cấp phép",
            "1. Hồ sơ gồm:",
            "a) Đơn đề nghị;",
            "b) Bản sao giấy phép;",
            "c) Ảnh;",
            "d) Tờ khai;",
            "đ) Bản sao có chứng thực Giấy chứng nhận đăng ký doanh nghiệp;",
            "e) Giấy tờ khác.",
        ]
    )
    units = by_citation(document)
    assert "điểm đ khoản 1 Điều 10a" in units
    assert units["điểm e khoản 1 Điều 10a"].context == "1. Hồ sơ gồm:"
    assert document.meta.number == "1/2024/NĐ-CP"


def test_appendix_units_are_cited_by_appendix():
    document = document_from_lines(
        [
            "Điều 1. Phạm vi",
            "Nghị định này quy định thủ tục.",
            "Nơi nhận:",
            "- Như Điều 1;",
            "PHỤ LỤC I",
            "DANH MỤC GIẤY TỜ",
            "1. Hồ sơ đề nghị gồm:",
            "a) Đơn đề nghị (bản chính);",
            "- Bản sao hộ chiếu;",
        ]
    )
    units = document.units
    assert [u.citation for u in units if u.appendix] == [
        "Phụ lục I",
        "Phụ lục I, mục 1",
        "Phụ lục I, mục 1.a",
        "Phụ lục I, mục 1.a, gạch đầu dòng thứ 1",
    ]
    assert units[-1].context == "a) Đơn đề nghị (bản chính);"
    assert "- Như Điều 1;" in document.back_matter


def test_document_without_articles_gets_paragraph_citations():
    document = document_from_lines(
        [
            "BỘ CÔNG AN",
            "Số: 12/BCA-C07",
            "V/v xin ý kiến dự thảo",
            "Kính gửi: Các đơn vị",
            "Đề nghị các đơn vị góp ý bằng văn bản.",
            "Hồ sơ gửi kèm gồm:",
            "- Dự thảo Thông tư;",
        ]
    )
    citations = [u.citation for u in document.units]
    assert "gạch đầu dòng thứ 1" in citations[-1]
    assert all(u.article is None for u in document.units)


def test_a_letters_body_starts_after_its_recipients_even_when_it_opens_with_can_cu():
    # The blocks of SRC-F_38 (Cục Cảnh sát PCCC và CNCH asks for comments on a draft standard), as pdfplumber
    # reads them: its body's second paragraph opens with "Căn cứ", like a legal preamble.
    document = document_from_lines(
        [
            "BỘ CÔNG AN",
            "CỤC CẢNH SÁT PCCC VÀ CNCH",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc Số: /PCCC&CNCH-P6",
            "V/v đề nghị góp ý dự thảo TCVN",
            "Hà Nội, ngày tháng năm 2026 Kính gửi: ..........................................",
            "..........................................",
            "Thực hiện Kế hoạch xây dựng tiêu chuẩn, quy chuẩn kỹ thuật quốc gia về phòng cháy và chữa cháy, Cục Cảnh"
            " sát PCCC và CNCH đã nghiên cứu xây dựng xong dự thảo tiêu chuẩn quốc gia.",
            "Căn cứ ý kiến đề nghị của Hội đồng thẩm định, Cục Cảnh sát PCCC và CNCH trân trọng đề nghị Quý đơn vị tổ"
            " chức nghiên cứu, góp ý bằng văn bản đối với dự thảo tiêu chuẩn nêu trên.",
            "Cục Cảnh sát PCCC và CNCH rất mong nhận được sự quan tâm, phối hợp của Quý đơn vị./.",
            "Nơi nhận:",
            "- Như trên;",
        ]
    )
    texts = [u.text for u in document.units]
    assert texts[0].startswith("Thực hiện Kế hoạch")
    assert texts[1].startswith("Căn cứ ý kiến đề nghị")
    assert not any("Kính gửi" in text or text.startswith("....") for text in texts)
    # a letter has no type line: its subject line ("V/v …") names it
    assert (document.meta.type, document.meta.title) == ("Công văn", "đề nghị góp ý dự thảo TCVN")


def test_a_law_s_title_stops_where_its_preamble_starts():
    # Luật Phòng cháy và chữa cháy 27/2001/QH10 (SRC-F_06): its preamble opens with "Để", not "Căn cứ".
    document = document_from_lines(
        [
            "QUỐC HỘI ______ Luật số: 27/2001/QH10 | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
            "LUẬT",
            "PHÒNG CHÁY VÀ CHỮA CHÁY",
            "Để tăng cường hiệu lực quản lý nhà nước và đề cao trách nhiệm của toàn dân đối với hoạt động phòng"
            " cháy và chữa cháy;",
            "Căn cứ vào Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1992;",
            "Luật này quy định về phòng cháy và chữa cháy.",
            "CHƯƠNG I NHỮNG QUY ĐỊNH CHUNG",
            "Điều 1. Phạm vi điều chỉnh",
            "Luật này quy định về phòng cháy và chữa cháy.",
        ]
    )
    assert document.meta.type == "Luật" and document.meta.title == "PHÒNG CHÁY VÀ CHỮA CHÁY"


def test_a_one_line_address_leaves_the_body_s_bullets_in_the_body():
    document = document_from_lines(
        [
            "BỘ TƯ PHÁP",
            "Số: 45/BTP-VP",
            "V/v góp ý dự thảo",
            "Kính gửi: Sở Tư pháp các tỉnh, thành phố trực thuộc Trung ương.",
            "- Đề nghị các đơn vị góp ý dự thảo Thông tư;",
            "- Gửi văn bản về Bộ trước ngày 30/6/2024.",
            "Trân trọng.",
        ]
    )
    assert [u.text for u in document.units][:2] == [
        "- Đề nghị các đơn vị góp ý dự thảo Thông tư;",
        "- Gửi văn bản về Bộ trước ngày 30/6/2024.",
    ]


def test_kinh_gui_quoted_in_a_body_does_not_move_its_start():
    document = document_from_lines(
        [
            "ỦY BAN NHÂN DÂN TỈNH X",
            "Số: 12/TB-UBND",
            "THÔNG BÁO",
            "Ủy ban thông báo như sau:",
            "Các hộ gia đình gửi đơn (Kính gửi: Chủ tịch UBND tỉnh) kèm bản sao giấy tờ về đất.",
            "Hồ sơ nộp tại Bộ phận một cửa.",
        ]
    )
    assert [u.text for u in document.units][0] == "Ủy ban thông báo như sau:"


def test_a_title_whose_last_line_ends_with_a_full_stop_keeps_it():
    document = document_from_lines(
        [
            "ỦY BAN NHÂN DÂN TỈNH X",
            "Số: 7/2024/QĐ-UBND",
            "QUYẾT ĐỊNH",
            "Ban hành Quy chế tiếp nhận hồ sơ",
            "trên địa bàn tỉnh X.",
            "Điều 1. Ban hành kèm theo Quyết định này Quy chế tiếp nhận hồ sơ.",
        ]
    )
    assert document.meta.title == "Ban hành Quy chế tiếp nhận hồ sơ trên địa bàn tỉnh X."


def test_a_decree_s_legal_preamble_stays_front_matter():
    document = document_from_lines(
        [
            "CHÍNH PHỦ",
            "Số: 23/2018/NĐ-CP",
            "NGHỊ ĐỊNH",
            "Quy định về bảo hiểm cháy, nổ bắt buộc",
            "Căn cứ Luật tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
            "Theo đề nghị của Bộ trưởng Bộ Tài chính;",
            "Chính phủ ban hành Nghị định quy định về bảo hiểm cháy, nổ bắt buộc.",
            "Doanh nghiệp bảo hiểm phải nộp báo cáo hằng năm.",
        ]
    )
    assert [u.text for u in document.units] == ["Doanh nghiệp bảo hiểm phải nộp báo cáo hằng năm."]


def test_scanned_cu_tru_articles_21_22_are_cited_through_ocr_misreads():
    """A real scan (Luật Cư trú 2020, pages 10–12): OCR reads khoản 7 of Điều 21 as "1.", yet it is cited as 7."""
    from reviewer.pipeline import read_document

    document = read_document(FIXTURES / "luat_cu_tru_2020_scan_trang_10_12.pdf")
    assert document.meta.format == "pdf-ocr"
    units = by_citation(document)
    clauses = [u.clause for u in document.units if u.article == "21" and u.kind == "clause"]
    assert clauses == [str(n) for n in range(1, 11)]
    assert "khoản 6 Điều 20" in units["khoản 7 Điều 21"].text
    point = units["điểm b khoản 7 Điều 21"]
    assert point.text.startswith("b) Giấy chứng nhận đăng ký phương tiện")
    assert point.context.startswith(units["khoản 7 Điều 21"].text[:40])
    assert units["điểm a khoản 1 Điều 21"].text.startswith("a) Tờ khai thay đổi thông tin cư trú")
    assert units["khoản 1 Điều 22"].page == 3
    # The fragment opens mid-way through Điều 20, whose heading is on an earlier page: no unit is left orphaned.
    assert {u.article for u in document.units} == {"21", "22", "23"}


def test_khoan_1_after_later_khoan_opens_an_article_whose_heading_the_source_lost():
    """Luật Kinh doanh bảo hiểm 2022 as published keeps 32 of its article headings: a dossier list after them
    must still be led in by its own khoản, and be cited so that the officer knows the article is not numbered."""
    units = law("luat_kinh_doanh_bao_hiem_2022_unheaded.txt").units
    point = next(u for u in units if u.text.startswith("a) Văn bản đề nghị cấp giấy phép thành lập và hoạt động"))
    assert point.context == "1. Hồ sơ đề nghị cấp giấy phép thành lập và hoạt động bao gồm:"
    assert point.citation == "điểm a khoản 1 Điều ? (sau Điều 66)"
    assert units[0].citation == "khoản 1 Điều 66"
    later = next(u for u in units if u.text.startswith("2. Chính phủ quy định chi tiết điều kiện, hồ sơ"))
    assert later.citation == "khoản 2 Điều ? (sau Điều 66)"


def test_a_numbered_line_out_of_sequence_stays_a_paragraph_of_its_khoan():
    units = document_from_lines(
        ["Điều 42. Đánh giá viên chức", "1. Hàng năm, viên chức được xếp loại như sau:", "1. Hoàn thành xuất sắc;"]
    ).units
    assert [(u.article, u.clause, u.kind) for u in units] == [("42", "1", "clause"), ("42", "1", "paragraph")]


def test_a_letters_signature_and_recipients_are_back_matter_not_units():
    document = document_from_lines(
        [
            "CỤC CẢNH SÁT PCCC VÀ CNCH",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 12/PCCC&CNCH-P6",
            "Kính gửi: Sở Tư pháp",
            "Đề nghị Quý đơn vị gửi ý kiến góp ý bằng văn bản trước ngày 30/11.",
            "Trân trọng./.",
            "KT. CỤC TRƯỞNG",
            "PHÓ CỤC TRƯỞNG",
            "Nguyễn Văn A",
            "Nơi nhận:",
            "- Như trên;",
            "- Lưu: VT, P6.",
        ]
    )
    assert [u.text for u in document.units] == [
        "Đề nghị Quý đơn vị gửi ý kiến góp ý bằng văn bản trước ngày 30/11.",
        "Trân trọng./.",
    ]
    assert document.back_matter[0] == "KT. CỤC TRƯỞNG" and "- Như trên;" in document.back_matter


def test_a_decrees_recipients_laid_out_in_a_table_row_are_back_matter():
    # NĐ 23/2018/NĐ-CP as a Word file: "Nơi nhận" and the signature share one table row after the last article.
    lines = [
        "Điều 18. Trách nhiệm thi hành",
        "Các Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh chịu trách nhiệm thi hành Nghị định này.",
        "Điều 19. Nơi nhận hồ sơ",
        "Nơi nhận hồ sơ là Sở Tài chính.",  # no colon: a clause, not the recipients list
    ]
    blocks = [Block(line, page=1) for line in lines]
    blocks.append(
        Block(
            "Nơi nhận: - Ban Bí thư Trung ương Đảng; - Lưu: VT. | TM. CHÍNH PHỦ THỦ TƯỚNG",
            page=1,
            kind="table_row",
            cells=("Nơi nhận: - Ban Bí thư Trung ương Đảng; - Lưu: VT.", "TM. CHÍNH PHỦ THỦ TƯỚNG"),
        )
    )
    document = build_document(RawDocument("nd.doc", "doc", 1, blocks))
    assert [u.citation for u in document.units] == ["Điều 18", "Điều 19"]
    assert document.units[-1].text == "Nơi nhận hồ sơ là Sở Tài chính."


def test_a_list_under_an_unnumbered_lead_in_paragraph_takes_that_paragraph_as_lead_in():
    document = document_from_lines(
        [
            "Điều 1. Hồ sơ đăng ký",
            "Hồ sơ gồm:",
            "a) Tờ khai theo mẫu;",
            "Điều 368. Hồ sơ đề nghị tha tù trước thời hạn",
            "1. Trại giam có trách nhiệm lập hồ sơ đề nghị tha tù trước thời hạn.",
            "Hồ sơ đề nghị tha tù trước thời hạn gồm:",
            "a) Đơn xin tha tù trước thời hạn của phạm nhân;",
            "Việc xét tha tù được thực hiện như sau.",  # a paragraph that opens no list ends the one before
            "- Viện kiểm sát cử Kiểm sát viên tham gia.",
            "2. Hồ sơ gồm:",
            "a) Đơn đề nghị;",
        ]
    )
    units = by_citation(document)
    assert units["điểm a Điều 1"].context == "Điều 1. Hồ sơ đăng ký\nHồ sơ gồm:"
    # the khoản's opening sentence stays: it says who compiles the list
    assert units["điểm a khoản 1 Điều 368"].context == (
        "1. Trại giam có trách nhiệm lập hồ sơ đề nghị tha tù trước thời hạn.\nHồ sơ đề nghị tha tù trước thời hạn gồm:"
    )
    dash = next(u for u in document.units if u.text.startswith("- Viện kiểm sát"))
    assert dash.context.startswith("1. Trại giam") and "gồm:" not in dash.context
    assert units["điểm a khoản 2 Điều 368"].context == "2. Hồ sơ gồm:"


def test_nơi_nhan_followed_by_words_is_a_clause_and_a_letters_attachment_is_read():
    decree = document_from_lines(
        [
            "Điều 5. Tiếp nhận hồ sơ",
            "Nơi nhận: Bộ phận Một cửa của Ủy ban nhân dân cấp xã nơi người yêu cầu cư trú.",
            "Điều 6. Hồ sơ đăng ký",
            "1. Hồ sơ gồm:",
            "b) Bản sao Giấy khai sinh;",
        ]
    )
    assert [u.citation for u in decree.units] == ["Điều 5", "khoản 1 Điều 6", "điểm b khoản 1 Điều 6"]
    letter = document_from_lines(
        [
            "CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH",
            "Số: 1/C06",
            "Kính gửi: Sở Tư pháp",
            "Đề nghị Quý đơn vị góp ý danh mục thủ tục kèm theo.",
            "KT. CỤC TRƯỞNG",
            "Nơi nhận:",
            "- Như trên;",
            "DANH MỤC THỦ TỤC HÀNH CHÍNH",
            "Hồ sơ gồm:",
            "a) Bản sao Giấy khai sinh;",
        ]
    )
    assert "a) Bản sao Giấy khai sinh;" in [u.text for u in letter.units]
    assert "- Như trên;" in letter.back_matter


def test_an_article_whose_text_is_on_its_heading_line_is_a_unit():
    # Short decisions write a whole article on one line; a trial user's requirement vanished with them.
    document = document_from_lines(
        [
            "Điều 1. Người đề nghị nộp bản sao có chứng thực giấy khai sinh và xuất trình Sổ hộ khẩu khi nộp hồ sơ.",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
            "Bãi bỏ Quyết định số 12/2020/QĐ-UBND.",
            "Điều 3. Hồ sơ đề nghị",
            "1. Hồ sơ gồm tờ khai theo mẫu.",
            "Điều 4. Trách nhiệm của các tổ chức xã hội.",  # a law's title with a full stop: not a sentence
            "1. Các tổ chức xã hội phối hợp thực hiện.",
            "Điều 5. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này./.",
        ]
    )
    units = by_citation(document)
    assert units["Điều 1"].text.startswith("Người đề nghị nộp bản sao có chứng thực giấy khai sinh")
    assert units["Điều 1"].article == "1"
    # the heading sentence and the paragraph after it are both the article's text
    assert units["đoạn 1 Điều 2"].text == "Quyết định này có hiệu lực kể từ ngày ký."
    assert units["đoạn 2 Điều 2"].text == "Bãi bỏ Quyết định số 12/2020/QĐ-UBND."
    assert units["Điều 5"].text.startswith("Chánh Văn phòng chịu trách nhiệm")
    assert not [u for u in document.units if u.article in ("3", "4") and u.kind == "paragraph"]


def test_a_dossier_table_takes_the_paragraph_that_opens_it_as_lead_in_and_cites_its_rows():
    header = ("STT", "Tên giấy tờ", "Mẫu đơn, tờ khai", "Số lượng")
    rows = [
        header,
        ("1", "Đơn đề nghị công nhận văn bằng", "Mẫu số 01", "Bản chính: 1"),
        ("3", "Giấy khai sinh (đối với người dưới 18 tuổi)", "", "Bản sao: 1"),
    ]
    blocks = [
        Block("PHỤ LỤC", page=1),
        Block("1. Thủ tục công nhận văn bằng do cơ sở giáo dục nước ngoài cấp", page=1),
        Block("Thành phần hồ sơ:", page=1),
        *[Block(" | ".join(c for c in row if c), page=1, kind="table_row", cells=row) for row in rows],
        Block("Phí: không thu.", page=1),
    ]
    document = build_document(RawDocument("qd.docx", "docx", 1, blocks))
    table = [u for u in document.units if u.kind == "row"]
    assert [u.text.split(" | ")[1] for u in table] == [
        "Đơn đề nghị công nhận văn bằng",
        "Giấy khai sinh (đối với người dưới 18 tuổi)",
    ]
    assert [u.citation for u in table] == ["Phụ lục, mục 1, bảng, dòng 1", "Phụ lục, mục 1, bảng, dòng 3"]
    assert all(u.context.endswith("\nThành phần hồ sơ:") for u in table)
    assert all(u.context.startswith("1. Thủ tục công nhận văn bằng") for u in table)
    # the paragraph after the table no longer hangs from the table's lead-in
    assert document.units[-1].context == "1. Thủ tục công nhận văn bằng do cơ sở giáo dục nước ngoài cấp"


def test_an_amended_circular_named_in_the_article_heading_is_cited():
    # A trial user's TT 48/2024/TT-BTC: "khoản 9 Điều 7" alone reads as Điều 7 of TT 48, which has three articles.
    document = document_from_lines(
        [
            "Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 105/2020/TT-BTC ngày 03/12/2020 của Bộ trưởng "
            "Bộ Tài chính",
            "1. Sửa đổi, bổ sung khoản 9 Điều 7 như sau:",
            "“9. Hồ sơ đăng ký thuế gồm:",
            "a) Bản sao có chứng thực giấy khai sinh;",
            "b) Tờ khai đăng ký thuế.”",
            "Điều 2. Hiệu lực thi hành",
            "Thông tư này có hiệu lực kể từ ngày 01 tháng 7 năm 2024.",
        ]
    )
    citations = [u.citation for u in document.units]
    where = "Thông tư số 105/2020/TT-BTC (nội dung sửa đổi, bổ sung tại khoản 1 Điều 1)"
    assert f"điểm a khoản 9 Điều 7 {where}" in citations
    assert "Điều 2" in citations  # the amending circular's own article keeps its plain citation
