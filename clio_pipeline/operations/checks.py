"""Operational asset checks: the freshness of the analyst database."""

from datetime import timedelta

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    MetadataValue,
    asset_check,
)

from clio_pipeline.operations.freshness import judge_freshness
from clio_pipeline.publishing.assets import PUBLISHED_KEYS
from clio_pipeline.resources import PublishedDatabaseResource
from clio_pipeline.settings import int_setting


@asset_check(asset=PUBLISHED_KEYS["clusters"], blocking=False)
def published_recently(context: AssetCheckExecutionContext, published: PublishedDatabaseResource) -> AssetCheckResult:
    """Warns when the analyst database's last publication is older than CLIO_FRESHNESS_HOURS (26 h).

    A daily pipeline that stopped publishing (schedule off, runs failing, privacy checks blocking)
    leaves analysts reading stale numbers without noticing; this check makes that visible. Evaluated
    after each publication and hourly by `clio_freshness_schedule`.
    """
    max_age = timedelta(hours=int_setting("CLIO_FRESHNESS_HOURS"))
    verdict = judge_freshness(published.path_obj, max_age)
    metadata = {"max_age_hours": max_age.total_seconds() / 3600}
    if verdict.last_published_at is not None:
        metadata |= {"last_published_at": MetadataValue.timestamp(verdict.last_published_at),
                     "age_hours": round(verdict.age.total_seconds() / 3600, 2)}
    return AssetCheckResult(passed=verdict.passed, severity=AssetCheckSeverity.WARN, description=verdict.description,
                            metadata=metadata)
