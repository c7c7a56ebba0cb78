"""The learning-curve tool: shares of whole train documents, dev untouched, precision at a recall."""

import sys
from pathlib import Path

import numpy as np

from reviewer.classify.data import LabelledUnit

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "corpus" / "tools"))

from learning_curve import keep_documents, precision_at_recall  # noqa: E402


def unit(number: int, source: str, split: str) -> LabelledUnit:
    return LabelledUnit(f"u{number}", f"text {number}", "", "none", source, split)


def test_keep_documents_keeps_whole_train_documents_and_every_dev_unit():
    units = [unit(i, f"law-{i % 8}", "train") for i in range(40)] + [unit(100 + i, "dev-law", "dev") for i in range(5)]
    kept = keep_documents(units, 0.5, seed=3)
    train_sources = {u.source for u in kept if u.split == "train"}
    assert len(train_sources) == 4
    assert [u for u in units if u.source in train_sources or u.split == "dev"] == kept
    assert keep_documents(units, 0.5, seed=3) == kept  # the same draw for the same seed


def test_precision_at_recall_takes_the_loosest_threshold_that_reaches_it():
    gold = np.array([True, True, False, True, False, True])
    p_none = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.9])
    # 3 of 4 requirements are found within the 4 lowest P(none): precision 3/4 at recall 0.75
    assert precision_at_recall(gold, p_none, 0.75) == 0.75
    # all 4 need every unit: 4/6
    assert precision_at_recall(gold, p_none, 1.0) == 4 / 6
