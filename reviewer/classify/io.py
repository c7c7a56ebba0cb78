"""JSON lines in and out of ``reviewer classify``: parsing that reports bad lines instead of stopping."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, is_dataclass

from reviewer.classify.data import ClauseInput, Prediction

MAX_TEXT_CHARS = 20_000  # a clause unit longer than this is a whole document passed by mistake


@dataclass(frozen=True)
class BadLine:
    number: int  # 1-based line number
    reason: str

    def __str__(self) -> str:
        return f"line {self.number}: {self.reason}"


def parse_inputs(lines: Iterable[str]) -> tuple[list[ClauseInput], list[BadLine], dict[str, object]]:
    """Clause inputs from ``{"id", "text", "context"?, "preamble"?}`` lines; blank lines are skipped, bad ones
    reported. The third value maps each unit's id to the id as the line gave it (a number stays a number in the
    answer, so a caller can join answers to its own lines)."""
    items: list[ClauseInput] = []
    bad: list[BadLine] = []
    given_ids: dict[str, object] = {}
    seen: dict[str, int] = {}  # id -> line: two answers under one id could not be told apart
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            bad.append(BadLine(number, f"not JSON ({error.msg} at column {error.colno})"))
            continue
        if not isinstance(record, dict):
            bad.append(BadLine(number, "not a JSON object"))
            continue
        text, context = record.get("text"), record.get("context") or ""
        preamble = record.get("preamble") or ""
        if text is not None and not isinstance(text, str):
            bad.append(BadLine(number, f"text is not a string but {type(text).__name__}"))
            continue
        if not text or not text.strip():
            bad.append(BadLine(number, "no text"))
            continue
        if not isinstance(context, str) or not isinstance(preamble, str):
            bad.append(BadLine(number, "context or preamble is not a string"))
            continue
        if len(text) + len(context) > MAX_TEXT_CHARS:
            bad.append(BadLine(number, f"too long ({len(text) + len(context)} characters > {MAX_TEXT_CHARS})"))
            continue
        given_id = record.get("id")
        if isinstance(given_id, (dict, list)):
            bad.append(BadLine(number, "id is not a string or a number"))
            continue
        unit_id = str(given_id) if given_id is not None else str(number)
        if unit_id in seen:
            bad.append(BadLine(number, f"id {unit_id!r} is already used on line {seen[unit_id]}"))
            continue
        seen[unit_id] = number
        given_ids[unit_id] = given_id if given_id is not None else unit_id
        items.append(ClauseInput(unit_id, text, context, preamble[-MAX_TEXT_CHARS:]))
    return items, bad, given_ids


def prediction_json(prediction: Prediction, given_id: object = None) -> dict:
    return {
        "id": prediction.id if given_id is None else given_id,
        "label": prediction.label,
        "score": prediction.score,
        "scores": prediction.scores,
        "evidence": [asdict(e) if is_dataclass(e) else dict(e) for e in prediction.evidence],
        "neighbours": prediction.neighbours,
    }
