"""Reading a finished run back: the last partition's window, its tree, and the facets, joined to truth.

One short read-only connection per read (the warehouse rule), and nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from clio_pipeline.warehouse import connect


@dataclass(frozen=True)
class WindowRows:
    """The window clustered by one partition, as parallel lists."""

    partition_date: date | None
    conversation_ids: list[str]
    base_cluster_ids: list[str]
    root_cluster_ids: list[str]  # each base cluster's top-level ancestor (itself when it has no parent)


@dataclass(frozen=True)
class FacetRows:
    conversation_ids: list[str]
    languages: list[str]
    concerning_scores: list[int]


def root_of(parents: dict[str, str | None], cluster_id: str) -> str:
    """Follow the parent chain to the top; a cycle (an invariant violation) stops where it closes."""
    seen = {cluster_id}
    while (parent := parents.get(cluster_id)) is not None and parent not in seen:
        seen.add(parent)
        cluster_id = parent
    return cluster_id


def read_window(warehouse: Path, partition_date: date | None = None) -> WindowRows:
    """Assignments of one partition (default: the last one) with each base cluster's root."""
    with connect(warehouse, read_only=True) as con:
        if partition_date is None:
            partition_date = con.execute("SELECT max(partition_date) FROM cluster_assignments").fetchone()[0]
        rows = con.execute(
            "SELECT conversation_id, cluster_id FROM cluster_assignments WHERE partition_date = ? "
            "ORDER BY conversation_id",
            [partition_date],
        ).fetchall()
        parents = dict(
            con.execute("SELECT cluster_id, parent_id FROM clusters WHERE partition_date = ?", [partition_date]).fetchall()
        )
    return WindowRows(
        partition_date=partition_date,
        conversation_ids=[r[0] for r in rows],
        base_cluster_ids=[r[1] for r in rows],
        root_cluster_ids=[root_of(parents, r[1]) for r in rows],
    )


def read_facets(warehouse: Path) -> FacetRows:
    """Language and concerning score of every conversation with facets that did not fail."""
    with connect(warehouse, read_only=True) as con:
        rows = con.execute(
            "SELECT conversation_id, language, concerning_score FROM facets WHERE NOT failed ORDER BY conversation_id"
        ).fetchall()
    return FacetRows([r[0] for r in rows], [r[1] for r in rows], [int(r[2]) for r in rows])


def count_window_levels(warehouse: Path, partition_date: date) -> dict[int, int]:
    """Clusters per hierarchy level of one partition (level -> count)."""
    with connect(warehouse, read_only=True) as con:
        rows = con.execute(
            "SELECT level, count(*) FROM clusters WHERE partition_date = ? GROUP BY level ORDER BY level", [partition_date]
        ).fetchall()
    return {int(level): int(n) for level, n in rows}
