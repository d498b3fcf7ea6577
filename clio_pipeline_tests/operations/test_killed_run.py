"""A run killed with SIGKILL mid-run must not make later runs hang: the run lock dies with its holder,
and the next CLI run fails the dead run and frees the pool slot it held."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from dagster import DagsterInstance, DagsterRunStatus
from dagster._core.instance.ref import InstanceRef

from clio_pipeline.generator import generate_dataset
from clio_pipeline.operations.recovery import PID_TAG
from clio_pipeline.operations.run_lock import RunLockTimeout, lock_path_for, run_lock
from clio_pipeline.package_data import DAGSTER_YAML
from clio_pipeline.partitions import WAREHOUSE_POOL

REPO = Path(__file__).resolve().parents[2]
DAY = date(2026, 1, 1)


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLIO_", "DAGSTER_", "OPENAI_"))}
    return env | {
        "CLIO_HOME": str(home), "DAGSTER_HOME": str(home / "dagster_home"), "CLIO_START_DATE": DAY.isoformat(),
        "CLIO_MIN_USERS": "5", "CLIO_MIN_CONVERSATIONS": "10", "CLIO_PSEUDONYM_SECRET": "killed-run-test-secret",
        "PYTHONPATH": os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]), **extra,
    }


def _cli_run() -> list[str]:
    return [sys.executable, "-m", "clio_pipeline.cli", "run", "--start", DAY.isoformat(), "--end", DAY.isoformat()]


def _instance(home: Path) -> DagsterInstance:
    return DagsterInstance.from_ref(InstanceRef.from_dir(str(home / "dagster_home")))


def _claimed_run(instance: DagsterInstance) -> str | None:
    slots = instance.event_log_storage.get_concurrency_info(WAREHOUSE_POOL).claimed_slots
    return slots[0].run_id if slots else None


@pytest.mark.integration
@pytest.mark.slow
def test_a_run_after_a_sigkilled_run_completes(tmp_path: Path) -> None:
    home = tmp_path / "clio"
    generate_dataset(home / "landing", n=300, days=1, start_date=DAY, seed=3)
    (home / "dagster_home").mkdir(parents=True)
    (home / "dagster_home" / "dagster.yaml").write_text(DAGSTER_YAML.read_text())

    victim = subprocess.Popen(_cli_run(), env=_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    instance = _instance(home)
    try:
        deadline = time.monotonic() + 300
        while (claimed := _claimed_run(instance)) is None:
            assert victim.poll() is None, f"the run ended before it could be killed: {victim.stderr.read()[-2000:]}"
            assert time.monotonic() < deadline, "the run never claimed the warehouse pool"
            time.sleep(0.05)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
    finally:
        if victim.poll() is None:
            victim.kill()
            victim.wait()

    # The state that used to hang every later run: a STARTED run, gone, holding the pool's only slot.
    dead = instance.get_run_by_id(claimed)
    assert dead.status == DagsterRunStatus.STARTED and dead.tags[PID_TAG] == str(victim.pid)
    assert _claimed_run(instance) == claimed

    # Bounded, so that a regression fails here instead of hanging CI.
    after = subprocess.run(_cli_run(), env=_env(home), capture_output=True, text=True, timeout=600)
    assert after.returncode == 0, after.stdout[-3000:] + after.stderr[-3000:]
    assert f"process {victim.pid} is gone; marked FAILURE" in after.stdout
    assert f"{DAY}  ok" in after.stdout
    assert instance.get_run_by_id(claimed).status == DagsterRunStatus.FAILURE
    assert _claimed_run(instance) is None
    instance.dispose()


def _holder_script(lock_target: Path) -> str:
    return (f"from clio_pipeline.operations.run_lock import run_lock\nimport time\n"
            f"with run_lock({str(lock_target)!r}, timeout_s=5):\n    print('held', flush=True)\n    time.sleep(600)\n")


def test_the_run_lock_dies_with_a_killed_holder(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", _holder_script(warehouse)], stdout=subprocess.PIPE, text=True,
                              env=_env(tmp_path))
    try:
        assert holder.stdout.readline().strip() == "held"
        messages: list[str] = []
        began = time.monotonic()
        with pytest.raises(RunLockTimeout) as refused, run_lock(warehouse, timeout_s=1, echo=messages.append):
            pass
        assert time.monotonic() - began < 10
        assert f"pid {holder.pid}" in str(refused.value) and "CLIO_RUN_LOCK_TIMEOUT_S" in str(refused.value)
        assert messages and f"Waiting for pid {holder.pid}" in messages[0]
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        began = time.monotonic()
        with run_lock(warehouse, timeout_s=5, echo=messages.append):
            assert time.monotonic() - began < 1, "a killed holder must release the lock at once"
        assert lock_path_for(warehouse).exists()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_a_cli_run_waiting_for_the_lock_says_for_whom_and_gives_up(tmp_path: Path) -> None:
    home = tmp_path / "clio"
    (home / "landing").mkdir(parents=True)
    with run_lock(home / "warehouse.duckdb", timeout_s=1):
        proc = subprocess.run(_cli_run(), env=_env(home, CLIO_RUN_LOCK_TIMEOUT_S="2"), capture_output=True,
                              text=True, timeout=120)
    assert proc.returncode == 2
    assert f"Waiting for pid {os.getpid()}" in proc.stdout
    assert "Gave up after 2 s" in proc.stderr and "CLIO_RUN_LOCK_TIMEOUT_S" in proc.stderr
