"""What the publisher reads from the private warehouse for one partition, in one short read.

The warehouse connection is opened read-only, used for three queries and closed before any audit (LLM)
or build work starts, so the pipeline never holds the warehouse while it thinks. The window is the one
`base_clusters` recorded in `clustering_runs`: publishing never recomputes it.

The window's conversations arrive as a `FactTable`: columns of int32 codes, one row per conversation
in conversation id order, so that a conversation's code is its row. User ids are ranked in DuckDB
(`dense_rank`), and neither they nor conversation ids ever become Python strings; clusters, days and
facet values are coded per chunk from the chunk's few distinct values. About 30 bytes a conversation.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from clio_pipeline.clustering.cluster_window import ClusterWindow, require_cluster_window
from clio_pipeline.privacy.members import CODE, Codebook
from clio_pipeline.warehouse import connect

CHUNK_ROWS = 50_000
FACETS = ("language", "task", "concerning_score")
MISSING_VALUE = "unknown"


def facet_value(raw: object) -> str:
    """The published value of a facet: its text, or MISSING_VALUE when it has none."""
    return MISSING_VALUE if raw is None or raw == "" else str(raw)


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

    For callers that build inputs by hand (tests, benches): `PublishInputs` turns a list of these into
    a `FactTable`. No text is held.
    """

    conversation_id: str
    cluster_id: str
    user_id: str
    day: date
    language: str | None
    task: str | None
    concerning_score: int | None


@dataclass(frozen=True)
class FactTable:
    """The window's conversations as code columns; row i is conversation code i (private).

    `cluster`, `day` and each facet's codes index `cluster_ids`, `days` and the facet's published
    values (`facet_value`: a missing value is MISSING_VALUE); `user` holds dense user codes;
    `score` is the concerning score where `scored`, else 0.
    """

    cluster: np.ndarray
    cluster_ids: list[str]
    user: np.ndarray
    day: np.ndarray
    days: list[date]
    facets: dict[str, tuple[np.ndarray, list[str]]]
    score: np.ndarray
    scored: np.ndarray

    def __len__(self) -> int:
        return len(self.cluster)

    @classmethod
    def from_facts(cls, facts: Iterable[ConversationFact]) -> FactTable:
        """The table of hand-built facts (the last fact of a conversation id wins, as in a dict)."""
        rows = sorted({f.conversation_id: f for f in facts}.values(), key=lambda f: f.conversation_id)
        books = _Books()

        def codes(values: Iterable[Hashable], book: Codebook) -> np.ndarray:
            return np.fromiter((book.code(v) for v in values), dtype=CODE, count=len(rows))

        scores = [f.concerning_score for f in rows]
        return books.table(
            [codes((f.cluster_id for f in rows), books.cluster)], [codes((f.user_id for f in rows), Codebook())],
            [codes((f.day for f in rows), books.day)],
            {facet: [codes((facet_value(getattr(f, facet)) for f in rows), books.facets[facet])] for facet in FACETS},
            [np.array([0 if s is None else int(s) for s in scores], dtype=np.int64)],
            [np.array([s is not None for s in scores], dtype=bool)],
        )


class _Books:
    """The codebooks of one table's small columns."""

    def __init__(self) -> None:
        self.cluster, self.day = Codebook(), Codebook()
        self.facets = {facet: Codebook() for facet in FACETS}

    def table(self, cluster: list, user: list, day: list, facets: dict[str, list], score: list,
              scored: list) -> FactTable:
        def joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
            return np.concatenate(parts).astype(dtype, copy=False) if parts else np.empty(0, dtype=dtype)

        return FactTable(
            joined(cluster, CODE), list(self.cluster.values), joined(user, CODE),  # type: ignore[arg-type]
            joined(day, CODE), list(self.day.values),  # type: ignore[arg-type]
            {f: (joined(facets[f], CODE), list(self.facets[f].values)) for f in FACETS},  # type: ignore[misc]
            joined(score, np.int64), joined(scored, bool),
        )


@dataclass(frozen=True)
class PublishInputs:
    """Everything `build_published_tables` needs for one partition (`conversations`: a FactTable, or a
    list of ConversationFact, coded on construction)."""

    partition_date: date
    clusters: list[ClusterRow]
    conversations: FactTable
    window: ClusterWindow  # the days clustered: trends and growth cover exactly these

    def __post_init__(self) -> None:
        if not isinstance(self.conversations, FactTable):
            object.__setattr__(self, "conversations", FactTable.from_facts(self.conversations))


_CLUSTERS_SQL = """
SELECT cluster_id, level, parent_id, coalesce(name, ''), coalesce(description, ''), centroid
FROM clusters WHERE partition_date = ? ORDER BY level DESC, cluster_id
"""

# Base-level assignments only (parents get their conversations from their subtree); one facet row per
# conversation, the newest, in case a conversation was described more than once. Rows in conversation
# id order (a conversation's code is its row); users as dense ranks of their ids.
_CONVERSATIONS_SQL = """
WITH facet AS (
    SELECT conversation_id, language, task, concerning_score
    FROM facets
    WHERE partition_date BETWEEN $start AND $end
    QUALIFY row_number() OVER (PARTITION BY conversation_id ORDER BY partition_date DESC) = 1
)
SELECT a.cluster_id, dense_rank() OVER (ORDER BY c.user_id) - 1 AS user_code, c.partition_date,
       f.language, f.task, f.concerning_score
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
    return PublishInputs(partition_date, clusters, _fact_table(reader), window)


def _fact_table(batches: Iterable[pa.RecordBatch]) -> FactTable:
    """The code columns of the conversation query's chunks."""
    books = _Books()
    cluster, user, day, score, scored = [], [], [], [], []
    facets: dict[str, list[np.ndarray]] = {facet: [] for facet in FACETS}
    for batch in batches:
        cluster.append(_encode(batch.column(0), books.cluster, str))
        user.append(batch.column(1).to_numpy().astype(CODE))
        day.append(_encode(batch.column(2), books.day, lambda d: d))
        for k, facet in enumerate(FACETS):
            # The score's published value is its integer's text, as `int(score)` would print it.
            key = facet_value if facet != "concerning_score" else lambda v: facet_value(None if v is None else int(v))
            facets[facet].append(_encode(batch.column(3 + k), books.facets[facet], key))
        raw = batch.column(5)
        score.append(pc.fill_null(raw, 0).to_numpy().astype(np.int64))
        scored.append(raw.is_valid().to_numpy(zero_copy_only=False))
    return books.table(cluster, user, day, facets, score, scored)


def _encode(column: pa.Array, book: Codebook, key: Callable[[object], Hashable]) -> np.ndarray:
    """Codes of one chunk's column in `book`, through the chunk's dictionary of distinct values."""
    encoded = pc.dictionary_encode(column)
    distinct = [book.code(key(v)) for v in encoded.dictionary.to_pylist()]
    indices = encoded.indices
    if indices.null_count:
        distinct.append(book.code(key(None)))
        indices = indices.fill_null(len(distinct) - 1)
    return np.asarray(distinct, dtype=CODE)[indices.to_numpy()] if distinct else np.empty(0, dtype=CODE)


def load_publish_inputs(warehouse: str | Path, partition_date: date) -> PublishInputs:
    """Open the warehouse read-only, read the partition's inputs, close it."""
    with connect(warehouse, read_only=True) as con:
        return read_publish_inputs(con, partition_date)
