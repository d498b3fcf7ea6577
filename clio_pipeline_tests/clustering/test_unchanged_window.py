"""A re-run of a day whose window, earlier runs, settings and code are unchanged keeps its clusters and
hierarchy (real Dagster runs of the daily job); anything that changes them re-clusters."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from clio_pipeline.warehouse import connect
from clio_pipeline_tests.execution.conftest import DAYS, START, clio_env, generate, published_tables, run_job

pytestmark = [pytest.mark.integration]
LAST = START + timedelta(days=DAYS - 1)


def _rerun(home: Path, **extra: str) -> None:
    from clio_pipeline.runner import run_days

    with clio_env(home, **extra):
        outcomes = run_days(LAST, LAST, echo=lambda _: None)
    assert all(o.success and not o.failed_checks for o in outcomes)


def _state(home: Path) -> tuple:
    with connect(home / "warehouse.duckdb", read_only=True) as con:
        run = con.execute("SELECT created_at, input_fingerprint, hierarchy_fingerprint FROM clustering_runs "
                          "WHERE partition_date = ?", [LAST]).fetchone()
        clusters = con.execute("SELECT cluster_id, level, parent_id, name, n_conversations FROM clusters "
                               "WHERE partition_date = ? ORDER BY cluster_id", [LAST]).fetchall()
    return run, clusters


def test_an_unchanged_day_keeps_its_clusters_and_anything_changed_re_clusters(tmp_path: Path) -> None:
    generate(tmp_path / "landing")
    run_job(tmp_path)
    (created, fingerprint, tree_fingerprint), clusters = _state(tmp_path)
    assert fingerprint and tree_fingerprint and any(level > 0 for _, level, *_ in clusters)
    published = published_tables(tmp_path / "published.duckdb")

    _rerun(tmp_path)  # nothing changed: kept, and published exactly as before
    assert _state(tmp_path) == ((created, fingerprint, tree_fingerprint), clusters)
    assert published_tables(tmp_path / "published.duckdb") == published

    _rerun(tmp_path, CLIO_SKIP_UNCHANGED="0")  # forced: re-clustered, to the same result (deterministic)
    (forced, again, tree_again), forced_clusters = _state(tmp_path)
    assert forced > created and (again, tree_again) == (fingerprint, tree_fingerprint)
    assert forced_clusters == clusters

    _rerun(tmp_path, CLIO_MIN_USERS="4")  # a setting the clusters depend on
    (changed, other, _), _ = _state(tmp_path)
    assert changed > forced and other != fingerprint

    with connect(tmp_path / "warehouse.duckdb") as con:  # one summary of the window's first day edited
        con.execute("UPDATE facets SET summary_en = summary_en || ' Edited.' WHERE conversation_id = "
                    "(SELECT min(conversation_id) FROM facets WHERE partition_date = ?)", [START])
    _rerun(tmp_path, CLIO_MIN_USERS="4")
    (edited, edited_fingerprint, _), _ = _state(tmp_path)
    assert edited > changed and edited_fingerprint != other

    with connect(tmp_path / "warehouse.duckdb") as con:  # a stored cluster lost: not whole, so not kept
        con.execute("DELETE FROM clusters WHERE partition_date = ? AND cluster_id = "
                    "(SELECT min(cluster_id) FROM clusters WHERE partition_date = ? AND level = 0)", [LAST, LAST])
    _rerun(tmp_path, CLIO_MIN_USERS="4")
    (repaired, _, _), _ = _state(tmp_path)
    assert repaired > edited
    with connect(tmp_path / "warehouse.duckdb", read_only=True) as con:
        assigned, stored = con.execute(
            "SELECT (SELECT count(DISTINCT cluster_id) FROM cluster_assignments WHERE partition_date = $d), "
            "(SELECT count(*) FROM clusters WHERE partition_date = $d AND level = 0)", {"d": LAST}).fetchone()
    assert assigned == stored > 0
