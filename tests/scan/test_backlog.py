"""Readers faster than the model do not pile up the whole scan in memory: they stay a few tasks ahead.

A whole-corpus scan once peaked at 9.3 GB in the scanning process: every task was handed to the pool at once,
so each document read waited there, structured, until the model got to it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from scan_support import READ_NOTES, read_and_note

from reviewer.scan import scan_paths
from reviewer.scan.local import TASKS_AHEAD_PER_READER

FILES = 60
WORKERS = 2
SECONDS_PER_UNIT = 0.1  # a reader reads one of these files in milliseconds


@dataclass
class SlowModel:
    """The real tiny classifier, slowed down per unit so that reading outruns classifying whatever the batches."""

    classifier: object

    @property
    def version(self) -> str:
        return self.classifier.version

    def __getattr__(self, name):
        return getattr(self.classifier, name)

    def predict(self, items, *args, **kwargs):
        items = list(items)
        time.sleep(SECONDS_PER_UNIT * len(items))
        return self.classifier.predict(items, *args, **kwargs)


def test_readers_stay_a_few_tasks_ahead_of_the_model(store, tmp_path, loader, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(FILES):
        (folder / f"quyet-dinh-{number:02}.txt").write_text(
            f"Điều 1. Hồ sơ số {number} gồm bản sao giấy khai sinh và đơn đề nghị.\n", "utf-8"
        )
    notes = tmp_path / "notes"
    notes.mkdir()
    monkeypatch.setenv(READ_NOTES, str(notes))
    ahead = []

    def progress(update):
        if update.source:
            ahead.append(len(list(notes.iterdir())) - update.done)

    summary = scan_paths(
        [folder],
        store,
        workers=WORKERS,
        classifier_factory=lambda: SlowModel(loader()),
        reader=read_and_note,
        progress=progress,
    )

    assert summary.read == FILES and not summary.refused
    assert len(ahead) == FILES
    # Read but not yet stored: the tasks in the readers' hands plus those taken back and waiting for the model
    # (one document a task here), under twice the bound.
    assert max(ahead) < 2 * WORKERS * TASKS_AHEAD_PER_READER
    assert min(ahead) == 0  # the last document stored is the last one read
