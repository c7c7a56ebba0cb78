"""Whose paper a dossier item names and in what form: real portal items (shared/data/procedures.jsonl)."""

from __future__ import annotations

import pytest

from reviewer.find.issuer import asks_original_of_issued, item_head, presented_under_lead_in, stated_form


@pytest.mark.parametrize(
    ("item", "head", "form"),
    [
        # issued by the state, handed in as an original (Trả lại giấy phép thăm dò khoáng sản)
        ("Giấy phép thăm dò khoáng sản (1 bản chính)", "issued", "original"),
        # the applicant's own form, marked "bản chính" all the same (Cấp chứng nhận đăng ký xe)
        (
            "Giấy khai đăng ký xe (mẫu ĐKX10 ban hành kèm theo Thông tư số 13/2025/TT-BCA) (1 bản chính)",
            "own",
            "original",
        ),
        # the wording beats the quantity column
        ("Bản sao chứng từ chuyển quyền sở hữu xe (1 bản chính)", None, "copy"),
        ("Bản sao quyết định cấp phép nghiên cứu khoa học đã được cấp. (1 bản chính)", "issued", "copy"),
        ("b) Bản sao có chứng thực Giấy chứng nhận đăng ký doanh nghiệp;", "issued", "copy"),
        # the applicant's own authorisation letter (DOMAIN.md), asked for as a copy
        ("Văn bản ủy quyền (0 bản chính,1 bản sao)", "own", "copy"),
        ("a) Đơn đề nghị cấp giấy phép theo Mẫu số 01;", "own", None),
        ("- Hợp đồng mua bán xe", "issued", None),
        ("Tài liệu về tư cách pháp lý của nhà đầu tư (1 bản chính)", None, "original"),
        ("Giấy tờ tùy thân (0 bản chính)", None, None),
        # a copy the holder stamps "sao y bản chính" is a copy, not the original it copies
        ("Bản sao y bản chính Giấy phép kinh doanh (1 bản chính)", "issued", "copy"),
        ("Giấy chứng nhận đăng ký doanh nghiệp (bản chính/sao y)", "issued", "original"),
        # longer markers and prefixes
        ("(ii) Biên bản họp Hội đồng thành viên về việc chuyển đổi (1 bản chính)", "own", "original"),
        ("Bản photo hộ chiếu", "issued", "copy"),
        ("- Quyết định của Hội đồng quản trị về việc thành lập chi nhánh", "own", None),
        ("Văn bản cam kết thực hiện dự án (1 bản chính)", "own", "original"),
    ],
)
def test_an_items_head_and_form(item: str, head: str | None, form: str | None) -> None:
    assert item_head(item) == head
    assert stated_form(item) == form


def test_decomposed_and_upper_case_items_read_the_same() -> None:
    import unicodedata

    item = "Bản sao giấy phép xây dựng (1 bản chính)"
    for variant in (unicodedata.normalize("NFD", item), item.upper()):
        assert (item_head(variant), stated_form(variant)) == ("issued", "copy")


def test_a_head_noun_counts_only_at_the_head_of_the_item() -> None:
    # "giấy phép" is named, but what is asked for is the application
    assert item_head("a) Đơn đề nghị cấp giấy phép;") == "own"
    assert item_head("Trường hợp doanh nghiệp đã có giấy phép thì nộp thêm bản cam kết") is None


@pytest.mark.parametrize(
    ("item", "asks"),
    [
        ("a) Bản chính sổ hộ khẩu;", True),
        ("a) Bản chính Giấy khai sinh;", True),
        ("Bản gốc giấy phép xây dựng đã được cấp (đối với trường hợp bị rách, nát). (1 bản chính)", True),
        # the applicant's own form, even in the original
        ("Bản chính Đơn đề nghị giao khu vực biển theo Mẫu số 01;", False),
        # the portal's column alone: its own forms are marked (1 bản chính) too
        ("Giấy phép xây dựng đã được cấp (1 bản chính)", False),
        # a copy or a certified copy offered instead
        ("Bản chính hoặc bản sao có chứng thực Giấy khai sinh;", False),
        ("Bản chính hoặc bản sao Giấy chứng nhận đăng ký doanh nghiệp;", False),
        ("Bản sao y bản chính Giấy khai sinh;", False),
    ],
)
def test_an_item_that_asks_in_its_words_for_the_original_of_an_issued_paper(item: str, asks: bool) -> None:
    assert asks_original_of_issued(item) is asks


@pytest.mark.parametrize(
    ("item", "lead_in", "shown"),
    [
        ("b) Sổ hộ khẩu;", "Người đề nghị xuất trình các giấy tờ sau để đối chiếu:", True),
        ("c) Giấy phép lái xe;", "Khi tham gia giao thông, người lái xe phải mang theo các giấy tờ sau đây:", True),
        ("b) Sổ hộ khẩu;", "Hồ sơ gồm:", False),  # handed in: the form is not said
        ("c) Bản sao Giấy khai sinh;", "Người đề nghị xuất trình các giấy tờ sau:", False),
        ("d) Tờ khai theo mẫu;", "Người đề nghị xuất trình các giấy tờ sau:", False),  # the applicant's own
        # the lead-in's sentence ended before the list: it does not have the list shown
        ("b) Sổ hộ khẩu;", "Người đề nghị xuất trình Thẻ Căn cước. Hồ sơ gồm:", False),
        ("b) Sổ hộ khẩu;", "1. Người đề nghị xuất trình Thẻ Căn cước\nHồ sơ gồm:", False),  # a new line too
        # the list is handed in, or may be copies
        (
            "a) Giấy khai sinh;",
            "Người yêu cầu xuất trình bản chính hoặc nộp bản sao có chứng thực các giấy tờ sau:",
            False,
        ),
        ("a) Giấy khai sinh;", "Người yêu cầu xuất trình giấy tờ tùy thân và nộp các giấy tờ sau:", False),
    ],
)
def test_an_issued_paper_listed_under_a_lead_in_that_has_it_shown(item: str, lead_in: str, shown: bool) -> None:
    assert presented_under_lead_in(item, lead_in) is shown
