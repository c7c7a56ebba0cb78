"""Bench the review desk's queries on a store with many findings, against the same store without its indexes.

Builds a database of ``--findings`` findings (default 12,000: real Luật Cư trú dossier units repeated over
many documents and two departments), then times what the review desk and the exports ask for: the first
page least certain first, a department's pending page, a deep page, a count, one finding with its history,
a decision, and export_rows. The baseline is the same database with the store's secondary indexes dropped;
the ratio is baseline time / indexed time (higher is better). Best of ``--repeat`` runs, milliseconds.

    python bench/bench_store.py
    python bench/bench_store.py --findings 50000 --db postgresql+psycopg://reviewer:reviewer@localhost/reviewer_test
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from reviewer.document import Document, DocumentMeta, Unit
from reviewer.propose import draft_proposal
from reviewer.store import Store

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "store" / "luat_cu_tru_dieu_21_28.json"
DEPARTMENTS = ("Sở Tư pháp", "Sở Y tế")


@dataclasses.dataclass
class _Prediction:
    id: str
    label: str
    score: float
    scores: dict
    evidence: list
    neighbours: list


def build(url: str, findings: int) -> float:
    """Fill the store; returns the seconds spent in save_scan."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    units = [Unit(u["citation"], u["text"], u["context"]) for u in data["units"]] * 10
    labels = [u["label"] for u in data["units"]] * 10
    drafts = {}
    for unit, label in zip(units, labels, strict=True):
        if label != "none" and unit.text not in drafts:
            drafts[unit.text] = draft_proposal(label, unit.text, unit.context)
    per_document = sum(label != "none" for label in labels)
    store = Store(url)
    saving = 0.0
    for n in range(findings // per_document + 1):
        # Scores spread over the whole range so "least certain" has to order for real.
        predictions = [
            _Prediction(str(i), label, ((n * 7919 + i * 104729) % 1000) / 1000, {label: 0.5}, [], [])
            for i, label in enumerate(labels)
        ]
        proposals = [drafts.get(u.text) if label != "none" else None for u, label in zip(units, labels, strict=True)]
        document = Document(f"van-ban-{n}.pdf", DocumentMeta(number=f"{n}/2024/NĐ-CP", title="Nghị định"), units)
        start = time.perf_counter()
        store.save_scan(DEPARTMENTS[n % 2], document.source, f"hash-{n}", document, predictions, proposals)
        saving += time.perf_counter() - start
    store.optimize()  # as the batch scan does at the end
    store.close()
    return saving


def workload(store: Store) -> dict[str, callable]:
    first = store.list_findings(limit=1)[0]
    state = {"version": first.proposal.version}

    def decide():
        store.decide(first.proposal.id, "confirm", "bench", state["version"])
        state["version"] += 1

    # An officer's relabel: the decision carries the label and the proposal re-drafted for it.
    drafts = [(label, draft_proposal(label, first.text, first.context)) for label in ("copy", "original")]

    def relabel():
        label, draft = drafts[state["version"] % 2]
        store.decide(first.proposal.id, "confirm", "bench", state["version"], label=label, draft=draft)
        state["version"] += 1

    return {
        "first page, least certain": lambda: store.list_findings(limit=50),
        "department pending page": lambda: store.list_findings(department=DEPARTMENTS[1], status="pending", limit=50),
        "page 100 (offset 5,000)": lambda: store.list_findings(limit=50, offset=5000),
        "label filter, by position": lambda: store.list_findings(label="certified_copy", order="position", limit=50),
        "count pending": lambda: store.count_findings(status="pending"),
        "count, department pending": lambda: store.count_findings(department=DEPARTMENTS[1], status="pending"),
        "one finding + history": lambda: store.get_finding(first.id),
        "decide": decide,
        "decide with a relabel": relabel,
        "stats of a department": lambda: store.stats(DEPARTMENTS[0]),
        "export_rows (all)": lambda: store.export_rows(),
    }


def best_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def drop_indexes(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in ("findings", "units", "documents", "proposals", "decisions"):
            for index in inspect(connection).get_indexes(table):
                if index["name"].startswith("ix_"):
                    connection.execute(text(f"DROP INDEX {index['name']}"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=12_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="an empty PostgreSQL database (default: SQLite files in a temp folder)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        indexed_url = args.db or f"sqlite:///{folder / 'indexed.sqlite'}"
        saving = build(indexed_url, args.findings)
        store = Store(indexed_url)
        total = store.count_findings()
        units = sum(d.units for d in store.list_documents())
        print(
            f"{total:,} findings ({units:,} units) in {len(store.list_documents())} documents — {store.dialect}; "
            f"save_scan: {saving:.1f} s, {units / saving:,.0f} units/s"
        )
        indexed = {name: best_ms(fn, args.repeat) for name, fn in workload(store).items()}
        store.close()

        if args.db:
            drop_indexes(indexed_url)
            baseline_url = indexed_url
        else:
            baseline_url = f"sqlite:///{folder / 'baseline.sqlite'}"
            shutil.copy(folder / "indexed.sqlite", folder / "baseline.sqlite")
            drop_indexes(baseline_url)
        baseline_store = Store(baseline_url)
        baseline = {name: best_ms(fn, args.repeat) for name, fn in workload(baseline_store).items()}
        baseline_store.close()

        print(f"{'query':<30} {'indexed ms':>11} {'no index ms':>12} {'ratio':>7}")
        for name in indexed:
            ratio = baseline[name] / indexed[name] if indexed[name] else float("inf")
            print(f"{name:<30} {indexed[name]:>11.1f} {baseline[name]:>12.1f} {ratio:>6.1f}x")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
