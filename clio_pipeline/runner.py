"""Materializing the asset graph for a range of days through Dagster, with progress output.

Runs go through the Dagster instance in $DAGSTER_HOME (created under CLIO_HOME when unset), so the
runs the CLI makes show up in `dagster dev` / the UI pointed at the same home.

A CLI run holds the warehouse's run lock (an OS file lock, released even when the process is killed)
for its whole duration, and before running anything fails the runs that died without saying so and
frees their pool slots (`operations.recovery`).
"""

import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from clio_pipeline.operations.run_lock import run_lock
from clio_pipeline.package_data import DAGSTER_YAML
from clio_pipeline.settings import check_run_settings, clio_home, int_setting, setting


def ensure_dagster_home() -> Path:
    """Point DAGSTER_HOME at a folder holding the project's dagster.yaml (under CLIO_HOME by default)."""
    home = Path(os.environ.get("DAGSTER_HOME") or clio_home() / "dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    target = home / "dagster.yaml"
    if not target.exists():
        shutil.copyfile(DAGSTER_YAML, target)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


# Progress is printed per day below; Dagster's own step-by-step console log would drown it out.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@dataclass
class DayOutcome:
    day: date
    success: bool
    seconds: float
    materialized: dict[str, int | None] = field(default_factory=dict)  # asset -> row count
    failed_checks: list[str] = field(default_factory=list)
    warned_checks: list[str] = field(default_factory=list)  # WARN-severity checks: reported, not a failure
    failed_steps: list[str] = field(default_factory=list)


def days_between(start: date, end: date) -> list[date]:
    if end < start:
        raise ValueError(f"--end {end} is before --start {start}")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def run_days(start: date, end: date, *, echo: Callable[[str], None] = print, job_name: str = "clio_daily_job") -> list[DayOutcome]:
    """Materialize every asset of `job_name` for each day from start to end, in order.

    Raises `settings.SettingsError` before anything runs when a setting is refused (the demo secret
    outside demo, a threshold below 2), and `RunLockTimeout` when another run keeps the warehouse.
    """
    days = days_between(start, end)
    check_run_settings()
    ensure_dagster_home()
    from dagster import AssetCheckSeverity, DagsterInstance

    from clio_pipeline.definitions import build_definitions
    from clio_pipeline.operations.recovery import announce_pool_waits, cli_run_tags, fail_dead_runs

    job = build_definitions().resolve_job_def(job_name)
    outcomes: list[DayOutcome] = []
    lock_timeout = int_setting("CLIO_RUN_LOCK_TIMEOUT_S")
    with run_lock(setting("CLIO_WAREHOUSE"), timeout_s=lock_timeout, echo=echo), DagsterInstance.get() as instance:
        for line in fail_dead_runs(instance):
            echo(line)
        for day in days:
            began = time.perf_counter()
            run_id = str(uuid.uuid4())
            with announce_pool_waits(instance, run_id, echo):
                result = job.execute_in_process(
                    partition_key=day.strftime("%Y-%m-%d"), instance=instance, raise_on_error=False,
                    run_config=QUIET, run_id=run_id, tags=cli_run_tags(),
                )
            outcome = DayOutcome(day=day, success=result.success, seconds=time.perf_counter() - began)
            for event in result.get_asset_materialization_events():
                mat = event.materialization
                rows = mat.metadata.get("dagster/row_count")
                outcome.materialized[mat.asset_key.to_user_string()] = rows.value if rows is not None else None
            for evaluation in result.get_asset_check_evaluations():
                if not evaluation.passed:
                    name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
                    warns = evaluation.severity == AssetCheckSeverity.WARN
                    (outcome.warned_checks if warns else outcome.failed_checks).append(name)
            outcome.failed_steps = [e.step_key for e in result.get_step_failure_events() if e.step_key]
            outcomes.append(outcome)
            echo(_describe(outcome))
    return outcomes


def _describe(outcome: DayOutcome) -> str:
    status = "ok" if outcome.success and not outcome.failed_checks else "FAILED"
    parts = [f"{a}={n}" if n is not None else a for a, n in outcome.materialized.items()]
    line = f"{outcome.day}  {status:6s} {outcome.seconds:6.1f}s  " + "  ".join(parts)
    if outcome.failed_checks:
        line += "\n    failed checks: " + ", ".join(outcome.failed_checks)
    if outcome.warned_checks:
        line += "\n    warnings: " + ", ".join(outcome.warned_checks)
    if outcome.failed_steps:
        line += "\n    failed steps: " + ", ".join(outcome.failed_steps)
    return line
