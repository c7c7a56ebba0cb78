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
import yaml

from reviewer.errors import BadInput
from reviewer.pipeline import read_document
from reviewer.propose import FINDING_LABELS, default_rules, draft_proposal, load_rules, recipient_of
from reviewer.propose.rules import RULES_PATH

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


def _write_rules(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_private_rules_with_a_misfitting_basis_are_refused(tmp_path):
    def misfit(data):
        data["private_party"]["labels"]["copy"]["legal_basis"].append("cu_tru_38")

    with pytest.raises(BadInput, match="does not fit"):
        load_rules(_write_rules(tmp_path, misfit))


def test_private_templates_with_an_unknown_placeholder_are_refused(tmp_path):
    def typo(data):
        data["private_party"]["templates"]["keep"] = "Giữ nguyên {documnet}. Lý do: {reason}"

    with pytest.raises(BadInput, match="unknown placeholder"):
        load_rules(_write_rules(tmp_path, typo))


def test_legal_staff_can_add_a_private_recipient_and_choose_keep(tmp_path):
    def add(data):
        data["recipients"]["private"]["cong_ty_chung_khoan"] = {
            "name": "công ty chứng khoán",
            "terms": ["công ty chứng khoán"],
        }
        data["private_party"]["labels"]["copy"] = {"action": "keep", "legal_basis": ["blds_119"]}

    rules = load_rules(_write_rules(tmp_path, add))
    draft = draft_proposal(
        "copy", "Bản sao giấy tờ chứng minh nguồn tiền", "Nhà đầu tư nộp cho công ty chứng khoán:", rules=rules
    )
    assert (draft.action, draft.recipient) == ("keep", "công ty chứng khoán")
    assert draft.text.startswith("Giữ nguyên") and OUT_OF_SCOPE in draft.text


def test_decomposed_or_capitalised_text_is_read_the_same():
    decomposed = unicodedata.normalize("NFD", KDBH_RECOURSE.upper())
    found = recipient_of(decomposed)
    assert found is not None and found.private and found.name == "doanh nghiệp bảo hiểm"
