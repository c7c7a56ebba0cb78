"""Evaluation on the dev split: the trained model against three baselines, in one run.

- ``keyword``: the rule baseline, ``reviewer.find.rule_label(text, context)``;
- ``tfidf``: character n-gram TF-IDF + logistic regression trained on TRAIN;
- ``frozen``: the untrained base model's embeddings + a logistic-regression head on them alone, trained on TRAIN;
- ``model``: the trained classifier (fine-tuned body, head, tuned threshold).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reviewer.classify.data import LABELS, NONE, LabelledUnit, model_input, read_corpus, split_units
from reviewer.classify.model import (
    HEAD_FILE,
    CharTfidf,
    decide,
    embed,
    load_body,
    load_classifier,
    model_path,
)
from reviewer.errors import BadInput

SYSTEMS = ("keyword", "tfidf", "frozen", "model")
FROZEN_HEAD_C = 0.1  # on standardised embeddings


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def classification_report(gold: list[str], predicted: list[str]) -> dict:
    """Precision/recall/F1 per label, for finding-vs-none, macro-F1 over the labels present in gold."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    per_label = {}
    for label in LABELS:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        per_label[label] = _prf(tp, fp, fn) | {"support": sum(g == label for g in gold)}
    gold_f = [g != NONE for g in gold]
    pred_f = [p != NONE for p in predicted]
    finding = _prf(
        sum(g and p for g, p in zip(gold_f, pred_f, strict=True)),
        sum(p and not g for g, p in zip(gold_f, pred_f, strict=True)),
        sum(g and not p for g, p in zip(gold_f, pred_f, strict=True)),
    ) | {"support": sum(gold_f)}
    present = [label for label in LABELS if per_label[label]["support"]]
    macro = float(np.mean([per_label[label]["f1"] for label in present])) if present else 0.0
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0
    return {
        "n": len(gold),
        "labels": per_label,
        "finding": finding,
        "macro_f1": round(macro, 4),
        "accuracy": round(accuracy, 4),
    }


def keyword_predictions(units: list[LabelledUnit]) -> list[str]:
    from reviewer.find import rule_label

    return [rule_label(u.text, u.context) for u in units]


def tfidf_predictions(train: list[LabelledUnit], dev: list[LabelledUnit], c: float = 4.0) -> list[str]:
    tfidf = CharTfidf.fit([(u.text, u.context) for u in train], [u.label for u in train], c)
    return [label for label, _ in decide(tfidf.probabilities([(u.text, u.context) for u in dev]), 0.5)]


@dataclass
class Head:
    """Logistic regression on embeddings alone, evaluated with numpy: the ``frozen`` baseline's head."""

    classes: list[str]
    coef: np.ndarray  # (k, d), k = 1 for a binary head
    intercept: np.ndarray  # (k,)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """(n, len(LABELS)) probabilities in LABELS order; labels unseen in training get 0."""
        logits = x @ self.coef.T + self.intercept
        if len(self.classes) == 2 and logits.shape[1] == 1:
            p1 = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            known = np.stack([1.0 - p1, p1], axis=1)
        else:
            logits = logits - logits.max(axis=1, keepdims=True)
            e = np.exp(logits)
            known = e / e.sum(axis=1, keepdims=True)
        out = np.zeros((x.shape[0], len(LABELS)), dtype=np.float64)
        for j, name in enumerate(self.classes):
            out[:, LABELS.index(name)] = known[:, j]
        return out


def fit_head(vectors: np.ndarray, labels: list[str], c: float = FROZEN_HEAD_C, seed: int = 13) -> Head:
    """The frozen baseline's head: logistic regression on the untrained body's embeddings alone."""
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        raise BadInput("training data", f"needs at least two labels, found {sorted(set(labels))}")
    # Normalised sentence embeddings differ by small amounts along many axes: standardise them, then fold
    # the scaling into the coefficients so that inference stays one matrix product.
    mean = vectors.mean(axis=0)
    scale = vectors.std(axis=0) + 1e-6
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=seed)
    model.fit((vectors - mean) / scale, labels)
    coef = model.coef_ / scale
    intercept = model.intercept_ - coef @ mean
    return Head([str(k) for k in model.classes_], coef.astype(np.float32), intercept.astype(np.float32))


def frozen_predictions(
    base: Path, train: list[LabelledUnit], dev: list[LabelledUnit], config: dict, progress: bool = False
) -> list[str]:
    body = load_body(base, config.get("max_seq_length"))
    prefix = config.get("prefix", "passage: ")
    train_vectors = embed(body, [model_input(u.text, u.context, prefix) for u in train], progress=progress)
    head = fit_head(train_vectors, [u.label for u in train])
    dev_vectors = embed(body, [model_input(u.text, u.context, prefix) for u in dev], progress=progress)
    return [label for label, _ in decide(head.probabilities(dev_vectors), 0.5)]


def evaluate(
    model_dir: Path | str | None = None,
    corpus_dir: Path | str | None = None,
    systems: tuple[str, ...] = SYSTEMS,
    base: Path | str | None = None,
    progress: bool = False,
    write: bool = True,
) -> dict:
    """Score the trained model and the baselines on the dev split; with ``write``, record it in the model folder.

    Returns ``{"split", "n", "systems": {name: classification_report | {"skipped": reason}}, "seconds"}``.
    """
    from reviewer.config import settings

    folder = model_path(model_dir)
    corpus = Path(corpus_dir) if corpus_dir else settings().corpus_dir
    units = read_corpus(corpus)
    train, dev = split_units(units, "train"), split_units(units, "dev")
    if not dev:
        raise BadInput(str(corpus), "the corpus has no units with split 'dev'")
    gold = [u.label for u in dev]
    config = json.loads((folder / HEAD_FILE).read_text(encoding="utf-8")) if (folder / HEAD_FILE).is_file() else {}
    report: dict = {"split": "dev", "n": len(dev), "systems": {}, "seconds": {}}
    for system in systems:
        started = time.monotonic()
        try:
            if system == "model":
                predictions = load_classifier(folder).predict([u.as_input() for u in dev], progress=progress)
                predicted = [p.label for p in predictions]
                report["operating_points"] = operating_points(dev, predictions)
            else:
                predicted = _predict(system, folder, base, config, train, dev, progress)
        except ImportError as error:
            report["systems"][system] = {"skipped": f"missing module: {error.name}"}
            continue
        report["systems"][system] = classification_report(gold, predicted)
        report["seconds"][system] = round(time.monotonic() - started, 1)
    if write and (folder / HEAD_FILE).is_file():
        _record(folder, report)
    return report


def _predict(system: str, folder: Path, base, config: dict, train, dev, progress: bool) -> list[str]:
    if system == "keyword":
        return keyword_predictions(dev)
    if system == "tfidf":
        return tfidf_predictions(train, dev)
    if system == "frozen":
        from reviewer.classify.training import base_path

        if base is None:
            training = folder / "training.json"
            base = json.loads(training.read_text(encoding="utf-8")).get("base") if training.is_file() else None
        return frozen_predictions(base_path(base), train, dev, config, progress)
    raise ValueError(f"unknown system {system!r}; expected one of {SYSTEMS}")


OPERATING_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97)


def operating_points(dev: list[LabelledUnit], predictions: list) -> list[dict]:
    """Finding precision and recall on dev had the threshold on P(none) been elsewhere (the gate still applies).

    For the model card: the threshold itself is chosen on validation, never here.
    """
    from reviewer.classify.model import may_ask_for_paper

    gold = np.asarray([u.label != NONE for u in dev])
    p_none = np.asarray([p.scores[NONE] for p in predictions])
    open_ = np.asarray([may_ask_for_paper(u.text, u.context, u.preamble) for u in dev])
    points = []
    for threshold in OPERATING_THRESHOLDS:
        flagged = (p_none < threshold) & open_
        hits = float((flagged & gold).sum())
        points.append(
            {
                "threshold": threshold,
                "precision": round(hits / flagged.sum(), 4) if flagged.sum() else 0.0,
                "recall": round(hits / gold.sum(), 4) if gold.sum() else 0.0,
                "flagged": int(flagged.sum()),
            }
        )
    return points


def _record(folder: Path, report: dict) -> None:
    from reviewer.classify.model_card import write_card

    metrics_file = folder / "metrics.json"
    metrics = json.loads(metrics_file.read_text(encoding="utf-8")) if metrics_file.is_file() else {}
    metrics["evaluation"] = report
    if "model" in report["systems"] and "skipped" not in report["systems"]["model"]:
        metrics["model"] = report["systems"]["model"]
    metrics_file.write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    write_card(folder)


def format_report(report: dict) -> str:
    """The evaluation as plain-text tables: one summary line per system, then per-label figures."""
    names = [s for s in report["systems"] if "skipped" not in report["systems"][s]]
    lines = [f"dev split: {report['n']} units", ""]
    header = f"{'system':<10} {'find P':>7} {'find R':>7} {'find F1':>7} {'macroF1':>7} {'acc':>7}"
    lines += [header, "-" * len(header)]
    for name in report["systems"]:
        r = report["systems"][name]
        if "skipped" in r:
            lines.append(f"{name:<10} skipped: {r['skipped']}")
            continue
        f = r["finding"]
        lines.append(
            f"{name:<10} {f['precision']:>7.3f} {f['recall']:>7.3f} {f['f1']:>7.3f} "
            f"{r['macro_f1']:>7.3f} {r['accuracy']:>7.3f}"
        )
    lines.append("")
    header = f"{'label':<15} {'n':>5} " + " ".join(f"{n[:10]:>22}" for n in names)
    lines += ["per label: precision / recall / F1", header, "-" * len(header)]
    for label in LABELS:
        support = report["systems"][names[0]]["labels"][label]["support"] if names else 0
        cells = []
        for name in names:
            m = report["systems"][name]["labels"][label]
            cells.append(f"{m['precision']:.2f}/{m['recall']:.2f}/{m['f1']:.2f}".rjust(22))
        lines.append(f"{label:<15} {support:>5} " + " ".join(cells))
    if report.get("operating_points"):
        lines += ["", "model at other thresholds on P(none) (dev; the model's own is chosen on validation):"]
        lines += [
            f"  < {p['threshold']:.2f}: precision {p['precision']:.3f} recall {p['recall']:.3f} "
            f"({p['flagged']} flagged)"
            for p in report["operating_points"]
        ]
    return "\n".join(lines)
