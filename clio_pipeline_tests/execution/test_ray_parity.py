"""The whole daily job with `CLIO_EXECUTION=ray` publishes what the local path publishes, on one data set.

Generated data (300 conversations over two days, low thresholds so that it publishes), the real
embedding model, FAISS and real Dagster runs into temporary DuckDB files, three times: the local
engine, Ray on one local node (`ray.init(num_cpus=2)`), and Ray on a simulated two-node cluster
(`ray.cluster_utils.Cluster`) joined through `RAY_ADDRESS`. Every table of the analyst database must
be equal, row for row, to the local path's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from clio_pipeline_tests.conftest import read_rows
from clio_pipeline_tests.end_to_end.llm_responder import PipelineResponder
from clio_pipeline_tests.execution.conftest import START, generate, published_tables, run_job
from clio_pipeline_tests.support.chat_server import LocalChatServer

ray = pytest.importorskip("ray", reason="the Ray engine is an optional extra: pip install '.[ray]'")

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.ray]


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("landing") / "landing"
    generate(folder)
    return folder


def deployment(tmp_path_factory: pytest.TempPathFactory, landing: Path, name: str) -> Path:
    home = tmp_path_factory.mktemp(name)
    shutil.copytree(landing, home / "landing")
    return home


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory, landing: Path) -> Path:
    home = deployment(tmp_path_factory, landing, "local")
    run_job(home)
    return home


@pytest.fixture(scope="module")
def one_node(tmp_path_factory: pytest.TempPathFactory, landing: Path) -> Path:
    home = deployment(tmp_path_factory, landing, "ray_one_node")
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        run_job(home, CLIO_EXECUTION="ray", CLIO_RAY_EMBED_ACTORS="1")
    finally:
        ray.shutdown()
    return home


@pytest.fixture(scope="module")
def two_nodes(tmp_path_factory: pytest.TempPathFactory, landing: Path) -> Path:
    from ray.cluster_utils import Cluster

    home = deployment(tmp_path_factory, landing, "ray_two_nodes")
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    cluster.add_node(num_cpus=1)
    try:
        # The deployment's way in: the engine joins the cluster named by RAY_ADDRESS.
        run_job(home, CLIO_EXECUTION="ray", RAY_ADDRESS=cluster.address, CLIO_RAY_EMBED_ACTORS="1")
        nodes = len([n for n in ray.nodes() if n["Alive"]])
    finally:
        ray.shutdown()
        cluster.shutdown()
    assert nodes == 2
    return home


def _llm_job(home: Path, **extra: str) -> int:
    """The whole job with the OpenAI-compatible backend against a local server; returns the calls made."""
    with LocalChatServer(responder=PipelineResponder(), model="local-test-model") as server:
        run_job(home, CLIO_LLM_BACKEND="openai", CLIO_LLM_MODEL="local-test-model", OPENAI_BASE_URL=server.base_url,
                OPENAI_API_KEY="test-key", **extra)
        return server.request_count


@pytest.fixture(scope="module")
def llm_local_and_ray(tmp_path_factory: pytest.TempPathFactory, landing: Path) -> tuple[Path, Path, int, int]:
    """The same data through the LLM backend twice: the local engine, then Ray on one node."""
    local_home = deployment(tmp_path_factory, landing, "llm_local")
    local_calls = _llm_job(local_home)
    ray_home = deployment(tmp_path_factory, landing, "llm_ray")
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        ray_calls = _llm_job(ray_home, CLIO_EXECUTION="ray", CLIO_RAY_EMBED_ACTORS="1")
    finally:
        ray.shutdown()
    return local_home, ray_home, local_calls, ray_calls


def test_llm_job_on_ray_publishes_the_same_tables_with_the_same_calls(llm_local_and_ray) -> None:
    """LLM facets run on Ray workers inside the Dagster job: same analyst tables, each call made once."""
    local_home, ray_home, local_calls, ray_calls = llm_local_and_ray
    local_tables = published_tables(local_home / "published.duckdb")
    assert len(local_tables["clusters"]) >= 3
    assert published_tables(ray_home / "published.duckdb") == local_tables
    assert ray_calls == local_calls > 300, "every facet, name and audit asked once, wherever it ran"
    assert read_rows(ray_home / "warehouse.duckdb", "SELECT DISTINCT backend FROM facets WHERE NOT failed") == [
        ("openai",)]


def test_local_path_publishes_something(local: Path) -> None:
    tables = published_tables(local / "published.duckdb")
    assert len(tables["clusters"]) >= 3, "the comparison below must compare a real publication"


def test_ray_on_one_node_publishes_the_same_tables(local: Path, one_node: Path) -> None:
    assert published_tables(one_node / "published.duckdb") == published_tables(local / "published.duckdb")


def test_ray_on_two_nodes_publishes_the_same_tables(local: Path, two_nodes: Path) -> None:
    assert published_tables(two_nodes / "published.duckdb") == published_tables(local / "published.duckdb")


def test_warehouse_rows_match_too(local: Path, one_node: Path) -> None:
    """Facets and assignments are the same rows; the embeddings the same vectors."""
    def rows(home: Path, sql: str) -> list[tuple]:
        return read_rows(home / "warehouse.duckdb", sql)
    facets = "SELECT * EXCLUDE (extracted_at) FROM facets ORDER BY conversation_id"
    assert rows(one_node, facets) == rows(local, facets)
    assigned = "SELECT conversation_id, partition_date, cluster_id FROM cluster_assignments ORDER BY ALL"
    assert rows(one_node, assigned) == rows(local, assigned)
    gap = ("SELECT max(list_cosine_similarity(a.embedding, b.embedding)), min(list_cosine_similarity(a.embedding, "
           "b.embedding)), count(*) FROM embeddings a JOIN other.embeddings b USING (conversation_id)")
    con = duckdb.connect(str(one_node / "warehouse.duckdb"), read_only=True)
    try:
        con.execute(f"ATTACH '{local / 'warehouse.duckdb'}' AS other (READ_ONLY)")
        _, least, n = con.execute(gap).fetchone()
    finally:
        con.close()
    assert n > 0 and least > 0.99999


def test_exchange_is_beside_the_warehouse_in_hive_layout_and_keeps_no_raw_input(one_node: Path) -> None:
    root = one_node / "warehouse.exchange"
    # The inputs (conversations, texts to embed, window vectors) are deleted once each job is done.
    assert {p.parent.name for p in root.glob("stage=*/day=*")} == {"stage=assignments", "stage=embeddings", "stage=facets"}
    assert sorted(p.name for p in (root / "stage=facets").iterdir()) == [
        f"day={START.isoformat()}", f"day={START.replace(day=2).isoformat()}"]
    con = duckdb.connect()
    try:
        per_day = con.execute(
            "SELECT day, count(*) FROM read_parquet(?, hive_partitioning = true) GROUP BY day ORDER BY day",
            [str(root / "stage=facets" / "*" / "*.parquet")]).fetchall()
    finally:
        con.close()
    assert sum(n for _, n in per_day) == 300 - quarantined(one_node)


def quarantined(home: Path) -> int:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM quarantine").fetchone()[0]
    finally:
        con.close()
