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
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from reviewer.errors import ReviewerError

from .core import Recorder, model_version
from .inputs import ScanItem
from .work import Reader, ReadOutcome, classify_outcomes, init_worker, read_item

PROCEDURES_PER_TASK = 32  # portal records are small: ship them to readers in bunches
TASKS_AHEAD_PER_READER = 4  # tasks handed to the pool per reader before earlier ones are taken back


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


# -- in the reading processes --------------------------------------------------------------------------------

_marks: Path | None = None  # the folder where this reader notes what it is reading


def init_reader(ocr_workers: int, parent_pid: int, marks: str) -> None:
    global _marks
    init_worker(ocr_workers, parent_pid)
    _marks = Path(marks)


def read_task(number: int, items: list[ScanItem], reader: Reader = read_item) -> list[ReadOutcome]:
    """Reads a task's items, first noting (in a file named for this process) which one: if the process dies,
    the file tells the scan what killed it."""
    outcomes = []
    for index, item in enumerate(items):
        if _marks is not None:
            (_marks / str(os.getpid())).write_text(f"{number} {index}", "ascii")
        outcomes.append(reader(item))
    return outcomes


def _read_alone(sender, number: int, items: list[ScanItem], reader: Reader, cores: int, parent: int, marks: str):
    init_reader(cores, parent, marks)
    sender.send(read_task(number, items, reader))
    sender.close()


# -- in the scanning process ---------------------------------------------------------------------------------


def _how_it_died(exitcode: int | None) -> str:
    if exitcode is None or exitcode >= 0:
        return f"exit code {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    return f"killed by {name}" + (", perhaps out of memory" if -exitcode == signal.SIGKILL else "")


class LocalScan:
    """Reading processes feeding one classifier; a reader that dies takes only the file it was reading with it.

    When a reader dies (a crash in LibreOffice or OCR, the out-of-memory killer) the pool is lost with every
    file in flight. The files the readers were on are read again one at a time, each in a process of its own:
    a file that kills its reader alone is refused with the reason, the others are stored. A new pool then goes on
    with the rest.
    """

    def __init__(
        self, recorder: Recorder, factory: Callable[[], object], workers: int, batch_units: int, reader: Reader
    ):
        self.classifying = Classifying(recorder, factory, batch_units)
        self.workers = workers
        self.reader = reader
        self.cores = os.cpu_count() or 1
        self.previous_threads: int | None = None
        self.marks = Path(tempfile.mkdtemp(prefix="reviewer-scan-"))
        self.context = multiprocessing.get_context("spawn")

    def run(self, work: list[list[ScanItem]]) -> None:
        left = dict(enumerate(work))
        try:
            while left:
                left = self._pass(left)
        finally:
            _torch_threads(self.previous_threads)
            shutil.rmtree(self.marks, ignore_errors=True)

    def _pool(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers,
            # spawn: readers start clean, without this process's threads, open database connections or model
            mp_context=self.context,
            initializer=init_reader,
            initargs=(max(1, self.cores // workers), os.getpid(), str(self.marks)),
        )

    def _pass(self, left: dict[int, list[ScanItem]]) -> dict[int, list[ScanItem]]:
        """Reads ``left`` in a pool until done or until a reader dies; returns the tasks still to read."""
        workers = min(self.workers, len(left))
        pool = self._pool(workers)
        classifying = self.classifying
        waiting = iter(list(left.items()))
        futures: dict = {}
        running, finished, broken = set(), set(), False
        ahead = workers * TASKS_AHEAD_PER_READER

        def submit() -> bool:
            """Hands out tasks up to the bound; False when the pool broke (a reader died) meanwhile."""
            # A few tasks ahead of the readers, never the whole scan: a finished reading waits in this process
            # until it is classified, and readers faster than the model would pile up every document read.
            while len(running) < ahead:
                number, task = next(waiting, (None, None))
                if task is None:
                    return True
                try:
                    future = pool.submit(read_task, number, task, self.reader)
                except BrokenProcessPool:  # the task stays in ``left``: the next pass reads it
                    return False
                futures[future] = number
                running.add(future)
            return True

        taken = 0  # tasks whose documents wait for the model
        try:
            broken = not submit()
            while running and not broken:
                wait_for = 0 if classifying.pending else None
                done, still = wait(running, timeout=wait_for, return_when=FIRST_COMPLETED)
                running.intersection_update(still)
                taken += len(done)
                for future in done:
                    error = future.exception()
                    if isinstance(error, BrokenProcessPool):
                        broken = True
                        continue
                    if isinstance(error, MemoryError):  # the reader survived it: only its task is lost
                        task = left[futures[future]]
                        classifying.add([ReadOutcome(item, reason="out of memory while reading") for item in task])
                    else:
                        classifying.add(future.result())
                    finished.add(futures.pop(future))  # its result is in the batch now: let the future go
                if taken >= ahead and not broken:
                    # readers outrun the model: it catches up before more is handed out, so that what is read
                    # and not yet stored stays under twice the bound
                    self._classify(reading=bool(running), workers=workers)
                    taken = 0
                if not broken:
                    broken = not submit()
                if not done or classifying.full or not running or broken:
                    self._classify(reading=bool(running) and not broken, workers=workers)
                    taken = 0
            if broken:
                wait(running)  # the futures of a broken pool all end at once; some may have finished before
                for future in running:
                    if future.exception() is None:
                        classifying.add(future.result())
                        finished.add(futures[future])
                self._classify(reading=False, workers=workers)
        except BaseException:
            _stop(pool)
            raise
        if not broken:
            pool.shutdown(wait=True)
            return {}
        _stop(pool)
        left = {number: task for number, task in left.items() if number not in finished}
        marked = self._marked()  # reading the notes consumes them: once for all tasks
        in_flight = {number: task for number, task in left.items() if number in marked}
        if not in_flight:
            raise ReviewerError(
                "scan", "a reading process died before reading any file (out of memory or killed); run the scan again"
            )
        for number, task in in_flight.items():
            self._read_alone(number, task)
            del left[number]
        return left

    def _classify(self, reading: bool, workers: int) -> None:
        if not reading and self.previous_threads is not None:
            _torch_threads(self.previous_threads)  # reading is over: the model may have every core
            self.previous_threads = None
        self.classifying.flush()
        if reading and self.previous_threads is None and self.classifying.classifier is not None:
            # the readers hold the other cores: fewer model threads avoid oversubscribing them
            self.previous_threads = _torch_threads(max(1, self.cores - workers))

    def _marked(self) -> dict[int, int]:
        """Task number to item index, of what each reader noted last; the notes are cleared."""
        marked = {}
        for note in self.marks.iterdir():
            try:
                number, index = note.read_text("ascii").split()
                marked[int(number)] = int(index)
            except (OSError, ValueError):  # a note being written when its reader died: nothing read yet
                pass
            note.unlink(missing_ok=True)
        return marked

    def _read_alone(self, number: int, task: list[ScanItem]) -> None:
        """Reads a task a reader died on, in a process of its own: whatever kills that process is the file's fault."""
        while task:
            outcomes, exitcode = self._in_own_process(number, task)
            if outcomes is not None:
                self.classifying.add(outcomes)
                break
            index = self._marked().get(number)
            if index is None:
                raise ReviewerError("scan", f"a reading process died before reading ({_how_it_died(exitcode)})")
            item = task[index]
            reason = f"the reader process died while reading {item.source} ({_how_it_died(exitcode)})"
            self.classifying.add([ReadOutcome(item, reason=reason)])
            task = task[:index] + task[index + 1 :]  # the items of a bunch of records other than this one
        self.classifying.flush()

    def _in_own_process(self, number: int, task: list[ScanItem]) -> tuple[list[ReadOutcome] | None, int | None]:
        receiver, sender = self.context.Pipe(duplex=False)
        args = (sender, number, task, self.reader, self.cores, os.getpid(), str(self.marks))
        process = self.context.Process(target=_read_alone, args=args, daemon=True, name="reviewer-reader")
        process.start()
        sender.close()  # the child holds the only writing end: its death ends the receiving
        try:
            try:
                outcomes = receiver.recv()
            except EOFError:
                outcomes = None
            process.join()
        except BaseException:
            process.terminate()
            process.join(timeout=5)
            raise
        finally:
            receiver.close()
        return outcomes, process.exitcode


def run_local(
    todo: list[ScanItem],
    recorder: Recorder,
    factory: Callable[[], object],
    workers: int,
    batch_units: int,
    reader: Reader = read_item,
) -> None:
    """Reads ``todo`` in ``workers`` processes (0: in this one) with ``reader``, classifies and stores it."""
    work = tasks(todo)
    if workers == 0:
        # Serial: classify and store after every task, so that a stop loses one task at most.
        classifying = Classifying(recorder, factory, batch_units)
        for task in work:
            classifying.add([reader(item) for item in task])
            classifying.flush()
        return
    LocalScan(recorder, factory, workers, batch_units, reader).run(work)
