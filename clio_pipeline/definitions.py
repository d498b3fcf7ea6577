"""The Dagster code location: every asset, check, resource, job, schedule and sensor (loaded by workspace.yaml)."""

from dagster import Definitions, definitions, load_asset_checks_from_modules, load_assets_from_modules

from clio_pipeline.clustering import assets as clustering_assets
from clio_pipeline.embeddings import assets as embedding_assets
from clio_pipeline.explorer import assets as explorer_assets
from clio_pipeline.facets import assets as facet_assets
from clio_pipeline.hierarchy import assets as hierarchy_assets
from clio_pipeline.ingestion import assets as ingestion_assets
from clio_pipeline.jobs import (
    clio_daily_job,
    clio_daily_schedule,
    clio_freshness_job,
    clio_freshness_schedule,
)
from clio_pipeline.operations import checks as operation_checks
from clio_pipeline.operations.sensors import clio_dead_run_sensor, clio_landing_sensor
from clio_pipeline.publishing import assets as publishing_assets
from clio_pipeline.resources import build_resources

# In dependency order: ingestion -> facets -> embeddings -> base clusters -> hierarchy -> publishing -> explorer.
STAGE_MODULES = [
    ingestion_assets,
    facet_assets,
    embedding_assets,
    clustering_assets,
    hierarchy_assets,
    publishing_assets,
    explorer_assets,
]


def build_definitions() -> Definitions:
    """Definitions with resources resolved from the environment as it is now (the CLI sets it first)."""
    return Definitions(
        assets=load_assets_from_modules(STAGE_MODULES),
        asset_checks=load_asset_checks_from_modules([*STAGE_MODULES, operation_checks]),
        jobs=[clio_daily_job, clio_freshness_job],
        schedules=[clio_daily_schedule, clio_freshness_schedule],
        sensors=[clio_landing_sensor, clio_dead_run_sensor],
        resources=build_resources(),
    )



@definitions
def defs() -> Definitions:
    """What workspace.yaml loads: built when Dagster loads the code location, not when this module is imported,
    so the resources read the environment of the process that serves them."""
    return build_definitions()
