"""The windowed `base_clusters` asset through real Dagster runs: incomplete windows block, complete ones cluster."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from clio_pipeline.clustering.assets import base_clusters
from clio_pipeline.clustering.daily_k import choose_daily_k
from clio_pipeline.embeddings.assets import embeddings
from clio_pipeline.facets.assets import facets
from clio_pipeline.generator import generate_dataset
from clio_pipeline.ingestion.assets import conversations, records_conserved
from clio_pipeline.partitions import daily_partitions
from clio_pipeline.resources import (
    ClusteringResource,
    EmbeddingResource,
)
from clio_pipeline_tests.conftest import pipeline_resources, run_assets

pytestmark = [pytest.mark.integration, pytest.mark.slow]

UPSTREAM = [conversations, facets, embeddings]


@pytest.fixture
def setup(clio_home: Path):
    generate_dataset(clio_home / "landing", n=240, days=2, seed=3)
    resources = pipeline_resources(clio_home, clustering=ClusteringResource(window_days=7, seed=0))
    with DagsterInstance.ephemeral() as instance:
        yield clio_home, resources, instance


def test_missing_upstream_day_fails_the_blocking_window_check(setup) -> None:
    home, resources, instance = setup
    assert run_assets(UPSTREAM, resources, "2026-01-02", checks=[records_conserved], instance=instance).success
    # Day 1 of the window was never materialized: clustering day 2 must refuse, loudly.
    result = run_assets([base_clusters], resources, "2026-01-02", instance=instance)
    (check,) = result.get_asset_check_evaluations()
    assert not check.passed and "2026-01-01" in check.description
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM clusters").fetchone()[0] == 0
    finally:
        con.close()


def test_complete_window_clusters_deterministically(setup) -> None:
    home, resources, instance = setup
    for day in ("2026-01-01", "2026-01-02"):
        assert run_assets(UPSTREAM, resources, day, checks=[records_conserved], instance=instance).success

    def assignments(skip_unchanged: bool) -> list[tuple]:
        clustering = ClusteringResource(window_days=7, seed=0, skip_unchanged=skip_unchanged)
        result = run_assets([base_clusters], {**resources, "clustering": clustering}, "2026-01-02", instance=instance)
        assert result.success and all(c.passed for c in result.get_asset_check_evaluations())
        con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
        try:
            return con.execute(
                "SELECT conversation_id, cluster_id FROM cluster_assignments WHERE partition_date = '2026-01-02' ORDER BY 1"
            ).fetchall()
        finally:
            con.close()

    # The second run re-clusters (not kept as unchanged): fixed seed, same window: same clusters, no duplicated rows.
    first, second = assignments(skip_unchanged=True), assignments(skip_unchanged=False)
    assert first == second
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        window_total = con.execute("SELECT count(*) FROM embeddings").fetchone()[0]
        k, method, candidates, reason = con.execute(
            "SELECT k, k_method, k_candidates, k_reason FROM clustering_runs").fetchone()
        ids = [r[0] for r in con.execute("SELECT cluster_id FROM clusters WHERE level = 0").fetchall()]
    finally:
        con.close()
    assert len(first) == window_total  # both days of the window are clustered
    assert len(ids) == k and method in ("target_size", "silhouette_peak_near_size")
    assert k in [c[0] for c in json.loads(candidates)]  # the evidence behind k is recorded
    assert f"n={window_total}" in reason  # and why, in words
    assert all(cid.startswith("20260102-L0-") for cid in ids)


@pytest.fixture
def late_source(clio_home: Path):
    """A source whose data starts three weeks after the first daily partition (CLIO_START_DATE untouched)."""
    first = daily_partitions.start.date() + timedelta(days=21)
    generate_dataset(clio_home / "landing", n=240, days=3, start_date=first, seed=5)
    resources = pipeline_resources(clio_home, clustering=ClusteringResource(window_days=7, seed=0))
    with DagsterInstance.ephemeral() as instance:
        yield clio_home, resources, instance, [first + timedelta(days=i) for i in range(3)]


def key(day: date) -> str:
    return day.isoformat()


def cluster(resources: dict, day: date, instance) -> tuple[bool, str]:
    result = run_assets([base_clusters], resources, key(day), instance=instance)
    (check,) = result.get_asset_check_evaluations()
    return check.passed, check.description or ""


def stored_window(home: Path, day: date) -> tuple:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute("SELECT window_start, window_end, window_days, data_start FROM clustering_runs "
                           "WHERE partition_date = ?", [day]).fetchone()
    finally:
        con.close()


def test_window_of_a_new_source_starts_on_its_first_day_and_a_skipped_day_still_blocks(late_source) -> None:
    home, resources, instance, (d1, d2, d3) = late_source
    assert run_assets(UPSTREAM, resources, key(d1), checks=[records_conserved], instance=instance).success
    # Six days before d1 were never materialized; they hold no data, so they are not missing.
    passed, description = cluster(resources, d1, instance)
    assert passed, description
    assert stored_window(home, d1) == (d1, d1, 7, d1)

    # d2 is inside the data (the landing index has seen it) but was never materialized: d3 must refuse.
    assert run_assets(UPSTREAM, resources, key(d3), checks=[records_conserved], instance=instance).success
    passed, description = cluster(resources, d3, instance)
    assert not passed and key(d2) in description
    assert key(d1 - timedelta(days=1)) not in description
    assert stored_window(home, d3) is None

    assert run_assets(UPSTREAM, resources, key(d2), checks=[records_conserved], instance=instance).success
    passed, description = cluster(resources, d3, instance)
    assert passed, description
    assert stored_window(home, d3) == (d1, d3, 7, d1)


def test_a_materialized_day_without_conversations_inside_the_data_is_empty_not_missing(late_source) -> None:
    home, resources, instance, (d1, d2, d3) = late_source
    (home / "landing" / f"conversations_{d2.isoformat()}.jsonl").unlink()  # nobody talked on d2
    for day in (d1, d2, d3):
        assert run_assets(UPSTREAM, resources, key(day), checks=[records_conserved], instance=instance).success
    passed, description = cluster(resources, d3, instance)
    assert passed, description
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        per_day = dict(con.execute(
            "SELECT c.partition_date, count(*) FROM cluster_assignments a JOIN conversations c USING (conversation_id) "
            "WHERE a.partition_date = ? GROUP BY 1", [d3]).fetchall())
    finally:
        con.close()
    assert stored_window(home, d3) == (d1, d3, 7, d1)
    assert set(per_day) == {d1, d3} and all(n > 0 for n in per_day.values())


def test_window_that_mixes_embedding_models_fails_clearly_then_clusters_once_reembedded(setup) -> None:
    from clio_pipeline.clustering.window import MixedEmbeddingModelsError, read_window

    home, resources, instance = setup
    db = home / "warehouse.duckdb"
    # Day 1 embedded by another model (same dimension, another vector space, another model id).
    raw = {**resources, "embedding": EmbeddingResource(model="all-MiniLM-L6-v2")}
    assert run_assets(UPSTREAM, raw, "2026-01-01", checks=[records_conserved], instance=instance).success
    assert run_assets(UPSTREAM, resources, "2026-01-02", checks=[records_conserved], instance=instance).success

    result = run_assets([base_clusters], resources, "2026-01-02", instance=instance)
    (check,) = result.get_asset_check_evaluations()
    assert not check.passed
    assert "mixes embedding models" in check.description and "2026-01-01" in check.description
    assert "2026-01-02" not in check.description.split("but", 1)[1]  # the current day is not blamed
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM clusters").fetchone()[0] == 0
        models = dict(con.execute("SELECT partition_date::VARCHAR, any_value(model) FROM embeddings GROUP BY 1").fetchall())
    finally:
        con.close()
    with pytest.raises(MixedEmbeddingModelsError):
        read_window(db, date(2026, 1, 1), date(2026, 1, 2))
    # Asking for one model explicitly also refuses a window holding another, rather than dropping its days.
    with pytest.raises(MixedEmbeddingModelsError):
        read_window(db, date(2026, 1, 1), date(2026, 1, 2), model=models["2026-01-02"])
    assert len(read_window(db, date(2026, 1, 2), date(2026, 1, 2))) > 0

    # Re-embedding day 1 under the current settings (the backfill the message asks for) fixes the window.
    assert run_assets([embeddings], resources, "2026-01-01", instance=instance).success
    result = run_assets([base_clusters], resources, "2026-01-02", instance=instance)
    assert result.success and all(c.passed for c in result.get_asset_check_evaluations())
    window = read_window(db, date(2026, 1, 1), date(2026, 1, 2))
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM cluster_assignments").fetchone()[0] == len(window) > 0
    finally:
        con.close()


def _in_memory_base_clusters(db: Path, day: date, start: date, target: int, min_users: int,
                             min_conversations: int) -> dict[str, tuple[int, str, float]]:
    """The asset's computation as it was before streaming: the whole window in memory with `read_window`."""
    from clio_pipeline.clustering.lineage import assign_topics, read_ages, read_previous_topics
    from clio_pipeline.clustering.naming import name_clusters_offline
    from clio_pipeline.clustering.stream import kmeans_on_sample
    from clio_pipeline.clustering.warm import split_new_content, warm_start_centroids
    from clio_pipeline.clustering.window import read_window

    window = read_window(db, start, day).language_neutral()
    previous = read_previous_topics(db, day)
    # The k rule itself is the asset's (sized for the full 7-day window while it fills).
    selection = choose_daily_k(window.vectors, day, previous_k=len(previous) if previous is not None else None,
                               pinned_k=None, target_size=target, seed=0, resweep_days=1,
                               window_days=((day - start).days + 1, 7))
    init = "kmeans++"
    if previous is not None:
        init = warm_start_centroids(window.vectors, selection.k, previous, seed=0)
    result = kmeans_on_sample(window.vectors, selection.k, seed=0, init=init)
    if previous is not None:
        result, _ = split_new_content(window.vectors, result, read_ages(db, window, start, day),
                                      min_size=min_conversations, seed=0)
    names = name_clusters_offline(window.summaries, window.user_ids, result.labels, window.vectors,
                                  result.centroids, min_users=min_users)
    names = assign_topics(day, window, result, names, previous, min_users=min_users).labels
    return {cid: (int(label), names[int(label)].name, float(distance))
            for cid, label, distance in zip(window.conversation_ids, result.labels, result.distances, strict=True)}


def test_streamed_asset_clusters_and_names_exactly_as_the_in_memory_path(clio_home: Path) -> None:
    """Below the naming budget and FAISS's training sample, streaming changes nothing: with the sweep run
    every day (CLIO_K_RESWEEP_DAYS=1, the old policy) both days match the whole-window computation."""
    generate_dataset(clio_home / "landing", n=240, days=2, seed=3)
    resources = pipeline_resources(clio_home, clustering=ClusteringResource(window_days=7, seed=0, k_resweep_days=1))
    privacy = resources["privacy"]
    target = resources["clustering"].target_size(privacy.min_conversations)
    db = clio_home / "warehouse.duckdb"
    with DagsterInstance.ephemeral() as instance:
        for day in (date(2026, 1, 1), date(2026, 1, 2)):
            assert run_assets([*UPSTREAM, base_clusters], resources, key(day), checks=[records_conserved],
                              instance=instance).success
            con = duckdb.connect(str(db), read_only=True)
            try:
                stored = {cid: (cluster, name, float(distance)) for cid, cluster, name, distance in con.execute(
                    "SELECT a.conversation_id, a.cluster_id, c.name, a.distance FROM cluster_assignments a "
                    "JOIN clusters c USING (partition_date, cluster_id) WHERE a.partition_date = ?", [day]).fetchall()}
            finally:
                con.close()
            expected = _in_memory_base_clusters(db, day, date(2026, 1, 1), target, privacy.min_users,
                                                privacy.min_conversations)
            assert len(stored) == 120 * day.day
            assert partition(stored) == partition(expected) and len(partition(stored)) > 1
            assert {cid: name for cid, (_, name, _) in stored.items()} == {c: n for c, (_, n, _) in expected.items()}
            assert all(abs(stored[cid][2] - d) < 1e-6 for cid, (_, _, d) in expected.items())


def partition(rows: dict[str, tuple]) -> set[frozenset[str]]:
    """The clusters as sets of conversation ids, whatever they are called."""
    groups: dict[object, set[str]] = {}
    for cid, (cluster, *_) in rows.items():
        groups.setdefault(cluster, set()).add(cid)
    return {frozenset(group) for group in groups.values()}
