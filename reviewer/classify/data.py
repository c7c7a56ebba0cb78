"""Plain data of the classification stage: labels, inputs, predictions, the labelled corpus, the model input text."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.errors import BadInput

LABELS: tuple[str, ...] = ("certified_copy", "original", "copy", "paper_document", "none")
FINDING_LABELS: tuple[str, ...] = LABELS[:-1]
NONE = "none"


@dataclass(frozen=True)
class ClauseInput:
    """One clause unit to classify; ``context`` is its lead-in (khoản text, article heading, table header);
    ``preamble`` what its article says before the unit's khoản (``reviewer.structure.article_preambles``)."""

    id: str
    text: str
    context: str = ""
    preamble: str = ""


@dataclass
class Prediction:
    id: str
    label: str
    score: float  # probability of ``label``
    scores: dict[str, float]  # one probability per label in LABELS
    evidence: list = field(default_factory=list)  # reviewer.find.Evidence spans over the unit text
    neighbours: list[str] = field(default_factory=list)  # ids of the nearest labelled training units

    @property
    def is_finding(self) -> bool:
        return self.label != NONE


@dataclass(frozen=True)
class LabelledUnit:
    id: str
    text: str
    context: str
    label: str
    source: str
    split: str
    citation: str = ""
    preamble: str = ""
    # How the unit came into the corpus when it was chosen for being hard ("uncertain", "disagreement", …);
    # empty for units drawn to represent their documents. Thresholds are tuned on the latter only.
    selected: str = ""

    def as_input(self) -> ClauseInput:
        return ClauseInput(self.id, self.text, self.context, self.preamble)


_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFC, one space between words, and text in capitals lowered: the form every model and the prediction cache
    sees. The body's vocabulary is cased and the corpus holds almost no clause in capitals, so
    ``BẢN SAO CÓ CHỨNG THỰC GIẤY KHAI SINH`` (a table cell, a scanned heading) must read as the same words."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()
    return text.lower() if _in_capitals(text) else text


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def model_input(text: str, context: str = "", prefix: str = "passage: ") -> str:
    """The text the sentence-transformer embeds: the unit, then its lead-in (e5 wants the ``passage:`` prefix)."""
    text, context = clean(text), clean(context)
    return f"{prefix}{text} | {context}" if context else f"{prefix}{text}"


def corpus_files(corpus_dir: Path) -> list[Path]:
    """``*.jsonl`` under ``corpus_dir/labelled`` when it exists, else directly under ``corpus_dir``."""
    corpus_dir = Path(corpus_dir)
    if corpus_dir.is_file():
        return [corpus_dir]
    labelled = corpus_dir / "labelled"
    folder = labelled if labelled.is_dir() else corpus_dir
    return sorted(folder.glob("*.jsonl"))


def read_corpus(corpus_dir: Path) -> list[LabelledUnit]:
    """Every labelled unit of the corpus; raises :class:`BadInput` naming the file and line of a bad record."""
    files = corpus_files(corpus_dir)
    if not files:
        raise BadInput(str(corpus_dir), "no labelled corpus (*.jsonl) found")
    units: list[LabelledUnit] = []
    seen: set[str] = set()
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                unit = LabelledUnit(
                    id=str(record["id"]),
                    text=str(record["text"]),
                    context=str(record.get("context") or ""),
                    label=str(record["label"]),
                    source=str(record.get("source") or ""),
                    split=str(record.get("split") or "train"),
                    citation=str(record.get("citation") or ""),
                    preamble=str(record.get("preamble") or ""),
                    selected=str(record.get("selected") or ""),
                )
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise BadInput(f"{path}:{number}", f"not a labelled unit ({error})") from error
            if unit.label not in LABELS:
                raise BadInput(f"{path}:{number}", f"unknown label {unit.label!r}; expected one of {LABELS}")
            if unit.id in seen:
                continue  # the same unit exported twice counts once
            seen.add(unit.id)
            units.append(unit)
    return units


def split_units(units: list[LabelledUnit], split: str) -> list[LabelledUnit]:
    return [u for u in units if u.split == split]
