"""The desk's plain functions: safe highlighting, document context, labelled examples, demo accounts,
learning from decisions and the admin's batch scan, on real units."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from desk_helpers import FIXTURES, signed_in

from reviewer import api
from reviewer.errors import PermissionDenied
from reviewer.ui.learning import build_training_corpus, decision_examples, model_figures, retrain
from reviewer.ui.services import (
    article_of,
    create_demo_accounts,
    document_context,
    labelled_examples,
    scan_folder,
)
from reviewer.ui.texts import highlight, md_escape

HOSTILE = "a) <script>alert('x')</script> **Bản sao** [giấy](javascript:alert(1)) có chứng thực;"


def test_highlight_escapes_the_text_before_marking_the_evidence():
    start = HOSTILE.index("Bản sao")
    marked = highlight(HOSTILE, [{"start": start, "end": start + len("Bản sao"), "kind": "cue"}])
    assert "<script>" not in marked and "&lt;script&gt;" in marked
    assert '<mark class="cue">Bản sao</mark>' in marked
    assert marked.count("<mark") == 1 and "**" in marked  # Markdown is left as literal text


def test_highlight_drops_spans_that_overlap_or_fall_outside_the_text():
    text = "Bản sao có chứng thực Giấy khai sinh"
    spans = [{"start": 0, "end": 21}, {"start": 4, "end": 8}, {"start": 30, "end": 99}, {"start": "x", "end": 3}]
    assert highlight(text, spans) == '<mark class="cue">Bản sao có chứng thực</mark> Giấy khai sinh'


def test_markdown_in_user_names_prints_as_itself():
    assert md_escape("**lan**_[x](y)") == r"\*\*lan\*\*\_\[x\]\(y\)"


def test_a_clause_with_script_and_markdown_is_shown_as_text_in_the_queue(desk_env, store, people):
    from reviewer.document import Document, DocumentMeta, Unit

    unit = Unit(citation="điểm a khoản 1 Điều 3", text=HOSTILE, context="1. Hồ sơ gồm:")
    document = Document(source="hostile.txt", meta=DocumentMeta(number="01/2024/QĐ-UBND"), units=[unit])

    class Prediction:
        label, score, scores, neighbours = "certified_copy", 0.55, {}, []
        evidence = [{"start": HOSTILE.index("Bản sao"), "end": HOSTILE.index("Bản sao") + 7, "kind": "cue"}]

    api.save_scan(store, people.department, "hostile.txt", "h-hostile", document, [Prediction()])
    at = signed_in(people.officer)
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "&lt;script&gt;alert" in html and "<script>alert" not in html
    assert '<mark class="cue">Bản sao</mark>' in html
    rendered_markdown = " ".join(m.value for m in at.markdown)
    assert "javascript:" not in rendered_markdown and "<script>" not in rendered_markdown


def test_document_context_gives_the_siblings_under_the_same_lead_in(desk, people):
    rows = api.list_findings(desk, people.officer, order="position", limit=None)
    row = next(r for r in rows if r.citation == "điểm b khoản 1 Điều 21")
    context = document_context(desk, people.officer, row)
    assert [r.citation for r in context] == ["điểm a khoản 1 Điều 21", "điểm b khoản 1 Điều 21"]
    assert article_of("điểm b khoản 2 Điều 10a Nghị định 15/2021/NĐ-CP") == "Điều 10a"


def test_neighbour_ids_become_the_labelled_texts_of_the_corpus(tmp_path):
    corpus = tmp_path / "units.jsonl"
    records = [
        {"id": "u1", "text": "a) Bản sao Giấy khai sinh;", "context": "Hồ sơ gồm:", "label": "copy", "citation": "x"},
        {"id": "u2", "text": "Cơ quan cấp giấy chứng nhận.", "label": "none"},
    ]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    examples = labelled_examples(["u2", {"id": "u1", "similarity": 0.93}, "gone"], corpus)
    assert [(e.id, e.label) for e in examples] == [("u2", "none"), ("u1", "copy"), ("gone", "")]
    assert examples[1].text == "a) Bản sao Giấy khai sinh;" and examples[1].similarity == 0.93


def test_demo_accounts_sign_in_with_the_printed_password(desk_env, store, capsys):
    password, users = create_demo_accounts(store)
    assert password in capsys.readouterr().out
    assert {u.role for u in users} == {"officer", "department", "head", "admin"}
    assert api.authenticate(store, "demo-head", password).role == "head"
    again, _ = create_demo_accounts(store, echo=False)  # run twice: the password is reset, not duplicated
    assert api.authenticate(store, "demo-officer", again).username == "demo-officer"


def test_decisions_become_labelled_examples(desk, people):
    rows = api.list_findings(desk, people.officer, status="pending", order="position", limit=3)
    api.decide(desk, people.officer, rows[0].proposal.id, "confirm", rows[0].proposal.version)
    api.decide(desk, people.officer, rows[1].proposal.id, "reject", rows[1].proposal.version, reason="không")
    examples = {e.text: e.label for e in decision_examples(desk, people.admin)}
    assert examples == {rows[0].text: rows[0].label, rows[1].text: "none"}


def test_a_decision_replaces_the_corpus_label_of_the_same_wording(tmp_path, desk, people):
    rows = api.list_findings(desk, people.officer, status="pending", limit=1)
    api.decide(desk, people.officer, rows[0].proposal.id, "reject", rows[0].proposal.version, reason="không")
    base = tmp_path / "base"
    (base / "labelled").mkdir(parents=True)
    same = {"id": "c1", "text": rows[0].text, "context": rows[0].context, "label": rows[0].label, "split": "train"}
    other = {"id": "c2", "text": "Cơ quan cấp giấy.", "context": "", "label": "none", "split": "dev"}
    (base / "labelled" / "units.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (same, other)), encoding="utf-8"
    )
    out = build_training_corpus(decision_examples(desk, people.admin), base, tmp_path / "corpus")
    kept = (out / "labelled" / "units.jsonl").read_text(encoding="utf-8")
    decided = [json.loads(line) for line in (out / "labelled" / "decisions.jsonl").read_text().splitlines()]
    assert '"c1"' not in kept and '"c2"' in kept
    assert [(d["text"], d["label"]) for d in decided] == [(rows[0].text, "none")]


def test_decisions_on_dev_documents_stay_in_dev(tmp_path, desk, people):
    rows = api.list_findings(desk, people.officer, status="pending", order="position", limit=2)
    api.decide(desk, people.officer, rows[0].proposal.id, "reject", rows[0].proposal.version, reason="không")
    api.decide(desk, people.officer, rows[1].proposal.id, "confirm", rows[1].proposal.version)
    document = Path(rows[0].document_source).name

    def placed(sibling_split: str) -> dict[str, dict]:
        base = tmp_path / f"base-{sibling_split}"
        (base / "labelled").mkdir(parents=True)
        same = {
            "id": "c1",
            "text": rows[0].text,
            "context": rows[0].context,
            "label": rows[0].label,
            "split": "dev",
            "preamble": "1. Công an cấp xã lập hồ sơ.",
            "source": "laws/other.txt",
        }
        sibling = {
            "id": "c2",
            "text": "Cơ quan cấp giấy.",
            "context": "",
            "label": "none",
            "split": sibling_split,
            "source": document,
        }
        (base / "labelled" / "units.jsonl").write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in (same, sibling)), encoding="utf-8"
        )
        out = build_training_corpus(decision_examples(desk, people.admin), base, tmp_path / f"out-{sibling_split}")
        lines = (out / "labelled" / "decisions.jsonl").read_text(encoding="utf-8").splitlines()
        return {record["text"]: record for record in map(json.loads, lines)}

    in_dev = placed("dev")
    # the officer's word on a dev unit replaces its label there, with what the gate reads beside it
    assert in_dev[rows[0].text]["split"] == "dev" and in_dev[rows[0].text]["label"] == "none"
    assert in_dev[rows[0].text]["preamble"] == "1. Công an cấp xã lập hồ sơ."
    # a unit the corpus never held, of a document whose units are in dev, is not trained on either
    assert in_dev[rows[1].text]["split"] == "dev"
    assert placed("train")[rows[1].text]["split"] == "train"


def test_only_the_admin_retrains_and_the_new_model_card_has_figures(desk, people, tmp_path, tiny_base_dir):
    from reviewer.classify import TrainConfig

    rows = api.list_findings(desk, people.officer, status="pending", limit=4)
    for row in rows:
        api.decide(desk, people.officer, row.proposal.id, "confirm", row.proposal.version)
    with pytest.raises(PermissionDenied):
        retrain(desk, people.officer, tmp_path / "never")
    config = TrainConfig(steps=5, lr=0.05, batch_size=20, prefix="", time_budget_s=60, carves=1)
    corpus = FIXTURES.parent / "classify"
    out = tmp_path / "new"
    folder, metrics = retrain(desk, people.admin, out, base=tiny_base_dir, config=config, base_corpus=corpus)
    figures = model_figures(folder)
    assert figures["version"] == metrics["version"] and figures["accuracy"] is not None
    assert figures["train_units"] > 4


def test_only_the_admin_scans_a_folder(desk, people, tmp_path):
    with pytest.raises(PermissionDenied):
        scan_folder(desk, people.officer, tmp_path)
