"""What the publisher reads from the private warehouse for one partition, in one short read.

The warehouse connection is opened read-only, used for three queries and closed before any audit (LLM)
or build work starts, so the pipeline never holds the warehouse while it thinks. The window is the one
`base_clusters` recorded in `clustering_runs`: publishing never recomputes it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from clio_pipeline.clustering.cluster_window import ClusterWindow, require_cluster_window
from clio_pipeline.warehouse import connect

CHUNK_ROWS = 50_000


@dataclass(frozen=True)
class ClusterRow:
    """One cluster of the partition's tree, as stored in the warehouse."""

    cluster_id: str
    level: int
    parent_id: str | None
    name: str
    description: str
    centroid: np.ndarray | None


@dataclass(frozen=True, slots=True)
class ConversationFact:
    """One conversation of the window: its base cluster, pseudonymous user, day and facets (private).

    One per conversation of the window, so slotted and with its repeated strings interned (`_facts`):
    about 100 bytes each beside the conversation id instead of several hundred. No text is held.
    """

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
    reader = con.sql(
        _CONVERSATIONS_SQL, params={"d": partition_date, "start": window.start, "end": window.end}
    ).to_arrow_reader(CHUNK_ROWS)
    conversations = [fact for batch in reader for fact in _facts(batch)]
    return PublishInputs(partition_date, clusters, conversations, window)


def _facts(batch: pa.RecordBatch) -> Iterator[ConversationFact]:
    """The facts of one chunk; cluster ids, users and facet values repeat across rows, so one string each."""
    intern = sys.intern
    days: dict[date, date] = {}
    columns = (c.to_pylist() for c in batch.columns)
    for cid, cluster, user, day, language, task, score in zip(*columns, strict=True):
        yield ConversationFact(
            str(cid), intern(str(cluster)), intern(str(user)), days.setdefault(day, day),
            None if language is None else intern(language), None if task is None else intern(task),
            None if score is None else int(score),
        )


def load_publish_inputs(warehouse: str | Path, partition_date: date) -> PublishInputs:
    """Open the warehouse read-only, read the partition's inputs, close it."""
    with connect(warehouse, read_only=True) as con:
        return read_publish_inputs(con, partition_date)
