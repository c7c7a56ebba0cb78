"""Who compiles the dossier: lead-ins from real laws (shared/data/laws) where a state body compiles or forwards it.

DOMAIN.md: dossiers passed between state bodies are ``none``; the applicant's own dossier is a finding.
"""

from __future__ import annotations

import pytest

from reviewer.classify.model import may_ask_for_paper
from reviewer.document import Block, RawDocument
from reviewer.find import rule_label
from reviewer.find.actors import compiled_by_state, state_compiles
from reviewer.structure import article_preambles, build_document

# Luật Thi hành án hình sự 2019, Điều 112 khoản 3 and Điều 60 khoản 1.
ENFORCEMENT_BODY_COMPILES = (
    "3. Trong thời hạn 05 ngày làm việc kể từ ngày nhận người chấp hành án, cơ quan thi hành án hình sự Công an "
    "cấp huyện phải lập hồ sơ thi hành án phạt quản chế và sao gửi các tài liệu cho Ủy ban nhân dân cấp xã nơi "
    "người chấp hành án về cư trú. Hồ sơ bao gồm:"
)
MADE_BY_ENFORCEMENT_BODY = (
    "1. Hồ sơ quản lý người được tha tù trước thời hạn có điều kiện do cơ quan thi hành án hình sự Công an cấp "
    "huyện, cơ quan thi hành án hình sự cấp quân khu lập bao gồm:"
)


@pytest.mark.parametrize("lead_in", [ENFORCEMENT_BODY_COMPILES, MADE_BY_ENFORCEMENT_BODY])
def test_a_state_body_compiling_the_dossier_is_recognised(lead_in: str) -> None:
    assert state_compiles(lead_in)


@pytest.mark.parametrize(
    "lead_in",
    [
        # the applicant submits to a state body named after the verb (Luật Chăn nuôi 2018, Điều 16)
        "1. Tổ chức, cá nhân có nhu cầu trao đổi nguồn gen giống vật nuôi quý, hiếm nộp 01 bộ hồ sơ đến Bộ Nông "
        "nghiệp và Phát triển nông thôn.",
        # the state body asks, the applicant sends: the applicant comes between the body and the verb
        "Trường hợp Sở Tư pháp yêu cầu, tổ chức đấu giá tài sản gửi hồ sơ bổ sung gồm:",
        # the publisher's governing body may be an organisation (Luật Xuất bản 2012, Điều 14)
        "1. Cơ quan chủ quản nhà xuất bản lập hồ sơ đề nghị cấp giấy phép thành lập nhà xuất bản gửi Bộ Thông tin "
        "và Truyền thông.",
        "2. Hồ sơ đề nghị cấp giấy phép gồm:",
        # "thành lập" establishes a forest, it compiles no dossier (Nghị định 156/2018, Điều 40)
        "1. Đối với khu rừng do Thủ tướng Chính phủ quyết định thành lập",
        # the authority issued the papers; the applicant files them
        "Hồ sơ gồm các giấy tờ do cơ quan có thẩm quyền lập hoặc cấp sau đây:",
        # a state body's letter sets things off, the household files the dossier
        "Trường hợp Ủy ban nhân dân cấp xã có văn bản đề nghị, hộ gia đình nộp hồ sơ gồm:",
        # "xuất trình hồ sơ": the declarant shows it, nobody compiles it (Luật Hải quan 2014, Điều 23)
        "1. Cơ quan hải quan tiếp nhận, đăng ký, kiểm tra hồ sơ hải quan ngay sau khi người khai hải quan nộp, xuất "
        "trình hồ sơ hải quan theo quy định của Luật này.",
        "Cơ quan thuế yêu cầu xuất trình hồ sơ gốc để đối chiếu.",
        "",
    ],
)
def test_an_applicants_dossier_is_not_taken_for_a_state_one(lead_in: str) -> None:
    assert not state_compiles(lead_in)


def test_a_state_compiled_dossier_item_is_none_for_the_baseline_and_the_gate() -> None:
    item = "b) Bản sao quyết định thi hành án phạt tù;"
    assert rule_label(item, ENFORCEMENT_BODY_COMPILES) == "none"
    assert not may_ask_for_paper(item, ENFORCEMENT_BODY_COMPILES)
    assert rule_label(item, "2. Hồ sơ đề nghị gồm:") == "copy"
    assert may_ask_for_paper(item, "2. Hồ sơ đề nghị gồm:")


def test_a_unit_in_which_a_state_body_compiles_the_dossier_is_none() -> None:
    # Luật Xử lý vi phạm hành chính 2012, Điều 99 khoản 1 điểm b: the unit itself names the compiler
    lead_in = "1. Việc lập hồ sơ đề nghị áp dụng biện pháp đưa vào trường giáo dưỡng đối với đối tượng được thực hiện:"
    unit = (
        "b) Đối với người chưa thành niên vi phạm không có nơi cư trú ổn định thì Chủ tịch Uỷ ban nhân dân cấp xã nơi "
        "người đó có hành vi vi phạm pháp luật lập hồ sơ đề nghị áp dụng biện pháp đưa vào trường giáo dưỡng."
    )
    assert rule_label(unit, lead_in) == "none"
    assert not may_ask_for_paper(unit, lead_in)
    applicant = "b) Tổ chức, cá nhân nộp hồ sơ đề nghị tại Ủy ban nhân dân cấp xã."
    assert may_ask_for_paper(applicant, lead_in)
    # a paper the state made, which the applicant hands in, stays the applicant's to produce
    made_by_commune = "c) Bản sao danh sách do Ủy ban nhân dân cấp xã lập;"
    assert may_ask_for_paper(made_by_commune, "2. Hồ sơ đề nghị gồm:")
    assert rule_label(made_by_commune, "2. Hồ sơ đề nghị gồm:") != "none"


# Luật Thi hành án hình sự 2019, Điều 58 (cut): khoản 1 says who compiles the dossier that khoản 2 lists.
ARTICLE_58 = [
    "Điều 58. Hồ sơ đề nghị tha tù trước thời hạn có điều kiện",
    "1. Trại giam, trại tạm giam thuộc Bộ Công an, Bộ Quốc phòng, cơ quan thi hành án hình sự Công an cấp tỉnh, "
    "cơ quan thi hành án hình sự cấp quân khu có trách nhiệm lập hồ sơ đề nghị tha tù trước thời hạn có điều kiện "
    "và chuyển cho Viện kiểm sát cùng cấp.",
    "2. Hồ sơ đề nghị tha tù trước thời hạn có điều kiện bao gồm:",
    "a) Đơn xin tha tù trước thời hạn có điều kiện của phạm nhân;",
    "b) Bản sao bản án, quyết định của Tòa án có hiệu lực pháp luật; quyết định thi hành án;",
    "Điều 59. Hồ sơ đề nghị cấp giấy phép",
    "1. Hồ sơ đề nghị cấp giấy phép gồm:",
    "a) Bản sao Giấy chứng nhận đăng ký doanh nghiệp;",
]


def test_the_article_before_a_bare_dossier_list_says_who_compiles_it() -> None:
    raw = RawDocument("thi-hanh-an.txt", "text", None, [Block(line) for line in ARTICLE_58])
    document = build_document(raw)
    preambles = dict(zip([u.citation for u in document.units], article_preambles(document), strict=True))
    assert preambles["khoản 1 Điều 58"] == ""
    assert preambles["điểm b khoản 2 Điều 58"].startswith("1. Trại giam")
    assert preambles["điểm a khoản 1 Điều 59"] == ""  # a new article starts afresh
    copy = next(u for u in document.units if u.citation == "điểm b khoản 2 Điều 58")
    assert compiled_by_state(copy.context, preambles[copy.citation])
    assert not compiled_by_state(copy.context)  # the lead-in alone does not say
    assert not may_ask_for_paper(copy.text, copy.context, preambles[copy.citation])
    applicant = next(u for u in document.units if u.citation == "điểm a khoản 1 Điều 59")
    assert may_ask_for_paper(applicant.text, applicant.context, preambles[applicant.citation])


def test_a_unit_that_is_itself_the_lead_in_of_a_state_dossier_is_none() -> None:
    # Bộ luật Tố tụng hình sự 2015, Điều 131: "2. Hồ sơ vụ án gồm:" after khoản 1 has the police compile it
    preamble = "1. Khi tiến hành tố tụng trong giai đoạn khởi tố, điều tra, Cơ quan điều tra phải lập hồ sơ vụ án."
    assert not may_ask_for_paper("2. Hồ sơ vụ án gồm:", "Điều 131. Hồ sơ vụ án", preamble)
    compiled = "1. Hồ sơ quản lý phạm nhân do cơ quan thi hành án hình sự Công an cấp huyện lập bao gồm:"
    assert not may_ask_for_paper(compiled, "Điều 60. Hồ sơ quản lý")
    # an applicant's dossier lead-in is still a finding, and so is one whose article does not say who compiles
    assert may_ask_for_paper("2. Hồ sơ vụ án gồm:", "Điều 131. Hồ sơ vụ án")
    assert may_ask_for_paper("1. Hồ sơ đề nghị cấp giấy phép gồm:", "Điều 59. Hồ sơ", "")
    applicant_first = "1. Tổ chức, cá nhân nộp hồ sơ đến Sở Tư pháp."
    assert may_ask_for_paper("2. Hồ sơ gồm:", "Điều 9. Hồ sơ", applicant_first)


def test_an_article_heading_does_not_hand_a_later_applicant_step_to_the_state() -> None:
    preamble = "1. Sở Tư pháp gửi hồ sơ cho Bộ Tư pháp."
    assert not compiled_by_state("Điều 9. Hồ sơ, thủ tục cấp thẻ", preamble)
    assert compiled_by_state("2. Hồ sơ gồm:", preamble)
    # where the applicant files the dossier first, the list is the applicant's
    applicant_first = "1. Tổ chức, cá nhân nộp hồ sơ đến Sở Tư pháp.\n" + preamble
    assert not compiled_by_state("2. Hồ sơ gồm:", applicant_first)


def test_the_rule_reads_decomposed_text_as_written() -> None:
    import unicodedata

    item = "b) Bản sao quyết định thi hành án phạt tù;"
    decomposed = unicodedata.normalize("NFD", ENFORCEMENT_BODY_COMPILES)
    assert rule_label(item, decomposed) == "none"
    assert not may_ask_for_paper(item, decomposed)


def test_a_department_or_ministry_compiling_or_forwarding_the_dossier_is_a_state_body() -> None:
    # A trial user's health decision: the Sở sends the dossier on to the Bộ; the list under "do Sở Y tế lập"
    forwards = "Sở Y tế gửi hồ sơ đề nghị cho Bộ Y tế kèm bản sao quyết định."
    assert rule_label(forwards, "") == "none"
    assert not may_ask_for_paper(forwards, "")
    assert not may_ask_for_paper("b) Biên bản kiểm tra của Sở Y tế;", "Hồ sơ do Sở Y tế lập gồm:")
    assert may_ask_for_paper("b) Biên bản kiểm tra;", "Hồ sơ do người đề nghị lập gồm:")


def test_a_procedures_first_step_is_its_applicant_filing_whichever_body_files() -> None:
    # Portal procedure "đề nghị xét tặng danh hiệu Cờ thi đua của Bộ Xây dựng": the Sở is the applicant
    step = (
        "- Bước 1: Sở Xây dựng các tỉnh, thành phố lập hồ sơ đề nghị xét tặng danh hiệu Cờ thi đua gửi về Bộ Xây "
        "dựng (qua Vụ Tổ chức cán bộ)."
    )
    assert may_ask_for_paper(step, "Trình tự thực hiện thủ tục đề nghị xét tặng danh hiệu Cờ thi đua")
    later = "- Bước 2: Bộ Xây dựng gửi hồ sơ lấy ý kiến các cơ quan có liên quan."
    assert not may_ask_for_paper(later, "Trình tự thực hiện thủ tục đề nghị xét tặng danh hiệu Cờ thi đua")
