"""Dagster layer of the hierarchy stage: the `cluster_hierarchy` asset and its invariant check."""

from datetime import date

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetExecutionContext,
    DataVersion,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)

from clio_pipeline.clustering.assets import base_clusters
from clio_pipeline.clustering.fingerprint import hierarchy_fingerprint, stored_hierarchy
from clio_pipeline.embeddings.cache import cached_encode
from clio_pipeline.hierarchy.invariants import check_invariants
from clio_pipeline.hierarchy.store import read_base_level, read_tree, stored_count_mismatches, write_hierarchy
from clio_pipeline.lib.assets import kept_result
from clio_pipeline.lib.fingerprint import resource_settings
from clio_pipeline.lib.retries import LLM_RETRY_POLICY, retry_only_when_calling_an_llm
from clio_pipeline.lib.ui_metadata import markdown_table
from clio_pipeline.partitions import WAREHOUSE_POOL, daily_partitions, partition_day
from clio_pipeline.resources import (
    ClusteringResource,
    EmbeddingResource,
    LLMResource,
    PrivacyResource,
    WarehouseResource,
)
from clio_pipeline.warehouse import connect


@asset(partitions_def=daily_partitions, deps=[base_clusters], group_name="clustering", pool=WAREHOUSE_POOL, kinds={"duckdb"},
       retry_policy=LLM_RETRY_POLICY)
@retry_only_when_calling_an_llm
def cluster_hierarchy(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    clustering: ClusteringResource,
    privacy: PrivacyResource,
    llm: LLMResource,
    embedding: EmbeddingResource,
) -> MaterializeResult:
    """Levels 1..L above the day's base clusters (Clio's multi-level tree), written to `clusters`.

    Level sizes shrink geometrically from the base count to a top level of about
    `top_level_size`. Offline: Ward grouping of centroids with contrastive c-TF-IDF parent names.
    LLM backend: the paper's algorithm (neighbourhoods, candidate parents, dedupe, assignment with
    shuffled options, renaming from actual children), every call cached and ledgered. Names obey the
    distinct-users word rule and the PII scrubber. Sets `parent_id` on every non-root cluster. A parent
    that would fail the publication thresholds (an outlier base cluster grouped alone) is folded into
    its nearest sibling, so that suppressing it cannot take a large sibling's subtree with it.
    """
    day = partition_day(context)
    db = warehouse.ensure()
    fingerprint, kept = _unchanged(db, day, clustering, privacy, llm, embedding)
    if kept is not None:
        context.log.info(f"{day}: base clusters and settings unchanged; the hierarchy is kept.")
        return kept_result(fingerprint, kept, "Base clusters, settings and code")
    base = read_base_level(db, day)
    if not base.nodes:
        context.log.warning(f"No base clusters for {day}; nothing to build.")
        return MaterializeResult(metadata={"dagster/row_count": 0})
    common = dict(
        summaries=base.summaries, users=base.users, min_users=privacy.min_users,
        min_conversations=privacy.min_conversations, top_size=clustering.top_level_size, n_levels=clustering.n_levels or None, id_prefix=f"{day:%Y%m%d}",
        seed=clustering.seed,
    )
    with llm.open_backend(db, asset="cluster_hierarchy", day=day, run_id=context.run_id) as backend:
        tree = backend.hierarchy_builder(lambda: cached_encode(db, embedding.encoder()))(base.nodes, **common)
    problems = check_invariants(tree, users=base.users)
    if problems:
        raise RuntimeError("Hierarchy violates its invariants; nothing written:\n" + "\n".join(problems[:20]))
    written = write_hierarchy(db, day, tree, backend.name, fingerprint=fingerprint)

    top_level = max(n.level for n in tree)
    roots = sorted((n for n in tree if n.level == top_level), key=lambda n: -n.n_conversations)
    per_level = {str(level): sum(1 for n in tree if n.level == level) for level in range(top_level + 1)}
    return MaterializeResult(
        data_version=DataVersion(fingerprint) if fingerprint else None,
        metadata={
            "dagster/row_count": written,
            "clusters_per_level": MetadataValue.json(per_level),
            "top_level_clusters": MetadataValue.md(markdown_table(
                [{"name": n.name, "conversations": n.n_conversations, "users": n.n_users} for n in roots],
                ["name", "conversations", "users"],
            )),
        }
    )


def _unchanged(db: str, day: date, clustering: ClusteringResource, *resources: object) -> tuple[str | None, int | None]:
    """The day's hierarchy fingerprint (None: its base has none), and its stored parent count when the
    stored tree was built from it and re-runs may keep it."""
    with connect(db, read_only=True) as con:
        row = con.execute("SELECT input_fingerprint FROM clustering_runs WHERE partition_date = ?", [day]).fetchone()
        if row is None or row[0] is None:
            return None, None
        fingerprint = hierarchy_fingerprint(row[0], resource_settings(clustering, *resources))
        return fingerprint, stored_hierarchy(con, day, fingerprint) if clustering.skip_unchanged else None


@asset_check(asset=cluster_hierarchy, blocking=True, partitions_def=daily_partitions, pool=WAREHOUSE_POOL)
def hierarchy_invariants(context: AssetCheckExecutionContext, warehouse: WarehouseResource) -> AssetCheckResult:
    """The stored tree: one root path per base cluster, one parent per non-root, no cycles, no empty
    parents, conversation counts that add up and distinct-user counts that are not sums."""
    day = context.partition_time_window.start.date()
    base = read_base_level(warehouse.path, day)
    problems = stored_count_mismatches(warehouse.path, day)
    if base.nodes:
        problems += check_invariants(read_tree(warehouse.path, day), users=base.users)
    return AssetCheckResult(
        passed=not problems,
        description="; ".join(problems[:10]) if problems else "Tree is consistent.",
        metadata={"violations": len(problems)},
    )
