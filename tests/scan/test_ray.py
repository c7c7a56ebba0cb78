"""The Ray engine on a local Ray instance stores exactly what the local engine stores."""

from __future__ import annotations

import shutil

import pytest
from scan_support import WORD_DOC, snapshot

from reviewer.scan import ModelLoader, scan_paths
from reviewer.store import Store

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install -e '.[ray]')")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.mark.slow  # starting Ray and its actors takes half a minute or more on 2 cores
def test_ray_engine_stores_the_same_documents_units_and_findings(local_ray, tmp_path, folder, scan_model):
    shutil.copy(WORD_DOC, folder / "nghi-dinh-23-2018.doc")
    (folder / "empty.txt").write_bytes(b"")
    factory = ModelLoader(str(scan_model))
    with (
        Store(f"sqlite:///{tmp_path / 'local.sqlite'}") as local,
        Store(f"sqlite:///{tmp_path / 'ray.sqlite'}") as on_ray,
    ):
        by_local = scan_paths([folder], local, workers=2, engine="local", classifier_factory=factory)
        by_ray = scan_paths([folder], on_ray, workers=2, engine="ray", classifier_factory=factory)

        assert by_ray.read == by_local.read == 9 and by_ray.refused == by_local.refused
        assert by_ray.units == by_local.units and by_ray.by_label == by_local.by_label
        assert by_ray.model_loaded and by_ray.exit_code == 1
        snapshot_local = snapshot(local)
        assert snapshot(on_ray) == snapshot_local
        assert on_ray.stats() == local.stats()

        again = scan_paths([folder], on_ray, workers=2, engine="ray", classifier_factory=factory)
        assert again.skipped == 10 and again.read == 0 and not again.model_loaded

    # a cluster whose nodes lack the model folder: it travels through the object store, same results
    with Store(f"sqlite:///{tmp_path / 'shipped.sqlite'}") as shipped:
        scan_paths([folder], shipped, workers=1, engine="ray", classifier_factory=factory, ship_model=True)
        assert snapshot(shipped) == snapshot_local
