"""Dagster layer of the explorer: the `cluster_explorer` page, built from the analyst database only."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from clio_pipeline.explorer.build import write_explorer
from clio_pipeline.partitions import daily_partitions, partition_day
from clio_pipeline.publishing.assets import PUBLISHED_KEYS
from clio_pipeline.resources import PublishedDatabaseResource


@asset(partitions_def=daily_partitions, deps=list(PUBLISHED_KEYS.values()), group_name="publishing", kinds={"html"})
def cluster_explorer(context: AssetExecutionContext, published: PublishedDatabaseResource) -> MaterializeResult:
    """Clio's tree view and map view as one self-contained HTML page (works offline, no CDN).

    Built from the analyst database only — never the private warehouse — for this partition, and
    written beside the analyst database as `explorer.html`. Open it in a browser, or run
    `clio-pipeline explore --serve`.
    """
    day = partition_day(context)
    path = write_explorer(published.path_obj, partition_date=day)
    return MaterializeResult(
        metadata={"path": MetadataValue.path(str(path)), "size_kb": round(path.stat().st_size / 1024, 1)}
    )
