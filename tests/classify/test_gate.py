"""The cheap first stage: units with no paper word skip the sentence-transformer, and no finding is lost by it."""

from __future__ import annotations

import json
from pathlib import Path

from reviewer.classify import ClauseInput, load_classifier
from reviewer.classify.model import may_ask_for_paper

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "labelled" / "units.jsonl"


def test_the_gate_lets_every_labelled_finding_through():
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    findings = [row for row in rows if row["label"] != "none"]
    assert len(findings) > 1500

    def opens(row: dict) -> bool:
        return may_ask_for_paper(row["text"], row["context"], row.get("preamble", ""))

    assert [row["id"] for row in findings if not opens(row)] == []
    assert sum(not opens(row) for row in rows) > 100  # it does spare work
    # the article's earlier khoản close some lists on their own (a state body compiles the dossier)
    with_preamble = [row for row in rows if row.get("preamble")]
    assert any(opens({**row, "preamble": ""}) and not opens(row) for row in with_preamble)


def test_gated_units_are_none_and_keep_the_heads_own_scores(tiny_model):
    classifier = load_classifier(tiny_model)
    penalty = ClauseInput("p", "Phạt tù từ 01 năm đến 05 năm.")  # Bộ luật Hình sự: no paper in sight
    item = ClauseInput("i", "b) Bản sao Giấy khai sinh;", "Hồ sơ đề nghị gồm:")
    # the same paper in a dossier a prison compiles (Luật Thi hành án hình sự): none by rule
    state = ClauseInput("s", item.text, "2. Hồ sơ đề nghị gồm:", "1. Trại giam có trách nhiệm lập hồ sơ đề nghị.")
    gated, full, compiled = classifier.predict([penalty, item, state])
    assert not may_ask_for_paper(penalty.text, penalty.context)
    assert gated.label == "none" and gated.neighbours == [] and gated.evidence == []
    assert full.neighbours and full.evidence and full.label != "none"
    assert abs(sum(gated.scores.values()) - 1) < 1e-3
    # the rule decides the label; the scores stay the head's, which sees the same paper as in `item`
    assert compiled.label == "none" and compiled.evidence == []
    assert compiled.scores["none"] < classifier.none_threshold


def test_a_table_row_is_judged_by_its_own_cells():
    # Nghị định 23/2018/NĐ-CP, Phụ lục II: the rate table's rows sit under a lead-in that says "kèm theo"
    lead_in = "1. Đối với cơ sở có nguy hiểm về cháy, nổ quy định tại Phụ lục II ban hành kèm theo Nghị định này:"
    assert not may_ask_for_paper("5.1 | Trung tâm thương mại | A | 0,06", lead_in)
    assert may_ask_for_paper("2 | Bản sao Giấy chứng nhận đăng ký doanh nghiệp | 01", lead_in)
    assert may_ask_for_paper("Trung tâm thương mại", lead_in)  # not a row: the lead-in still counts


def test_a_khoan_without_lead_in_reads_its_article_s_earlier_khoan():
    """Luật Kinh doanh bảo hiểm 2022 lost the heading of its dossier article: "2. Dự thảo điều lệ …" has no lead-in,
    and khoản 1 ("Văn bản đề nghị cấp giấy phép …") tells that it is a dossier's item."""
    text = "2. Dự thảo điều lệ đối với doanh nghiệp bảo hiểm, doanh nghiệp tái bảo hiểm;"
    assert not may_ask_for_paper(text, "")
    assert may_ask_for_paper(text, "", "1. Văn bản đề nghị cấp giấy phép thành lập và hoạt động;")
    # a known lead-in is not overridden by the preamble
    assert not may_ask_for_paper(text, "Điều 12. Vốn điều lệ", "1. Văn bản đề nghị cấp giấy phép;")
