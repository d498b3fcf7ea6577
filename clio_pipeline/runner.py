"""Materializing the asset graph for a range of days through Dagster, with progress output.

Runs go through the Dagster instance in $DAGSTER_HOME (created under CLIO_HOME when unset), so the
runs the CLI makes show up in `dagster dev` / the UI pointed at the same home.
"""

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from clio_pipeline.settings import clio_home

REPO_ROOT = Path(__file__).resolve().parents[1]


def ensure_dagster_home() -> Path:
    """Point DAGSTER_HOME at a folder holding the project's dagster.yaml (under CLIO_HOME by default)."""
    home = Path(os.environ.get("DAGSTER_HOME") or clio_home() / "dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    target = home / "dagster.yaml"
    if not target.exists() and (REPO_ROOT / "dagster.yaml").exists():
        shutil.copyfile(REPO_ROOT / "dagster.yaml", target)
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
    failed_steps: list[str] = field(default_factory=list)


def days_between(start: date, end: date) -> list[date]:
    if end < start:
        raise ValueError(f"--end {end} is before --start {start}")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def run_days(start: date, end: date, *, echo: Callable[[str], None] = print, job_name: str = "clio_daily_job") -> list[DayOutcome]:
    """Materialize every asset of `job_name` for each day from start to end, in order."""
    ensure_dagster_home()
    from dagster import DagsterInstance

    from clio_pipeline.definitions import build_definitions

    job = build_definitions().resolve_job_def(job_name)
    outcomes: list[DayOutcome] = []
    with DagsterInstance.get() as instance:
        for day in days_between(start, end):
            began = time.perf_counter()
            result = job.execute_in_process(
                partition_key=day.strftime("%Y-%m-%d"), instance=instance, raise_on_error=False, run_config=QUIET
            )
            outcome = DayOutcome(day=day, success=result.success, seconds=time.perf_counter() - began)
            for event in result.get_asset_materialization_events():
                mat = event.materialization
                rows = mat.metadata.get("dagster/row_count")
                outcome.materialized[mat.asset_key.to_user_string()] = rows.value if rows is not None else None
            for evaluation in result.get_asset_check_evaluations():
                if not evaluation.passed:
                    outcome.failed_checks.append(f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}")
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
    if outcome.failed_steps:
        line += "\n    failed steps: " + ", ".join(outcome.failed_steps)
    return line
