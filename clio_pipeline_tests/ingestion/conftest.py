"""Running the `conversations` asset (and its conservation check) on a landing folder, and reading the result."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from clio_pipeline.ingestion.assets import conversations, records_conserved
from clio_pipeline.resources import LandingResource, WarehouseResource
from clio_pipeline_tests.conftest import run_assets

DAY = "2026-01-01"


def landed_on(path: Path, day: str = DAY) -> Path:
    """Give `path` (a symlink itself, not its target) a modification time at noon UTC on `day`."""
    stamp = datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()
    os.utime(path, (stamp, stamp), follow_symlinks=False)
    return path


@dataclass
class Ingest:
    home: Path

    @property
    def landing(self) -> Path:
        return self.home / "landing"

    def resources(self, max_record_bytes: int = 1_000_000) -> dict:
        return {
            "warehouse": WarehouseResource(database=str(self.home / "warehouse.duckdb")),
            "landing": LandingResource(landing_dir=str(self.landing), pseudonym_secret="s", max_record_bytes=max_record_bytes),
        }

    def run(self, day: str = DAY, *, extra_assets: tuple = (), resources: dict | None = None, **kw):
        """A real Dagster run of `conversations` + `records_conserved` (and `extra_assets`); must succeed."""
        result = run_assets([conversations, *extra_assets], resources or self.resources(**kw), day, checks=[records_conserved])
        assert result.success, [e.message for e in result.all_events if e.is_failure]
        (check,) = result.get_asset_check_evaluations()
        assert check.passed, check.description
        return result

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.home / "warehouse.duckdb"), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    def loaded_ids(self) -> list[str]:
        return [r[0] for r in self.rows("SELECT conversation_id FROM conversations ORDER BY 1")]

    def quarantine(self) -> list[tuple[str, int, str]]:
        """(file name, line, reason) of every quarantined row."""
        rows = self.rows("SELECT source_file, source_line, reason FROM quarantine ORDER BY source_file, source_line")
        return [(Path(f).name, line, reason) for f, line, reason in rows]

    def conserved(self, day: str = DAY) -> tuple[int, int, int]:
        """(read, loaded, quarantined) of `day`; read == loaded + quarantined when nothing is lost."""
        (row,) = self.rows(
            "SELECT (SELECT count(*) FROM landing_records WHERE partition_date = $1::DATE),"
            " (SELECT count(*) FROM conversations WHERE partition_date = $1::DATE),"
            " (SELECT count(*) FROM quarantine WHERE partition_date = $1::DATE)",
            [day],
        )
        return row


@pytest.fixture
def ingest(clio_home: Path) -> Ingest:
    return Ingest(clio_home)
