"""What the publisher reads from the private warehouse for one partition, in one short read.

The warehouse connection is opened read-only, used for three queries and closed before any audit (LLM)
or build work starts, so the pipeline never holds the warehouse while it thinks. The window is the one
`base_clusters` recorded in `clustering_runs`: publishing never recomputes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np

from clio_pipeline.clustering.cluster_window import ClusterWindow, require_cluster_window
from clio_pipeline.warehouse import connect


@dataclass(frozen=True)
class ClusterRow:
    """One cluster of the partition's tree, as stored in the warehouse."""

    cluster_id: str
    level: int
    parent_id: str | None
    name: str
    description: str
    centroid: np.ndarray | None


@dataclass(frozen=True)
class ConversationFact:
    """One conversation of the window: its base cluster, pseudonymous user, day and facets (private)."""

    conversation_id: str
    cluster_id: str
    user_id: str
    day: date
    language: str | None
    task: str | None
    concerning_score: int | None


@dataclass(frozen=True)
class PublishInputs:
    """Everything `build_published_tables` needs for one partition."""

    partition_date: date
    clusters: list[ClusterRow]
    conversations: list[ConversationFact]
    window: ClusterWindow  # the days clustered: trends and growth cover exactly these


_CLUSTERS_SQL = """
SELECT cluster_id, level, parent_id, coalesce(name, ''), coalesce(description, ''), centroid
FROM clusters WHERE partition_date = ? ORDER BY level DESC, cluster_id
"""

# Base-level assignments only (parents get their conversations from their subtree); one facet row per
# conversation, the newest, in case a conversation was described more than once.
_CONVERSATIONS_SQL = """
WITH facet AS (
    SELECT conversation_id, language, task, concerning_score
    FROM facets
    WHERE partition_date BETWEEN $start AND $end
    QUALIFY row_number() OVER (PARTITION BY conversation_id ORDER BY partition_date DESC) = 1
)
SELECT a.conversation_id, a.cluster_id, c.user_id, c.partition_date, f.language, f.task, f.concerning_score
FROM cluster_assignments AS a
JOIN clusters AS k ON k.partition_date = a.partition_date AND k.cluster_id = a.cluster_id AND k.level = 0
JOIN conversations AS c ON c.conversation_id = a.conversation_id AND c.partition_date BETWEEN $start AND $end
LEFT JOIN facet AS f ON f.conversation_id = a.conversation_id
WHERE a.partition_date = $d
ORDER BY a.conversation_id
"""


def read_publish_inputs(con: duckdb.DuckDBPyConnection, partition_date: date) -> PublishInputs:
    """Read one partition's window, clusters and window conversations through an open connection."""
    window = require_cluster_window(con, partition_date)
    clusters = [
        ClusterRow(
            str(cid), int(level), None if parent is None else str(parent), name, description,
            None if centroid is None else np.asarray(centroid, dtype=np.float32),
        )
        for cid, level, parent, name, description, centroid in con.execute(
            _CLUSTERS_SQL, [partition_date]
        ).fetchall()
    ]
    conversations = [
        ConversationFact(
            str(cid), str(cluster), str(user), day, language, task,
            None if score is None else int(score),
        )
        for cid, cluster, user, day, language, task, score in con.execute(
            _CONVERSATIONS_SQL, {"d": partition_date, "start": window.start, "end": window.end}
        ).fetchall()
    ]
    return PublishInputs(partition_date, clusters, conversations, window)


def load_publish_inputs(warehouse: str | Path, partition_date: date) -> PublishInputs:
    """Open the warehouse read-only, read the partition's inputs, close it."""
    with connect(warehouse, read_only=True) as con:
        return read_publish_inputs(con, partition_date)
