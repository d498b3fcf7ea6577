"""Recovering from runs that died without telling Dagster: mark them failed and free their pool slots.

A run killed with SIGKILL (or by the OOM killer, or a power cut) stays STARTED in the Dagster instance
for ever, and keeps the `clio_warehouse` pool slot its step had claimed; every later run then waits for
that slot, silently. Before it runs anything, the CLI runner (holding the run lock, so no other CLI run
is live) looks for runs that claim to be in progress but whose process is gone, fails them and frees
their slots. The process of a run is known from the `clio/pid` tag the CLI puts on its runs, or, for
runs launched by the UI or the daemon through the default (local) run launcher, from the pid Dagster
records in the run's events. A run whose process cannot be located is left alone.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dagster import (
    DagsterEventType,
    DagsterInstance,
    DagsterRun,
    DagsterRunStatus,
    DefaultRunLauncher,
    RunsFilter,
)

PID_TAG = "clio/pid"
PID_START_TAG = "clio/pid_start"  # the process's start time, so a reused pid is not mistaken for the run
HOST_TAG = "clio/host"
IN_PROGRESS = [DagsterRunStatus.STARTING, DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING]
FINISHED = {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}


def _process_start(pid: int) -> str | None:
    """The start time of a process in clock ticks since boot (Linux); None where /proc is unavailable."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Field 22, counted after the parenthesised command name (which may itself contain spaces).
    return stat.rsplit(")", 1)[1].split()[19]


def cli_run_tags() -> dict[str, str]:
    """Tags the CLI puts on every run it executes, naming the process that runs it."""
    tags = {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}
    start = _process_start(os.getpid())
    if start:
        tags[PID_START_TAG] = start
    return tags


def process_alive(pid: int, started: str | None = None) -> bool:
    """Whether `pid` is a live process (and, when its start time is known, still the same process)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    if Path(f"/proc/{pid}/stat").exists():
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False  # a zombie: dead, only not yet reaped by its parent
        if started is not None and _process_start(pid) != started:
            return False  # the pid now belongs to another process
    return True


def _run_process(instance: DagsterInstance, run: DagsterRun) -> tuple[int, str | None] | None:
    """(pid, start time or None) of the process executing `run`, when it can be located on this host."""
    if PID_TAG in run.tags:
        if run.tags.get(HOST_TAG) != socket.gethostname():
            return None  # a CLI run on another machine: its pid means nothing here
        return int(run.tags[PID_TAG]), run.tags.get(PID_START_TAG)
    if not isinstance(instance.run_launcher, DefaultRunLauncher):
        return None  # run workers may live in containers or on other hosts
    # The default launcher starts run workers on this machine, and the worker announces its pid in an
    # engine event ("Started process for run (pid: …)", "Executing steps in process (pid: …)").
    records = instance.get_records_for_run(run.run_id, of_type=DagsterEventType.ENGINE_EVENT, limit=50).records
    for record in reversed(records):
        event = record.event_log_entry.dagster_event
        data = event.event_specific_data if event is not None else None
        metadata = getattr(data, "metadata", None) or {}
        if "pid" in metadata:
            return int(metadata["pid"].value), None
    return None


def fail_dead_runs(instance: DagsterInstance) -> list[str]:
    """Fail in-progress runs whose process is gone and free every pool slot held by a finished run.

    Returns one line per action taken, for the caller to print.
    """
    actions: list[str] = []
    for record in instance.get_run_records(RunsFilter(statuses=IN_PROGRESS)):
        run = record.dagster_run
        located = _run_process(instance, run)
        if located is None or process_alive(*located):
            continue
        message = (f"Marked {'canceled' if run.status == DagsterRunStatus.CANCELING else 'failed'} by clio-pipeline: "
                   f"its process (pid {located[0]}) is gone; it was killed or crashed.")
        if run.status == DagsterRunStatus.CANCELING:
            instance.report_run_canceled(run, message=message)
        else:
            instance.report_run_failed(run, message=message)
        actions.append(f"Run {run.run_id} ({run.job_name}, {run.tags.get('dagster/partition', '-')}): "
                       f"process {located[0]} is gone; marked {instance.get_run_by_id(run.run_id).status.value}.")
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return actions
    holders = {slot.run_id for key in storage.get_concurrency_keys()
               for slot in storage.get_concurrency_info(key).claimed_slots}
    holders |= storage.get_concurrency_run_ids()  # runs with steps queued for a slot
    for run_id in sorted(holders):
        run = instance.get_run_by_id(run_id)
        if run is None or run.status in FINISHED:
            storage.free_concurrency_slots_for_run(run_id)
            actions.append(f"Freed the pool slots of run {run_id} ({run.status.value if run else 'deleted'}).")
    return actions


def pool_holders(instance: DagsterInstance, run_id: str) -> list[str]:
    """For each pool in which `run_id` has a step waiting: which runs and steps hold its slots."""
    storage = instance.event_log_storage
    lines = []
    for key in storage.get_concurrency_keys():
        info = storage.get_concurrency_info(key)
        if any(p.run_id == run_id and not p.assigned_timestamp for p in info.pending_steps):
            held = ", ".join(f"run {s.run_id} step {s.step_key}" for s in info.claimed_slots if s.run_id != run_id)
            lines.append(f"pool {key} (limit {info.limit}) is held by {held or 'nobody yet'}")
    return lines


@contextmanager
def announce_pool_waits(
    instance: DagsterInstance, run_id: str, echo: Callable[[str], None], *, every_s: float = 30.0
) -> Iterator[None]:
    """While the block runs, say (every `every_s`) when the run's steps are waiting for a pool slot."""
    if not instance.event_log_storage.supports_global_concurrency_limits:
        yield
        return
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(every_s):
            try:
                for line in pool_holders(instance, run_id):
                    echo(f"  waiting: {line}")
            except Exception:  # a diagnostic must never break the run it watches
                time.sleep(every_s)

    watcher = threading.Thread(target=watch, name="clio-pool-watch", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join(timeout=5)
