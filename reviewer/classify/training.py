"""Training: the SetFit method on a sentence-transformer body, then a logistic-regression head.

1. Contrastive fine-tuning of the body. SetFit's loss (cosine similarity regressed to 1 for a same-label pair
   and 0 for a different-label pair) is applied to every pair inside class-balanced batches, so one batch of
   32 units trains on 496 pairs for the price of 32 encodings; rare labels get as many slots as ``none``.
   On BERT bodies the word embeddings and the lower layers stay frozen: it is the cheapest way to fit the
   2-core time budget, and the upper layers carry what the task needs.
2. A logistic-regression head on the normalised embeddings.
3. A decision threshold on P(none), tuned on a validation split carved out of TRAIN by source document
   (never dev), so that finding recall reaches the target; the head is then refit on train + validation.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from reviewer.classify.data import LABELS, NONE, LabelledUnit, model_input, read_corpus, split_units
from reviewer.classify.model import (
    BODY_DIR,
    HEAD_FILE,
    NEIGHBOURS_FILE,
    Head,
    decide,
    embed,
    load_body,
    save_neighbours,
)
from reviewer.config import settings
from reviewer.errors import BadInput, ModelNotFound


@dataclass
class TrainConfig:
    max_seq_length: int = 128
    batch_size: int = 32  # units per contrastive batch
    steps: int = 120
    lr: float = 3e-5
    freeze_layers: int = 6  # lower transformer layers kept frozen (BERT bodies only)
    time_budget_s: float = 540.0  # fine-tuning stops here whatever ``steps`` says
    head_c: float = 0.5  # inverse regularisation of the head, on standardised embeddings
    target_recall: float = 0.98  # finding recall aimed at on the validation split
    val_fraction: float = 0.15
    neighbours: int = 3
    prefix: str = "passage: "
    seed: int = 13
    quantize: bool = False


def base_path(base: Path | str | None = None) -> Path:
    """The base sentence-transformer folder: ``base``, else ``settings().base_model``, else the converted e5."""
    from reviewer.classify.e5_base import default_out_dir

    chosen = Path(base) if base else Path(settings().base_model) if settings().base_model else default_out_dir()
    if not (chosen / "modules.json").is_file() and not (chosen / "config.json").is_file():
        raise ModelNotFound(str(chosen), "no sentence-transformers base model here; run `reviewer build-base`")
    return chosen


def carve_validation(units: list[LabelledUnit], fraction: float, seed: int) -> tuple[list, list]:
    """Split TRAIN by source document (a stable hash), so validation units never share a document with fit."""
    if fraction <= 0:
        return list(units), []

    def bucket(source: str) -> float:
        digest = hashlib.sha1(f"{seed}:{source}".encode()).hexdigest()
        return int(digest[:8], 16) / 0xFFFFFFFF

    fit = [u for u in units if bucket(u.source or u.id) >= fraction]
    val = [u for u in units if bucket(u.source or u.id) < fraction]
    if not fit or not val:  # too few sources to split by document: fall back to units
        rng = np.random.default_rng(seed)
        order = rng.permutation(len(units))
        cut = max(1, int(len(units) * fraction))
        val = [units[i] for i in order[:cut]]
        fit = [units[i] for i in order[cut:]]
    return fit, val


def _hf_model(body):
    first = body[0]
    return getattr(first, "auto_model", None) or getattr(first, "model", None)


def _set_trainable(body, freeze_layers: int) -> int:
    """Freeze word embeddings and the lower layers of a BERT-like body; returns the trainable parameter count."""
    hf = _hf_model(body)
    layers = getattr(getattr(hf, "encoder", None), "layer", None) if hf is not None else None
    for p in body.parameters():
        p.requires_grad = True
    if hf is not None and layers is not None:
        for p in hf.embeddings.parameters():
            p.requires_grad = False
        for layer in list(layers)[:freeze_layers]:
            for p in layer.parameters():
                p.requires_grad = False
    return sum(p.numel() for p in body.parameters() if p.requires_grad)


def _features(body, texts: list[str]) -> dict:
    prepare = getattr(body, "preprocess", None) or body.tokenize
    return dict(prepare(texts))


def _balanced_batch(rng: np.random.Generator, by_label: dict[str, np.ndarray], size: int) -> np.ndarray:
    labels = [k for k, v in by_label.items() if len(v)]
    per_label = max(2, size // len(labels))
    picks = [rng.choice(by_label[k], size=per_label, replace=len(by_label[k]) < per_label) for k in labels]
    return np.concatenate(picks)


def fine_tune(body, texts: list[str], labels: list[str], config: TrainConfig, progress: bool = True) -> dict:
    """Contrastive fine-tuning in place; returns what happened (steps, loss, seconds) for training.json."""
    import torch
    from tqdm import tqdm

    labels_arr = np.asarray(labels)
    by_label = {k: np.flatnonzero(labels_arr == k) for k in LABELS}
    if config.steps <= 0 or sum(len(v) > 0 for v in by_label.values()) < 2:
        return {"steps": 0, "reason": "nothing to contrast"}
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    trainable = _set_trainable(body, config.freeze_layers)
    params = [p for p in body.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=config.lr, weight_decay=0.01)
    warmup = max(1, config.steps // 10)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (config.steps - step) / max(1, config.steps - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, schedule)
    label_ids = {k: i for i, k in enumerate(LABELS)}
    start, losses, done = time.monotonic(), [], 0
    body.train()
    bar = tqdm(range(config.steps), desc="fine-tuning body", disable=not progress, unit="step")
    for step in bar:
        batch = _balanced_batch(rng, by_label, config.batch_size)
        features = _features(body, [texts[i] for i in batch])
        vectors = torch.nn.functional.normalize(body(features)["sentence_embedding"], dim=-1)
        similarity = vectors @ vectors.T
        ids = torch.tensor([label_ids[labels[i]] for i in batch])
        same = (ids[:, None] == ids[None, :]).float()
        off_diagonal = 1.0 - torch.eye(len(batch))
        positive, negative = same * off_diagonal, (1.0 - same) * off_diagonal
        loss = ((similarity - 1.0) ** 2 * positive).sum() / positive.sum().clamp(min=1.0) + (
            similarity**2 * negative
        ).sum() / negative.sum().clamp(min=1.0)
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimiser.step()
        scheduler.step()
        losses.append(loss.item())
        done = step + 1
        bar.set_postfix(loss=f"{np.mean(losses[-10:]):.4f}")
        if time.monotonic() - start > config.time_budget_s:
            break
    bar.close()
    body.eval()
    for p in body.parameters():
        p.requires_grad = False
    return {
        "steps": done,
        "trainable_parameters": trainable,
        "first_loss": round(losses[0], 5) if losses else None,
        "last_loss": round(float(np.mean(losses[-10:])), 5) if losses else None,
        "seconds": round(time.monotonic() - start, 1),
    }


def fit_head(vectors: np.ndarray, labels: list[str], c: float, seed: int = 13) -> Head:
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


def tune_threshold(p_none: np.ndarray, gold: list[str], target_recall: float) -> float:
    """The smallest threshold on P(none) (at least 0.5) whose finding recall reaches the target.

    A unit is a finding when P(none) < threshold; raising the threshold only adds findings, so the smallest
    threshold that reaches the recall keeps the most precision.
    """
    finding = np.asarray([g != NONE for g in gold])
    if finding.sum() < 5:
        return 0.5
    scores = np.sort(p_none[finding])
    needed = math.ceil(target_recall * len(scores))
    threshold = float(scores[needed - 1]) + 1e-6
    return float(min(0.95, max(0.5, threshold)))


def train(
    corpus_dir: Path | str,
    out_dir: Path | str | None = None,
    base: Path | str | None = None,
    config: TrainConfig | None = None,
    progress: bool = True,
) -> dict:
    """Train a classifier on the TRAIN split of ``corpus_dir`` and write the model folder ``out_dir``.

    Returns the metrics written to ``metrics.json`` (on the dev split when the corpus has one).
    """
    from reviewer.classify.evaluation import classification_report
    from reviewer.classify.model_card import write_card

    config = config or TrainConfig()
    started = time.monotonic()
    out_dir = Path(out_dir) if out_dir else settings().model_dir
    base_dir = base_path(base)
    units = read_corpus(Path(corpus_dir))
    train_units, dev_units = split_units(units, "train"), split_units(units, "dev")
    if not train_units:
        raise BadInput(str(corpus_dir), "the corpus has no units with split 'train'")
    fit_units, val_units = carve_validation(train_units, config.val_fraction, config.seed)

    def inputs(batch: list[LabelledUnit]) -> list[str]:
        return [model_input(u.text, u.context, config.prefix) for u in batch]

    body = load_body(base_dir, config.max_seq_length)
    tuning = fine_tune(body, inputs(fit_units), [u.label for u in fit_units], config, progress)

    fit_vectors = embed(body, inputs(fit_units), progress=progress)
    val_vectors = embed(body, inputs(val_units), progress=progress)
    head = fit_head(fit_vectors, [u.label for u in fit_units], config.head_c, config.seed)
    threshold = 0.5
    validation: dict = {}
    if val_units:
        val_probabilities = head.probabilities(val_vectors)
        val_gold = [u.label for u in val_units]
        threshold = tune_threshold(val_probabilities[:, LABELS.index(NONE)], val_gold, config.target_recall)
        validation = {
            "argmax": classification_report(val_gold, [lab for lab, _ in decide(val_probabilities, 0.5)]),
            "tuned": classification_report(val_gold, [lab for lab, _ in decide(val_probabilities, threshold)]),
        }
    all_units = fit_units + val_units
    all_vectors = np.concatenate([fit_vectors, val_vectors]) if val_units else fit_vectors
    head = fit_head(all_vectors, [u.label for u in all_units], config.head_c, config.seed)
    head.none_threshold = threshold

    out_dir.mkdir(parents=True, exist_ok=True)
    body.save(str(out_dir / BODY_DIR))
    save_neighbours(out_dir / NEIGHBOURS_FILE, all_vectors, [u.id for u in all_units])
    version = f"{out_dir.name}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S')}"
    head_config = {
        "version": version,
        "prefix": config.prefix,
        "max_seq_length": config.max_seq_length,
        "neighbours": config.neighbours,
        "quantize": config.quantize,
        "head_c": config.head_c,
        "head": head.to_json(),
    }
    _write_json(out_dir / HEAD_FILE, head_config)

    dev_report: dict = {}
    if dev_units:
        dev_probabilities = head.probabilities(embed(body, inputs(dev_units), progress=progress))
        dev_report = classification_report(
            [u.label for u in dev_units], [lab for lab, _ in decide(dev_probabilities, threshold)]
        )
    training = {
        "version": version,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "base": str(base_dir),
        "corpus": str(corpus_dir),
        "corpus_files": [p.name for p in sorted(Path(corpus_dir).glob("**/*.jsonl"))][:50],
        "units": {
            "train": len(train_units),
            "fit": len(fit_units),
            "validation": len(val_units),
            "dev": len(dev_units),
        },
        "labels_fit": _counts(fit_units),
        "labels_dev": _counts(dev_units),
        "config": asdict(config),
        "fine_tuning": tuning,
        "none_threshold": threshold,
        "validation": validation,
        "seconds": round(time.monotonic() - started, 1),
    }
    _write_json(out_dir / "training.json", training)
    metrics = {"version": version, "split": "dev", "model": dev_report}
    _write_json(out_dir / "metrics.json", metrics)
    write_card(out_dir)
    return metrics


def _counts(units: list[LabelledUnit]) -> dict[str, int]:
    return {label: sum(u.label == label for u in units) for label in LABELS}


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2), encoding="utf-8")
