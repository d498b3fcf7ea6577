"""Build the analyst tables of one partition from its warehouse inputs, through every privacy gate.

Order of the gates:
1. aggregation thresholds on the cluster tree (`apply_thresholds`), with "other" buckets and secondary
   suppression;
2. the privacy audit of each cluster that would be published; a score below 3 suppresses the cluster
   (reason 'audit') and thresholds run again, auditing any cluster that newly became publishable,
   until nothing changes;
3. small-cell suppression of facet breakdowns and daily trends, per cluster and across the hierarchy;
4. only then the aggregates: shares, map coordinates of centroids, mean concerning score, growth.
No connection is held here: inputs come from `inputs.load_publish_inputs`.

Conversations and users are int32 codes (`inputs.FactTable`), and every cluster and cell holds its
members as a sorted code array (`privacy.members`): at a million conversations, sets of id strings per
cluster, level and facet took gigabytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone

import numpy as np
import pyarrow as pa

from clio_pipeline.privacy.auditor import AuditRating, PrivacyAuditor
from clio_pipeline.privacy.linked_cells import NO_UNIT
from clio_pipeline.privacy.members import CODE, EMPTY
from clio_pipeline.privacy.policy import DisclosurePolicy
from clio_pipeline.privacy.thresholds import (
    OTHER_VALUE,
    ROOT_OTHER_ID,
    Cell,
    ClusterCell,
    PublishedNode,
    ThresholdOutcome,
)
from clio_pipeline.publishing.cells import build_cells, flagged_values, groups
from clio_pipeline.publishing.inputs import FACETS, MISSING_VALUE, FactTable, PublishInputs
from clio_pipeline.publishing.projection import project_centroids, weighted_centroid
from clio_pipeline.publishing.schema import TABLES

__all__ = ["FACETS", "MISSING_VALUE", "PublishResult", "audit_and_threshold", "build_published_tables"]

OTHER_NAME = "Other"
OTHER_DESCRIPTION = "Conversations of smaller clusters that are not published on their own."
OTHER_AUDIT_SCORE = 5  # fixed generic text, nothing to audit
REASON_AUDIT = "audit"


@dataclass
class PublishResult:
    """The analyst tables plus the private record of what was held back and why."""

    tables: dict[str, pa.Table]
    outcome: ThresholdOutcome
    ratings: dict[str, AuditRating]


def audit_and_threshold(
    inputs: PublishInputs, auditor: PrivacyAuditor, policy: DisclosurePolicy
) -> tuple[ThresholdOutcome, dict[str, AuditRating]]:
    """Thresholds, then audit the would-be-published clusters, until no unaudited cluster is published."""
    facts = inputs.conversations
    by_cluster = {facts.cluster_ids[code]: ids for code, ids in groups(facts.cluster, np.arange(len(facts), dtype=CODE))}
    cells = [
        ClusterCell(row.cluster_id, row.level, row.parent_id, by_cluster.get(row.cluster_id, EMPTY))
        for row in inputs.clusters
    ]
    users = facts.user
    texts = {row.cluster_id: (row.name, row.description) for row in inputs.clusters}
    ratings: dict[str, AuditRating] = {}
    while True:
        forced = {cid: REASON_AUDIT for cid, rating in ratings.items() if not rating.passes}
        outcome = policy.threshold_tree(cells, users, forced=forced)
        pending = [n.cluster_id for n in outcome.published if not n.is_other and n.cluster_id not in ratings]
        if not pending:
            return outcome, ratings
        for rating in auditor.audit([(cid, *texts[cid]) for cid in pending]):
            ratings[rating.cluster_id] = rating


def build_published_tables(
    inputs: PublishInputs,
    auditor: PrivacyAuditor,
    policy: DisclosurePolicy,
    *,
    published_at: datetime | None = None,
    stable_topics: bool = False,
    topic_units: Mapping[str, str] | None = None,
) -> PublishResult:
    """The analyst tables for `inputs.partition_date`, with every privacy gate applied.

    Trends and growth cover the days of the window clustering used (`inputs.window`): while the data
    is younger than CLIO_WINDOW_DAYS that is fewer days, and days before the data are not published.
    `stable_topics` (base clusters carry topic ids that link them across days): no daily trend cell,
    and no difference of published daily cells, may isolate one base cluster's day, and base clusters
    get no `growth`; see `publishing.topics` for why. `topic_units` (base cluster id -> unit) joins the
    base clusters whose topics a split or merge linked into one unit for those rules.
    """
    window = inputs.window
    if window.end != inputs.partition_date:
        raise ValueError(f"window {window.start}..{window.end} does not end on partition {inputs.partition_date}")
    days, window_days = window.days, window.n_days
    outcome, ratings = audit_and_threshold(inputs, auditor, policy)
    nodes = outcome.published
    facts = inputs.conversations
    total = len(facts)

    breakdown_cells, pooled = build_cells(nodes, facts, {f: facts.facets[f] for f in FACETS}, policy.min_users)
    breakdowns = policy.suppress_cells(breakdown_cells, nodes,
                                       forced=pooled | flagged_values(breakdown_cells, policy.min_users))
    del breakdown_cells
    days_facet = {"day": (facts.day, [d.isoformat() for d in facts.days])}
    trend_cells, pooled_days = build_cells(nodes, facts, days_facet, policy.min_users)
    bases = {n.cluster_id for n in nodes if n.level == 0 and not n.is_other} if stable_topics else set()
    units = _units(facts, bases, topic_units or {}) if stable_topics else None
    trends = policy.suppress_cells(trend_cells, nodes, forced=pooled_days, units=units)

    part = inputs.partition_date
    breakdown_rows = [
        {"partition_date": part, "cluster_id": c.group[0], "facet": c.group[1], "value": c.value,  # type: ignore[index]
         "n_conversations": len(c.conversation_ids), "n_users": c.n_users}
        for c in breakdowns.published
    ]
    daily = _daily_counts(nodes, facts, trends.published, days, show_zeros=not stable_topics)
    trend_rows = [
        {"partition_date": part, "cluster_id": cluster_id, "day": day, "n_conversations": n, "n_users": u}
        for (cluster_id, day), (n, u) in daily.items() if cluster_id not in bases  # no zeros either
    ]
    coords = project_centroids(_centroids(inputs, nodes, facts))
    texts = {row.cluster_id: row for row in inputs.clusters}
    cluster_rows = []
    for node in nodes:
        scored = facts.scored[node.conversation_ids]
        n_scored = int(np.count_nonzero(scored))
        mean_concerning = int(facts.score[node.conversation_ids][scored].sum()) / n_scored if n_scored else None
        last_n = daily[(node.cluster_id, part)][0]
        # Growth needs the last day's count, so it is undefined when that cell is suppressed, and a
        # window of one day (the first day of a source) has nothing to grow from. Base clusters with a
        # stable topic get none either: topic_growth publishes it, gated across days.
        growth = None
        if last_n is not None and window_days >= 2 and node.n_conversations > 0 and node.cluster_id not in bases:
            growth = last_n / (node.n_conversations / window_days) - 1
        xy = coords.get(node.cluster_id, (None, None))
        row = texts.get(node.cluster_id)
        cluster_rows.append({
            "partition_date": part, "cluster_id": node.cluster_id, "level": node.level,
            "parent_id": node.parent_id,
            "name": OTHER_NAME if node.is_other else row.name,  # type: ignore[union-attr]
            "description": OTHER_DESCRIPTION if node.is_other else row.description,  # type: ignore[union-attr]
            "n_conversations": node.n_conversations, "n_users": node.n_users,
            "share": node.n_conversations / total if total else 0.0,
            "map_x": xy[0], "map_y": xy[1],
            "mean_concerning": mean_concerning,
            "growth": growth,
            "audit_score": OTHER_AUDIT_SCORE if node.is_other else ratings[node.cluster_id].score,
            "is_other": node.is_other,
        })
    log_row = {
        "partition_date": part,
        "published_at": (published_at or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(tzinfo=None),
        "window_start": window.start, "window_days": window_days,
        "n_conversations": total if nodes else None,
        "n_clusters": len(nodes), "n_suppressed": len(outcome.suppressed),
        "min_users": policy.min_users, "min_conversations": policy.min_conversations,
    }
    tables = {
        "clusters": pa.Table.from_pylist(cluster_rows, schema=TABLES["clusters"]),
        "cluster_facet_breakdowns": pa.Table.from_pylist(breakdown_rows, schema=TABLES["cluster_facet_breakdowns"]),
        "cluster_trends": pa.Table.from_pylist(trend_rows, schema=TABLES["cluster_trends"]),
        "publication_log": pa.Table.from_pylist([log_row], schema=TABLES["publication_log"]),
        "topic_lineage": TABLES["topic_lineage"].empty_table(),  # filled by publishing.topics
    }
    return PublishResult(tables, outcome, ratings)


def _units(facts: FactTable, bases: set[str], unit_of: Mapping[str, str]) -> np.ndarray:
    """Unit code of every conversation of a published base cluster (its cluster's unit); NO_UNIT elsewhere."""
    names: dict[str, int] = {}
    lookup = np.array([names.setdefault(unit_of.get(c, c), len(names)) if c in bases else NO_UNIT
                       for c in facts.cluster_ids] or [NO_UNIT], dtype=CODE)
    return lookup[facts.cluster]


def _daily_counts(
    nodes: list[PublishedNode], facts: FactTable, shown: list[Cell], days: list[date],
    *, show_zeros: bool = True,
) -> dict[tuple[str, date], tuple[int | None, int | None]]:
    """(cluster, day) -> (conversations, users); (None, None) for a suppressed cell, zeros for no data.

    Without `show_zeros` an empty day is suppressed too: with stable topics a known zero would anchor
    the day differences of the window counts of every topic under the cluster.
    """
    shown_days = {(c.group[0], c.value): c for c in shown if c.value != OTHER_VALUE}  # type: ignore[index]
    counts: dict[tuple[str, date], tuple[int | None, int | None]] = {}
    for node in nodes:
        present = {facts.days[int(i)] for i in np.unique(facts.day[node.conversation_ids])}
        for day in days:
            cell = shown_days.get((node.cluster_id, day.isoformat()))
            if cell is not None:
                counts[(node.cluster_id, day)] = (len(cell.conversation_ids), cell.n_users)
            elif day not in present and show_zeros:
                counts[(node.cluster_id, day)] = (0, 0)  # nobody that day: a zero identifies no one
            else:
                counts[(node.cluster_id, day)] = (None, None)
    return counts


def _centroids(inputs: PublishInputs, nodes: list[PublishedNode], facts: FactTable) -> dict[str, object]:
    """Centroids of the published real clusters: stored, or the weighted mean of their base clusters."""
    stored = {row.cluster_id: row.centroid for row in inputs.clusters}
    centroids = {}
    for node in nodes:
        if node.is_other or node.cluster_id == ROOT_OTHER_ID:
            continue  # a bucket may hold a single small cluster: its centroid is not an aggregate to show
        centroid = stored.get(node.cluster_id)
        if centroid is None:
            codes, counts = np.unique(facts.cluster[node.conversation_ids], return_counts=True)
            parts = sorted((facts.cluster_ids[int(c)], int(n)) for c, n in zip(codes, counts, strict=True))
            centroid = weighted_centroid([(stored.get(base), n) for base, n in parts])
        if centroid is not None:
            centroids[node.cluster_id] = centroid
    return centroids
