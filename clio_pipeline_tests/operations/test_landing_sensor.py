"""The landing sensor, evaluated by Dagster's own sensor machinery against a real instance."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from dagster import DagsterInstance, build_sensor_context

from clio_pipeline.operations.landing_scan import LandingCursor
from clio_pipeline.operations.sensors import clio_landing_sensor
from clio_pipeline_tests.conftest import conversation, write_jsonl


@pytest.fixture
def instance(tmp_path: Path, clio_home: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CLIO_PSEUDONYM_SECRET", "sensor-test-secret")
    (tmp_path / "dagster_home").mkdir()
    with DagsterInstance.local_temp(str(tmp_path / "dagster_home")) as instance:
        yield instance


def _tick(instance: DagsterInstance, landing: Path, cursor: str | None):
    """One evaluation as the daemon does it: the code location's definitions, resources and partitions."""
    from clio_pipeline.definitions import build_definitions

    defs = build_definitions()
    assert landing == Path(defs.resources["landing"].landing_dir)
    context = build_sensor_context(instance=instance, cursor=cursor, repository_def=defs.get_repository_def(),
                                   resources={"landing": defs.resources["landing"]})
    data = clio_landing_sensor.evaluate_tick(context)
    return {r.partition_key: r.run_key for r in data.run_requests}, data.cursor


def _records(day: str, n: int, prefix: str) -> list[dict]:
    return [conversation(f"{prefix}{day}-{i}", user=f"u{i}", created_at=f"{day}T{10 + i % 10}:00:00Z") for i in range(n)]


def test_new_changed_and_deleted_files_launch_exactly_the_affected_days(clio_home: Path, instance) -> None:
    landing = clio_home / "landing"
    a = write_jsonl(landing / "a.jsonl", [*_records("2026-01-01", 3, "a"), "{not json", "",
                                          *_records("2026-01-02", 2, "a"),
                                          conversation("late", created_at="2026-01-02T23:30:00-02:00")])
    with gzip.open(landing / "b.jsonl.gz", "wt") as out:
        out.writelines(json.dumps(r) + "\n" for r in _records("2026-01-03", 2, "b"))
    pq.write_table(pa.table({"conversation_id": ["p1"], "user_id": ["u1"], "created_at": ["2026-01-05T08:00:00"],
                             "messages": [[{"role": "user", "content": "hi"}]]}), landing / "c.parquet")
    write_jsonl(landing / "_rejected" / "ignored.jsonl", _records("2026-01-09", 1, "x"))  # ignored like ingestion
    write_jsonl(landing / "future.jsonl", _records("2099-01-01", 1, "f"))  # its partition does not exist yet

    runs, cursor = _tick(instance, landing, None)
    # 23:30 at UTC-2 is 01:30 on the 3rd in UTC, the day ingestion files it under.
    assert set(runs) == {"2026-01-01", "2026-01-02", "2026-01-03", "2026-01-05"}
    assert len(set(runs.values())) == len(runs)
    assert LandingCursor.from_json(cursor).pending.keys() == {"2099-01-01"}

    # Nothing changed: nothing to run, and the future day keeps waiting.
    again, cursor2 = _tick(instance, landing, cursor)
    assert again == {} and LandingCursor.from_json(cursor2).pending.keys() == {"2099-01-01"}
    # Same files seen from a reset cursor: the same run keys, which Dagster never launches twice.
    assert _tick(instance, landing, None)[0] == runs

    # a.jsonl now holds only the 4th: its old days lose records, so they run too; b.jsonl.gz is deleted.
    write_jsonl(a, _records("2026-01-04", 2, "a2"))
    os.utime(a, ns=(a.stat().st_atime_ns, a.stat().st_mtime_ns + 1_000_000_000))
    (landing / "b.jsonl.gz").unlink()
    changed, cursor3 = _tick(instance, landing, cursor2)
    assert set(changed) == {"2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"}
    assert changed["2026-01-01"] != runs["2026-01-01"]
    assert _tick(instance, landing, cursor3)[0] == {}


def test_undatable_files_count_under_their_modification_day(clio_home: Path, instance) -> None:
    landing = clio_home / "landing"
    junk = write_jsonl(landing / "junk.jsonl", ["{broken", b"\xff\xfe not utf-8"])
    os.utime(junk, (1767571200, 1767571200))  # 2026-01-05 00:00 UTC
    runs, _ = _tick(instance, landing, None)
    assert set(runs) == {"2026-01-05"}


def test_unreadable_files_never_hang_or_crash_the_sensor(clio_home: Path, instance, tmp_path: Path) -> None:
    """A FIFO is never opened, and a corrupt gzip or an outside symlink launches the day it landed, where
    ingestion files its `unreadable_file` row."""
    landing = clio_home / "landing"
    landing.mkdir(parents=True, exist_ok=True)
    os.mkfifo(landing / "pipe.jsonl")
    (landing / "broken.jsonl.gz").write_bytes(gzip.compress(b'{"a": 1}\n')[:12])
    outside = write_jsonl(tmp_path / "outside.jsonl", _records("2026-01-07", 1, "o"))
    (landing / "link.jsonl").symlink_to(outside)
    for name in ("pipe.jsonl", "broken.jsonl.gz", "link.jsonl"):
        os.utime(landing / name, (1767571200, 1767571200), follow_symlinks=False)  # 2026-01-05 00:00 UTC
    runs, _ = _tick(instance, landing, None)
    assert set(runs) == {"2026-01-05"}  # never the outside file's day: its target is not read


def test_the_sensor_is_off_by_default_and_targets_the_daily_job() -> None:
    from dagster import DefaultSensorStatus

    assert clio_landing_sensor.default_status == DefaultSensorStatus.STOPPED
    assert clio_landing_sensor.job_name == "clio_daily_job"
