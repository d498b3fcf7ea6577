"""Starting on a new source with `clio-pipeline run`, and losing the analyst database afterwards.

The source's data starts on D1, two months after the default first partition (CLIO_START_DATE is not
set, as an operator would not set it). `clio-pipeline run --start D1 --end D4` runs in a subprocess
(real Dagster runs, real DuckDB files, the real embedding model, FAISS). Then the analyst database is
deleted and one day is run again; then it is overwritten with garbage and published again; then it
is made unwritable in a way DuckDB only finds while writing. Every stage is done once, in the module
fixture, and the tests read what each stage left.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from clio_pipeline.generator import generate_dataset
from clio_pipeline.publishing.assets import analyst_database
from clio_pipeline.resources import PrivacyResource, PublishedDatabaseResource, WarehouseResource
from clio_pipeline_tests.conftest import run_assets

pytestmark = [pytest.mark.integration, pytest.mark.slow]

D1 = date(2026, 3, 2)  # the default CLIO_START_DATE is 2026-01-01
DAYS = [D1 + timedelta(days=i) for i in range(4)]
N, MIN_USERS, MIN_CONVERSATIONS, UMASK = 360, 3, 5, 0o022


@dataclass
class Stages:
    home: Path
    backfill: subprocess.CompletedProcess
    backfilled: Path  # the analyst database after the backfill (a copy)
    modes: dict[str, int]  # file -> permission bits after the backfill
    rerun: subprocess.CompletedProcess
    after_delete: Path  # ... after deleting it and running D4 again
    garbage: bytes
    garbage_run_ok: bool
    after_garbage: Path  # ... after overwriting it with garbage and publishing D4 again
    set_aside: list[Path]
    error: str  # the failure of a publish that DuckDB rejects while writing


def run_cli(home: Path, start: date, end: date) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLIO_", "DAGSTER_"))}
    env |= {"CLIO_HOME": str(home), "CLIO_PSEUDONYM_SECRET": "an-operators-real-secret", "CLIO_MIN_USERS": str(MIN_USERS), "CLIO_MIN_CONVERSATIONS": str(MIN_CONVERSATIONS),
            "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]),
                                           *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.run(
        [sys.executable, "-m", "clio_pipeline.cli", "run", "--start", start.isoformat(), "--end", end.isoformat()],
        env=env, capture_output=True, text=True, timeout=1200, umask=UMASK,
    )


def publish_in_process(home: Path):
    """Only the `analyst_database` step for D4, through a real Dagster run (the staged rows exist)."""
    resources = {"warehouse": WarehouseResource(database=str(home / "warehouse.duckdb")),
                 "published": PublishedDatabaseResource(path=str(home / "published.duckdb")),
                 "privacy": PrivacyResource(min_users=MIN_USERS, min_conversations=MIN_CONVERSATIONS)}
    old = os.umask(UMASK)
    try:
        return run_assets([analyst_database], resources, DAYS[-1].isoformat())
    finally:
        os.umask(old)


def error_chain(error) -> list[str]:
    """The messages of a Dagster step error and of the exceptions that caused it."""
    messages = []
    while error is not None:
        messages.append(error.message)
        error = error.cause
    return messages


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> Stages:
    home = tmp_path_factory.mktemp("new_source")
    snapshots = tmp_path_factory.mktemp("snapshots")
    published = home / "published.duckdb"
    generate_dataset(home / "landing", n=N, days=len(DAYS), start_date=D1, seed=11)

    backfill = run_cli(home, DAYS[0], DAYS[-1])
    modes = {name: stat.S_IMODE((home / name).stat().st_mode) for name in ("published.duckdb", "explorer.html")
             if (home / name).exists()}
    shutil.copyfile(published, snapshots / "backfilled.duckdb")

    published.unlink()
    rerun = run_cli(home, DAYS[-1], DAYS[-1])
    shutil.copyfile(published, snapshots / "after_delete.duckdb")

    garbage = os.urandom(200_000)
    published.write_bytes(garbage)
    garbage_run_ok = publish_in_process(home).success
    shutil.copyfile(published, snapshots / "after_garbage.duckdb")
    set_aside = sorted(home.glob("published.duckdb.unreadable-*"))

    con = duckdb.connect(str(published))
    try:  # readable, but an analyst replaced `clusters`: DuckDB refuses the insert
        for view in ("top_clusters", "cluster_growth", "concerning_clusters", "latest_clusters"):
            con.execute(f"DROP VIEW IF EXISTS {view}")
        con.execute("DROP TABLE clusters; CREATE TABLE clusters (partition_date DATE, note VARCHAR)")
    finally:
        con.close()
    failures = publish_in_process(home).get_step_failure_events()
    error = "".join(error_chain(failures[0].event_specific_data.error)) if failures else ""

    return Stages(home, backfill, snapshots / "backfilled.duckdb", modes, rerun, snapshots / "after_delete.duckdb",
                  garbage, garbage_run_ok, snapshots / "after_garbage.duckdb", set_aside, error)


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_backfill_from_the_first_day_of_a_new_source_succeeds_every_day(stages: Stages) -> None:
    out = stages.backfill.stdout + stages.backfill.stderr
    assert stages.backfill.returncode == 0, out[-4000:]
    assert f"{len(DAYS)}/{len(DAYS)} days succeeded" in out and "window_complete" not in out
    runs = query(stages.home / "warehouse.duckdb",
                 "SELECT partition_date, window_start, window_end, window_days, data_start FROM clustering_runs "
                 "ORDER BY 1")
    assert runs == [(day, D1, day, 7, D1) for day in DAYS]


def test_first_partitions_publish_only_the_days_with_data(stages: Stages) -> None:
    db = stages.backfilled
    assert query(db, "SELECT partition_date, window_start, window_days FROM publication_log ORDER BY 1") == [
        (day, D1, i + 1) for i, day in enumerate(DAYS)]
    assert query(db, "SELECT count(*) FROM clusters WHERE partition_date = ?", [D1])[0][0] > 0
    # One day of data: no growth (not 6.0), and trends of that day only (no zero days before it).
    assert query(db, "SELECT count(*) FROM clusters WHERE partition_date = ? AND growth IS NOT NULL", [D1]) == [(0,)]
    for i, day in enumerate(DAYS):
        per_cluster = query(db, "SELECT cluster_id, list(DISTINCT day ORDER BY day) FROM cluster_trends "
                                "WHERE partition_date = ? GROUP BY 1", [day])
        assert per_cluster and {tuple(days) for _, days in per_cluster} == {tuple(DAYS[: i + 1])}
    # Growth on D4 is measured against the mean of the 4 days with data, not of a 7-day window.
    rows = query(db, "SELECT c.n_conversations, c.growth, t.n_conversations FROM clusters c "
                     "JOIN cluster_trends t ON t.partition_date = c.partition_date AND t.cluster_id = c.cluster_id "
                     "AND t.day = c.partition_date WHERE c.partition_date = ? AND t.n_conversations IS NOT NULL",
                 [DAYS[-1]])
    assert rows
    for total, growth, last in rows:
        assert growth == pytest.approx(last / (total / len(DAYS)) - 1)


def test_analyst_database_is_as_readable_as_the_explorer_page(stages: Stages) -> None:
    assert stages.modes == {"published.duckdb": 0o666 & ~UMASK, "explorer.html": 0o666 & ~UMASK}


def test_deleted_analyst_database_is_rebuilt_with_every_staged_day(stages: Stages) -> None:
    assert stages.rerun.returncode == 0, (stages.rerun.stdout + stages.rerun.stderr)[-4000:]
    sql = "SELECT * FROM clusters WHERE partition_date < ? ORDER BY ALL"
    assert query(stages.after_delete, "SELECT partition_date FROM publication_log ORDER BY 1") == [(d,) for d in DAYS]
    assert query(stages.after_delete, sql, [DAYS[-1]]) == query(stages.backfilled, sql, [DAYS[-1]])
    assert query(stages.after_delete, "SELECT count(*) FROM cluster_trends WHERE partition_date = ?", [D1]) == query(
        stages.backfilled, "SELECT count(*) FROM cluster_trends WHERE partition_date = ?", [D1])


def test_garbage_analyst_database_is_rebuilt_and_kept(stages: Stages) -> None:
    assert stages.garbage_run_ok
    assert query(stages.after_garbage, "SELECT partition_date FROM publication_log ORDER BY 1") == [(d,) for d in DAYS]
    assert len(stages.set_aside) == 1 and stages.set_aside[0].read_bytes() == stages.garbage


def test_a_failed_publish_names_the_analyst_database_not_its_temporary_copy(stages: Stages) -> None:
    published = stages.home / "published.duckdb"
    assert "Could not publish" in stages.error
    assert str(published) in stages.error and ".tmp" not in stages.error
    assert not list(stages.home.glob(".published.duckdb.*"))
