"""A Ray worker killed in the middle of the facets job: Ray runs its batch again and no conversation is lost.

The day's real conversations (generated, ingested through a real Dagster run) go through the Ray
engine with an extractor that SIGKILLs its own worker process the first time it runs, marked by a
file. Ray retries the batch on a new worker; the records must equal the local engine's, one per
conversation, none doubled.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from clio_pipeline.execution.engine import LocalEngine
from clio_pipeline.facets.offline import OfflineFacetExtractor
from clio_pipeline.facets.spec import load_facet_specs
from clio_pipeline_tests.execution.conftest import START

ray = pytest.importorskip("ray", reason="the Ray engine is an optional extra: pip install '.[ray]'")

pytestmark = [pytest.mark.integration, pytest.mark.ray]


class KillsItsWorkerOnce:
    """The real offline extractor, except that the first call anywhere kills the process it runs in."""

    backend = "offline"

    def __init__(self, inner: OfflineFacetExtractor, marker: Path) -> None:
        self.inner, self.marker = inner, marker

    def extract(self, batch):
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)  # only one worker ever wins this
        except FileExistsError:
            return self.inner.extract(batch)
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("unreachable")


def test_killed_worker_is_retried_and_loses_nothing(tmp_path: Path, warehouse: str) -> None:
    import psutil

    from clio_pipeline.execution.ray_engine import RayEngine

    specs = load_facet_specs(None)
    expected = LocalEngine().extract_facets(warehouse, START, OfflineFacetExtractor(specs))
    marker = tmp_path / "killed.pid"
    # The test's own class must travel to the workers by value: they cannot import this test module.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        engine = RayEngine(str(tmp_path / "exchange"), batch_size=40)
        got = engine.extract_facets(warehouse, START, KillsItsWorkerOnce(OfflineFacetExtractor(specs), marker))
    finally:
        ray.shutdown()
        ray.cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    killed = int(marker.read_text())
    assert killed != os.getpid() and not psutil.pid_exists(killed), "a worker process really died"
    assert len(expected) > 40, "more than one batch, so the kill happened mid-job"
    assert [r.model_dump() for r in got] == [r.model_dump() for r in expected]
