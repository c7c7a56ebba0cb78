"""Who receives the paper decides the proposal: a state body reads its databases, a private party does not.

A new user's trial with an insurance decree found proposals sending an insurer's claim papers to the National
Public Service Portal. These tests use real clauses: Nghị định 23/2018/NĐ-CP Điều 8 khoản 2 (the claim file of
compulsory fire insurance, cut into tests/fixtures/propose), Luật Kinh doanh bảo hiểm 2022, Bộ luật Dân sự 2015,
Luật Các tổ chức tín dụng 2010, Luật Bảo hiểm tiền gửi 2012 and Luật Cư trú 2020 (shared/data/laws).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from reviewer.errors import BadInput
from reviewer.pipeline import read_document
from reviewer.propose import (
    FINDING_LABELS,
    default_rules,
    draft_proposal,
    load_rules,
    private_recipient,
    recipient_of,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "propose"
CLAIM_FILE = FIXTURES / "nd_23_2018_dieu_8_ho_so_boi_thuong_bao_hiem.txt"

# Channels that only a proposal addressed to a state procedure may propose.
STATE_CHANNELS = ("Cổng Dịch vụ công", "cơ quan giải quyết thủ tục", "cơ quan tiếp nhận")
OUT_OF_SCOPE = "không phải thành phần hồ sơ thủ tục hành chính"
GDDT_2023 = "Luật Giao dịch điện tử số 20/2023/QH15"

# Luật Kinh doanh bảo hiểm 08/2022/QH15 (khoản 2 of the article on the insurer's recourse against third parties).
KDBH_RECOURSE = (
    "2. Khi doanh nghiệp bảo hiểm, chi nhánh doanh nghiệp bảo hiểm phi nhân thọ nước ngoài thực hiện quyền yêu cầu "
    "bồi hoàn đối với người thứ ba, người được bảo hiểm có trách nhiệm cung cấp cho doanh nghiệp bảo hiểm, chi "
    "nhánh doanh nghiệp bảo hiểm phi nhân thọ nước ngoài các tài liệu cần thiết và thông tin liên quan theo thỏa "
    "thuận trong hợp đồng bảo hiểm."
)
# Bộ luật Dân sự 91/2015/QH13, the consignee's duties under a carriage contract.
BLDS_CARRIAGE = (
    "1. Xuất trình cho bên vận chuyển vận đơn hoặc chứng từ vận chuyển tương đương khác và nhận tài sản đúng "
    "thời hạn, địa điểm đã thỏa thuận."
)
# Luật Các tổ chức tín dụng 47/2010/QH12: a bank group reports to the State Bank, a state body.
TCTD_STATE_BANK = (
    "1. Trong thời hạn 120 ngày, kể từ thời điểm kết thúc năm tài chính, ngoài báo cáo và tài liệu theo quy định "
    "của pháp luật, công ty kiểm soát phải lập và gửi cho Ngân hàng Nhà nước báo cáo tài chính hợp nhất đã được "
    "kiểm toán theo quy định của pháp luật về kế toán."
)
# Luật Kinh doanh bảo hiểm 08/2022/QH15: an insurer's request goes to the Ministry of Finance.
KDBH_TO_MINISTRY = (
    "1. Doanh nghiệp bảo hiểm, chi nhánh doanh nghiệp bảo hiểm phi nhân thọ nước ngoài chuyển giao danh mục hợp "
    "đồng bảo hiểm phải có văn bản đề nghị chuyển giao danh mục hợp đồng bảo hiểm gửi đến Bộ Tài chính, trong đó "
    "nêu rõ lý do chuyển giao, kèm theo kế hoạch và hợp đồng chuyển giao."
)
# Luật Cư trú 68/2020/QH14, Điều 21 khoản 1 (permanent residence dossier).
CU_TRU_LEAD_IN = "1. Hồ sơ đăng ký thường trú đối với người quy định tại khoản 1 Điều 20 của Luật này bao gồm:"
CU_TRU_ITEM = "b) Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp."


@pytest.fixture(scope="module")
def claim_file():
    return read_document(CLAIM_FILE)


def _unit(document, citation: str):
    return next(u for u in document.units if u.citation == citation)


@pytest.mark.parametrize(
    ("citation", "label"),
    [
        ("điểm a khoản 2 Điều 8", "paper_document"),
        ("điểm b khoản 2 Điều 8", "paper_document"),
        ("điểm c khoản 2 Điều 8", "copy"),
        ("điểm đ khoản 2 Điều 8", "copy"),
        ("điểm e khoản 2 Điều 8", "paper_document"),
    ],
)
def test_insurance_claim_papers_go_to_the_insurer_not_to_a_state_database(claim_file, citation, label):
    unit = _unit(claim_file, citation)
    draft = draft_proposal(label, unit.text, unit.context)
    assert draft.recipient == "doanh nghiệp bảo hiểm"
    assert draft.data_source is None
    assert draft.action in ("electronic_copy", "electronic_form")
    assert "doanh nghiệp bảo hiểm" in draft.text and OUT_OF_SCOPE in draft.text and "Lý do:" in draft.text
    proposed, _, reason = draft.text.partition("Lý do:")
    assert not any(channel in proposed for channel in STATE_CHANNELS)  # the reason may say why not
    assert "doanh nghiệp bảo hiểm chấp nhận" in proposed and "Cổng Dịch vụ công" in reason
    assert GDDT_2023 in draft.legal_basis
    assert not any("45/2020/NĐ-CP" in basis or "06/QĐ-TTg" in basis for basis in draft.legal_basis)


def test_the_same_paper_filed_with_a_state_body_keeps_the_portal_proposal(claim_file):
    unit = _unit(claim_file, "điểm c khoản 2 Điều 8")
    draft = draft_proposal("copy", unit.text, "Hồ sơ đề nghị gồm:")
    assert draft.recipient is None
    assert "Cổng Dịch vụ công" in draft.text and OUT_OF_SCOPE not in draft.text
    assert any("45/2020/NĐ-CP" in basis for basis in draft.legal_basis)


def test_a_party_a_transfer_verb_points_at_is_the_recipient():
    insurer = recipient_of(KDBH_RECOURSE)
    assert insurer is not None and insurer.private and insurer.group == "doanh_nghiep_bao_hiem"
    assert insurer.how == "transfer"
    carrier = recipient_of(BLDS_CARRIAGE)
    assert carrier is not None and carrier.private and carrier.name == "bên vận chuyển"
    draft = draft_proposal("original", BLDS_CARRIAGE)
    assert draft.recipient == "bên vận chuyển" and "bên vận chuyển chấp nhận" in draft.text
    assert any("Điều 119 Bộ luật Dân sự số 91/2015/QH13" in basis for basis in draft.legal_basis)


def test_the_sender_is_not_the_recipient(claim_file):
    # "Bên mua bảo hiểm có trách nhiệm thu thập và gửi doanh nghiệp bảo hiểm …": the buyer collects, the
    # insurer receives.
    unit = _unit(claim_file, "đoạn 3 khoản 2 Điều 8")
    found = recipient_of(unit.text)
    assert found is not None and found.name == "doanh nghiệp bảo hiểm" and found.how == "transfer"


def test_an_insurer_that_collects_papers_itself_receives_them():
    lead_in = (
        "1. Tài liệu liên quan đến xe, người lái xe (Bản sao có chứng thực hoặc bản sao có xác nhận của doanh "
        "nghiệp bảo hiểm sau khi đã đối chiếu với bản chính) do doanh nghiệp bảo hiểm thu thập khi giám định:"
    )  # made up in the style of an insurance decree's claim file
    draft = draft_proposal("certified_copy", "b) Giấy phép lái xe.", lead_in)
    assert draft.recipient == "doanh nghiệp bảo hiểm" and draft.action == "drop_certification"
    assert draft.document_kind == "giay_phep_lai_xe" and draft.data_source is None
    assert "Cơ sở dữ liệu về giấy phép lái xe" not in draft.text


def test_what_the_insurance_buyer_provides_goes_to_the_insurer():
    lead_in = (
        "2. Tài liệu chứng minh thiệt hại về sức khỏe, tính mạng (bản sao của các cơ sở y tế hoặc bản sao có xác "
        "nhận của doanh nghiệp bảo hiểm sau khi đã đối chiếu với bản chính) do bên mua bảo hiểm, người được bảo "
        "hiểm cung cấp:"
    )  # made up in the style of an insurance decree's claim file
    found = recipient_of("a) Giấy chứng nhận thương tích;", lead_in)
    assert found is not None and found.how == "sender" and found.name == "doanh nghiệp bảo hiểm"
    draft = draft_proposal("copy", "a) Giấy chứng nhận thương tích;", lead_in)
    assert draft.recipient == "doanh nghiệp bảo hiểm" and draft.data_source is None


@pytest.mark.parametrize("text", [TCTD_STATE_BANK, KDBH_TO_MINISTRY])
def test_a_state_body_named_as_recipient_wins_over_private_names_in_the_clause(text):
    found = recipient_of(text)
    assert found is not None and not found.private
    draft = draft_proposal("paper_document", text)
    assert draft.recipient is None and OUT_OF_SCOPE not in draft.text


def test_state_procedures_keep_their_database_proposals():
    household = draft_proposal("copy", "b) Bản sao Sổ hộ khẩu;", CU_TRU_LEAD_IN)  # the item is made up
    assert household.action == "abolish" and household.recipient is None
    assert household.data_source and "Cơ sở dữ liệu về cư trú" in household.data_source
    birth = draft_proposal("copy", "b) Bản sao Giấy khai sinh của trẻ em;", "Hồ sơ gồm:")
    assert (birth.action, birth.recipient) == ("abolish", None) and "Cổng Dịch vụ công" in birth.text
    assert draft_proposal("paper_document", CU_TRU_ITEM, CU_TRU_LEAD_IN).recipient is None


def test_a_published_procedure_is_filed_with_the_state_whatever_it_mentions():
    # procedures.jsonl: an item of the Ministry of Finance's procedure for insurers names the insurer's clients.
    text = (
        "+++ Chi tiết phương án xử lý và các tài liệu cung cấp cho khách hàng của doanh nghiệp bảo hiểm đối với "
        "việc triển khai sản phẩm bảo hiểm hưu trí trong các trường hợp: Khách hàng yêu cầu trả tiền bảo hiểm khi "
        "có sự kiện bảo hiểm"
    )
    context = "Thành phần hồ sơ thủ tục Thay đổi nội dung, phạm vi, thời hạn hoạt động của doanh nghiệp bảo hiểm"
    found = recipient_of(text, context)
    assert found is not None and not found.private
    assert draft_proposal("paper_document", text, context).recipient is None


def test_deposit_insurance_goes_to_a_state_financial_institution():
    # Luật Bảo hiểm tiền gửi 06/2012/QH13: "Tổ chức bảo hiểm tiền gửi là tổ chức tài chính nhà nước".
    context = (
        "1. Trong thời hạn 10 ngày làm việc, kể từ thời điểm phát sinh nghĩa vụ trả tiền bảo hiểm, tổ chức tham "
        "gia bảo hiểm tiền gửi phải gửi hồ sơ đề nghị trả tiền bảo hiểm cho tổ chức bảo hiểm tiền gửi."
    )
    text = (
        "Hồ sơ đề nghị trả tiền bảo hiểm bao gồm văn bản đề nghị trả tiền bảo hiểm, danh sách người được bảo hiểm "
        "tiền gửi, số tiền gửi của từng người được bảo hiểm tiền gửi và số tiền bảo hiểm đề nghị tổ chức bảo hiểm "
        "tiền gửi chi trả."
    )
    found = recipient_of(text, context)
    assert found is not None and not found.private


def test_an_employer_gets_the_labour_code_basis_only_for_a_contract():
    lead_in = "Người lao động nộp cho người sử dụng lao động các giấy tờ sau:"  # made up
    contract = draft_proposal("copy", "c) Bản sao hợp đồng lao động;", lead_in)
    assert contract.recipient == "người sử dụng lao động" and contract.document_kind == "hop_dong"
    assert any("Điều 14 Bộ luật Lao động số 45/2019/QH14" in basis for basis in contract.legal_basis)
    health = draft_proposal("original", "d) Giấy khám sức khỏe;", lead_in)
    assert health.recipient == "người sử dụng lao động"
    assert not any("Bộ luật Lao động" in basis for basis in health.legal_basis)


def test_a_bank_but_not_the_state_bank_is_private():
    assert recipient_of("Khách hàng gửi cho ngân hàng thương mại bản sao hợp đồng mua bán.").private
    assert not recipient_of("Tổ chức tín dụng gửi cho Ngân hàng Nhà nước Việt Nam báo cáo.").private


def test_household_books_keep_their_end_of_validity_whoever_asks():
    draft = draft_proposal("copy", "Bản sao Sổ hộ khẩu", "Khách hàng gửi cho ngân hàng các giấy tờ sau:")
    assert draft.action == "abolish"
    assert any("Điều 38 Luật Cư trú số 68/2020/QH14" in basis for basis in draft.legal_basis)


def test_every_private_rule_cites_fitting_bases_for_every_kind_and_label():
    rules = default_rules()
    for group, spec in rules.private_groups.items():
        lead_in = f"Người yêu cầu gửi cho {spec['terms'][0]} các giấy tờ sau:"
        probe = recipient_of("a) Giấy tờ;", lead_in)
        assert probe is not None and probe.group == group and probe.where == "context"
        for kind in rules.kinds:
            for label in FINDING_LABELS:
                rule = rules.private_rule(kind, label, probe)
                if kind in ("so_ho_khau", "so_tam_tru"):
                    assert rule is None
                    continue
                assert rule.legal_basis and rule.data_source is None
                assert all(rules.fits(key, kind) for key in rule.legal_basis)
        for label in FINDING_LABELS:
            draft = draft_proposal(label, "a) Giấy tờ chứng minh thiệt hại;", lead_in)
            assert draft.recipient == spec["terms"][0] and draft.data_source is None


def test_private_rules_with_a_misfitting_basis_are_refused(edited_rules):
    def misfit(data):
        data["private_party"]["labels"]["copy"]["legal_basis"].append("cu_tru_38")

    with pytest.raises(BadInput, match="does not fit"):
        load_rules(edited_rules(misfit))


def test_private_templates_with_an_unknown_placeholder_are_refused(edited_rules):
    def typo(data):
        data["private_party"]["templates"]["keep"] = "Giữ nguyên {documnet}. Lý do: {reason}"

    with pytest.raises(BadInput, match="unknown placeholder"):
        load_rules(edited_rules(typo))


def test_legal_staff_can_add_a_private_recipient_and_choose_keep(edited_rules):
    def add(data):
        data["recipients"]["private"]["cong_ty_chung_khoan"] = {
            "name": "công ty chứng khoán",
            "terms": ["công ty chứng khoán"],
        }
        data["private_party"]["labels"]["copy"] = {"action": "keep", "legal_basis": ["blds_119"]}

    rules = load_rules(edited_rules(add))
    draft = draft_proposal(
        "copy", "Bản sao giấy tờ chứng minh nguồn tiền", "Nhà đầu tư nộp cho công ty chứng khoán:", rules=rules
    )
    assert (draft.action, draft.recipient) == ("keep", "công ty chứng khoán")
    assert draft.text.startswith("Giữ nguyên") and OUT_OF_SCOPE in draft.text


def test_decomposed_or_capitalised_text_is_read_the_same():
    decomposed = unicodedata.normalize("NFD", KDBH_RECOURSE.upper())
    found = recipient_of(decomposed)
    assert found is not None and found.private and found.name == "doanh nghiệp bảo hiểm"


# Review findings: ordinary nouns taken for state bodies, state banks and social insurance taken for private
# parties, and a private-party proposal that promised more than Luật Giao dịch điện tử 20/2023/QH15 gives.

# Luật Đấu giá tài sản 01/2016/QH14 (shared/data/laws): "một bộ hồ sơ" is a set of papers, "Bộ Tư pháp" the body.
DAU_GIA_REISSUE = (
    "7. Người bị thu hồi Chứng chỉ hành nghề đấu giá quy định tại khoản 2, khoản 3 Điều này và trường hợp quy định "
    "tại khoản 4 Điều này gửi một bộ hồ sơ đề nghị cấp lại Chứng chỉ đến Bộ Tư pháp và nộp phí theo quy định của "
    "pháp luật."
)
ACCIDENT_FILE = FIXTURES / "luat_84_2015_dieu_57_59_ho_so_tai_nan_lao_dong.txt"
BIRTH_CERTIFICATE_COPY = "c) Bản sao giấy khai sinh;"


def test_a_set_of_papers_is_not_a_ministry():
    # Made up after the review: "bộ" (a set) must not make the clause's recipient a state body.
    text = "Bên mua bảo hiểm nộp bộ hồ sơ yêu cầu bồi thường cho doanh nghiệp bảo hiểm."
    found = recipient_of(text)
    assert found is not None and found.private and found.name == "doanh nghiệp bảo hiểm"
    draft = draft_proposal("paper_document", text)
    assert draft.recipient == "doanh nghiệp bảo hiểm" and OUT_OF_SCOPE in draft.text


@pytest.mark.parametrize(
    ("text", "head"),
    [
        (DAU_GIA_REISSUE, "bộ tư"),
        ("Người đề nghị nộp hồ sơ cho Sở Y tế.", "sở y"),
        ("Doanh nghiệp gửi tờ khai đến Cục Thuế.", "cục thuế"),
        # A heading in capitals names the body as well.
        ("DOANH NGHIỆP BẢO HIỂM GỬI BÁO CÁO CHO BỘ TÀI CHÍNH.", "bộ tài"),
        # A body the text has defined, named alone (Luật Đầu tư công 39/2019/QH14 writes "cho Bộ, cơ quan trung
        # ương"); the sentence is made up.
        ("Doanh nghiệp bảo hiểm gửi báo cáo cho Bộ, cơ quan ngang Bộ.", "bộ"),
    ],
)
def test_a_ministry_department_or_agency_is_named_by_its_capitalised_name(text, head):
    found = recipient_of(text)
    assert found is not None and not found.private and found.how == "transfer"
    assert found.name.startswith(head)


@pytest.mark.parametrize("text", ["Khách hàng nộp bộ hồ sơ cho ngân hàng.", "KHÁCH HÀNG NỘP BỘ HỒ SƠ CHO NGÂN HÀNG."])
def test_lower_case_or_listed_words_after_bo_are_no_name(text):
    found = recipient_of(text)
    assert found is not None and found.private and found.name == "ngân hàng"


@pytest.mark.parametrize(
    "lead_in",
    [
        "Hồ sơ vay vốn tại Ngân hàng Chính sách xã hội gồm:",
        "Hồ sơ đề nghị vay vốn gửi Ngân hàng Phát triển Việt Nam gồm:",
    ],
)
def test_state_policy_banks_are_state_bodies(lead_in):
    # Made up. "Chính phủ thành lập ngân hàng chính sách hoạt động không vì mục tiêu lợi nhuận nhằm thực hiện các
    # chính sách kinh tế - xã hội của Nhà nước" (khoản 1 Điều 17 Luật Các tổ chức tín dụng 47/2010/QH12).
    found = recipient_of("b) Bản sao Giấy chứng nhận quyền sử dụng đất;", lead_in)
    assert found is not None and not found.private
    draft = draft_proposal("copy", "b) Bản sao Giấy chứng nhận quyền sử dụng đất;", lead_in)
    assert draft.recipient is None and draft.action == "database_lookup"
    assert draft.data_source == "Cơ sở dữ liệu quốc gia về đất đai" and OUT_OF_SCOPE not in draft.text


def test_a_loan_dossier_at_a_commercial_bank_stays_private():
    found = recipient_of("a) Giấy đề nghị vay vốn;", "Hồ sơ vay vốn tại ngân hàng thương mại gồm:")
    assert found is not None and found.private and found.group == "to_chuc_tin_dung"
    assert recipient_of("a) Giấy đề nghị vay vốn;", "Hồ sơ vay vốn gồm:").private


def test_social_insurance_benefits_are_claimed_from_the_state_through_the_employer():
    # Made up after the review: the employer only forwards the dossier to the social-insurance agency.
    lead_in = "Người lao động nộp cho người sử dụng lao động hồ sơ hưởng chế độ thai sản gồm:"
    found = recipient_of(BIRTH_CERTIFICATE_COPY, lead_in)
    assert found is not None and not found.private
    draft = draft_proposal("copy", BIRTH_CERTIFICATE_COPY, lead_in)
    assert (draft.action, draft.document_kind, draft.recipient) == ("abolish", "giay_khai_sinh", None)
    assert draft.data_source == "Cơ sở dữ liệu hộ tịch điện tử"


def test_the_accident_benefit_dossier_of_the_labour_safety_law_goes_to_social_insurance():
    # Luật An toàn, vệ sinh lao động 84/2015/QH13, Điều 57 to 59: the employer files the dossier with the
    # social-insurance agency (khoản 1 Điều 59).
    document = read_document(ACCIDENT_FILE)
    items = [u for u in document.units if u.citation.endswith(("Điều 57", "Điều 58"))]
    assert len(items) == 8
    for unit in items:
        found = recipient_of(unit.text, unit.context)
        assert found is not None and not found.private, unit.citation
    book = _unit(document, "khoản 1 Điều 57")
    lead_in = "Người lao động nộp cho người sử dụng lao động hồ sơ hưởng chế độ tai nạn lao động gồm:"  # made up
    for context in (book.context, lead_in):
        draft = draft_proposal("paper_document", book.text, context)
        assert (draft.action, draft.document_kind, draft.recipient) == ("database_lookup", "bao_hiem_xa_hoi", None)
        assert draft.data_source == "Cơ sở dữ liệu quốc gia về bảo hiểm"


def test_the_private_party_proposal_states_the_conditions_of_the_electronic_transactions_law(claim_file):
    unit = _unit(claim_file, "điểm c khoản 2 Điều 8")
    draft = draft_proposal("copy", unit.text, unit.context)
    proposed, _, reason = draft.text.partition("Lý do:")
    # No photographs or scans stand in for an original: a conversion from paper must meet Điều 12.
    assert "bản chụp" not in proposed and "bản scan" not in proposed
    assert "bản chuyển đổi từ bản giấy theo Luật Giao dịch điện tử" in proposed
    # The value of an original needs the content's integrity (Điều 10), not a data message as such.
    assert "đáp ứng yêu cầu về văn bản, bản gốc" not in reason
    assert "bảo đảm toàn vẹn" in reason and "(Điều 10)" in reason and "Điều 12" in reason
    certified = draft_proposal("certified_copy", unit.text, unit.context)
    assert "bản chụp" not in certified.text and "bản chuyển đổi từ bản giấy" in certified.text


def test_a_household_book_sent_to_a_bank_has_no_private_recipient():
    lead_in = "Khách hàng gửi cho ngân hàng các giấy tờ sau:"
    assert recipient_of("Bản sao Sổ hộ khẩu", lead_in).private
    assert private_recipient("copy", "Bản sao Sổ hộ khẩu", lead_in, "so_ho_khau") is None
    found = private_recipient("copy", "Bản sao hợp đồng mua bán", lead_in, "hop_dong")
    assert found is not None and found.name == "ngân hàng"
