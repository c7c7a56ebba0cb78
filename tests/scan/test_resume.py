"""A scan stopped by a real kill or by Ctrl-C, run again, leaves the store exactly as an uninterrupted scan."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scan_support import DOCUMENTS, count_rows, snapshot

from reviewer.scan import ModelLoader, scan_paths
from reviewer.store import Store

REVIEWER = Path(sys.executable).with_name("reviewer")


def stored_documents(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or being migrated
        return 0


def start_scan(folder: Path, database: Path, model: Path) -> subprocess.Popen:
    command = [str(REVIEWER), "scan", str(folder), "--db", f"sqlite:///{database}", "--model", str(model)]
    # its own session: the signal goes to the scan and its reading processes, as from a terminal
    return subprocess.Popen(
        [*command, "--workers", "1", "--quiet"],
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop_after_first_document(process: subprocess.Popen, database: Path, signum: int) -> int:
    deadline = time.monotonic() + 180
    while (stored := stored_documents(database)) == 0:
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "no document stored within 3 minutes"
        time.sleep(0.02)
    os.killpg(process.pid, signum)
    process.wait(timeout=60)
    return stored


@pytest.fixture(scope="module")
def whole(tmp_path_factory, scan_model):
    """The store after one uninterrupted scan of the demo documents (two laws, a PDF, a .doc, 30 procedures)."""
    database = tmp_path_factory.mktemp("whole") / "whole.sqlite"
    with Store(f"sqlite:///{database}") as store:
        summary = scan_paths([DOCUMENTS], store, workers=1, classifier_factory=ModelLoader(str(scan_model)))
        assert summary.read == summary.inputs == 34
        return snapshot(store)


@pytest.mark.skipif(not REVIEWER.exists(), reason="the reviewer command is not installed in this environment")
@pytest.mark.parametrize(
    "signum",
    # the kill is the guarantee that matters; Ctrl-C (about as long: two scans in subprocesses) runs with slow
    [pytest.param(signal.SIGKILL, id="kill"), pytest.param(signal.SIGINT, id="ctrl-c", marks=pytest.mark.slow)],
)
def test_a_stopped_scan_finishes_when_run_again_without_duplicates(tmp_path, scan_model, whole, signum):
    database = tmp_path / "stopped.sqlite"
    first = start_scan(DOCUMENTS, database, scan_model)
    stopped_at = stop_after_first_document(first, database, signum)
    if signum == signal.SIGINT:
        assert first.returncode == 130
        assert "run the same command again" in first.stderr.read()
    else:
        assert first.returncode == -signal.SIGKILL
    left = stored_documents(database)
    assert 0 < stopped_at <= left < len(whole), "the scan should have been stopped part way"

    second = start_scan(DOCUMENTS, database, scan_model)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert f"{left} skipped" in out

    with Store(f"sqlite:///{database}") as store:
        assert snapshot(store) == whole
        rows = count_rows(store)
        assert rows["documents"] == rows["distinct_sources"] == len(whole)
