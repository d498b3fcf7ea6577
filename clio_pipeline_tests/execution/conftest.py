"""Daily runs of the whole job on one generated data set, with the local engine or the Ray engine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import pytest

from clio_pipeline.generator import generate_dataset
from clio_pipeline.warehouse import table_snapshot

START, DAYS, N = date(2026, 1, 1), 2, 300
SETTINGS = {"CLIO_MIN_USERS": "3", "CLIO_MIN_CONVERSATIONS": "6", "CLIO_WINDOW_DAYS": "2",
            "CLIO_PSEUDONYM_SECRET": "a-test-secret-not-the-demo-one"}


def generate(landing: Path) -> None:
    generate_dataset(landing, n=N, days=DAYS, start_date=START, seed=3)


@contextmanager
def clio_env(home: Path, **extra: str) -> Iterator[None]:
    """The process environment of one deployment: its own CLIO_HOME and settings, nothing inherited."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLIO_", "DAGSTER_", "RAY_ADDRESS"))}
    env |= SETTINGS | {"CLIO_HOME": str(home)} | extra
    with mock.patch.dict(os.environ, env, clear=True):
        yield


def run_job(home: Path, **extra: str) -> list:
    """The daily job for every generated day, in this process (real Dagster runs), as `clio-pipeline run` does."""
    from clio_pipeline.runner import run_days

    with clio_env(home, **extra):
        outcomes = run_days(START, START + timedelta(days=DAYS - 1), echo=lambda _: None)
    failed = [o for o in outcomes if not o.success or o.failed_checks]
    assert not failed, [(o.day, o.failed_steps, o.failed_checks) for o in failed]
    return outcomes


def published_tables(path: Path) -> dict[str, list[tuple]]:
    """Every table of the analyst database, rows sorted, without the columns that record when it ran."""
    return table_snapshot(path)


@pytest.fixture
def warehouse(tmp_path: Path) -> str:
    """A warehouse holding the first generated day's conversations, ingested by a real Dagster run."""
    from clio_pipeline.ingestion.assets import conversations
    from clio_pipeline.resources import LandingResource, WarehouseResource
    from clio_pipeline_tests.conftest import run_assets

    generate(tmp_path / "landing")
    db = str(tmp_path / "warehouse.duckdb")
    resources = {"warehouse": WarehouseResource(database=db),
                 "landing": LandingResource(landing_dir=str(tmp_path / "landing"), pseudonym_secret="s")}
    assert run_assets([conversations], resources, START.isoformat()).success
    return db
