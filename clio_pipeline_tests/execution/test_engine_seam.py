"""The execution seam without Ray: the default imports no Ray, settings are refused clearly, the exchange's layout."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from clio_pipeline.execution import exchange
from clio_pipeline.execution.engine import LocalEngine, default_exchange_root
from clio_pipeline.resources import ExecutionResource

DAY = date(2026, 1, 7)


def test_default_path_never_imports_ray() -> None:
    code = ("import sys; import clio_pipeline.definitions as d, clio_pipeline.resources as r; d.build_definitions(); "
            "e = r.build_resources()['execution']; e.engine('/tmp/w.duckdb'); "
            "assert 'ray' not in sys.modules, 'ray was imported'; print(type(e.engine('/tmp/w.duckdb')).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         env={k: v for k, v in __import__("os").environ.items() if not k.startswith("CLIO_")})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "LocalEngine"


def test_unknown_execution_mode_is_refused() -> None:
    from dagster import build_init_resource_context

    with pytest.raises(ValueError, match="CLIO_EXECUTION must be 'local' or 'ray'"):
        ExecutionResource(mode="spark").setup_for_execution(build_init_resource_context())


def test_ray_mode_without_ray_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from clio_pipeline.execution import ray_engine

    monkeypatch.setitem(sys.modules, "ray", None)  # as if the extra were not installed
    with pytest.raises(RuntimeError, match=r"pip install 'clio-pipeline\[ray\]'"):
        ray_engine.connect()


def test_exchange_lives_beside_the_private_warehouse(tmp_path: Path) -> None:
    assert default_exchange_root(tmp_path / "private" / "warehouse.duckdb") == str(tmp_path / "private" / "warehouse.exchange")
    engine = ExecutionResource(mode="ray", exchange_dir="").engine(str(tmp_path / "w.duckdb"))
    assert engine.root == str(tmp_path / "w.exchange")


def test_exchange_round_trip_is_day_partitioned_and_a_rewrite_replaces_the_day(tmp_path: Path) -> None:
    root = str(tmp_path / "x")
    vectors = np.eye(3, dtype=np.float32)
    table = pa.table({"row": [2, 0, 1], "embedding": exchange.vectors_column(vectors)})
    exchange.write(root, "embeddings", DAY, table, rows_per_file=2)
    exchange.write(root, "embeddings", date(2026, 1, 8), table.slice(0, 1))
    assert sorted(p.name for p in (tmp_path / "x" / "stage=embeddings" / "day=2026-01-07").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet"]
    back = exchange.read(root, "embeddings", DAY, "row")
    assert back.column("row").to_pylist() == [0, 1, 2]
    assert np.array_equal(exchange.vectors_from_column(back.column("embedding")), vectors[[1, 2, 0]])
    exchange.write(root, "embeddings", DAY, table.slice(0, 1))  # a retried step: earlier files are gone
    assert exchange.read(root, "embeddings", DAY, "row").column("row").to_pylist() == [2]
    exchange.remove(root, "embeddings", DAY)
    assert not (tmp_path / "x" / "stage=embeddings" / "day=2026-01-07").exists()


def test_local_engine_keeps_the_kmeans_assignment() -> None:
    from clio_pipeline.clustering.kmeans import assign_nearest, faiss_kmeans

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 8)).astype(np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    result = faiss_kmeans(X, 5, seed=0)
    assert LocalEngine().assign(DAY, X, result) is result
    labels, distances = assign_nearest(X, result.centroids)  # the rule a distributed batch applies
    assert np.array_equal(labels, result.labels) and np.allclose(distances, result.distances)


def test_embedding_actors_leave_a_cpu_for_parquet_io() -> None:
    """Actors holding every CPU starve the read tasks and the job never ends (2 actors on 2 CPUs did)."""
    from types import SimpleNamespace

    from clio_pipeline.execution.ray_engine import RayEngine

    def cluster(cpus: float) -> SimpleNamespace:
        return SimpleNamespace(cluster_resources=lambda: {"CPU": cpus})

    assert RayEngine("x", embed_actors=2).pool_size(cluster(2)) == 1
    assert RayEngine("x", embed_actors=4).pool_size(cluster(16)) == 4
    assert RayEngine("x", embed_actors=8).pool_size(cluster(4)) == 3
    assert RayEngine("x", embed_actors=2).pool_size(cluster(1)) == 1


@pytest.mark.ray
@pytest.mark.integration
def test_ship_code_runs_workers_on_an_uploaded_copy_of_the_package() -> None:
    """With CLIO_RAY_SHIP_CODE the workers import clio_pipeline from Ray's upload, not from the node's install."""
    ray = pytest.importorskip("ray", reason="the Ray engine is an optional extra: pip install '.[ray]'")
    import clio_pipeline
    from clio_pipeline.execution.ray_engine import connect

    assert not ray.is_initialized()
    connect("", ship_code=True)
    try:
        @ray.remote
        def where() -> str:
            import importlib
            import sys

            # A node without clio-pipeline installed: forget this machine's (editable) install.
            sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
            sys.path[:] = [p for p in sys.path if "runtime_resources" in p or "site-packages" in p or "/lib/python" in p]
            for name in [m for m in sys.modules if m == "clio_pipeline" or m.startswith("clio_pipeline.")]:
                del sys.modules[name]
            importlib.invalidate_caches()
            shipped = importlib.import_module("clio_pipeline")
            semantic = importlib.import_module("clio_pipeline.facets.semantic")
            assert semantic.task_examples(), "the package's data files travel with its code"
            return shipped.__file__

        path = ray.get(where.remote())
    finally:
        ray.shutdown()
    assert "runtime_resources" in path and Path(path).resolve() != Path(clio_pipeline.__file__).resolve()
