"""The daily job over the whole asset graph and its schedule; the hourly freshness job and its schedule."""

from __future__ import annotations

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    ScheduleDefinition,
    build_schedule_from_partitioned_job,
    define_asset_job,
    in_process_executor,
)

from clio_pipeline.operations.checks import published_recently
from clio_pipeline.partitions import daily_partitions

# In-process execution runs a run's steps one after another in one process: with DuckDB's single
# writer per file, parallel step processes would only queue on the lock (or fail on it).
clio_daily_job = define_asset_job(
    name="clio_daily_job",
    selection=AssetSelection.all(),
    partitions_def=daily_partitions,
    executor_def=in_process_executor,
    description="Ingest, describe, embed, cluster, build the hierarchy and publish one UTC day.",
)

# Runs shortly after midnight UTC for the day that just ended.
clio_daily_schedule = build_schedule_from_partitioned_job(
    clio_daily_job, hour_of_day=1, minute_of_hour=15, name="clio_daily_schedule"
)

# Only reads the analyst database, so it needs no warehouse pool slot and never waits on a daily run's step.
clio_freshness_job = define_asset_job(
    name="clio_freshness_job",
    selection=AssetSelection.checks(published_recently),
    executor_def=in_process_executor,
    description="Checks that the analyst database was published within CLIO_FRESHNESS_HOURS.",
)

# Off by default, like the daily schedule; turn both on in the UI and run dagster-daemon.
clio_freshness_schedule = ScheduleDefinition(
    name="clio_freshness_schedule", job=clio_freshness_job, cron_schedule="30 * * * *",
    execution_timezone="UTC", default_status=DefaultScheduleStatus.STOPPED,
)
