"""The local engine: reading processes feed one classifier in this process.

Reading (and OCR) runs in ``workers`` spawned processes; each reader's OCR gets ``cores // workers`` page
processes so that the readers together never ask for more cores than there are. Classification runs here, the
model loaded once, on batches gathered from whatever the readers have finished: a batch is classified as soon as
no further result is waiting, or when it reaches ``batch_units`` units, so the model stays busy while the readers
work and each document is stored within moments of being read.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from reviewer.errors import ReviewerError

from .core import Recorder, model_version
from .inputs import ScanItem
from .work import ReadOutcome, classify_outcomes, init_worker, read_items

PROCEDURES_PER_TASK = 32  # portal records are small: ship them to readers in bunches


def tasks(todo: list[ScanItem]) -> list[list[ScanItem]]:
    """One task per file; procedure records grouped, keeping the largest-first order of ``todo``."""
    result: list[list[ScanItem]] = []
    bunch: list[ScanItem] = []
    for item in todo:
        if item.raw is None:
            result.append([item])
            continue
        bunch.append(item)
        if len(bunch) == PROCEDURES_PER_TASK:
            result.append(bunch)
            bunch = []
    if bunch:
        result.append(bunch)
    return result


class Classifying:
    """Gathers read documents, classifies them in batches with one model and hands each to the recorder."""

    def __init__(self, recorder: Recorder, factory: Callable[[], object], batch_units: int):
        self.recorder = recorder
        self.factory = factory
        self.batch_units = batch_units
        self.classifier = None
        self.version = ""
        self.pending: list[ReadOutcome] = []
        self.units = 0

    @property
    def full(self) -> bool:
        return self.units >= self.batch_units

    def add(self, outcomes: list[ReadOutcome]) -> None:
        for outcome in outcomes:
            if outcome.document is None:
                self.recorder.record(outcome, self.version)
            else:
                self.pending.append(outcome)
                self.units += len(outcome.document.units)

    def _model(self):
        if self.classifier is None:
            self.classifier = self.factory()
            self.version = model_version(self.classifier)
            self.recorder.summary.model_loaded = True
        return self.classifier

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending, self.units = self.pending, [], 0
        if any(outcome.document.units for outcome in batch):
            classify_outcomes(batch, self._model())
        for outcome in batch:
            self.recorder.record(outcome, self.version)


def _torch_threads(count: int | None) -> int | None:
    """Sets torch's intra-op threads if torch is loaded; returns the previous count."""
    torch = sys.modules.get("torch")
    if torch is None or count is None:
        return None
    previous = torch.get_num_threads()
    torch.set_num_threads(max(1, count))
    return previous


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stops readers now: Ctrl-C must not wait for a 70-page OCR to finish."""
    # ProcessPoolExecutor has no public way to end running work; its process table is the only handle.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)


def run_local(
    todo: list[ScanItem], recorder: Recorder, factory: Callable[[], object], workers: int, batch_units: int
) -> None:
    classifying = Classifying(recorder, factory, batch_units)
    work = tasks(todo)
    if workers == 0:
        # Serial: classify and store after every task, so that a stop loses one task at most.
        for task in work:
            classifying.add(read_items(task))
            classifying.flush()
        return

    cores = os.cpu_count() or 1
    workers = min(workers, len(work))
    pool = ProcessPoolExecutor(
        max_workers=workers,
        # spawn: readers start clean, without this process's threads, open database connections or model
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(max(1, cores // workers), os.getpid()),
    )
    previous_threads = None
    try:
        running: set[Future] = {pool.submit(read_items, task) for task in work}
        while running:
            done, running = wait(running, timeout=0 if classifying.pending else None, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    classifying.add(future.result())
                except BrokenProcessPool as error:
                    raise ReviewerError(
                        "scan", "a reading process died (out of memory or killed); run the scan again to go on"
                    ) from error
            if not done or classifying.full or not running:
                if not running and previous_threads is not None:
                    _torch_threads(previous_threads)  # reading is over: the model may have every core
                    previous_threads = None
                classifying.flush()
                if running and previous_threads is None and classifying.classifier is not None:
                    # the readers hold the other cores: fewer model threads avoid oversubscribing them
                    previous_threads = _torch_threads(max(1, cores - workers))
    except BaseException:
        _stop(pool)
        raise
    finally:
        _torch_threads(previous_threads)
    pool.shutdown(wait=True)
