"""Dagster layer of ingestion: the `conversations` asset and its conservation check."""


from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetExecutionContext,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)

from clio_pipeline.ingestion.index import index_landing
from clio_pipeline.ingestion.load import conservation_violation, load_partition
from clio_pipeline.partitions import WAREHOUSE_POOL, daily_partitions, partition_day
from clio_pipeline.resources import LandingResource, WarehouseResource


@asset(partitions_def=daily_partitions, group_name="ingestion", pool=WAREHOUSE_POOL, kinds={"duckdb"})
def conversations(context: AssetExecutionContext, warehouse: WarehouseResource, landing: LandingResource) -> MaterializeResult:
    """Conversations of one UTC day, loaded from the landing directory into the private warehouse.

    New or changed landing files (`*.jsonl`, `*.jsonl.gz`, `*.parquet`) are parsed once and indexed;
    the day's valid records replace the partition in `conversations` (user ids pseudonymized with a
    keyed hash) and its invalid ones replace the partition in `quarantine`, each with file, line and
    reason. Raw text stays in the warehouse; the metadata below holds counts only.
    """
    day = partition_day(context)
    db = warehouse.ensure()
    report = index_landing(
        db, landing.landing_dir, secret=landing.pseudonym_secret, max_record_bytes=landing.max_record_bytes
    )
    if report.files_indexed:
        context.log.info(f"Indexed {len(report.files_indexed)} new or changed landing files ({report.records_indexed} records).")
    for file, reason in report.unreadable.items():
        context.log.warning(f"Landing file {file} is unreadable ({reason}); it is quarantined and retried next run.")
    load = load_partition(db, day)
    reasons_md = "\n".join(f"| {reason} | {n} |" for reason, n in load.reasons.items())
    return MaterializeResult(
        metadata={
            "dagster/row_count": load.loaded,
            "records_read": load.records_read,
            "quarantined": load.quarantined,
            "distinct_users": load.n_users,
            "landing_files_seen": report.files_seen,
            "landing_files_indexed": len(report.files_indexed),
            "landing_files_unreadable": len(report.unreadable),
            "quarantine_reasons": MetadataValue.md(
                "| reason | records |\n|---|---|\n" + reasons_md if reasons_md else "No quarantined records."
            ),
        }
    )


@asset_check(asset=conversations, blocking=True, partitions_def=daily_partitions, pool=WAREHOUSE_POOL)
def records_conserved(context: AssetCheckExecutionContext, warehouse: WarehouseResource) -> AssetCheckResult:
    """Nothing is lost on ingestion: records read = loaded + quarantined for the partition."""
    problem = conservation_violation(warehouse.path, context.partition_time_window.start.date())
    return AssetCheckResult(passed=problem is None, description=problem or "All records accounted for.")
