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
import shutil
import time
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from reviewer.classify.data import LABELS, NONE, LabelledUnit, clean, model_input, read_corpus, split_units
from reviewer.classify.model import (
    BODY_DIR,
    HEAD_FILE,
    HEAD_MODEL_FILE,
    NEIGHBOURS_FILE,
    ClauseHead,
    RuleFeatures,
    decide,
    embed,
    load_body,
    load_classifier,
    may_ask_for_paper,
    save_neighbours,
)
from reviewer.config import settings
from reviewer.errors import BadInput, ModelNotFound


@dataclass
class TrainConfig:
    max_seq_length: int = 128
    batch_size: int = 32  # units per contrastive batch
    steps: int = 200
    lr: float | None = None  # None: 3e-5 for a transformer body, ``static_lr`` for a static one
    static_lr: float = 5e-3  # a static body's token vectors move only through the units they appear in
    freeze_layers: int = 8  # lower layers kept frozen (BERT bodies: their output is cached once per text)
    time_budget_s: float = 420.0  # fine-tuning stops here whatever ``steps`` says
    head_c: float = 16.0  # inverse regularisation of the head (ClauseHead)
    embedding_scale: float = 0.5  # the embedding's weight among the head's word and rule features
    target_recall: float | None = 0.97  # the threshold is the lowest that reaches this recall on validation
    recall_beta: float = 2.0  # else it maximises F-beta of findings on validation: recall counts double
    recall_confidence: float = 0.8  # ... in this share of resamples of the validation documents
    # Never flag a unit the head holds 97 % sure to be none. The joint head's probabilities are sharp: at 0.9 it
    # found 0.958 of the validation findings, short of the target.
    max_threshold: float = 0.97
    val_fraction: float = 0.15
    neighbours: int = 3
    prefix: str | None = None  # None: e5's "passage: " for a transformer body, nothing for a static one
    seed: int = 13
    quantize: bool = False
    rule_features: bool = True  # add the rule stage's label and evidence tags to the head's input
    # Validation carves whose thresholds are pooled (median); each fine-tunes a body of its own. One carve's
    # threshold moves with the documents it holds (seeds 7, 13, 29 gave 0.96, 0.83, 0.85 on the same corpus).
    carves: int = 3


def base_path(base: Path | str | None = None) -> Path:
    """The base sentence-transformer folder: ``base``, else ``settings().base_model``, else the static body
    distilled from the converted e5 (both built by ``reviewer build-base``)."""
    from reviewer.classify.static_base import default_static_dir

    chosen = Path(base) if base else Path(settings().base_model) if settings().base_model else default_static_dir()
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


def is_static(body) -> bool:
    """A body of static token vectors (sentence-transformers ``StaticEmbedding``), no transformer layers."""
    return type(body[0]).__name__ == "StaticEmbedding"


def settle(config: TrainConfig, body) -> TrainConfig:
    """The config with the body-dependent defaults (learning rate, input prefix) filled in."""
    from dataclasses import replace

    static = is_static(body)
    return replace(
        config,
        lr=config.lr if config.lr is not None else config.static_lr if static else 3e-5,
        prefix=config.prefix if config.prefix is not None else "" if static else "passage: ",
    )


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


def fine_tune(
    body,
    texts: list[str],
    labels: list[str],
    config: TrainConfig,
    progress: bool = True,
    split: _SplitBert | None = None,
) -> dict:
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
    if split is not None:
        split.cache_lower(texts, progress=progress)

    def encode(batch_texts: list[str]):
        if split is not None:
            return split.upper(batch_texts)
        return torch.nn.functional.normalize(body(_features(body, batch_texts))["sentence_embedding"], dim=-1)

    label_ids = {k: i for i, k in enumerate(LABELS)}
    start, losses, done = time.monotonic(), [], 0
    body.train()
    bar = tqdm(range(config.steps), desc="fine-tuning body", disable=not progress, unit="step")
    for step in bar:
        batch = _balanced_batch(rng, by_label, config.batch_size)
        vectors = encode([texts[i] for i in batch])
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


class _SplitBert:
    """A BERT body cut in two for fast fine-tuning: the frozen lower layers run once per text, ever.

    The hidden states after the frozen layers are cached per text; each training step then runs only the
    trainable upper layers, and the final embeddings reuse the same cache. Mean pooling over the attention
    mask and L2 normalisation match the sentence-transformers modules of the base.
    """

    def __init__(self, body, frozen: int, max_seq_length: int):
        self.body = body
        self.hf = _hf_model(body)
        self.frozen = frozen
        self.max_seq_length = max_seq_length
        self.tokenizer = body.tokenizer
        self._lower: dict[str, object] = {}

    @staticmethod
    def supports(body) -> bool:
        hf = _hf_model(body)
        return (
            hf is not None
            and getattr(hf.config, "model_type", "") in {"bert", "xlm-roberta", "roberta"}
            and hasattr(hf, "_create_attention_masks")
            and len(body) >= 2
            and type(body[1]).__name__ == "Pooling"
            and getattr(body[1], "pooling_mode", "mean") in ("mean", None)
        )

    def _mask(self, attention_mask, states):
        return self.hf._create_attention_masks(attention_mask, None, states, None, None)[0]

    def cache_lower(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> None:
        import torch
        from tqdm import tqdm

        todo = sorted({t for t in texts if t not in self._lower}, key=len)
        batches = [todo[i : i + batch_size] for i in range(0, len(todo), batch_size)]
        with torch.inference_mode():
            for batch in tqdm(batches, desc="frozen layers", disable=not progress, unit="batch"):
                enc = self.tokenizer(
                    batch, padding=True, truncation=True, max_length=self.max_seq_length, return_tensors="pt"
                )
                states = self.hf.embeddings(input_ids=enc["input_ids"])
                mask = self._mask(enc["attention_mask"], states)
                for layer in self.hf.encoder.layer[: self.frozen]:
                    states = layer(states, mask)
                for text, row, keep in zip(batch, states, enc["attention_mask"], strict=True):
                    self._lower[text] = row[: int(keep.sum())].clone()

    def upper(self, texts: list[str]):
        """Normalised sentence embeddings (with gradients when the upper layers train)."""
        import torch

        rows = [self._lower[t] for t in texts]
        length = max(r.shape[0] for r in rows)
        states = torch.zeros(len(rows), length, rows[0].shape[1])
        attention = torch.zeros(len(rows), length, dtype=torch.long)
        for i, r in enumerate(rows):
            states[i, : r.shape[0]] = r
            attention[i, : r.shape[0]] = 1
        mask = self._mask(attention, states)
        for layer in self.hf.encoder.layer[self.frozen :]:
            states = layer(states, mask)
        weights = attention.unsqueeze(-1).to(states.dtype)
        pooled = (states * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        return torch.nn.functional.normalize(pooled, dim=-1)

    def embed(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        import torch
        from tqdm import tqdm

        self.cache_lower(texts, progress=progress)
        order = sorted(range(len(texts)), key=lambda i: self._lower[texts[i]].shape[0])
        out = np.zeros((len(texts), self.hf.config.hidden_size), dtype=np.float32)
        starts = range(0, len(order), batch_size)
        with torch.inference_mode():
            for start in tqdm(starts, desc="embedding", disable=not progress, unit="batch"):
                chunk = order[start : start + batch_size]
                out[chunk] = self.upper([texts[i] for i in chunk]).numpy()
        return out


def gate(probabilities: np.ndarray, batch: list[LabelledUnit]) -> np.ndarray:
    """What the classifier decides for units its gate closes (``may_ask_for_paper``): none, whatever the head says."""
    closed = np.asarray([not may_ask_for_paper(u.text, u.context, u.preamble) for u in batch], dtype=bool)
    gated = probabilities.copy()
    gated[closed] = 0.0
    gated[closed, LABELS.index(NONE)] = 1.0
    return gated


MIN_THRESHOLD_FINDINGS = 50
RESAMPLES = 500


def _document_resamples(groups: list[str], seed: int) -> np.ndarray:
    """(RESAMPLES, n) weights: how often each unit's document is drawn in each bootstrap resample of documents."""
    names, index = np.unique(np.asarray(groups), return_inverse=True)
    rng = np.random.default_rng(seed)
    drawn = rng.integers(0, len(names), size=(RESAMPLES, len(names)))
    counts = np.stack([np.bincount(row, minlength=len(names)) for row in drawn])
    return counts[:, index].astype(float)


def _recall_reached(
    predicted: np.ndarray, finding: np.ndarray, target: float, weights: np.ndarray | None, confidence: float
) -> bool:
    if weights is None:
        return float((predicted & finding).sum()) / finding.sum() >= target - 1e-9
    found, total = weights @ (predicted & finding), weights @ finding
    recalls = found[total > 0] / total[total > 0]
    return float(np.quantile(recalls, 1.0 - confidence)) >= target - 1e-9


def threshold_rows(units: list[LabelledUnit]) -> list[int]:
    """The validation units the threshold is tuned on: those drawn to represent their documents.

    Units chosen for being hard (``selected``: uncertainty or disagreement sampling) crowd the band where the
    model hesitates, so a threshold that finds 97 % of their findings flags far more than 97 % of a document's;
    dev is drawn like the representative units. With fewer than ``MIN_THRESHOLD_FINDINGS`` findings among
    those, every validation unit counts.
    """
    rows = [i for i, unit in enumerate(units) if not unit.selected]
    if sum(units[i].label != NONE for i in rows) < MIN_THRESHOLD_FINDINGS:
        return list(range(len(units)))
    return rows


def tune_threshold(
    p_none: np.ndarray,
    gold: list[str],
    beta: float = 2.0,
    ceiling: float = 0.9,
    target_recall: float | None = None,
    groups: list[str] | None = None,
    confidence: float = 0.0,
    seed: int = 13,
) -> float:
    """The threshold on P(none), between 0.5 and ``ceiling``, chosen on validation.

    A unit is a finding when P(none) < threshold: raising it trades precision for recall. With a
    ``target_recall`` the lowest threshold whose finding recall reaches it wins (recall first, then as much
    precision as that leaves); when none under the ceiling reaches it, the ceiling (the nearest to the target).
    With ``groups`` (each unit's source document) and a ``confidence``, the recall must reach the target in that
    share of resamples of the documents (a bootstrap): findings come in clusters of one law or procedure, and a
    few hundred of them pin a recall of 0.97 only loosely, so a threshold fitted to the point estimate misses
    more than the target on other documents.
    Without a target, the one that maximises finding F-beta (beta = 2: recall weighs twice as much, as a
    missed requirement costs more than a false alarm). Ties go to the lower threshold (more precision).
    """
    finding = np.asarray([g != NONE for g in gold])
    if finding.sum() < 5:
        return 0.5
    thresholds = np.round(np.arange(0.5, ceiling + 1e-9, 0.01), 2)
    if target_recall is not None:
        if groups is not None and len(groups) != len(p_none):
            raise ValueError(f"{len(groups)} groups for {len(p_none)} units")
        weights = _document_resamples(groups, seed) if groups is not None and confidence > 0 else None
        for threshold in thresholds:
            if _recall_reached(p_none < threshold, finding, target_recall, weights, confidence):
                return float(threshold)
        return float(thresholds[-1])
    best, best_score = 0.5, -1.0
    for threshold in thresholds:
        predicted = p_none < threshold
        tp = float((predicted & finding).sum())
        precision = tp / predicted.sum() if predicted.sum() else 0.0
        recall = tp / finding.sum()
        score = (1 + beta**2) * precision * recall / (beta**2 * precision + recall) if tp else 0.0
        if score > best_score + 1e-9:
            best, best_score = float(threshold), score
    return best


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
    carve = _fit_carve(train_units, config, base_dir, progress)
    config = carve.config
    # the other carves are fitted for their thresholds only; the model keeps the first carve's body
    thresholds = [carve.threshold] + [
        _fit_carve(train_units, replace(config, seed=config.seed + extra), base_dir, progress).threshold
        for extra in range(1, config.carves)
    ]
    threshold = float(np.median(thresholds))
    fit_units, val_units, body = carve.fit_units, carve.val_units, carve.body
    fit_vectors, val_vectors, rules = carve.fit_vectors, carve.val_vectors, carve.rules
    fit_rules, val_rules, tuning, validation = carve.fit_rules, carve.val_rules, carve.tuning, carve.validation
    if carve.val_units:
        validation["thresholds_of_carves"] = thresholds

    def pairs(batch: list[LabelledUnit]) -> list[tuple[str, str]]:
        return [(clean(u.text), clean(u.context)) for u in batch]

    def fit(batch: list[LabelledUnit], vectors: np.ndarray, rule_rows: np.ndarray) -> ClauseHead:
        return ClauseHead.fit(
            pairs(batch),
            rule_rows,
            vectors,
            [u.label for u in batch],
            config.head_c,
            config.embedding_scale,
            config.seed,
        )

    all_units = fit_units + val_units
    all_vectors = np.concatenate([fit_vectors, val_vectors]) if val_units else fit_vectors
    head = fit(all_units, all_vectors, np.concatenate([fit_rules, val_rules]) if val_units else fit_rules)

    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out_dir / BODY_DIR, ignore_errors=True)  # a static body must not inherit a transformer's files
    body.save(str(out_dir / BODY_DIR))
    save_neighbours(out_dir / NEIGHBOURS_FILE, all_vectors, [u.id for u in all_units])
    head.save(out_dir / HEAD_MODEL_FILE)
    (out_dir / "lexical.joblib").unlink(missing_ok=True)  # the word head of earlier versions, now part of the head
    version = f"{out_dir.name}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S')}"
    head_config = {
        "version": version,
        "prefix": config.prefix,
        "max_seq_length": config.max_seq_length,
        "neighbours": config.neighbours,
        "quantize": config.quantize,
        "head_c": config.head_c,
        "embedding_scale": config.embedding_scale,
        "none_threshold": threshold,
        "body": "static" if is_static(body) else "transformer",
        "embedding_dim": int(all_vectors.shape[1]),
        "rule_tags": rules.tags if rules is not None else None,
        "rule_features": RuleFeatures.VERSION if rules is not None else None,
        "classes": [str(c) for c in head.model.classes_],
    }
    _write_json(out_dir / HEAD_FILE, head_config)

    dev_report: dict = {}
    if dev_units:
        # The written folder, through the same path as `reviewer evaluate` and `reviewer classify`.
        predictions = load_classifier(out_dir).predict([u.as_input() for u in dev_units])
        dev_report = classification_report([u.label for u in dev_units], [p.label for p in predictions])
    training = {
        "version": version,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "base": str(base_dir),
        "body": "static" if is_static(body) else "transformer",
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


@dataclass
class _Carve:
    """One validation carve of TRAIN: the body fine-tuned on its fit part, the head fitted there, the threshold."""

    config: TrainConfig
    fit_units: list[LabelledUnit]
    val_units: list[LabelledUnit]
    body: object
    head: ClauseHead
    rules: RuleFeatures | None
    fit_vectors: np.ndarray
    val_vectors: np.ndarray
    fit_rules: np.ndarray
    val_rules: np.ndarray
    tuning: dict
    threshold: float
    validation: dict


def _fit_carve(train_units: list[LabelledUnit], config: TrainConfig, base_dir: Path, progress: bool) -> _Carve:
    from reviewer.classify.evaluation import classification_report

    fit_units, val_units = carve_validation(train_units, config.val_fraction, config.seed)
    body = load_body(base_dir, config.max_seq_length)
    config = settle(config, body)

    def inputs(batch: list[LabelledUnit]) -> list[str]:
        return [model_input(u.text, u.context, config.prefix) for u in batch]

    split = _SplitBert(body, config.freeze_layers, config.max_seq_length) if config.freeze_layers else None
    split = split if split is not None and _SplitBert.supports(body) else None
    tuning = fine_tune(body, inputs(fit_units), [u.label for u in fit_units], config, progress, split)
    tuning["cached_frozen_layers"] = split is not None

    def encode(texts: list[str]) -> np.ndarray:
        return split.embed(texts, progress=progress) if split else embed(body, texts, progress=progress)

    fit_vectors = encode(inputs(fit_units))
    val_vectors = encode(inputs(val_units))
    rules = _rule_features(fit_units) if config.rule_features else None

    def pairs(batch: list[LabelledUnit]) -> list[tuple[str, str]]:
        return [(clean(u.text), clean(u.context)) for u in batch]

    def rule_matrix(batch: list[LabelledUnit]) -> np.ndarray:
        if rules is None:
            return np.zeros((len(batch), 0), dtype=np.float32)
        return rules.matrix(pairs(batch))

    fit_rules, val_rules = rule_matrix(fit_units), rule_matrix(val_units)
    head = ClauseHead.fit(
        pairs(fit_units),
        fit_rules,
        fit_vectors,
        [u.label for u in fit_units],
        config.head_c,
        config.embedding_scale,
        config.seed,
    )
    threshold = 0.5
    validation: dict = {}
    if val_units:
        rows = threshold_rows(val_units)
        val_probabilities = gate(head.probabilities(pairs(val_units), val_rules, val_vectors), val_units)[rows]
        val_gold = [val_units[i].label for i in rows]
        threshold = tune_threshold(
            val_probabilities[:, LABELS.index(NONE)],
            val_gold,
            config.recall_beta,
            config.max_threshold,
            config.target_recall,
            groups=[val_units[i].source or val_units[i].id for i in rows],
            confidence=config.recall_confidence,
            seed=config.seed,
        )
        validation = {
            "units": len(rows),
            "argmax": classification_report(val_gold, [lab for lab, _ in decide(val_probabilities, 0.5)]),
            "tuned": classification_report(val_gold, [lab for lab, _ in decide(val_probabilities, threshold)]),
        }
    return _Carve(
        config,
        fit_units,
        val_units,
        body,
        head,
        rules,
        fit_vectors,
        val_vectors,
        fit_rules,
        val_rules,
        tuning,
        threshold,
        validation,
    )


def _rule_features(units: list[LabelledUnit]) -> RuleFeatures | None:
    try:
        import reviewer.find  # noqa: F401
    except ImportError:
        return None
    return RuleFeatures.learn([(clean(u.text), clean(u.context)) for u in units])


def _counts(units: list[LabelledUnit]) -> dict[str, int]:
    return {label: sum(u.label == label for u in units) for label in LABELS}


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2), encoding="utf-8")
