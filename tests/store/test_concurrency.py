"""Many reviewers on one proposal: exactly one wins each round, and no decision is ever lost or half-written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import create_engine, text

from reviewer.errors import DecisionConflict
from reviewer.propose import draft_proposal
from reviewer.store import Store

WRITER = Path(__file__).resolve().parent / "decision_writer.py"
PROJECT = Path(__file__).resolve().parents[2]


def scanned(store: Store, document, predictions) -> list[int]:
    drafts = [
        draft_proposal(p.label, u.text, u.context) if p.label != "none" else None
        for p, u in zip(predictions, document.units, strict=True)
    ]
    store.save_scan("Sở Tư pháp", document.source, "hash", document, predictions, drafts)
    return [row.proposal.id for row in store.list_findings(order="position", limit=None)]


def assert_history_is_whole(store: Store, url: str, proposal_ids: list[int]) -> int:
    """Each proposal's version counts its decisions, its state is its last decision's, each is audited."""
    total = 0
    for proposal_id in proposal_ids:
        proposal = store.get_proposal(proposal_id)
        history = store.decisions(proposal_id)
        assert proposal.version == len(history)
        assert [d.id for d in history] == sorted(d.id for d in history)
        if history:
            assert (proposal.status, proposal.text) == (history[-1].new_status, history[-1].text)
        total += len(history)
    engine = create_engine(url)
    with engine.connect() as connection:
        audited = connection.execute(
            text("SELECT count(*) FROM audit_log WHERE entity = 'proposal' AND action IN ('confirm', 'edit', 'reject')")
        ).scalar()
    engine.dispose()
    assert audited == total
    return total


def test_threads_racing_on_one_proposal(store, store_url, cu_tru):
    proposal_id = scanned(store, *cu_tru)[0]
    writers, rounds = 8, 12
    barrier = threading.Barrier(writers)
    outcomes: list[list[tuple[str, int, object]]] = [[] for _ in range(rounds)]
    lock = threading.Lock()

    def reviewer(index: int) -> None:
        name = f"officer-{index}"
        for round_ in range(rounds):
            barrier.wait()
            version = round_  # every writer read the same version this round
            barrier.wait()
            try:
                decision = store.decide(
                    proposal_id, "edit", name, expected_version=version, text=f"{name} vòng {round_}"
                )
                result = ("won", index, decision)
            except DecisionConflict as conflict:
                result = ("lost", index, conflict.current)
            with lock:
                outcomes[round_].append(result)

    threads = [threading.Thread(target=reviewer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    for round_, results in enumerate(outcomes):
        winners = [r for r in results if r[0] == "won"]
        assert len(results) == writers and len(winners) == 1, round_
        winner = winners[0][2]
        assert winner.text == f"officer-{winners[0][1]} vòng {round_}"
        # Every loser was told who won: nobody starts the next round before all have tried this one.
        assert all(r[2].id == winner.id for r in results if r[0] == "lost")
    history = store.decisions(proposal_id)
    assert len(history) == rounds
    assert [d.text for d in history] == [next(r[2].text for r in rs if r[0] == "won") for rs in outcomes]
    assert assert_history_is_whole(store, store_url, [proposal_id]) == rounds


def test_processes_racing_on_one_proposal(store, store_url, cu_tru):
    proposal_id = scanned(store, *cu_tru)[0]
    target, writers = 40, 4
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    children = [
        subprocess.Popen(
            [sys.executable, str(WRITER), "race", store_url, str(proposal_id), f"officer-{i}", str(target)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(writers)
    ]
    for child in children:
        assert child.stdout.readline().strip() == "ready"
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, _ = child.communicate(timeout=300)
        assert child.returncode == 0
        results.append(json.loads(out.strip().splitlines()[-1]))
    history = store.decisions(proposal_id)
    # Exactly one winner per version: the versions the decisions produced are 1..target, each once.
    assert sum(r["won"] for r in results) == len(history) == target
    assert store.get_proposal(proposal_id).version == target
    # Who wins is up to the scheduler (on a loaded machine one process may win every round), so the test checks
    # only the invariants; the thread test above forces every round to be contested.
    assert assert_history_is_whole(store, store_url, [proposal_id]) == target


def test_a_killed_writer_leaves_only_whole_decisions(store, store_url, cu_tru):
    proposal_ids = scanned(store, *cu_tru)[:5]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    child = subprocess.Popen(
        [sys.executable, str(WRITER), "loop", store_url, "lan", *map(str, proposal_ids)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout.readline().strip() == "ready"
    committed = []
    for line in child.stdout:
        committed.append(int(line))
        if len(committed) >= 60:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    committed += [int(line) for line in child.stdout.read().split()]  # printed before the kill landed
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    reopened = Store(store_url)
    stored = {d.id for pid in proposal_ids for d in reopened.decisions(pid)}
    assert set(committed) <= stored  # every decision reported as committed is there
    assert len(stored) - len(committed) <= 1  # at most one committed but killed before it was printed
    assert assert_history_is_whole(reopened, store_url, proposal_ids) == len(stored)
    reopened.close()


def test_a_scan_killed_mid_write_leaves_no_half_document(store_url):
    fixture = PROJECT / "tests" / "fixtures" / "store" / "luat_cu_tru_dieu_21_28.json"
    copies = 40
    labels = [u["label"] for u in json.loads(fixture.read_text(encoding="utf-8"))["units"]] * copies
    Store(store_url).close()  # migrate before the child starts
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    child = subprocess.Popen(
        [sys.executable, str(WRITER), "scan", store_url, str(fixture), str(copies)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout.readline().strip() == "ready"
    printed = [int(child.stdout.readline()) for _ in range(3)]
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    printed += [int(line) for line in child.stdout.read().split()]
    child.stdout.close()

    store = Store(store_url)
    documents = store.list_documents()
    assert {d.id for d in documents} >= set(printed)
    assert len(documents) - len(printed) <= 1
    for document in documents:  # each one whole: every unit, finding and proposal, or nothing at all
        assert document.units == len(labels)
        assert document.findings == sum(label != "none" for label in labels)
        rows = store.list_findings(document_id=document.id, limit=None)
        assert len(rows) == document.findings and all(r.proposal is not None for r in rows)
    store.close()
