"""An embedding actor killed in the middle of the job: Ray restarts it, retries its batch, and no vector is lost.

The engine's embedding pool is the real one (`ActorPoolStrategy`, `max_restarts`, `max_task_retries`)
around the real bundled model, except that the first batch anywhere SIGKILLs the actor process that
runs it (marked by a file). The vectors must equal the local model's, one per text, in order.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from clio_pipeline.embeddings.embedder import DEFAULT_MODEL, make_embedder
from clio_pipeline.execution import ray_engine
from clio_pipeline.execution.batches import EncodeBatches
from clio_pipeline.execution.engine import EncoderSpec

ray = pytest.importorskip("ray", reason="the Ray engine is an optional extra: pip install '.[ray]'")

pytestmark = [pytest.mark.integration, pytest.mark.ray]

MARKER_ENV = "CLIO_TEST_KILL_MARKER"


class KillsItsActorOnce(EncodeBatches):
    """The real embedding actor, except that the first batch anywhere kills the process it runs in."""

    def __call__(self, batch):
        try:
            fd = os.open(os.environ[MARKER_ENV], os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return super().__call__(batch)
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("unreachable")


def test_killed_embedding_actor_is_restarted_and_loses_nothing(tmp_path: Path, monkeypatch) -> None:
    import psutil

    texts = [f"How do I plan a trip to city number {i} with a small budget?" for i in range(150)]
    spec = EncoderSpec(model=DEFAULT_MODEL)
    expected = make_embedder(spec.model).encode(texts)
    marker = tmp_path / "killed.pid"
    monkeypatch.setattr(ray_engine, "EncodeBatches", KillsItsActorOnce)
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {MARKER_ENV: str(marker)}})
    try:
        engine = ray_engine.RayEngine(str(tmp_path / "exchange"), embed_actors=1, batch_size=40)
        got = engine.encode(spec, date(2026, 1, 1), texts)
    finally:
        ray.shutdown()
        ray.cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    killed = int(marker.read_text())
    assert killed != os.getpid() and not psutil.pid_exists(killed), "an actor process really died"
    assert got.shape == expected.shape, "one vector per text, none lost or doubled"
    np.testing.assert_allclose(got, expected, atol=1e-5)
