"""The Ray engine: the same scan as a Ray Data job, on a local Ray instance or a cluster.

The driver (this process) lists and hashes the inputs and drops the unchanged ones, exactly as the local engine
does, so an unchanged corpus never reaches Ray. The rest becomes a dataset of tasks (one file, or a bunch of
procedure records) that ``map_batches`` sends to a pool of actors; each actor loads the model once and reads,
structures, classifies and drafts proposals for its tasks. Results stream back to the driver, which stores each
document in its own transaction (the store is a PostgreSQL database on a real cluster; only the driver writes).

On a cluster the files must be at the same path on every node (shared storage) and the database URL must be
reachable from the driver. The model folder is either on shared storage too, or shipped: with ``ship_model`` the
driver packs it into Ray's object store once and each actor unpacks it into a local temporary folder.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from .core import ModelLoader, Recorder, model_version
from .inputs import ScanItem
from .local import tasks
from .work import Reader, classify_outcomes, read_item, read_items

TASKS_PER_BLOCK = 2  # small blocks: a 70-page scan should not hold back the bunch of records queued behind it


class ShippedModel:
    """A classifier factory for actors on nodes without the model folder: it comes through the object store."""

    def __init__(self, archive):  # a ray.ObjectRef to the tar of the model folder
        self.archive = archive

    def __call__(self):
        import ray

        from reviewer.classify import load_classifier

        target = Path(tempfile.mkdtemp(prefix="reviewer-model-"))
        with tarfile.open(fileobj=io.BytesIO(ray.get(self.archive))) as tar:
            tar.extractall(target, filter="data")
        return load_classifier(target / "model")


def ship(factory: Callable[[], object]) -> ShippedModel:
    """Packs the folder a :class:`ModelLoader` would load into the object store (plain tar: weights don't shrink)."""
    import ray

    from reviewer.classify.model import model_path

    if not isinstance(factory, ModelLoader):
        raise TypeError("only the default model loader can be shipped")
    folder = model_path(factory.path)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(folder, arcname="model")
    return ShippedModel(ray.put(buffer.getvalue()))


class RayScanner:
    """A Ray Data callable class: one per actor, the model loaded once in ``__init__``."""

    def __init__(self, factory: Callable[[], object], threads: int = 1, reader: Reader = read_item):
        # The actor owns ``threads`` CPUs: OCR and the model must not use more.
        os.environ["REVIEWER_OCR_WORKERS"] = str(threads)
        os.environ["REVIEWER_THREADS"] = str(threads)
        from reviewer.config import settings

        settings.cache_clear()
        self.factory = factory
        self.reader = reader
        self.classifier = None
        self.version = ""
        self.threads = threads

    def _model(self):
        if self.classifier is None:
            self.classifier = self.factory()
            self.version = model_version(self.classifier)
            torch = __import__("sys").modules.get("torch")
            if torch is not None:
                torch.set_num_threads(self.threads)
        return self.classifier

    def __call__(self, batch: dict) -> dict:
        import numpy as np

        outcomes = []
        for payload in batch["task"]:
            outcomes.extend(read_items(pickle.loads(payload), self.reader))
        readable = [outcome for outcome in outcomes if outcome.document is not None]
        if any(outcome.document.units for outcome in readable):
            classify_outcomes(readable, self._model())
        results = [pickle.dumps((outcome, self.version), protocol=pickle.HIGHEST_PROTOCOL) for outcome in outcomes]
        return {"result": np.array(results, dtype=object)}


def _connect(address: str | None, workers: int) -> bool:
    """Joins the cluster at ``address`` or starts a local instance; True when this call started Ray."""
    import ray

    if ray.is_initialized():
        return False
    options = {"logging_level": logging.WARNING, "log_to_driver": False}
    if address:
        ray.init(address=address, **options)
    else:
        ray.init(num_cpus=max(workers, 1), include_dashboard=False, **options)
    return True


def run_ray(
    todo: list[ScanItem],
    recorder: Recorder,
    factory: Callable[[], object],
    workers: int,
    address: str | None = None,
    batch_units: int = 512,
    ship_model: bool = False,
    reader: Reader = read_item,
) -> None:
    """Scans ``todo`` with ``workers`` actors (one CPU each) and stores the results through ``recorder``."""
    import ray
    import ray.data

    started = _connect(address, workers)
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # the scan's own bar counts files, pages and findings
        if ship_model:
            factory = ship(factory)
        work = [{"task": pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)} for task in tasks(todo)]
        dataset = ray.data.from_items(work, override_num_blocks=max(1, len(work) // TASKS_PER_BLOCK))
        results = dataset.map_batches(
            RayScanner,
            fn_constructor_args=(factory, 1, reader),
            batch_size=1,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=max(1, min(workers, len(work)))),
            num_cpus=1,
        )
        for row in results.iter_rows():
            outcome, version = pickle.loads(row["result"])
            recorder.record(outcome, version)
    finally:
        if started:
            ray.shutdown()
