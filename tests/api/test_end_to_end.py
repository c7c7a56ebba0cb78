"""A real law end to end: read, find, store with proposals, decide, export, then re-scan an amended version.

The labels come from the rule labeller (reviewer.find.rule_label) so that the test needs no trained model;
the classifier's Prediction is the same plain data.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from docx import Document as open_docx

from reviewer import api
from reviewer.classify.data import Prediction
from reviewer.find import find_evidence, rule_label
from reviewer.pipeline import content_hash, read_document

LAW = Path(__file__).resolve().parents[1] / "fixtures" / "laws" / "Luat-68-2020-QH14-cu-tru-435315.txt"
DEPARTMENT = "Sở Tư pháp"

pytestmark = pytest.mark.skipif(not LAW.exists(), reason="needs shared/data")


def predict(document) -> list[Prediction]:
    predictions = []
    for position, unit in enumerate(document.units):
        label = rule_label(unit.text, unit.context)
        predictions.append(
            Prediction(
                id=str(position),
                label=label,
                score=0.9,
                scores={label: 0.9},
                evidence=find_evidence(unit.text),
            )
        )
    return predictions


def scan_file(store, user, path: Path) -> int:
    document = read_document(path)
    return api.save_scan(
        store, user, str(path.name), content_hash(path), document, predict(document), model_version="rules"
    )


def test_a_real_law_from_scan_to_report(store, people, tmp_path):
    law = tmp_path / LAW.name
    shutil.copy(LAW, law)
    doc_id = scan_file(store, people.department, law)
    document = api.get_document(store, people.officer, doc_id)
    assert document.number == "68/2020/QH14" and document.findings > 20

    rows = api.list_findings(store, people.officer, order="position", limit=None)
    assert len(rows) == document.findings
    assert all(r.proposal is not None and r.proposal.legal_basis for r in rows)
    by_citation = {r.citation: r for r in rows}
    form = by_citation["điểm a khoản 1 Điều 21"]  # a) Tờ khai thay đổi thông tin cư trú;
    assert form.proposal.action == "electronic_form" and form.proposal.document_kind == "don_to_khai"
    detail = api.get_finding(store, people.officer, form.id)
    assert any(e["kind"] == "document" for e in detail.evidence)

    # The officer works through them, the head approves.
    api.decide(store, people.officer, form.proposal.id, "confirm", form.proposal.version)
    proof = by_citation["điểm b khoản 1 Điều 21"]
    api.decide(store, people.officer, proof.proposal.id, "edit", 0, text="Khai thác Cơ sở dữ liệu về cư trú.")
    contract = by_citation["điểm b khoản 3 Điều 21"]
    api.decide(store, people.officer, contract.proposal.id, "reject", 0, reason="Hợp đồng do các bên tự lập.")
    api.decide(store, people.head, form.proposal.id, "approve", 1)

    out = api.export(store, people.department, "docx", tmp_path / "bao-cao.docx")
    tables = [t for t in open_docx(out).tables if t.rows[0].cells[0].text == "STT"]
    assert len(tables) == 1 and len(tables[0].rows) - 1 == len(rows)
    csv_out = api.export(store, people.officer, "csv", tmp_path / "ket-qua.csv")
    with csv_out.open(encoding="utf-8-sig") as handle:
        exported = {r["citation"]: r for r in csv.DictReader(handle)}
    assert exported["điểm a khoản 1 Điều 21"]["status"] == "approved"
    assert exported["điểm b khoản 3 Điều 21"]["reason"] == "Hợp đồng do các bên tự lập."

    # The law is amended: one dossier item reworded. Decisions on the untouched wording survive.
    text = law.read_text(encoding="utf-8")
    law.write_text(
        text.replace(
            "b) Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp.",
            "b) Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp (bản sao).",
        ),
        encoding="utf-8",
    )
    new_id = scan_file(store, people.department, law)
    assert new_id != doc_id and api.get_document(store, people.admin, doc_id).status == "superseded"
    after = {r.citation: r for r in api.list_findings(store, people.officer, order="position", limit=None)}
    assert after["điểm a khoản 1 Điều 21"].proposal.status == "approved"
    assert after["điểm b khoản 3 Điều 21"].proposal.status == "rejected"
    assert after["điểm b khoản 1 Điều 21"].proposal.status == "pending"  # reworded: to review again
    decided = sum(r.proposal.status != "pending" for r in after.values())
    assert decided == 2
    assert api.stats(store, people.head).by_status.get("approved") == 1
