"""Sensors: the landing sensor, and the dead-run sensor.

The landing sensor launches the daily partitions that new, changed or deleted landing files affect.
Off by default, like the schedule: turn it on in the UI (Automation → clio_landing_sensor) with
`dagster-daemon` running. See `landing_scan` for how affected days are found; each launched run has a
run key per (partition, set of file versions), so a change never launches two runs, even after the
sensor's cursor is reset.

The dead-run sensor (on by default; it only ever touches runs whose process is gone) does for the
daemon what the CLI does before each run: with one run at a time allowed, a run worker killed with
SIGKILL would otherwise keep its run STARTED and its pool slot claimed, and every queued run would wait
behind it for ever.
"""

from datetime import date

from dagster import (
    DefaultSensorStatus,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from clio_pipeline.jobs import clio_daily_job
from clio_pipeline.operations.landing_scan import LandingCursor, plan_runs
from clio_pipeline.operations.recovery import fail_dead_runs
from clio_pipeline.partitions import daily_partitions
from clio_pipeline.resources import LandingResource

# Dagster gives a sensor evaluation 60 s by default; leave room to store the cursor.
SCAN_BUDGET_S = 40.0


def partition_state(day: date) -> str:
    """'valid' (a partition now), 'future' (its day has not ended yet) or 'never' (before the first one)."""
    if daily_partitions.has_partition_key(day.strftime("%Y-%m-%d")):
        return "valid"
    first = daily_partitions.get_first_partition_window()
    return "never" if first is None or day < first.start.date() else "future"


@sensor(job=clio_daily_job, minimum_interval_seconds=60, default_status=DefaultSensorStatus.STOPPED)
def clio_landing_sensor(context: SensorEvaluationContext, landing: LandingResource) -> SensorResult:
    """Runs clio_daily_job for every day whose landing records were added, changed or deleted.

    Days are read from the new or changed files' `created_at` (a changed file also re-runs the days it
    held before); days whose partition does not exist yet wait in the cursor until it does.
    """
    plan = plan_runs(landing.landing_dir, LandingCursor.from_json(context.cursor), partition_state=partition_state,
                     budget_s=SCAN_BUDGET_S)
    for day in plan.never_partitions:
        context.log.warning(f"Landing records for {day}, before the first partition (CLIO_START_DATE): not run.")
    if plan.unscanned:
        context.log.info(f"{plan.unscanned} changed files left for the next evaluation (time budget).")
    requests = [RunRequest(run_key=key, partition_key=day, tags={"clio/trigger": "landing_sensor"})
                for day, key in plan.runs.items()]
    if not requests:
        waiting = f"; waiting for {', '.join(plan.not_yet_partitions)} to end" if plan.not_yet_partitions else ""
        return SensorResult(skip_reason=SkipReason(f"No landed change to run{waiting}."),
                            cursor=plan.cursor.to_json())
    context.log.info(f"{len(plan.changed_files)} landing files changed; launching {', '.join(plan.runs)}.")
    return SensorResult(run_requests=requests, cursor=plan.cursor.to_json())


@sensor(minimum_interval_seconds=60, default_status=DefaultSensorStatus.RUNNING)
def clio_dead_run_sensor(context: SensorEvaluationContext) -> SkipReason:
    """Fails runs whose process is gone (killed, crashed) and frees the pool slots they still hold."""
    actions = fail_dead_runs(context.instance)
    for action in actions:
        context.log.warning(action)
    return SkipReason(" ".join(actions) if actions else "No dead run.")
