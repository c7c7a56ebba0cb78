"""From a finding to a proposal: the paper decides the action, and the legal basis always fits the paper."""

from __future__ import annotations

import pytest

from reviewer.errors import BadInput
from reviewer.propose import ACTIONS, FINDING_LABELS, default_rules, document_kind, draft_proposal, load_rules

HOUSEHOLD_END = "hết giá trị sử dụng từ ngày 01/01/2023"


@pytest.mark.parametrize(
    ("label", "text", "action", "kind"),
    [
        # The examples of shared/DOMAIN.md and real dossier items.
        (
            "certified_copy",
            "a) Bản sao có chứng thực Giấy chứng nhận đăng ký doanh nghiệp;",
            "database_lookup",
            "dang_ky_doanh_nghiep",
        ),
        (
            "original",
            "Người yêu cầu xuất trình Thẻ Căn cước hoặc Hộ chiếu còn giá trị sử dụng.",
            "abolish",
            "can_cuoc",
        ),
        ("copy", "c) Bản chụp hộ chiếu của người nước ngoài;", "database_lookup", "ho_chieu"),
        ("paper_document", "a) Tờ khai đăng ký theo mẫu;", "electronic_form", "don_to_khai"),
        ("original", "Sổ hộ khẩu của chủ hộ (bản chính).", "abolish", "so_ho_khau"),
        ("copy", "b) Bản sao Giấy khai sinh của trẻ em;", "abolish", "giay_khai_sinh"),
        (
            "certified_copy",
            "c) Bản sao có chứng thực bằng tốt nghiệp đại học;",
            "drop_certification",
            "van_bang",
        ),
        ("paper_document", "Đơn đề nghị cấp giấy phép lái xe theo mẫu;", "electronic_form", "don_to_khai"),
        ("original", "d) Văn bản ủy quyền (bản chính);", "keep", "uy_quyen"),
        (
            "paper_document",
            "d) Danh sách thành viên, cổ đông tại thời điểm nộp hồ sơ;",
            "electronic_copy",
            "tai_lieu_khac",
        ),
    ],
)
def test_the_paper_decides_the_action(label, text, action, kind):
    draft = draft_proposal(label, text, context="Hồ sơ gồm:")
    assert (draft.action, draft.document_kind) == (action, kind)
    assert draft.text and draft.legal_basis
    assert all(default_rules().fits(key, draft.document_kind) for key in draft.basis_keys)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # what the procedure issues is not the paper asked for
        ("1. Hồ sơ đề nghị cấp giấy phép gồm:", "tai_lieu_khac"),
        ("a) Tờ khai đề nghị cấp Giấy phép lái xe;", "don_to_khai"),
        ("Trường hợp cấp lại Giấy phép lái xe, người đề nghị nộp bản sao Giấy chứng nhận đăng ký xe.", "dang_ky_xe"),
        # nor is the paper on which information is written
        (
            "Công dân nộp giấy tờ, tài liệu chứng minh những thông tin đã thay đổi trên thẻ căn cước.",
            "tai_lieu_khac",
        ),
        # the paper itself, whatever happened to it before, and pages in it
        ("b) Giấy phép xây dựng đã được cấp (1 bản chính)", "giay_phep"),
        ("a) Bản sao Giấy phép lái xe;", "giay_phep_lai_xe"),
        ("c) Bản chụp các trang có thông tin trong hộ chiếu;", "ho_chieu"),
        ("a) Bản sao các trang trong Sổ hộ khẩu;", "so_ho_khau"),
        ("b) Giấy tờ chứng minh người đề nghị có tên trong sổ hộ khẩu;", "so_ho_khau"),
        # the household books are never passed over: their end of validity must be cited
        ("a) Tờ khai đề nghị cấp lại Sổ hộ khẩu;", "so_ho_khau"),
    ],
)
def test_the_kind_is_the_paper_asked_for_not_the_one_applied_for_or_written_on(text, kind):
    assert document_kind(text) == kind


def test_a_unit_naming_both_household_books_abolishes_both():
    both = draft_proposal("original", "a) Sổ hộ khẩu hoặc Sổ tạm trú;", "Người đề nghị xuất trình các giấy tờ sau:")
    assert both.text.startswith("Sổ hộ khẩu, Sổ tạm trú đã hết giá trị sử dụng từ ngày 01/01/2023.")
    assert "xuất trình bản chính Sổ hộ khẩu, Sổ tạm trú;" in both.text
    one = draft_proposal("original", "a) Sổ hộ khẩu;", "Hồ sơ gồm:")
    assert "Sổ tạm trú" not in one.text


def test_abolishing_the_identity_card_does_not_send_the_agency_to_its_chip():
    card = draft_proposal("original", "Người yêu cầu xuất trình Thẻ Căn cước.").text
    assert "VNeID" in card and "chíp" not in card
    # the household book's data may be read from the chip of the card the citizen still holds (DOMAIN.md)
    assert "chíp thẻ căn cước" in draft_proposal("original", "a) Sổ hộ khẩu;", "Hồ sơ gồm:").text


def test_household_book_proposals_cite_the_end_of_validity():
    for label in FINDING_LABELS:
        for text in (
            "Bản sao Sổ hộ khẩu;",
            "Sổ tạm trú (bản chính)",
            "Giấy tờ chứng minh nơi cư trú, sổ hộ khẩu",
        ):
            draft = draft_proposal(label, text)
            assert draft.action == "abolish"
            assert any("Điều 38 Luật Cư trú số 68/2020/QH14" in b and HOUSEHOLD_END in b for b in draft.legal_basis)
            assert any("104/2022/NĐ-CP" in b for b in draft.legal_basis)
            assert HOUSEHOLD_END in draft.text


def test_no_rule_cites_a_basis_that_does_not_fit_its_document():
    rules = default_rules()
    household_only = {"cu_tru_38", "nd_104_2022"}
    residence = {"so_ho_khau", "so_tam_tru", "xac_nhan_cu_tru"}
    identity = {"can_cuoc", "giay_khai_sinh", "ket_hon", *residence}
    for kind in rules.kinds:
        for label in FINDING_LABELS:
            rule = rules.rule(kind, label)
            assert rule.action in ACTIONS
            assert rule.legal_basis, (kind, label)
            for key in rule.legal_basis:
                assert rules.fits(key, kind), (kind, label, key)
            if kind not in {"so_ho_khau", "so_tam_tru"}:
                assert not household_only & set(rule.legal_basis), (kind, label)
            if kind not in residence:
                assert "luat_cu_tru" not in rule.legal_basis, (kind, label)
            if kind not in identity:
                assert "luat_can_cuoc" not in rule.legal_basis, (kind, label)
            if rule.action in ("abolish", "database_lookup"):
                assert rule.data_source in rules.data_sources


def test_a_business_certificate_never_gets_the_household_book_basis():
    for label in FINDING_LABELS:
        draft = draft_proposal(label, "Bản sao Giấy chứng nhận đăng ký doanh nghiệp")
        assert draft.document_kind == "dang_ky_doanh_nghiep"
        assert not any("Cư trú" in basis or "104/2022" in basis for basis in draft.legal_basis)


def test_evidence_names_the_kind_whether_objects_or_stored_dicts():
    text = "Bản sao giấy phép kinh doanh"
    stored = [{"start": 8, "end": 28, "text": "giấy phép kinh doanh", "kind": "document", "tag": "giay_phep"}]
    assert document_kind(text, stored) == "giay_phep"
    from reviewer.find import find_documents

    found = find_documents("Bản sao Sổ hộ khẩu")
    assert document_kind("Bản sao Sổ hộ khẩu", found) == "so_ho_khau"


def test_none_is_not_a_finding():
    with pytest.raises(BadInput):
        draft_proposal("none", "Trong thời hạn 05 ngày làm việc, cơ quan đăng ký cấp Giấy chứng nhận.")


def test_rules_that_cite_a_misfitting_basis_are_refused(edited_rules):
    def misfit(data):
        data["kinds"]["dang_ky_doanh_nghiep"]["legal_basis"].append("cu_tru_38")

    with pytest.raises(BadInput, match="does not fit"):
        load_rules(edited_rules(misfit))


def test_household_rules_without_the_end_of_validity_are_refused(edited_rules):
    def forget(data):
        data["kinds"]["so_tam_tru"]["legal_basis"] = ["nd_104_2022"]

    with pytest.raises(BadInput, match="must cite 'cu_tru_38'"):
        load_rules(edited_rules(forget))


def test_legal_staff_can_add_a_kind(edited_rules):
    def add(data):
        data["kinds"]["giay_phep_xay_dung"] = {
            "name": "Giấy phép xây dựng",
            "keywords": ["giấy phép xây dựng"],
            "action": "database_lookup",
            "data_source": "he_thong_giai_quyet_tthc",
            "legal_basis": ["de_an_06", "nd_45_2020"],
        }
        data["priority"].insert(0, "giay_phep_xay_dung")

    rules = load_rules(edited_rules(add))
    draft = draft_proposal("copy", "Bản sao giấy phép xây dựng", rules=rules, evidence=[])
    assert (draft.document_kind, draft.action) == ("giay_phep_xay_dung", "database_lookup")


def test_a_schools_transfer_letter_is_no_authorisation():
    # A trial user's education procedure: "giấy giới thiệu" is an authorisation letter, but not this one.
    from reviewer.find import find_evidence

    text = "Giấy giới thiệu chuyển trường do Hiệu trưởng nhà trường nơi đi cấp | 01 bản chính"
    draft = draft_proposal("original", text, "c) Thành phần hồ sơ:", find_evidence(text))
    assert draft.document_kind != "uy_quyen" and "ủy quyền" not in draft.text
    authorisation = "Giấy giới thiệu của tổ chức cho người đến làm thủ tục"
    assert draft_proposal("original", authorisation, "", find_evidence(authorisation)).document_kind == "uy_quyen"


@pytest.mark.parametrize(
    ("label", "text", "papers"),
    [
        # a trial user's clauses: the proposal covered the first paper and dropped the other
        ("copy", "đ) Bản sao Giấy khai sinh hoặc bản sao Sổ hộ khẩu;", ["Sổ hộ khẩu", "Giấy khai sinh"]),
        ("original", "Xuất trình Thẻ căn cước hoặc hộ chiếu còn giá trị sử dụng.", ["Thẻ Căn cước", "Hộ chiếu"]),
    ],
)
def test_a_unit_naming_several_papers_gets_a_proposal_for_each(label: str, text: str, papers: list[str]):
    from reviewer.find import find_evidence

    draft = draft_proposal(label, text, "Hồ sơ gồm:", find_evidence(text))
    assert all(paper in draft.text for paper in papers)
    assert len(draft.basis_keys) == len(set(draft.basis_keys))  # each basis cited once
    single = draft_proposal(label, "a) Bản sao Giấy khai sinh;", "Hồ sơ gồm:")
    assert single.text.count("Bãi bỏ") == 1
