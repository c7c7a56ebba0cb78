"""The queue's label filter, its count and the statistics go by the label the desk shows: the officer's once one
was chosen, else the model's. On SQLite and (with REVIEWER_TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

from collections import Counter

from reviewer.propose import draft_proposal

DEPARTMENT = "Sở Tư pháp"


def scan(store, document, predictions):
    drafts = [
        draft_proposal(p.label, u.text, u.context, p.evidence) if p.label != "none" else None
        for p, u in zip(predictions, document.units, strict=True)
    ]
    return store.save_scan(DEPARTMENT, document.source, "hash-1", document, predictions, drafts)


def relabel(store, row, label: str) -> None:
    draft = draft_proposal(label, row.text, row.context)
    store.decide(row.proposal.id, "confirm", "lan", row.proposal.version, label=label, draft=draft)


def ids(rows) -> set[int]:
    return {r.id for r in rows}


def test_a_relabelled_finding_is_listed_counted_and_grouped_under_the_officers_label(store, cu_tru):
    scan(store, *cu_tru)
    everything = store.list_findings(order="position", limit=None)
    row = next(r for r in everything if r.label == "paper_document")
    before = {
        label: ids(store.list_findings(label=label, limit=None)) for label in ("certified_copy", "paper_document")
    }
    assert row.id in before["paper_document"] and row.id not in before["certified_copy"]

    relabel(store, row, "certified_copy")

    certified = store.list_findings(label="certified_copy", limit=None)
    paper = store.list_findings(label="paper_document", limit=None)
    assert ids(certified) == before["certified_copy"] | {row.id}
    assert ids(paper) == before["paper_document"] - {row.id}
    assert all(r.current_label == "certified_copy" for r in certified)
    assert all(r.current_label == "paper_document" for r in paper)
    # The count the queue shows above the page agrees with the page, with and without a status filter.
    assert store.count_findings(label="certified_copy") == len(certified)
    assert store.count_findings(label="paper_document") == len(paper)
    assert store.count_findings(label=["certified_copy", "paper_document"]) == len(certified) + len(paper)
    assert store.count_findings(label="certified_copy", status="confirmed") == 1
    assert ids(store.list_findings(label="certified_copy", status="confirmed", limit=None)) == {row.id}
    assert store.count_findings(label="paper_document", status="confirmed") == 0
    assert store.count_findings(department=DEPARTMENT, label="certified_copy") == len(certified)

    shown = Counter(r.current_label for r in store.list_findings(limit=None))
    stats = store.stats()
    assert stats.by_label == dict(shown) and stats.findings == len(everything)
    assert store.stats(DEPARTMENT).by_label == dict(shown)
    exported = Counter(r.label for r in store.export_rows())
    assert stats.by_label == dict(exported), "the statistics agree with what the exports print"


def test_a_relabel_undone_puts_the_finding_back_under_the_models_label(store, cu_tru):
    scan(store, *cu_tru)
    row = next(r for r in store.list_findings(order="position", limit=None) if r.label == "paper_document")
    relabel(store, row, "copy")
    assert row.id in ids(store.list_findings(label="copy", limit=None))
    store.undo_last("lan")
    assert row.id not in ids(store.list_findings(label="copy", limit=None))
    assert row.id in ids(store.list_findings(label="paper_document", limit=None))
    assert store.stats().by_label == dict(Counter(r.label for r in store.list_findings(limit=None)))


def test_the_doubtful_none_units_are_still_found_by_the_none_label(store, cu_tru):
    document, predictions = cu_tru
    scan(store, document, predictions)
    nones = store.list_findings(label="none", limit=None)
    assert nones and all(r.label == "none" and r.proposal is None for r in nones)
    assert store.count_findings(label="none") == len(nones)
    assert store.count_findings(label=["none", "copy"]) == len(nones) + store.count_findings(label="copy")


def test_the_relabel_index_migrates_down_and_up(store_url, cu_tru):
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from reviewer.store import Store
    from reviewer.store.engine import alembic_config

    store = Store(store_url)
    scan(store, *cu_tru)
    row = next(r for r in store.list_findings(order="position", limit=None) if r.label == "paper_document")
    relabel(store, row, "copy")
    store.close()

    engine = create_engine(store_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0004")
    with engine.connect() as connection:
        assert "ix_proposals_label" not in {i["name"] for i in inspect(connection).get_indexes("proposals")}
    engine.dispose()

    store = Store(store_url)  # upgrades to head again
    assert row.id in ids(store.list_findings(label="copy", limit=None))
    store.close()
