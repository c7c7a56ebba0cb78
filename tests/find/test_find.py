"""The rule stage on real sentences: laws in shared/data/laws and dossier cells of procedures.jsonl.

Each fixture line in ``tests/fixtures/find/real_units.jsonl`` names its source (law and article, or procedure
code and publishing decision). Expected spans are written as the words a legal officer would highlight; their
offsets are located in the unit text, so a test fails if the evidence is off by a single character.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.classify.model import may_ask_for_paper
from reviewer.errors import BadInput
from reviewer.find import Evidence, find_documents, find_evidence, rule_label
from reviewer.find.label import only_waives, states_legal_value
from reviewer.find.matcher import KIND_FILES, PATTERN_DIR, RulePipeline, load_patterns

FIXTURES = Path(__file__).parents[1] / "fixtures" / "find"
REAL_UNITS = [json.loads(line) for line in (FIXTURES / "real_units.jsonl").read_text("utf-8").splitlines()]
CUE_TAGS = {"certified_copy", "original", "copy", "paper_document", "channel", "agency_action", "none_hint"}
ARCHITECTURE = Path(__file__).parents[2] / "docs" / "ARCHITECTURE.md"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def spans(text: str) -> set[tuple[int, int, str, str]]:
    return {(e.start, e.end, e.kind, e.tag) for e in find_evidence(text)}


def expected_span(text: str, phrase: str, kind: str, tag: str) -> tuple[int, int, str, str]:
    """Locate ``phrase`` in ``text`` (compared in NFC, offsets in ``text`` as given)."""
    for start in range(len(text)):
        if unicodedata.combining(text[start]):
            continue
        for end in range(start + 1, min(len(text), start + 3 * len(phrase)) + 1):
            whole = end == len(text) or not unicodedata.combining(text[end])
            if whole and nfc(text[start:end]) == phrase:
                return start, end, kind, tag
    raise AssertionError(f"{phrase!r} not in fixture text")


@pytest.mark.parametrize("unit", REAL_UNITS, ids=[u["source"] for u in REAL_UNITS])
def test_real_units_give_exact_spans(unit: dict) -> None:
    found = spans(unit["text"])
    for phrase, kind, tag in unit["expect"]:
        assert expected_span(unit["text"], phrase, kind, tag) in found


@pytest.mark.parametrize("unit", REAL_UNITS, ids=[u["source"] for u in REAL_UNITS])
def test_offsets_point_into_the_original_string(unit: dict) -> None:
    text = unit["text"]
    evidence = find_evidence(text)
    assert evidence
    for e in evidence:
        assert text[e.start : e.end] == e.text
    assert [e.start for e in evidence] == sorted(e.start for e in evidence)


@pytest.mark.parametrize("unit", [u for u in REAL_UNITS if u["label"]], ids=lambda u: u["source"])
def test_rule_label_on_real_units(unit: dict) -> None:
    assert rule_label(unit["text"], unit["context"]) == unit["label"]


def test_nfd_procedure_text_is_matched_with_offsets_into_the_nfd_string() -> None:
    unit = next(u for u in REAL_UNITS if "(NFD)" in u["source"])
    text = unit["text"]
    assert not unicodedata.is_normalized("NFC", text)
    nfd_evidence = find_evidence(text)
    nfc_evidence = find_evidence(nfc(text))
    assert [(nfc(e.text), e.kind, e.tag) for e in nfd_evidence] == [(e.text, e.kind, e.tag) for e in nfc_evidence]
    assert all(text[e.start : e.end] == e.text for e in nfd_evidence)


def test_whole_nfd_sentence_gives_the_same_evidence_as_nfc() -> None:
    text = next(u for u in REAL_UNITS if u["source"].startswith("Luật Hộ tịch 60/2014/QH13, Điều 6 khoản 2"))["text"]
    decomposed = unicodedata.normalize("NFD", text)
    assert len(decomposed) > len(text)
    got = find_evidence(decomposed)
    assert [(nfc(e.text), e.tag) for e in got] == [(e.text, e.tag) for e in find_evidence(text)]
    assert all(decomposed[e.start : e.end] == e.text for e in got)


@pytest.mark.parametrize(
    "text, phrase, tag",
    [
        ("b) Giấy khám sức khoẻ;", "Giấy khám sức khoẻ", "giay_kham_suc_khoe"),
        ("b) Giấy khám sức khỏe;", "Giấy khám sức khỏe", "giay_kham_suc_khoe"),
        ("c) Giấy uỷ quyền;", "Giấy uỷ quyền", "uy_quyen"),
        ("c) Giấy ủy quyền;", "Giấy ủy quyền", "uy_quyen"),
    ],
)
def test_both_tone_placements_match(text: str, phrase: str, tag: str) -> None:
    start = text.index(phrase)
    assert Evidence(start, start + len(phrase), phrase, "document", tag) in find_documents(text)


def test_all_caps_heading_and_sentence_initial_capitals() -> None:
    text = "BẢN SAO CÓ CHỨNG THỰC GIẤY KHAI SINH"
    assert find_evidence(text) == [
        Evidence(0, 21, "BẢN SAO CÓ CHỨNG THỰC", "cue", "certified_copy"),
        Evidence(22, 36, "GIẤY KHAI SINH", "document", "giay_khai_sinh"),
    ]
    assert rule_label("a) Bản Sao Hộ Chiếu;", "HỒ SƠ GỒM:") == "copy"


def test_icelandic_eth_reads_as_d_with_stroke() -> None:
    text = "ÐƠN ÐỀ NGHỊ CẤP GIẤY PHÉP"
    docs = find_documents(text)
    assert docs[0] == Evidence(0, 11, "ÐƠN ÐỀ NGHỊ", "document", "don_to_khai")


def test_longest_match_wins_within_a_kind() -> None:
    text = "Bản sao Giấy chứng nhận đăng ký doanh nghiệp"
    docs = find_documents(text)
    assert [(d.text, d.tag) for d in docs] == [("Giấy chứng nhận đăng ký doanh nghiệp", "dang_ky_doanh_nghiep")]
    cues = [e for e in find_evidence("a) Bản sao không có chứng thực hộ chiếu;") if e.kind == "cue"]
    assert [(c.text, c.tag) for c in cues] == [("Bản sao không có chứng thực", "copy")]


def test_exclusions_veto_look_alike_words() -> None:
    # Luật Cư trú and procedural texts: "đơn vị" (unit), "ảnh hưởng" (influence), "nguyên đơn" (plaintiff)
    text = "Thủ trưởng đơn vị có ảnh hưởng đến nguyên đơn và hóa đơn."
    assert not [e for e in find_evidence(text) if e.tag in {"don_to_khai", "anh", "paper_document"}]
    assert find_documents("02 ảnh cỡ 4x6 cm")[0].tag == "anh"


def test_bring_along_for_comparison_spans_the_gap() -> None:
    text = "Người đề nghị mang theo Giấy phép lái xe để đối chiếu."
    cues = [e for e in find_evidence(text) if e.kind == "cue"]
    assert ("mang theo Giấy phép lái xe để đối chiếu", "original") in [(c.text, c.tag) for c in cues]
    assert rule_label(text) == "original"


@pytest.mark.parametrize(
    "text",
    [
        "a) Người lái xe phải mang đủ giấy tờ theo quy định của pháp luật;",
        "Khi tham gia giao thông đường bộ, người lái xe phải mang theo các giấy tờ sau đây:",
        "Hướng dẫn viên phải mang theo đầy đủ giấy tờ khi hành nghề.",
        "Người điều khiển xe máy chuyên dùng phải mang theo các loại giấy tờ sau đây:",
    ],
)
def test_carrying_papers_to_show_on_request_is_presenting_originals(text: str) -> None:
    # Papers one must carry to show when asked (DOMAIN.md: "mang theo … để đối chiếu" is presenting the original).
    cues = [(e.text.lower(), e.tag) for e in find_evidence(text) if e.kind == "cue"]
    assert any(tag == "original" and phrase.startswith("mang") for phrase, tag in cues)


def test_non_overlapping_per_kind_and_sorted_on_a_whole_law_article() -> None:
    law = Path(__file__).resolve().parents[1] / "fixtures" / "laws" / "Luat-68-2020-QH14-cu-tru-435315.txt"
    text = "\n".join(law.read_text("utf-8").splitlines()[140:170])
    evidence = find_evidence(text)
    assert len(evidence) > 20
    for kind in ("cue", "document"):
        mine = [e for e in evidence if e.kind == kind]
        assert all(a.end <= b.start for a, b in zip(mine, mine[1:], strict=False))
    assert all(text[e.start : e.end] == e.text for e in evidence)


# DOMAIN.md's examples, with the lead-ins it gives.
@pytest.mark.parametrize(
    "text, context, label",
    [
        ("a) Bản sao có chứng thực Giấy chứng nhận đăng ký doanh nghiệp;", "", "certified_copy"),
        ("Người yêu cầu xuất trình Thẻ Căn cước hoặc Hộ chiếu còn giá trị sử dụng.", "", "original"),
        ("c) Bản chụp hộ chiếu của người nước ngoài;", "Hồ sơ gồm:", "copy"),
        ("a) Tờ khai đăng ký theo mẫu;", "Hồ sơ gồm:", "paper_document"),
        ("Trong thời hạn 05 ngày làm việc, cơ quan đăng ký cấp Giấy chứng nhận cho người đề nghị.", "", "none"),
        (
            "Hồ sơ được nộp trực tiếp, qua dịch vụ bưu chính hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.",
            "",
            "none",
        ),
        ("Bản sao được cấp từ sổ gốc có giá trị sử dụng thay cho bản chính.", "", "none"),
        ("c) Bản sao Giấy khai sinh được cấp từ sổ gốc;", "Hồ sơ gồm:", "certified_copy"),
        ("b) Giấy khám sức khỏe;", "Hồ sơ đề nghị gồm:", "paper_document"),
        ("Hồ sơ đề nghị gồm:", "", "paper_document"),
        ("Đơn đề nghị cấp giấy phép (1 bản chính)", "Thành phần hồ sơ:", "paper_document"),
        ("Bản sao Giấy chứng nhận đăng ký xe (1 bản chính)", "Thành phần hồ sơ:", "copy"),
        ("Giấy chứng nhận đăng ký xe 1 bản chính", "Thành phần hồ sơ:", "original"),
    ],
)
def test_rule_label_follows_domain_examples(text: str, context: str, label: str) -> None:
    assert rule_label(text, context) == label


def test_a_bare_item_needs_its_lead_in() -> None:
    assert rule_label("b) Giấy khám sức khỏe;", "Hồ sơ đề nghị gồm:") == "paper_document"
    assert rule_label("b) Giấy khám sức khỏe;", "") == "none"


def test_pattern_labels_are_known_tags_and_document_keys() -> None:
    keys = set(re.findall(r"`([a-z_]+)`", ARCHITECTURE.read_text("utf-8").split("## Document kinds")[1]))
    assert {r["label"] for r in load_patterns("cue")} <= CUE_TAGS
    assert {r["label"] for r in load_patterns("document")} == keys  # every key has patterns, no stray key


def test_a_broken_pattern_line_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    for name in KIND_FILES.values():
        (tmp_path / name).write_text((PATTERN_DIR / name).read_text("utf-8"), "utf-8")
    with (tmp_path / "cues.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"label": "copy", "pattern": [{"LOWER": "bản sao"}]}\n')
    with pytest.raises(BadInput, match=r"cues\.jsonl:\d+.*several syllables"):
        RulePipeline("xx", tmp_path)


def test_repeated_matching_returns_the_same_hits_and_callers_cannot_spoil_them() -> None:
    rules = RulePipeline()
    text = "a) Bản sao có chứng thực Giấy khai sinh;"
    first = rules.match(text)
    first.clear()
    assert rules.match(text) == rules._match(text) != []
    rules.clear_cache()
    assert rules.match(text) == rules._match(text)


def test_empty_text() -> None:
    assert find_evidence("") == []
    assert rule_label("") == "none"


_WORDS = [
    "Bản sao",
    "có chứng thực",
    "hoà",
    "ĐƠN",
    "đơn vị",
    "xuất trình",
    "Hộ chiếu",
    "\u0301",
    "1 bản chính",
    "Giấy",
    "chínhBản",
    ";",
    " ",
    "\n",
    "ảnh",
    "e\u0302\u0301",
    "Ð",
    "İ",
    "\u00a0",
    "a)",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=3), max_size=25))
def test_offsets_always_slice_the_original(parts: list[str]) -> None:
    text = "".join(parts)
    evidence = find_evidence(text)
    for e in evidence:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
    assert [e.start for e in evidence] == sorted(e.start for e in evidence)


# Real units for the baseline's conventions (DOMAIN.md "hard cases").
CU_TRU = Path(__file__).resolve().parents[1] / "fixtures" / "laws" / "Luat-68-2020-QH14-cu-tru-435315.txt"


def test_an_agency_subject_is_none_even_when_it_mentions_presenting_papers() -> None:
    # Luật Cư trú 68/2020/QH14, Điều 38 khoản 4: the Government reviews its texts, no applicant burden.
    unit = next(line for line in CU_TRU.read_text("utf-8").splitlines() if line.startswith("4. Chính phủ, Bộ,"))
    assert any(e.tag == "original" for e in find_evidence(unit))
    assert rule_label(unit, "Điều 38. Điều khoản thi hành") == "none"


@pytest.mark.parametrize(
    "text, label",
    [
        # procedures.jsonl 1.005010 (2103/QĐ-BTC): either a copy or the original
        ("Bản sao hoặc bản chính biên bản họp Hội đồng quản trị (0 bản chính)", "copy"),
        # procedures.jsonl 1.000005 (2628/QĐ-BTC): "01 bản chụp" with a zero original column
        ("Danh Mục hàng hóa nhập khẩu phải kiểm tra nhà nước về chất lượng: 01 bản chụp; (0 bản chính)", "copy"),
        # procedures.jsonl 1.003358 (5568/QĐ-BCA): a photo marked "bản chính" is the applicant's own paper
        ("02 ảnh cỡ 2x3cm (01 ảnh dán vào tờ khai, 01 ảnh rời) (2 bản chính)", "paper_document"),
    ],
)
def test_quantity_columns_yield_to_wording(text: str, label: str) -> None:
    assert rule_label(text, "Thành phần hồ sơ:") == label


def test_an_article_heading_about_a_dossier_is_a_lead_in() -> None:
    # Luật Cư trú 68/2020/QH14 Điều 21 has khoản-level lead-ins; a heading like it also opens a dossier list.
    assert rule_label("b) Giấy khám sức khỏe;", "Điều 21. Hồ sơ đăng ký thường trú") == "paper_document"
    assert rule_label("b) Giấy khám sức khỏe;", "Điều 22. Thủ tục đăng ký thường trú") == "none"


@pytest.mark.parametrize(
    ("text", "states"),
    [
        # DOMAIN.md's definition, and the same with its usual tail
        ("Bản sao được cấp từ sổ gốc có giá trị sử dụng thay cho bản chính.", True),
        (
            "Bản sao được cấp từ sổ gốc có giá trị sử dụng thay cho bản chính trong các giao dịch, trừ trường hợp "
            "pháp luật có quy định khác.",
            True,
        ),
        ("Hồ sơ đăng ký trực tuyến có giá trị pháp lý như hồ sơ đăng ký bằng bản giấy.", True),
        # a list item, a quantity, or a burden word: a paper is asked for
        ("b) Bản sao hộ chiếu hoặc giấy tờ có giá trị sử dụng thay cho hộ chiếu;", False),
        ("Bản sao Hộ chiếu có giá trị sử dụng thay cho bản chính (1 bản chính)", False),
        ("Người đề nghị nộp bản sao có giá trị pháp lý như bản chính.", False),
    ],
)
def test_a_sentence_that_only_states_what_a_paper_is_worth(text: str, states: bool) -> None:
    assert states_legal_value(text) is states
    assert may_ask_for_paper(text, "") is not states  # the classifier's gate closes on it, and only on it


@pytest.mark.parametrize(
    ("text", "waives"),
    [
        # a trial user's clauses from a health and an education decision: each lifts a paper requirement
        ("Người đề nghị không phải nộp bản sao Thẻ căn cước công dân khi thông tin đã có trong Cơ sở dữ liệu.", True),
        ("Sở Y tế không yêu cầu người đề nghị xuất trình Sổ hộ khẩu, Sổ tạm trú giấy.", True),
        ("- Không phải nộp bản sao văn bằng đã được cấp.", True),
        ("g) Yêu cầu, điều kiện: Không yêu cầu học sinh xuất trình giấy khai sinh bản chính khi có dữ liệu.", True),
        ("Cơ quan tiếp nhận không được yêu cầu xuất trình Sổ hộ khẩu.", True),
        # a new obligation after the waiver, a quantity column, a waiver only of part, a bare condition
        ("Người đề nghị không phải nộp bản sao nhưng phải xuất trình bản chính Giấy khai sinh.", False),
        ("Văn bản ủy quyền không phải chứng thực. (1 bản chính)", False),
        ("a) Bản sao Giấy khai sinh (không phải nộp nếu đã có trong cơ sở dữ liệu);", False),
        ("Trường hợp mà không nộp lại được giấy xác nhận đã cấp thì phải nộp văn bản trình bày lý do.", False),
        ("Trường hợp không khai thác được dữ liệu, người dân nộp bản sao Giấy khai sinh.", False),
        ("Người đề nghị nộp bản sao Giấy khai sinh.", False),
    ],
)
def test_a_clause_that_only_waives_papers_asks_for_none(text: str, waives: bool) -> None:
    assert only_waives(text) is waives
    assert may_ask_for_paper(text, "Hồ sơ gồm:") is not waives  # the classifier's gate closes on it
    if waives:
        assert rule_label(text, "Hồ sơ gồm:") == "none"


def test_a_quantity_column_written_form_first_counts():
    # "Bản sao: 1", as the rows of a department's dossier table write it, like "Bản chính: 1"
    assert rule_label("3 | Giấy khai sinh | Bản sao: 1", "Thành phần hồ sơ:") == "copy"
    assert rule_label("4 | Hộ chiếu | Bản chính: 1", "Thành phần hồ sơ:") == "original"
