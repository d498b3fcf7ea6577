"""The `conversations` asset through real Dagster runs into a DuckDB file in a temporary folder."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from clio_pipeline.ingestion.assets import conversations, records_conserved
from clio_pipeline.ingestion.pseudonym import pseudonymize
from clio_pipeline.resources import LandingResource, WarehouseResource
from clio_pipeline_tests.conftest import conversation, run_assets, write_jsonl

pytestmark = pytest.mark.integration


def _resources(home: Path, secret: str = "test-secret") -> dict:
    return {
        "warehouse": WarehouseResource(database=str(home / "warehouse.duckdb")),
        "landing": LandingResource(landing_dir=str(home / "landing"), pseudonym_secret=secret, max_record_bytes=5_000),
    }


def _rows(home: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _materialize(home: Path, day: str, **kw):
    result = run_assets([conversations], _resources(home, **kw), day, checks=[records_conserved])
    assert result.success
    return result


def test_loads_one_day_and_quarantines_the_rest(clio_home: Path) -> None:
    write_jsonl(
        clio_home / "landing" / "a.jsonl",
        [
            conversation("c1", "alice", "2026-01-01T08:00:00Z"),
            conversation("c2", "bob", "2026-01-01T23:59:59+00:00"),
            conversation("c3", "carol", "2026-01-02T00:00:00Z"),  # next day
            "{not json",
            conversation("c4", "dave", "2026-01-01T10:00:00Z", messages=[]),
            conversation("c1", "alice", "2026-01-01T09:00:00Z"),  # duplicate id
        ],
    )
    result = _materialize(clio_home, "2026-01-01")
    assert _rows(clio_home, "SELECT conversation_id FROM conversations ORDER BY 1") == [("c1",), ("c2",)]
    reasons = _rows(clio_home, "SELECT source_line, reason FROM quarantine ORDER BY source_line")
    assert reasons == [(4, "malformed_json"), (5, "empty_messages"), (6, "duplicate_conversation_id")]
    (check,) = result.get_asset_check_evaluations()
    assert check.passed
    (mat,) = result.get_asset_materialization_events()
    meta = mat.materialization.metadata
    assert meta["dagster/row_count"].value == 2 and meta["quarantined"].value == 3 and meta["records_read"].value == 5


def test_rematerializing_replaces_only_that_partition(clio_home: Path) -> None:
    write_jsonl(clio_home / "landing" / "a.jsonl", [conversation("c1", created_at="2026-01-01T01:00:00Z"),
                                                   conversation("c2", created_at="2026-01-02T01:00:00Z")])
    _materialize(clio_home, "2026-01-01")
    _materialize(clio_home, "2026-01-02")
    _materialize(clio_home, "2026-01-01")
    assert _rows(clio_home, "SELECT partition_date::VARCHAR, count(*) FROM conversations GROUP BY 1 ORDER BY 1") == [
        ("2026-01-01", 1), ("2026-01-02", 1)]
    # A new file for day 1 is picked up on the next materialization without touching day 2.
    write_jsonl(clio_home / "landing" / "b.jsonl", [conversation("c9", created_at="2026-01-01T05:00:00Z")])
    _materialize(clio_home, "2026-01-01")
    assert _rows(clio_home, "SELECT partition_date::VARCHAR, count(*) FROM conversations GROUP BY 1 ORDER BY 1") == [
        ("2026-01-01", 2), ("2026-01-02", 1)]


def test_gzip_and_parquet_and_pseudonyms(clio_home: Path) -> None:
    with gzip.open(clio_home / "landing" / "g.jsonl.gz", "wt") as f:
        f.write(json.dumps(conversation("gz1", "erin")) + "\n")
    rec = conversation("pq1", "frank", metadata={"client": "api"})
    pq.write_table(pa.Table.from_pylist([rec]), clio_home / "landing" / "p.parquet")
    (clio_home / "landing" / "_truth").mkdir()
    write_jsonl(clio_home / "landing" / "_truth" / "ignored.jsonl", [conversation("hidden")])
    _materialize(clio_home, "2026-01-01", secret="k1")
    rows = _rows(clio_home, "SELECT conversation_id, user_id, n_messages, n_user_messages, n_chars FROM conversations ORDER BY 1")
    assert [r[0] for r in rows] == ["gz1", "pq1"]
    assert rows[0][1] == pseudonymize("erin", "k1") and "erin" not in rows[0][1]
    assert rows[0][2:] == (2, 1, len("How do I reverse a list in Python?") + len("Use reversed() or slicing with [::-1]."))


def test_invalid_utf8_and_oversized_records_are_quarantined_with_location(clio_home: Path) -> None:
    good = json.dumps(conversation("ok")).encode()
    write_jsonl(clio_home / "landing" / "bad.jsonl", [good, b'{"conversation_id": "caf\xe9"}',
                                                     json.dumps(conversation("huge", messages=[{"role": "user", "content": "y" * 6000}]))])
    _materialize(clio_home, "2026-01-01")
    rows = _rows(clio_home, "SELECT source_file, source_line, reason, snippet FROM quarantine ORDER BY source_line")
    assert [(r[1], r[2]) for r in rows] == [(2, "invalid_utf8"), (3, "oversized_record")]
    assert rows[0][0].endswith("bad.jsonl") and "caf\ufffd" in rows[0][3]
    assert all(len(r[3]) <= 200 for r in rows)


def test_missing_landing_directory_is_a_clear_error(clio_home: Path) -> None:
    resources = _resources(clio_home)
    resources["landing"] = LandingResource(landing_dir=str(clio_home / "nope"), pseudonym_secret="s")
    result = run_assets([conversations], resources, "2026-01-01")
    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert "Landing directory" in failure.step_failure_data.error.to_string()
