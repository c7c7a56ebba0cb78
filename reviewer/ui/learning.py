"""Learning from decisions: decided findings become labelled units, and the admin retrains on them.

A confirmed (or approved) proposal gives the label the officer chose when confirming (the model's when the
officer kept it); a rejected one becomes ``none``. The new model is
trained by :func:`reviewer.classify.train` into a new folder; the desk switches to it only when the admin says so.
Wants ``api.decision_examples(store, user)`` and ``api.retrain(...)``.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from reviewer import api
from reviewer.config import settings
from reviewer.errors import PermissionDenied
from reviewer.report.labels import file_name
from reviewer.store import Store, User

KEEP_LABEL = ("confirmed", "approved")
TO_NONE = ("rejected",)


@dataclass(frozen=True)
class DecisionExample:
    id: str
    text: str
    context: str
    label: str
    source: str
    citation: str
    split: str = "train"
    origin: str = "decision"
    preamble: str = ""
    selected: str = ""


def _require_admin(user: User, what: str) -> None:
    if not user.active or user.role != "admin":
        raise PermissionDenied.for_role(user.username, user.role, what)


def decision_examples(store: Store, user: User, department: str | None = None) -> list[DecisionExample]:
    """Every decided finding the user may see, as a labelled unit (pending and returned ones are left out)."""
    examples = []
    for row in api.export_rows(store, user, department):
        if row.status in KEEP_LABEL:
            label = row.officer_label or row.model_label or row.label
        elif row.status in TO_NONE:
            label = "none"
        else:
            continue
        examples.append(
            DecisionExample(
                id=f"decision-{row.document_id}-{row.position}",
                text=row.text,
                context=row.context,
                label=label,
                source=row.document_source,
                citation=row.citation,
            )
        )
    return examples


def build_training_corpus(examples: list[DecisionExample], base_corpus: Path, out_dir: Path) -> Path:
    """A corpus folder: the base corpus's ``labelled/*.jsonl`` plus ``labelled/decisions.jsonl``.

    A decision on a unit whose wording is already in the base corpus replaces that unit's label: the officer's
    word is the newer one. It keeps that unit's split, preamble and sampling mark, and a decision on any other
    unit of a dev document goes to dev: the new model's dev figures must come from documents it never saw.
    """
    from reviewer.classify.data import corpus_files

    labelled = Path(out_dir) / "labelled"
    labelled.mkdir(parents=True, exist_ok=True)
    decided = {_wording(e.text, e.context) for e in examples}
    replaced: dict[tuple[str, str], dict] = {}
    dev_documents: set[str] = set()
    for path in corpus_files(Path(base_corpus)):
        kept = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            wording = _wording(str(record.get("text", "")), str(record.get("context") or ""))
            if record.get("split") == "dev":
                dev_documents.add(_document_key(str(record.get("source") or "")))
            if wording in decided:
                replaced[wording] = record
                continue
            kept.append(line)
        (labelled / path.name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    placed = [_placed(e, replaced.get(_wording(e.text, e.context)), dev_documents) for e in examples]
    lines = [json.dumps(asdict(e), ensure_ascii=False) for e in placed]
    (labelled / "decisions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(out_dir)


def _wording(text: str, context: str) -> tuple[str, str]:
    return text.strip(), context.strip()


def _document_key(source: str) -> str:
    """What names a document in both the store and the corpus: a file's name, or a portal record's code (the
    store keeps absolute paths, the corpus file names; the demo's ``procedures-sample.jsonl`` holds records of
    the corpus's ``procedures.jsonl``)."""
    name = file_name(source)
    return "#" + name.split("#", 1)[1] if "#" in name else name


def _placed(example: DecisionExample, base: dict | None, dev_documents: set[str]) -> DecisionExample:
    if base is not None:
        return replace(
            example,
            split=str(base.get("split") or "train"),
            preamble=str(base.get("preamble") or ""),
            selected=str(base.get("selected") or ""),
        )
    if example.source and _document_key(example.source) in dev_documents:
        return replace(example, split="dev")
    return example


def new_model_dir() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return settings().data_dir / "models" / f"reviewer-clauses-{stamp}"


def retrain(
    store: Store,
    user: User,
    out_dir: Path | None = None,
    base: Path | None = None,
    config=None,
    base_corpus: Path | None = None,
) -> tuple[Path, dict]:
    """Train a new model on the corpus plus the decisions; returns its folder and its dev metrics."""
    from reviewer.classify import train

    _require_admin(user, "retrain the model")
    out_dir = Path(out_dir) if out_dir else new_model_dir()
    corpus_dir = out_dir.with_name(out_dir.name + "-corpus")
    if corpus_dir.exists():
        shutil.rmtree(corpus_dir)
    build_training_corpus(decision_examples(store, user), base_corpus or settings().corpus_dir, corpus_dir)
    metrics = train(corpus_dir, out_dir, base=base, config=config, progress=False)
    return out_dir, metrics


def model_figures(folder: Path) -> dict:
    """The figures a model card shows: version, date, units, dev accuracy, macro-F1, finding recall/precision."""
    folder = Path(folder)

    def load(name: str) -> dict:
        path = folder / name
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    metrics, training = load("metrics.json"), load("training.json")
    report = metrics.get("model") or {}
    finding = report.get("finding") or {}
    return {
        "version": metrics.get("version") or training.get("version") or folder.name,
        "date": training.get("date", ""),
        "train_units": (training.get("units") or {}).get("train"),
        "dev_units": report.get("n"),
        "accuracy": report.get("accuracy"),
        "macro_f1": report.get("macro_f1"),
        "finding_recall": finding.get("recall"),
        "finding_precision": finding.get("precision"),
        "labels": {label: v.get("f1") for label, v in (report.get("labels") or {}).items()},
    }


def model_card(folder: Path) -> str:
    path = Path(folder) / "README.md"
    return path.read_text(encoding="utf-8") if path.is_file() else ""
