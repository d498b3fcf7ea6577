"""The daily partitioning shared by every asset, and the rolling clustering window."""

from __future__ import annotations

import warnings
from datetime import date

from dagster import AssetExecutionContext, DailyPartitionsDefinition, TimeWindowPartitionMapping

from clio_pipeline.settings import int_setting, setting

# Partitioned asset checks are a Dagster preview feature; they are what lets a check judge exactly the
# partition that was materialized, so we use them knowingly and keep the warning out of every run log.
warnings.filterwarnings("ignore", message="Specifying a partitions_def on an AssetCheckSpec")

daily_partitions = DailyPartitionsDefinition(start_date=setting("CLIO_START_DATE"), timezone="UTC")

# Partition D of a windowed asset depends on the last CLIO_WINDOW_DAYS daily partitions ending on D.
# This mapping only draws the lineage in Dagster; the days actually clustered (shorter while the data
# is younger than the window) are decided by `base_clusters` and stored (clustering.cluster_window).
WINDOW_DAYS = int_setting("CLIO_WINDOW_DAYS")
window_mapping = TimeWindowPartitionMapping(start_offset=-(WINDOW_DAYS - 1), end_offset=0)

# All stages that write the warehouse share one pool, so two runs never write it at the same time.
WAREHOUSE_POOL = "clio_warehouse"


def partition_day(context: AssetExecutionContext) -> date:
    """The UTC day of the partition being materialized (from the time window, never the key string)."""
    return context.partition_time_window.start.date()
