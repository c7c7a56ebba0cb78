"""Merges the candidate units with the labellers' labels into ``corpus/labelled/units.jsonl``.

Splits train/dev by source document (a law file, or a ministry's publishing decision for portal procedures), never
by unit, and reports the agreement of the doubly-labelled sample (Cohen's kappa).

    python corpus/tools/assemble.py
"""

from __future__ import annotations

import collections
import hashlib
import json
import re
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

CORPUS = Path(__file__).resolve().parent.parent
WORK = CORPUS / "work"
LABELS = ("certified_copy", "original", "copy", "paper_document", "none")
DEV_SHARE = 4  # one source document in four goes to dev


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def text_key(text: str, context: str) -> str:
    """Normalised text and lead-in: the one key by which the tools keep a text from being labelled twice."""
    norm = re.sub(r"\W+", " ", (text + " || " + context).lower()).strip()
    return hashlib.sha1(norm.encode()).hexdigest()


def split_of(doc: str) -> str:
    return "dev" if int(hashlib.sha1(doc.encode()).hexdigest(), 16) % DEV_SHARE == 0 else "train"


# Later rounds are labelled by two annotators: the first batch holds the first half of the round's candidates plus
# 30 of the second, the other batch the second half plus 30 of the first; a unit's primary label is its own
# half's, and the overlap measures agreement. Rounds 3, 7 and 9: uncertainty sampling (``sample_uncertain.py``);
# rounds 4 and 13: dossier-list items of train-split laws (``sample_dossier_lists.py``); rounds 6 and 8: units on
# which the rules and the model disagree (``sample_disagreements.py``), each time with the model of the round
# before; rounds 10 and 14: units the model flags with confidence, P(none) < 0.3 (``sample_uncertain.py``), to find
# its confident errors. Rounds 11, 15 and 16 (below) were labelled whole by both annotators.
PAIRED_ROUNDS = {
    3: ("I", "J"),
    4: ("K", "L"),
    6: ("M", "N"),
    7: ("O", "P"),
    8: ("Q", "R"),
    9: ("T", "U"),
    10: ("V", "W"),
    11: ("X", "Y"),
    13: ("AC", "AD"),
    14: ("AE", "AF"),
    15: ("AG", "AH"),
    16: ("AI", "AJ"),
}
# Round 5 is a second, independent label for every single-labelled unit of rounds 1-2 (``second_pass.py``); the
# units on which it disagrees with the first are settled by a third session (``adjudicated_round5_*.jsonl``).
SECOND_PASS = "labels_S[0-9][0-9].jsonl"
# Units take the text, lead-in and citation the product's reader gives them (``reread.py``); portal fragments it
# never produces leave the corpus, and rounds 11, 15 and 16 labelled the product's units that replace them (two
# annotators, each labelling all of them; rounds 15-16 after the readers learnt to join lines a PDF broke).
LEFT_OUT = {"replaced", "gone"}
# Round 12 audits train labels that the model, fitted without their document, contradicts with confidence
# (``sample_label_audit.py``): two fresh annotators label each unit again, blind to the old label and the model;
# the label at least two of the three give stands. A three-way split keeps the old label unless an adjudication
# (``adjudicated.jsonl``, keyed by the audit row's id) settles it.
AUDIT_ROUND, AUDITORS = 12, ("AA", "AB")
# Units of these rounds were chosen for being hard, not to represent their documents; the corpus says so
# (``selected``) and training tunes its threshold on the others, drawn like the dev split.
SELECTED = {
    3: "uncertain",
    4: "dossier_list",
    6: "disagreement",
    7: "uncertain",
    8: "disagreement",
    9: "uncertain",
    10: "confident",
    11: None,
    13: "dossier_list",
    14: "confident",
    15: None,
    16: None,
}


def primary_labels() -> dict[str, dict]:
    labels: dict[str, dict] = {}
    for name in "ABCEFGH":
        path = WORK / f"labels_{name}.jsonl"
        if not path.exists():
            continue
        for row in load_jsonl(path):
            if row.get("label") in LABELS:
                labels[row["id"]] = {**row, "labeller": name}
    for number, names in PAIRED_ROUNDS.items():
        for name, half in zip(names, round_halves(number), strict=True):
            labels.update({row["id"]: {**row, "labeller": name} for row in labels_of(name) if row["id"] in half})
    return labels


def labels_of(name: str) -> list[dict]:
    path = WORK / f"labels_{name}.jsonl"
    return [row for row in load_jsonl(path) if row.get("label") in LABELS] if path.exists() else []


def round_halves(number: int) -> tuple[set[str], set[str]]:
    path = WORK / f"candidates_round{number}.jsonl"
    ids = [row["id"] for row in load_jsonl(path)] if path.exists() else []
    return set(ids[: len(ids) // 2]), set(ids[len(ids) // 2 :])


def adjudicated() -> dict[str, str]:
    """Settled disagreements: the earlier rounds' overlaps (``adjudicated.jsonl``) and round 5's."""
    settled: dict[str, str] = {}
    for path in sorted(WORK.glob("adjudicated*.jsonl")):
        settled.update({row["id"]: row["label"] for row in load_jsonl(path) if row.get("label") in LABELS})
    return settled


def second_pass_rows() -> dict[str, dict]:
    """Round 5's label rows (label and note) by unit id."""
    rows: dict[str, dict] = {}
    for path in sorted(WORK.glob(SECOND_PASS)):
        rows.update({row["id"]: row for row in load_jsonl(path) if row.get("label") in LABELS})
    return rows


def second_pass() -> dict[str, str]:
    return {unit_id: row["label"] for unit_id, row in second_pass_rows().items()}


def audited(current: dict[str, str], overrides: dict[str, str]) -> tuple[dict[str, str], dict]:
    """The audited units' labels by majority of the three annotators, and the audit's figures."""
    path = WORK / f"candidates_round{AUDIT_ROUND}.jsonl"
    if not path.exists():
        return {}, {"units": 0}
    first, second = (second_labels(name) for name in AUDITORS)
    settled: dict[str, str] = {}
    split, pairs = [], []
    for row in load_jsonl(path):
        unit, votes = row["audits"], [current.get(row["audits"]), first.get(row["id"]), second.get(row["id"])]
        if None in votes:
            continue
        pairs.append((votes[1], votes[2]))
        label, count = collections.Counter(votes).most_common(1)[0]
        if count >= 2:
            settled[unit] = label
        elif row["id"] in overrides:
            settled[unit] = overrides[row["id"]]
        else:
            split.append([unit, *votes])
    figures = {
        "units": len(pairs),
        "kappa_labels_auditors": round(cohen_kappa_score(*zip(*pairs, strict=True)), 3) if pairs else None,
        "changed": sorted([unit, current[unit], label] for unit, label in settled.items() if current[unit] != label),
        "three_way_splits": split,
    }
    return settled, figures


def second_labels(name: str) -> dict[str, str]:
    return {row["id"]: row["label"] for row in labels_of(name)}


def agreement(primary: dict[str, dict], second: dict[str, str]) -> dict:
    ids = sorted(set(second) & set(primary))
    if not ids:
        return {"units": 0}
    first_labels = [primary[i]["label"] for i in ids]
    other_labels = [second[i] for i in ids]
    finding = [label != "none" for label in first_labels]
    finding_second = [label != "none" for label in other_labels]
    return {
        "units": len(ids),
        "kappa_labels": round(cohen_kappa_score(first_labels, other_labels), 3),
        "kappa_finding": round(cohen_kappa_score(finding, finding_second), 3),
        "raw_agreement": round(sum(a == b for a, b in zip(first_labels, other_labels, strict=True)) / len(ids), 3),
        "disagreements": [(i, primary[i]["label"], second[i]) for i in ids if primary[i]["label"] != second[i]],
    }


def round_second(number: int) -> dict[str, str]:
    """For each unit of a paired round labelled by both annotators, the label of the one whose half it is not."""
    first, other = PAIRED_ROUNDS[number]
    first_half, second_half = round_halves(number)
    first_labels, other_labels = second_labels(first), second_labels(other)
    return {i: other_labels[i] for i in first_half if i in other_labels} | {
        i: first_labels[i] for i in second_half if i in first_labels
    }


def load_candidates() -> dict[str, dict]:
    """Every candidate unit of every round by id, as drawn (before ``reread.jsonl`` says how the product reads it)."""
    candidates = {row["id"]: row for row in load_jsonl(WORK / "candidates.jsonl")}
    extras = ["candidates_files.jsonl", "candidates_round2.jsonl"]  # round 5 relabels, it adds no unit
    for extra in extras:
        if (WORK / extra).exists():
            candidates.update({row["id"]: row for row in load_jsonl(WORK / extra)})
    for number in PAIRED_ROUNDS:
        path = WORK / f"candidates_round{number}.jsonl"
        if path.exists():
            # a unit that stands in for others (rounds 11, 15, 16) carries their ``selected`` itself
            candidates.update({row["id"]: {"selected": SELECTED.get(number), **row} for row in load_jsonl(path)})
    return candidates


def as_the_product_reads(candidates: dict[str, dict]) -> dict[str, dict]:
    """Units with the text, lead-in and citation the product's reader gives them (``reread.jsonl``, written by
    ``reread.py``); portal fragments it never produces are left out, and so is a unit whose text and lead-in an
    earlier unit already has."""
    path = WORK / "reread.jsonl"
    reread = {row["id"]: row for row in load_jsonl(path)} if path.exists() else {}
    kept: dict[str, dict] = {}
    seen: set[str] = set()
    for unit_id, unit in candidates.items():
        read = reread.get(unit_id, {})
        if read.get("how") in LEFT_OUT:
            continue
        if "text" in read:
            unit = {**unit, "text": read["text"], "context": read["context"], "citation": read["citation"]}
        key = text_key(unit["text"], unit["context"])
        if key not in seen:
            seen.add(key)
            kept[unit_id] = unit
    return kept


def main() -> None:
    drawn = load_candidates()
    candidates = as_the_product_reads(drawn)
    primary = primary_labels()
    overrides = adjudicated()
    preambles_file = WORK / "preambles.jsonl"
    preambles = {row["id"]: row["preamble"] for row in load_jsonl(preambles_file)} if preambles_file.exists() else {}
    labels = {unit_id: overrides.get(unit_id, row["label"]) for unit_id, row in primary.items()}
    audit_labels, audit = audited(labels, overrides)
    labels |= audit_labels
    out_dir = CORPUS / "labelled"
    out_dir.mkdir(exist_ok=True)
    counts: collections.Counter = collections.Counter()
    with (out_dir / "units.jsonl").open("w", encoding="utf-8") as out:
        for unit_id, unit in candidates.items():
            if unit_id not in primary:
                continue
            label = labels[unit_id]
            split = split_of(unit["doc"])
            row = {
                "id": unit_id,
                "text": unit["text"],
                "context": unit["context"],
                "label": label,
                "source": unit["source"],
                "citation": unit["citation"],
                "ministry": unit.get("ministry"),
                "origin": unit["origin"],
                "split": split,
            }
            if preambles.get(unit_id):
                row["preamble"] = preambles[unit_id]
            if unit.get("selected"):
                row["selected"] = unit["selected"]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            counts[(split, label)] += 1
    stats = {
        "counts": {f"{s}/{label}": n for (s, label), n in sorted(counts.items())},
        "agreement": agreement(primary, second_labels("D")),
    } | {f"agreement_round{number}": agreement(primary, round_second(number)) for number in PAIRED_ROUNDS}
    stats[f"audit_round{AUDIT_ROUND}"] = audit
    relabelled = second_pass()
    for split in ("dev", "train"):
        in_split = {i: label for i, label in relabelled.items() if i in drawn and split_of(drawn[i]["doc"]) == split}
        stats[f"agreement_round5_{split}"] = agreement(primary, in_split)
    (out_dir / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")
    for name in [key for key in stats if key.startswith("agreement")]:
        print(name, json.dumps({k: v for k, v in stats[name].items() if k != "disagreements"}))
    print(f"audit_round{AUDIT_ROUND}", {k: len(v) if isinstance(v, list) else v for k, v in audit.items()})
    for split in ("train", "dev"):
        print(split, {label: counts[(split, label)] for label in LABELS})


if __name__ == "__main__":
    main()
