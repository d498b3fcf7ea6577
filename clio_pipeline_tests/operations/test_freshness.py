"""The freshness check on the analyst database, run through the code location's freshness job."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest
from dagster import AssetCheckSeverity, DagsterInstance

from clio_pipeline.operations.freshness import judge_freshness
from clio_pipeline.publishing.schema import SCHEMA_SQL

pytestmark = pytest.mark.integration


def _publish_at(db: Path, when: datetime) -> None:
    """A publication_log row as the publisher writes it (naive UTC), in a database built from the real DDL."""
    con = duckdb.connect(str(db))
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        con.execute("INSERT INTO publication_log VALUES (?, ?, ?, 7, 100, 5, 0, 25, 50)",
                    [date(2026, 1, 7), when.astimezone(timezone.utc).replace(tzinfo=None), date(2026, 1, 1)])
    finally:
        con.close()


def _run_freshness_job(home: Path):
    from clio_pipeline.definitions import build_definitions

    (home / "dagster_home").mkdir(exist_ok=True)
    with DagsterInstance.local_temp(str(home / "dagster_home")) as instance:
        result = build_definitions().resolve_job_def("clio_freshness_job").execute_in_process(
            instance=instance, raise_on_error=False)
        (evaluation,) = result.get_asset_check_evaluations()
        return result, evaluation


def test_a_stale_or_missing_publication_warns_and_a_fresh_one_passes(clio_home: Path) -> None:
    db = clio_home / "published.duckdb"
    result, missing = _run_freshness_job(clio_home)
    assert result.success, "a warning must not fail the run"
    assert not missing.passed and missing.severity == AssetCheckSeverity.WARN
    assert "Nothing has been published" in missing.description

    _publish_at(db, datetime.now(timezone.utc) - timedelta(hours=30))
    _, stale = _run_freshness_job(clio_home)
    assert not stale.passed and stale.severity == AssetCheckSeverity.WARN
    assert "30.0 h old" in stale.description and stale.metadata["age_hours"].value >= 30

    _publish_at(db, datetime.now(timezone.utc) - timedelta(hours=2))  # the newest publication counts
    _, fresh = _run_freshness_job(clio_home)
    assert fresh.passed, fresh.description


def test_the_age_limit_is_a_setting(clio_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _publish_at(clio_home / "published.duckdb", datetime.now(timezone.utc) - timedelta(hours=5))
    monkeypatch.setenv("CLIO_FRESHNESS_HOURS", "4")
    _, evaluation = _run_freshness_job(clio_home)
    assert not evaluation.passed and "more than 4 h" in evaluation.description


def test_judge_freshness_boundary(tmp_path: Path) -> None:
    db = tmp_path / "published.duckdb"
    now = datetime(2026, 2, 1, 12, 0, tzinfo=timezone.utc)
    _publish_at(db, now - timedelta(hours=26))
    assert judge_freshness(db, timedelta(hours=26), now=now).passed
    assert not judge_freshness(db, timedelta(hours=26), now=now + timedelta(minutes=1)).passed
