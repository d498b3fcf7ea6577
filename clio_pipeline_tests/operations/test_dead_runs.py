"""Dead-run recovery on a real Dagster instance: which runs are failed and which slots are freed.

The end-to-end case (a real CLI run SIGKILLed mid-step) is in test_killed_run.py; these cases cover
the ways a run's process is located, and the sensor that does the same for the daemon."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from dagster import DagsterInstance, DagsterRun, DagsterRunStatus, build_sensor_context
from dagster._core.events import EngineEventData

from clio_pipeline.operations.recovery import HOST_TAG, PID_TAG, fail_dead_runs, process_alive
from clio_pipeline.operations.sensors import clio_dead_run_sensor
from clio_pipeline.package_data import DAGSTER_YAML

POOL = "clio_warehouse"


@pytest.fixture
def instance(tmp_path: Path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(DAGSTER_YAML.read_text())  # the project's pools: limit 1
    with DagsterInstance.local_temp(str(home)) as instance:
        instance.event_log_storage.initialize_concurrency_limit_to_default(POOL)  # as a run's first step does
        yield instance


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()  # reaped: the pid is free
    return proc.pid


def _started_run(instance: DagsterInstance, tags: dict[str, str], claim: bool = True) -> DagsterRun:
    run = instance.add_run(DagsterRun(job_name="clio_daily_job", run_id=str(uuid.uuid4()),
                                      status=DagsterRunStatus.STARTED, tags=tags))
    if claim:
        status = instance.event_log_storage.claim_concurrency_slot(POOL, run.run_id, "facets")
        assert status.is_claimed
    return run


def _claimants(instance: DagsterInstance) -> set[str]:
    return {s.run_id for s in instance.event_log_storage.get_concurrency_info(POOL).claimed_slots}


def test_a_cli_run_whose_process_is_gone_is_failed_and_its_slot_freed(instance) -> None:
    here = socket.gethostname()
    dead = _started_run(instance, {PID_TAG: str(_dead_pid()), HOST_TAG: here})
    alive = _started_run(instance, {PID_TAG: str(os.getpid()), HOST_TAG: here}, claim=False)
    elsewhere = _started_run(instance, {PID_TAG: str(_dead_pid()), HOST_TAG: "another-host"}, claim=False)
    assert _claimants(instance) == {dead.run_id}

    actions = fail_dead_runs(instance)
    assert actions == [f"Run {dead.run_id} (clio_daily_job, -): process {dead.tags[PID_TAG]} is gone; marked FAILURE.",
                       f"Freed the pool slots of run {dead.run_id} (FAILURE)."]
    assert instance.get_run_by_id(dead.run_id).status == DagsterRunStatus.FAILURE
    assert instance.get_run_by_id(alive.run_id).status == DagsterRunStatus.STARTED
    assert instance.get_run_by_id(elsewhere.run_id).status == DagsterRunStatus.STARTED  # its pid means nothing here
    assert _claimants(instance) == set()
    assert fail_dead_runs(instance) == []


def test_a_ui_run_is_located_by_the_pid_its_worker_announced(instance) -> None:
    dead = _started_run(instance, {})
    instance.report_engine_event(f"Started process for run (pid: {(pid := _dead_pid())}).", dead,
                                 EngineEventData.in_process(pid))
    silent = _started_run(instance, {}, claim=False)  # no pid anywhere: left alone
    fail_dead_runs(instance)
    assert instance.get_run_by_id(dead.run_id).status == DagsterRunStatus.FAILURE
    assert instance.get_run_by_id(silent.run_id).status == DagsterRunStatus.STARTED
    assert _claimants(instance) == set()


def test_slots_of_finished_runs_are_freed(instance) -> None:
    run = _started_run(instance, {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()})
    instance.report_run_failed(run, message="failed elsewhere, slot left behind")
    assert _claimants(instance) == {run.run_id}
    assert any("Freed the pool slots" in a for a in fail_dead_runs(instance))
    assert _claimants(instance) == set()


def test_the_dead_run_sensor_does_the_same_for_the_daemon(instance) -> None:
    dead = _started_run(instance, {PID_TAG: str(_dead_pid()), HOST_TAG: socket.gethostname()})
    data = clio_dead_run_sensor.evaluate_tick(build_sensor_context(instance=instance))
    assert not data.run_requests and dead.run_id in (data.skip_message or "")
    assert instance.get_run_by_id(dead.run_id).status == DagsterRunStatus.FAILURE
    assert _claimants(instance) == set()


def test_process_alive() -> None:
    assert process_alive(os.getpid())
    assert not process_alive(_dead_pid())
    assert not process_alive(os.getpid(), started="0")  # same pid, another process start: reused pid


def test_a_run_waiting_for_the_pool_says_who_holds_it(instance) -> None:
    from clio_pipeline.operations.recovery import announce_pool_waits, pool_holders

    holder = _started_run(instance, {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()})
    waiting = _started_run(instance, {}, claim=False)
    assert not instance.event_log_storage.claim_concurrency_slot(POOL, waiting.run_id, "conversations").is_claimed
    assert pool_holders(instance, waiting.run_id) == [f"pool {POOL} (limit 1) is held by run {holder.run_id} step facets"]
    assert pool_holders(instance, holder.run_id) == []

    said: list[str] = []
    with announce_pool_waits(instance, waiting.run_id, said.append, every_s=0.05):
        time.sleep(0.5)
    assert said and said[0] == f"  waiting: pool {POOL} (limit 1) is held by run {holder.run_id} step facets"
