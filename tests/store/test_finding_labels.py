"""The four finding labels are one tuple wherever they are spelled, and the store takes the classifier's without
loading a model library."""

from __future__ import annotations

import subprocess
import sys


def test_every_copy_of_the_finding_labels_is_the_same():
    from reviewer.classify.data import FINDING_LABELS as classify_labels
    from reviewer.classify.data import LABELS
    from reviewer.cli.store import FINDING_LABELS as cli_labels
    from reviewer.propose.rules import FINDING_LABELS as propose_labels
    from reviewer.store import FINDING_LABELS as store_labels
    from reviewer.store.records import FINDING_LABELS as records_labels

    assert classify_labels == ("certified_copy", "original", "copy", "paper_document")
    assert cli_labels == propose_labels == records_labels == store_labels == classify_labels
    assert LABELS == (*classify_labels, "none")


def test_the_command_line_offers_the_store_s_proposal_statuses():
    from reviewer.cli.store import PROPOSAL_STATUSES as cli_statuses
    from reviewer.store import PROPOSAL_STATUSES

    assert cli_statuses == PROPOSAL_STATUSES


def test_opening_the_store_loads_no_model_library():
    probe = (
        "import sys, reviewer.store; print(sorted({'torch', 'sklearn', 'sentence_transformers'} & set(sys.modules)))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
