"""Reading a trailing window of embedded conversations and writing its base clusters."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pyarrow as pa

from clio_pipeline.clustering.cluster_window import ClusterWindow
from clio_pipeline.clustering.contrast import cluster_members
from clio_pipeline.clustering.kmeans import KMeansResult, KSelection
from clio_pipeline.clustering.naming import ClusterLabel
from clio_pipeline.clustering.stream import (  # noqa: F401 (MixedEmbeddingModelsError: re-exported, its old home)
    MixedEmbeddingModelsError,
    StreamedWindow,
    UserIds,
    window_model,
)
from clio_pipeline.embeddings.language_neutral import center_by_language
from clio_pipeline.warehouse import connect


@dataclass(frozen=True)
class WindowData:
    """Everything clustering needs about the window's conversations, aligned by position."""

    conversation_ids: list[str]
    user_ids: list[str]
    summaries: list[str]
    vectors: np.ndarray  # (n, d) float32, L2-normalised
    languages: list[str] = field(default_factory=list)  # language facet ("und" when unknown); may be empty

    def __len__(self) -> int:
        return len(self.conversation_ids)

    def ids_vectors(self) -> dict[str, np.ndarray]:
        """Each conversation's vector, by conversation id."""
        return dict(zip(self.conversation_ids, self.vectors))

    def language_neutral(self) -> WindowData:
        """The window with each language's mean over the whole window replaced by the overall mean.

        Estimated here, over the window being clustered, rather than per daily partition: every vector
        clustered together is centered with the same means, and consecutive windows share all but one
        day, so the same conversation moves little from one day's clustering to the next.
        """
        if not len(self):
            return self
        if len(self.languages) != len(self):
            raise ValueError(f"{len(self)} conversations but {len(self.languages)} languages: read the window with"
                             " read_window to center it")
        return replace(self, vectors=center_by_language(self.vectors, self.languages))


def read_window(db_path: str | Path, start: date, end: date, model: str | None = None) -> WindowData:
    """The embedded conversations with partition dates in [start, end], ordered for determinism.

    All of them must carry one embedding model id: `model` when given, else the newest day's. A window
    that mixes models raises `MixedEmbeddingModelsError` naming the days to re-embed.
    """
    with connect(db_path, read_only=True) as con:
        expected = window_model(con, start, end, model)
        table = con.sql(
            """
            SELECT e.conversation_id, c.user_id, f.summary_en AS summary, e.embedding,
                   coalesce(nullif(f.language, ''), 'und') AS language
            FROM embeddings e
            JOIN facets f USING (conversation_id, partition_date)
            JOIN conversations c USING (conversation_id, partition_date)
            WHERE e.partition_date BETWEEN $start AND $end AND e.model = $model
            ORDER BY e.partition_date, e.conversation_id
            """,
            params={"start": start, "end": end, "model": expected or ""},
        ).to_arrow_table()
    n = table.num_rows
    column = table.column("embedding").combine_chunks()
    vectors = column.values.to_numpy(zero_copy_only=False).astype(np.float32).reshape(n, -1) if n else np.zeros((0, 0), np.float32)
    return WindowData(
        conversation_ids=table.column("conversation_id").to_pylist(),
        user_ids=table.column("user_id").to_pylist(),
        summaries=table.column("summary").to_pylist(),
        vectors=vectors,
        languages=table.column("language").to_pylist(),
    )


def base_cluster_id(day: date, index: int) -> str:
    """Stable ids, unique across partitions: <yyyymmdd>-L0-<nnnn>."""
    return f"{day:%Y%m%d}-L0-{index:04d}"


def write_base_clusters(
    db_path: str | Path,
    day: date,
    cluster_window: ClusterWindow,
    window: WindowData | StreamedWindow,
    result: KMeansResult,
    labels_by_cluster: Mapping[int, ClusterLabel],
    selection: KSelection,
    *,
    seed: int,
    naming_backend: str,
    input_fingerprint: str | None = None,
) -> list[dict]:
    """Replace the day's assignments, all its clusters (the hierarchy is rebuilt downstream) and its
    `clustering_runs` row: the window every later stage reads, how k was chosen, and what the clusters
    were made from (`input_fingerprint`, `clustering.fingerprint`; the hierarchy's is cleared).

    Returns the written base clusters (without centroids) for metadata.
    """
    if cluster_window.end != day:
        raise ValueError(f"window {cluster_window.start}..{cluster_window.end} does not end on partition {day}")
    present, positions = np.unique(np.asarray(result.labels, dtype=np.int64), return_inverse=True)
    present = [int(label) for label in present]
    index_of = {label: i for i, label in enumerate(present)}
    # A dictionary array: one id string per cluster, not one per conversation (a million at scale).
    cluster_ids = pa.DictionaryArray.from_arrays(
        pa.array(positions.astype(np.int32)), pa.array([base_cluster_id(day, i) for i in range(len(present))])
    ).cast(pa.string())
    assignments = pa.table(
        {
            "partition_date": pa.repeat(pa.scalar(day, pa.date32()), len(window)),
            "conversation_id": pa.array(window.conversation_ids, pa.string()),
            "cluster_id": cluster_ids,
            "distance": pa.array(result.distances.astype(np.float32), pa.float32()),
        }
    )
    rows = []
    members_of = cluster_members(result.labels)
    for label in present:
        members = members_of[label]
        naming = labels_by_cluster[label]
        rows.append(
            {
                "partition_date": day,
                "cluster_id": base_cluster_id(day, index_of[label]),
                "level": 0,
                "parent_id": None,
                "name": naming.name,
                "description": naming.description,
                "n_conversations": len(members),
                "n_users": _distinct_users(window.user_ids, members),
                "centroid": result.centroids[label].astype(np.float32).tolist(),
                "naming_backend": naming_backend,
            }
        )
    clusters = pa.Table.from_pylist(rows, schema=_CLUSTER_SCHEMA)
    with connect(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for table in ("cluster_assignments", "clusters", "clustering_runs"):
                con.execute(f"DELETE FROM {table} WHERE partition_date = ?", [day])
            con.register("new_assignments", assignments)
            con.register("new_clusters", clusters)
            con.execute("INSERT INTO cluster_assignments BY NAME SELECT * FROM new_assignments")
            con.execute("INSERT INTO clusters BY NAME SELECT * FROM new_clusters")
            con.execute(
                "INSERT INTO clustering_runs (partition_date, window_start, window_end, n_conversations, k, "
                "k_method, k_candidates, seed, created_at, window_days, data_start, k_reason, input_fingerprint) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [day, cluster_window.start, cluster_window.end, len(window), selection.k, selection.method,
                 json.dumps(selection.candidates), seed, datetime.now(timezone.utc), cluster_window.nominal_days,
                 cluster_window.data_start, selection.reason, input_fingerprint],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return [{k: v for k, v in row.items() if k != "centroid"} for row in rows]


def _distinct_users(user_ids: Sequence[str] | UserIds, members: np.ndarray) -> int:
    if isinstance(user_ids, UserIds):
        return len(np.unique(user_ids.codes[members]))
    return len({user_ids[i] for i in members})


_CLUSTER_SCHEMA = pa.schema(
    [
        ("partition_date", pa.date32()), ("cluster_id", pa.string()), ("level", pa.int32()),
        ("parent_id", pa.string()), ("name", pa.string()), ("description", pa.string()),
        ("n_conversations", pa.int64()), ("n_users", pa.int64()), ("centroid", pa.list_(pa.float32())),
        ("naming_backend", pa.string()),
    ]
)
