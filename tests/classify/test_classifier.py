"""Training, prediction and evaluation through the library, on a tiny static-embedding base."""

from __future__ import annotations

import json

import numpy as np
import pytest

from reviewer.classify import LABELS, ClauseInput, ModelNotFound, classification_report, load_classifier
from reviewer.classify.data import LabelledUnit, read_corpus
from reviewer.classify.training import MIN_THRESHOLD_FINDINGS, carve_validation, threshold_rows, tune_threshold
from reviewer.errors import BadInput

from .classify_helpers import CORPUS, FIXTURES


def _units(split: str):
    return [u for u in read_corpus(FIXTURES) if u.split == split]


def test_the_model_learns_to_separate_the_labels_it_was_trained_on(tiny_model):
    classifier = load_classifier(tiny_model)
    train = _units("train")
    predictions = classifier.predict([ClauseInput(u.id, u.text, u.context) for u in train])
    report = classification_report([u.label for u in train], [p.label for p in predictions])
    assert report["finding"]["recall"] >= 0.9
    assert report["accuracy"] >= 0.8
    # an untrained guess would put most units in one class; the model must use several
    assert len({p.label for p in predictions}) >= 4


def test_predictions_carry_probabilities_evidence_and_neighbours(tiny_model):
    classifier = load_classifier(tiny_model)
    unit = _units("train")[0]
    [prediction] = classifier.predict([ClauseInput("q1", unit.text, unit.context)])
    assert prediction.id == "q1"
    assert set(prediction.scores) == set(LABELS)
    assert sum(prediction.scores.values()) == pytest.approx(1.0, abs=1e-3)
    assert prediction.score == prediction.scores[prediction.label]
    # the unit itself is in the stored training embeddings, so it is its own nearest neighbour
    assert prediction.neighbours[0] == unit.id
    assert len(prediction.neighbours) == 3

    [cited] = classifier.predict([ClauseInput("q2", "a) Bản sao có chứng thực Giấy khai sinh;", "Hồ sơ gồm:")])
    spans = {(e.kind, e.text) for e in cited.evidence}
    assert ("cue", "Bản sao có chứng thực") in spans
    for e in cited.evidence:
        assert "a) Bản sao có chứng thực Giấy khai sinh;"[e.start : e.end] == e.text


def test_neighbours_found_in_slices_are_those_found_at_once(tiny_model, monkeypatch):
    import reviewer.classify.model as model

    items = [ClauseInput(u.id, u.text, u.context) for u in _units("train") + _units("dev")]
    at_once = [p.neighbours for p in load_classifier(tiny_model).predict(items)]
    monkeypatch.setattr(model, "NEIGHBOUR_ROWS", 3)  # a scan's big batches are compared a slice at a time
    sliced = [p.neighbours for p in load_classifier(tiny_model).predict(items)]
    assert len(items) > 3 * 3 and any(at_once)
    assert sliced == at_once


def test_a_finding_that_asks_for_the_original_of_an_issued_paper_is_labelled_original(tiny_model, monkeypatch):
    classifier = load_classifier(tiny_model)
    # What the real model's head said of "a) Bản chính Giấy khai sinh;": a finding, paper_document first.
    leaning = np.array([0.0017, 0.2661, 0.0, 0.7181, 0.0141])
    monkeypatch.setattr(classifier.head, "probabilities", lambda pairs, *_: np.tile(leaning, (len(pairs), 1)))
    items = [
        ClauseInput("birth", "a) Bản chính Giấy khai sinh;", "Hồ sơ gồm:"),
        ClauseInput("household", "b) Bản chính sổ hộ khẩu;", "Hồ sơ gồm:"),
        ClauseInput("form", "c) Bản chính Đơn đề nghị theo Mẫu số 01;", "Hồ sơ gồm:"),
        ClauseInput("column", "d) Giấy phép xây dựng (1 bản chính)", "Hồ sơ gồm:"),
    ]
    shown = "Người đề nghị xuất trình các giấy tờ sau để đối chiếu:"
    items += [
        ClauseInput("shown", "b) Sổ hộ khẩu;", shown),
        ClauseInput("shown-copy", "c) Bản sao Giấy khai sinh;", shown),  # offers a copy: its own word stands
        ClauseInput("shown-form", "d) Tờ khai theo mẫu;", shown),  # the applicant's own form
    ]
    birth, household, form, column, shown, shown_copy, shown_form = classifier.predict(items)
    assert birth.label == household.label == shown.label == "original"
    assert birth.score == birth.scores["original"] == pytest.approx(0.2661)  # the label's own probability
    # the applicant's own form, and a paper the portal's column alone marks "bản chính": the head decides
    assert form.label == column.label == shown_copy.label == shown_form.label == "paper_document"


def test_repeated_units_are_embedded_once(tiny_model):
    classifier = load_classifier(tiny_model)
    items = [ClauseInput(str(i), "a) Tờ khai   theo mẫu;", "Hồ sơ gồm:") for i in range(50)]
    predictions = classifier.predict(items)
    assert len(classifier._cache) == 1
    assert len({json.dumps(p.scores) for p in predictions}) == 1
    assert [p.id for p in predictions] == [str(i) for i in range(50)]
    predictions[0].evidence.clear()  # a caller editing one prediction leaves its twins alone
    predictions[0].scores["none"] = -1.0
    assert predictions[1].evidence and predictions[1].scores["none"] >= 0.0


def test_a_clause_in_capitals_reads_as_the_same_words(tiny_model):
    # A trial user's table cell in capitals was "none" (0.96) where the same words in lower case were a finding.
    classifier = load_classifier(tiny_model)
    shouted = ClauseInput("a", "a) BẢN SAO CÓ CHỨNG THỰC GIẤY KHAI SINH;", "Hồ sơ gồm:")
    quiet = ClauseInput("b", "a) bản sao có chứng thực giấy khai sinh;", "Hồ sơ gồm:")
    loud, calm = classifier.predict([shouted, quiet])
    assert loud.scores == calm.scores and loud.label == calm.label
    assert loud.evidence[0].text == "BẢN SAO CÓ CHỨNG THỰC"  # evidence still points into the text as written
    named = ClauseInput("c", "Cơ quan Công an cấp xã xác nhận", "")  # a few capitals are left alone
    assert classifier.input_text(named).endswith("Cơ quan Công an cấp xã xác nhận")


def test_identical_units_get_identical_predictions_in_any_company(tiny_model):
    classifier = load_classifier(tiny_model)
    unit = ClauseInput("x", "c) Bản chụp hộ chiếu của người nước ngoài;", "Hồ sơ gồm:")
    others = [ClauseInput("y", "Trong thời hạn 05 ngày làm việc, cơ quan cấp Giấy chứng nhận.")]
    alone = classifier.predict([unit])[0]
    mixed = classifier.predict(others + [unit, unit])
    assert mixed[1] == alone and mixed[2].scores == alone.scores


def test_a_missing_model_names_the_path_and_the_command(tmp_path):
    with pytest.raises(ModelNotFound) as caught:
        load_classifier(tmp_path / "nowhere")
    assert "nowhere" in str(caught.value) and "reviewer train" in str(caught.value)


def test_model_folder_has_card_and_metrics(tiny_model):
    card = (tiny_model / "README.md").read_text(encoding="utf-8")
    metrics = json.loads((tiny_model / "metrics.json").read_text(encoding="utf-8"))
    training = json.loads((tiny_model / "training.json").read_text(encoding="utf-8"))
    assert metrics["model"]["n"] == len(_units("dev"))
    assert training["units"]["fit"] + training["units"]["validation"] == len(_units("train"))
    assert training["fine_tuning"]["steps"] == 30
    assert training["fine_tuning"]["last_loss"] < training["fine_tuning"]["first_loss"]
    assert "certified_copy" in card and str(training["none_threshold"]) in card


def test_validation_is_carved_from_train_by_source():
    train = _units("train")
    fit, val = carve_validation(train, 0.2, seed=13)
    assert len(fit) + len(val) == len(train)
    assert not {u.source for u in fit} & {u.source for u in val}


def test_threshold_trades_precision_for_recall_by_f_beta():
    p_none = np.array([0.1, 0.2, 0.3, 0.55, 0.65, 0.62, 0.95, 0.99])
    gold = ["copy", "copy", "original", "copy", "paper_document", "none", "none", "none"]
    # at 0.5 recall is 3/5; at 0.56 it is 4/5 with no false alarm; at 0.66 all five but one false alarm
    recall_first = tune_threshold(p_none, gold, beta=2.0)
    assert 0.65 < recall_first <= 0.66
    precision_first = tune_threshold(p_none, gold, beta=0.5)
    assert 0.55 < precision_first <= 0.56
    assert tune_threshold(p_none, gold, beta=2.0, ceiling=0.6) <= 0.6


def test_threshold_reaches_the_target_recall_at_the_least_cost():
    p_none = np.array([0.1, 0.2, 0.3, 0.55, 0.65, 0.62, 0.95, 0.99])
    gold = ["copy", "copy", "original", "copy", "paper_document", "none", "none", "none"]
    assert 0.55 < tune_threshold(p_none, gold, target_recall=0.8) <= 0.56  # 4/5 found, no false alarm yet
    assert 0.65 < tune_threshold(p_none, gold, target_recall=1.0) <= 0.66  # all five, one false alarm
    # out of reach under the ceiling: the ceiling, the nearest to the target, where F-beta would stop earlier
    assert tune_threshold(p_none, gold, ceiling=0.6, target_recall=1.0) == 0.6
    assert tune_threshold(p_none, gold, ceiling=0.6) < 0.6


def test_a_recall_that_must_hold_across_documents_asks_for_a_higher_threshold():
    rng = np.random.default_rng(5)
    documents = [f"law-{i}.txt" for i in range(40) for _ in range(10)]
    gold = ["copy" if rng.random() < 0.5 else "none" for _ in documents]
    # findings mostly sure, a few borderline; the none units spread over the upper half
    p_none = np.array([rng.uniform(0.0, 0.9) ** 3 if g == "copy" else rng.uniform(0.5, 1.0) for g in gold])
    point = tune_threshold(p_none, gold, ceiling=0.97, target_recall=0.97)
    sure = tune_threshold(p_none, gold, ceiling=0.97, target_recall=0.97, groups=documents, confidence=0.9)
    assert sure > point
    finding = np.array([g != "none" for g in gold])
    assert ((p_none < sure) & finding).sum() / finding.sum() > 0.97
    assert tune_threshold(p_none, gold, ceiling=0.97, target_recall=0.97, groups=documents, confidence=0.0) == point
    # one document: every resample is that document, so the bound is the point estimate
    one = ["law.txt"] * len(gold)
    assert tune_threshold(p_none, gold, ceiling=0.97, target_recall=0.97, groups=one, confidence=0.9) == point
    with pytest.raises(ValueError):
        tune_threshold(p_none, gold, ceiling=0.97, target_recall=0.97, groups=documents[:-1], confidence=0.9)


def test_the_threshold_is_tuned_on_units_drawn_to_represent_their_documents():
    def unit(number: int, label: str, selected: str = "") -> LabelledUnit:
        return LabelledUnit(f"u{number}", "b) Bản sao giấy phép;", "", label, "law.txt", "train", selected=selected)

    drawn = [unit(i, "copy" if i % 2 else "none") for i in range(2 * MIN_THRESHOLD_FINDINGS)]
    hard = [unit(1000 + i, "none", selected="uncertain") for i in range(30)]
    units = hard[:10] + drawn + hard[10:]
    assert threshold_rows(units) == list(range(10, 10 + len(drawn)))
    # too few representative findings to tune on: every validation unit counts
    assert threshold_rows(hard + drawn[:10]) == list(range(40))


def test_report_counts_findings_and_labels():
    gold = ["copy", "copy", "none", "original", "none"]
    predicted = ["copy", "original", "none", "original", "copy"]
    report = classification_report(gold, predicted)
    # findings: gold 3, predicted 4, both 3
    assert report["finding"] == {"precision": 0.75, "recall": 1.0, "f1": pytest.approx(0.8571, abs=1e-4), "support": 3}
    assert report["labels"]["copy"]["precision"] == 0.5 and report["labels"]["copy"]["recall"] == 0.5
    assert report["labels"]["certified_copy"]["support"] == 0


def test_a_corpus_line_with_an_unknown_label_is_reported(tmp_path):
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:3]
    lines.append(json.dumps({"id": "x", "text": "t", "label": "photocopy", "split": "train"}))
    (tmp_path / "bad.jsonl").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(BadInput, match=r"bad.jsonl:4.*photocopy"):
        read_corpus(tmp_path)


def test_the_corpus_says_which_units_were_chosen_for_being_hard(tmp_path):
    hard = {"id": "w1", "text": "a) Bản sao bản án;", "label": "none", "split": "train", "selected": "uncertain"}
    drawn = {"id": "u1", "text": "a) Tờ khai theo mẫu;", "label": "paper_document", "split": "train"}
    (tmp_path / "units.jsonl").write_text("\n".join(json.dumps(row) for row in (hard, drawn)), encoding="utf-8")
    units = {u.id: u for u in read_corpus(tmp_path)}
    assert units["w1"].selected == "uncertain" and units["u1"].selected == ""
    assert threshold_rows(list(units.values())) == [0, 1]  # too few representative findings: all count


def test_one_call_may_bring_more_distinct_units_than_the_cache_holds(tiny_model, monkeypatch):
    import reviewer.classify.model as model

    monkeypatch.setattr(model, "CACHE_SIZE", 10)
    classifier = load_classifier(tiny_model)
    items = [ClauseInput(str(i), f"a) Tờ khai số {i} theo mẫu;", "Hồ sơ gồm:") for i in range(40)]
    predictions = classifier.predict(items)
    assert [p.id for p in predictions] == [str(i) for i in range(40)]
    assert len(classifier._cache) == 10


def test_a_certified_copy_stays_one_under_a_lead_in_that_has_papers_shown():
    from reviewer.classify.model import _as_worded

    row = np.array([0.6, 0.1, 0.1, 0.1, 0.1])  # LABELS order: certified_copy leads
    shown = "Người đề nghị xuất trình các giấy tờ sau:"
    assert _as_worded(("certified_copy", 0.6), row, "b) Sổ hộ khẩu;", shown) == ("certified_copy", 0.6)
    assert _as_worded(("paper_document", 0.1), row, "b) Sổ hộ khẩu;", shown)[0] == "original"
