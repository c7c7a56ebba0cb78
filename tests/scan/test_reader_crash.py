"""A reading process that dies (a LibreOffice or OCR crash, the out-of-memory killer) fails its own file only."""

from __future__ import annotations

import pytest
from scan_support import DEADLY_EXIT, DEADLY_RECORD, FIXTURES, read_or_die

from reviewer.scan import scan_paths


@pytest.mark.parametrize("workers", [1, 2])
def test_a_dead_reader_fails_its_file_and_the_scan_goes_on(store, folder, loader, workers):
    crash = folder / "luat" / "crash-nghi-dinh.txt"
    law = (FIXTURES / "luat_cu_tru_2020_dieu_23_24.txt").read_text("utf-8")
    crash.write_text(law + "\n(bản gửi kèm)\n", "utf-8")
    jsonl = (folder / "thu-tuc" / "procedures-sample.jsonl").resolve()

    summary = scan_paths([folder], store, workers=workers, classifier_factory=loader, reader=read_or_die)

    refused = dict(summary.refused)
    assert set(refused) == {str(crash.resolve()), f"{jsonl}{DEADLY_RECORD}"}
    for source, reason in refused.items():
        assert reason == f"the reader process died while reading {source} (exit code {DEADLY_EXIT})"
    # every other document was read and stored: the two laws, the PDF and four of the five procedure records
    assert summary.read == 7 and summary.exit_code == 1
    failed = {row.source: row.error for row in store.list_documents(status="failed")}
    assert failed == refused
    assert len(store.list_documents(status="scanned")) == 7

    # a dead reader's file is a refused file like any other: not read again while unchanged
    again = scan_paths([folder], store, workers=workers, classifier_factory=loader, reader=read_or_die)
    assert again.skipped == 9 and not again.refused and again.read == 0


def test_readers_that_die_on_every_file_refuse_them_all_with_how_they_died(store, tmp_path, loader):
    folder = tmp_path / "crashes"
    folder.mkdir()
    for name in ("crash-1.txt", "crash-2.txt", "oom-3.txt"):
        (folder / name).write_text(f"Điều 1. Hồ sơ gồm bản sao giấy khai sinh ({name}).\n", "utf-8")

    summary = scan_paths([folder], store, workers=2, classifier_factory=loader, reader=read_or_die)

    refused = {source.rsplit("/", 1)[-1]: reason for source, reason in summary.refused}
    assert refused["crash-1.txt"].endswith(f"(exit code {DEADLY_EXIT})")
    assert refused["oom-3.txt"].endswith("(killed by SIGKILL, perhaps out of memory)")
    assert len(refused) == 3 and summary.read == 0 and summary.exit_code == 3
    assert loader.calls == 0  # nothing was read, so no model was needed
