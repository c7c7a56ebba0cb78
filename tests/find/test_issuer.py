"""Whose paper a dossier item names and in what form: real portal items (shared/data/procedures.jsonl)."""

from __future__ import annotations

import pytest

from reviewer.find.issuer import item_head, stated_form


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
        ("Văn bản ủy quyền (0 bản chính,1 bản sao)", None, "copy"),
        ("a) Đơn đề nghị cấp giấy phép theo Mẫu số 01;", "own", None),
        ("- Hợp đồng mua bán xe", "issued", None),
        ("Tài liệu về tư cách pháp lý của nhà đầu tư (1 bản chính)", None, "original"),
        ("Giấy tờ tùy thân (0 bản chính)", None, None),
    ],
)
def test_an_items_head_and_form(item: str, head: str | None, form: str | None) -> None:
    assert item_head(item) == head
    assert stated_form(item) == form


def test_a_head_noun_counts_only_at_the_head_of_the_item() -> None:
    # "giấy phép" is named, but what is asked for is the application
    assert item_head("a) Đơn đề nghị cấp giấy phép;") == "own"
    assert item_head("Trường hợp doanh nghiệp đã có giấy phép thì nộp thêm bản cam kết") is None
