"""The code location loads, validates with the Dagster CLI, and serves every asset in a real UI."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXPECTED_ASSETS = {
    "conversations", "facets", "embeddings", "base_clusters", "cluster_hierarchy",
    "staged_clusters", "staged_facet_breakdowns", "staged_cluster_trends", "staged_publication_log",
    "staged_topic_lineage", "published/clusters", "published/cluster_facet_breakdowns", "published/cluster_trends",
    "published/publication_log", "published/topic_lineage", "cluster_explorer",
}
BLOCKING_CHECKS = {
    ("conversations", "records_conserved"), ("base_clusters", "window_complete"),
    ("cluster_hierarchy", "hierarchy_invariants"), ("staged_clusters", "no_personal_data"),
    ("staged_clusters", "aggregation_thresholds"), ("staged_clusters", "no_small_cells"),
    ("staged_clusters", "topics_published_only"),
}
WARNING_CHECKS = {"published_recently"}  # operational: warns about a stale analyst database, blocks nothing


def test_definitions_load_with_every_asset_check_and_schedule() -> None:
    from clio_pipeline.definitions import defs as load_defs

    defs = load_defs()
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert keys == EXPECTED_ASSETS
    checks = {(c.asset_key.to_user_string(), c.name) for c in repo.asset_graph.asset_check_keys}
    assert checks >= BLOCKING_CHECKS
    for key in repo.asset_graph.asset_check_keys:
        if key.name in WARNING_CHECKS:
            assert not repo.asset_graph.get_check_spec(key).blocking, f"{key} only warns"
            continue
        assert repo.asset_graph.get_check_spec(key).blocking, f"{key} must block publication"
    assert defs.resolve_schedule_def("clio_daily_schedule").job_name == "clio_daily_job"
    for key in repo.asset_graph.get_all_asset_keys():
        assert repo.asset_graph.get(key).description, f"{key.to_user_string()} needs a docstring for the UI"


def test_dagster_cli_validates_the_workspace() -> None:
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "dagster"), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _reset_signals() -> None:
    # `dagster dev` in a background process group ignores SIGINT/SIGTERM unless they are reset.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.setsid()


@pytest.mark.integration
def test_dagster_dev_serves_the_asset_graph(tmp_path: Path) -> None:
    port = _free_port()
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    env = os.environ | {"DAGSTER_HOME": str(home), "CLIO_HOME": str(tmp_path / "clio")}
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster"), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_reset_signals,
    )
    try:
        deadline = time.monotonic() + 180
        nodes = None
        while time.monotonic() < deadline:
            try:
                data = _graphql(port, "{ assetNodes { assetKey { path } hasAssetChecks } }")
                nodes = data.get("data", {}).get("assetNodes")
                if nodes:
                    break
            except OSError:
                pass
            time.sleep(2)
        assert nodes, "dagster dev did not serve the asset graph within 180 s"
        served = {"/".join(n["assetKey"]["path"]) for n in nodes}
        assert served == EXPECTED_ASSETS
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
