"""Shared fixtures: an isolated CLIO_HOME per test and a helper that runs assets through Dagster."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_data(name: str) -> Path:
    """A public data set beside the repo; the test is skipped when it is absent."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} not present (shared data sets are optional)")
    return path


@pytest.fixture
def clio_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh CLIO_HOME with landing folder; every path setting points inside it."""
    home = tmp_path / "clio"
    (home / "landing").mkdir(parents=True)
    for name in ("CLIO_LANDING_DIR", "CLIO_WAREHOUSE", "CLIO_PUBLISHED_DB", "DAGSTER_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLIO_HOME", str(home))
    return home


def write_jsonl(path: Path, records: Iterable[dict | str | bytes]) -> Path:
    """Write records (dicts as JSON, str/bytes verbatim) one per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for record in records:
            if isinstance(record, dict):
                out.write(json.dumps(record).encode("utf-8"))
            elif isinstance(record, str):
                out.write(record.encode("utf-8"))
            else:
                out.write(record)
            out.write(b"\n")
    return path


def conversation(cid: str, user: str = "alice", created_at: str = "2026-01-01T12:00:00Z", **overrides) -> dict:
    record = {
        "conversation_id": cid,
        "user_id": user,
        "created_at": created_at,
        "messages": [
            {"role": "user", "content": "How do I reverse a list in Python?"},
            {"role": "assistant", "content": "Use reversed() or slicing with [::-1]."},
        ],
    }
    record.update(overrides)
    return record


def run_assets(assets: Sequence, resources: dict, partition_key: str, checks: Sequence = (), instance=None):
    """Materialize `assets` (and `checks`) for one partition through a real Dagster in-process run.

    Pass the same `instance` to several calls when a later run must see earlier materializations.
    """
    from dagster import AssetSelection, Definitions, define_asset_job, in_process_executor

    job = define_asset_job(
        "test_job", selection=AssetSelection.assets(*assets), executor_def=in_process_executor,
        partitions_def=assets[0].partitions_def,
    )
    defs = Definitions(assets=list(assets), asset_checks=list(checks), jobs=[job], resources=resources)
    return defs.resolve_job_def("test_job").execute_in_process(
        partition_key=partition_key, raise_on_error=False, instance=instance
    )


def pipeline_resources(home: Path, **overrides) -> dict:
    """Every resource the daily assets take, rooted in `home`, with the test pseudonym secret.

    Tests name only what they change (`clustering=ClusteringResource(window_days=2)`); a resource a new
    asset needs is then added here once rather than in every test that builds the dict by hand.
    """
    from clio_pipeline.resources import (
        ClusteringResource,
        EmbeddingResource,
        ExecutionResource,
        FacetsResource,
        LandingResource,
        LLMResource,
        PrivacyResource,
        PublishedDatabaseResource,
        WarehouseResource,
    )

    defaults = {
        "warehouse": WarehouseResource(database=str(home / "warehouse.duckdb")),
        "landing": LandingResource(landing_dir=str(home / "landing"), pseudonym_secret="s"),
        "facets_config": FacetsResource(),
        "llm": LLMResource(),
        "execution": ExecutionResource(),
        "embedding": EmbeddingResource(),
        "clustering": ClusteringResource(seed=0),
        "privacy": PrivacyResource(min_users=3, min_conversations=5),
        "published": PublishedDatabaseResource(path=str(home / "published.duckdb")),
    }
    unknown = set(overrides) - set(defaults)
    if unknown:
        raise KeyError(f"no such pipeline resource: {sorted(unknown)}")
    return defaults | overrides


def read_rows(db: Path | str, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of `sql` on a DuckDB file opened read-only for this one query."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
