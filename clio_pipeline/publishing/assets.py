"""Dagster layer of publishing: staged aggregates, the blocking privacy checks, the analyst database.

Dagster records an asset's data before its checks run, so the gates cannot guard the analyst
database directly. The aggregates are first written to `staged_*` tables inside the private
warehouse; blocking checks inspect them; only when every check passes does the `published/*` step
copy them into the analyst database (a new file swapped in atomically). A failing check leaves the
previous published version in place.
"""

from collections import Counter

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    MaterializeResult,
    MetadataValue,
    asset_check,
    multi_asset,
)

from clio_pipeline.hierarchy.assets import cluster_hierarchy
from clio_pipeline.hierarchy.texts import member_word_rule
from clio_pipeline.lib.retries import LLM_RETRY_POLICY, retry_only_when_calling_an_llm
from clio_pipeline.lib.ui_metadata import markdown_table
from clio_pipeline.partitions import WAREHOUSE_POOL, daily_partitions, partition_day
from clio_pipeline.privacy.policy import CHECK_PERSONAL_DATA, CHECK_SMALL_CELLS, CHECK_THRESHOLDS
from clio_pipeline.publishing.build import build_published_tables
from clio_pipeline.publishing.inputs import load_publish_inputs
from clio_pipeline.publishing.staging import (
    STAGED_TABLES,
    read_staged,
    read_staged_history,
    write_staged,
)
from clio_pipeline.publishing.topics import (
    find_topic_leaks,
    keep_published_lineage,
    load_topic_inputs,
    published_topic_ids,
    with_topics,
)
from clio_pipeline.publishing.writer import publish_atomically
from clio_pipeline.resources import (
    LLMResource,
    PrivacyResource,
    PublishedDatabaseResource,
    WarehouseResource,
)
from clio_pipeline.warehouse import connect

STAGED_KEYS = {name: AssetKey(staged) for name, staged in STAGED_TABLES.items()}
PUBLISHED_KEYS = {name: AssetKey(["published", name]) for name in STAGED_TABLES}


@multi_asset(
    specs=[
        AssetSpec(key, deps=[cluster_hierarchy], partitions_def=daily_partitions, group_name="publishing",
                  kinds={"duckdb"}, description=f"Candidate `{name}` rows, staged in the private warehouse.")
        for name, key in STAGED_KEYS.items()
    ],
    pool=WAREHOUSE_POOL,
    can_subset=False,
    retry_policy=LLM_RETRY_POLICY,
)
@retry_only_when_calling_an_llm
def staged_aggregates(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    privacy: PrivacyResource,
    llm: LLMResource,
):
    """Privacy-gated aggregates of the day's tree, staged in the warehouse for the blocking checks.

    Gates: aggregation thresholds (≥ CLIO_MIN_CONVERSATIONS conversations AND ≥ CLIO_MIN_USERS users
    at every level; suppressed clusters roll into an explicit "other" bucket, with secondary
    suppression), the privacy auditor (rubric 1–5, below 3 not published; offline: PII detectors and
    the distinct-users word rule; LLM: the paper's rubric, combined with the rules), and small-cell
    suppression of facet breakdowns and daily trends. Stable topics: `topic_id` on base clusters,
    `topic_ids` on every cluster and the day's `topic_lineage`, with no daily cell that isolates one
    topic's day (see `publishing.topics` for why differencing days recovers no suppressed count).
    """
    day = partition_day(context)
    db = warehouse.ensure()
    inputs = load_publish_inputs(db, day)
    topics = load_topic_inputs(db, day)
    policy = privacy.policy()
    rule = member_word_rule(db, day, policy.min_users)  # streamed: the window's summaries are never all held
    with llm.open_backend(db, asset="staged_aggregates", day=day, run_id=context.run_id) as backend:
        result = build_published_tables(inputs, backend.privacy_auditor(rule), policy,
                                        stable_topics=topics is not None,
                                        topic_units=topics.units if topics is not None else None)
    if topics is not None:
        result.tables = with_topics(result.tables, topics, day)
    with connect(db) as con:
        write_staged(con, day, result.tables)

    clusters = result.tables["clusters"].to_pylist()
    real = [c for c in clusters if not c["is_other"]]
    covered = sum(c["n_conversations"] for c in real if c["level"] == 0)
    total = len(inputs.conversations)
    reasons = Counter(reason for _, reason in result.outcome.suppressed)
    gate_md = "\n".join(f"| {reason} | {n} |" for reason, n in reasons.most_common())
    top = sorted((c for c in real if c["parent_id"] is None), key=lambda c: -c["n_conversations"])
    for name, key in STAGED_KEYS.items():
        metadata = {"dagster/row_count": result.tables[name].num_rows}
        if name == "clusters":
            metadata |= {
                "published_clusters": len(real),
                "other_buckets": len(clusters) - len(real),
                "suppressed_clusters": len(result.outcome.suppressed),
                "suppressed_by_reason": MetadataValue.md(
                    "| reason | clusters |\n|---|---|\n" + gate_md if gate_md else "Nothing suppressed."),
                "base_coverage_share": round(covered / total, 4) if total else 0.0,
                "min_users": privacy.min_users,
                "min_conversations": privacy.min_conversations,
                "top_level": MetadataValue.md(markdown_table(top, ["name", "n_conversations", "n_users", "share"])),
            }
        yield MaterializeResult(asset_key=key, metadata=metadata)


def _violations(
    warehouse: WarehouseResource, privacy: PrivacyResource, context: AssetCheckExecutionContext, check: str
) -> list[str]:
    """What the disclosure policy finds, for one blocking check, in the partition's staged rows."""
    tables = read_staged(warehouse.path, context.partition_time_window.start.date())
    return privacy.policy().staged_violations(tables)[check]


def _result(problems: list[str], ok: str) -> AssetCheckResult:
    return AssetCheckResult(
        passed=not problems,
        description=("; ".join(problems[:10]) + (" …" if len(problems) > 10 else "")) if problems else ok,
        metadata={"violations": len(problems)},
    )


@asset_check(asset=STAGED_KEYS["clusters"], blocking=True, partitions_def=daily_partitions, pool=WAREHOUSE_POOL,
             additional_deps=[STAGED_KEYS["cluster_facet_breakdowns"]])
def no_personal_data(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource, privacy: PrivacyResource
) -> AssetCheckResult:
    """No staged name, description or facet value contains a PII detector hit or a word the publication
    rule never allows (a possible person's name in any script, a placeholder); every audit score ≥ 3."""
    return _result(_violations(warehouse, privacy, context, CHECK_PERSONAL_DATA), "No personal data found.")


@asset_check(asset=STAGED_KEYS["clusters"], blocking=True, partitions_def=daily_partitions, pool=WAREHOUSE_POOL)
def aggregation_thresholds(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource, privacy: PrivacyResource
) -> AssetCheckResult:
    """Every staged cluster (other buckets included) has ≥ min conversations AND ≥ min distinct users."""
    return _result(_violations(warehouse, privacy, context, CHECK_THRESHOLDS), "All clusters meet both thresholds.")


@asset_check(asset=STAGED_KEYS["clusters"], blocking=True, partitions_def=daily_partitions, pool=WAREHOUSE_POOL,
             additional_deps=[STAGED_KEYS["cluster_facet_breakdowns"], STAGED_KEYS["cluster_trends"]])
def no_small_cells(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource, privacy: PrivacyResource
) -> AssetCheckResult:
    """No staged facet breakdown or daily trend cell can be traced to fewer than min users."""
    return _result(_violations(warehouse, privacy, context, CHECK_SMALL_CELLS), "No small cells.")


@asset_check(asset=STAGED_KEYS["clusters"], blocking=True, partitions_def=daily_partitions, pool=WAREHOUSE_POOL,
             additional_deps=[STAGED_KEYS["topic_lineage"]])
def topics_published_only(context: AssetCheckExecutionContext, warehouse: WarehouseResource) -> AssetCheckResult:
    """Topic ids and lineage events name only topics of published base clusters (today or before)."""
    day = context.partition_time_window.start.date()
    rows = {name: table.to_pylist() for name, table in read_staged(warehouse.path, day).items()}
    topics = load_topic_inputs(warehouse.path, day)
    before = set(topics.published_before) if topics is not None else set()
    return _result(find_topic_leaks(rows["clusters"], rows["topic_lineage"], before), "Only published topics.")


@multi_asset(
    specs=[
        AssetSpec(key, deps=list(STAGED_KEYS.values()), partitions_def=daily_partitions, group_name="publishing",
                  kinds={"duckdb"}, description=f"Analyst database table `{name}` (aggregates only).")
        for name, key in PUBLISHED_KEYS.items()
    ],
    pool=WAREHOUSE_POOL,
    can_subset=False,
)
def analyst_database(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    published: PublishedDatabaseResource,
    privacy: PrivacyResource,
):
    """Copies the checked, staged aggregates of the day into the analyst database (CLIO_PUBLISHED_DB).

    Runs only after every blocking privacy check on the staged rows passed. The new version is
    written to a temporary file and swapped in with an atomic rename, so analysts holding the file
    open keep a consistent snapshot and never block the pipeline. A deleted or unreadable analyst
    database is rebuilt from every staged day whose rows pass the same gates again, not only this
    day; an unreadable file is kept beside it. The file is readable like `explorer.html` (umask).
    """
    day = partition_day(context)
    tables = read_staged(warehouse.path, day)  # warehouse connection closed before the analyst file is touched
    tables = keep_published_lineage(tables, published_topic_ids(published.path_obj))

    def other_days():
        history = read_staged_history(warehouse.path, privacy.policy(), exclude=[day])
        for withheld, problems in sorted(history.withheld.items()):
            context.log.warning(f"Staged day {withheld} is not restored: {'; '.join(problems[:3])}")
        return history.publishable

    outcome = publish_atomically(published.path_obj, day, tables, other_days=other_days)
    rebuilt = {}
    if outcome.days_restored or outcome.set_aside:
        restored = ", ".join(map(str, outcome.days_restored)) or "none"
        kept = f"; the unreadable file is kept as {outcome.set_aside}" if outcome.set_aside else ""
        context.log.warning(f"Rebuilt the analyst database {published.path} ({outcome.rebuilt_because}): "
                            f"restored days {restored}{kept}.")
        rebuilt = {"rebuilt_because": outcome.rebuilt_because, "days_restored": len(outcome.days_restored)}
    for name, key in PUBLISHED_KEYS.items():
        yield MaterializeResult(asset_key=key, metadata={"dagster/row_count": tables[name].num_rows,
                                                         "database": published.path, **rebuilt})
