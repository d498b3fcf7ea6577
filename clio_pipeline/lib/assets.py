"""Dagster-layer helpers the stages' assets share (no asset is defined here).

`kept_result`: the materialization of a re-run that kept the stored result (`lib.fingerprint`).

`facets`, `base_clusters` and `cluster_hierarchy` each keep an unchanged day (`CLIO_SKIP_UNCHANGED`); the
UI shows the same `unchanged` entry for all three, and the fingerprint as the data version.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dagster import AssetCheckResult, DataVersion, MaterializeResult, MetadataValue


def kept_result(fingerprint: str, row_count: int, made_from: str, *,
                check_results: Sequence[AssetCheckResult] = (), **metadata: Any) -> MaterializeResult:
    """A re-run's result that kept what is stored: `made_from` says what was found unchanged."""
    return MaterializeResult(
        metadata={"dagster/row_count": row_count,
                  "unchanged": MetadataValue.md(f"{made_from} are those of the stored result: it is kept (set "
                                                "CLIO_SKIP_UNCHANGED=0 to compute it again)."),
                  **metadata},
        data_version=DataVersion(fingerprint),
        check_results=list(check_results),
    )
