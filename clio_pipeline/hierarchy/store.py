"""Reading a partition's base clusters as tree nodes and writing the levels above them."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa

from clio_pipeline.clustering.cluster_window import read_cluster_window
from clio_pipeline.hierarchy.texts import CHUNK_ROWS, MappingSummaries, Summaries, WarehouseSummaries
from clio_pipeline.hierarchy.tree import TreeNode
from clio_pipeline.warehouse import connect


@dataclass(frozen=True)
class BaseLevel:
    nodes: list[TreeNode]
    summaries: Summaries  # the members' summaries, read from the warehouse when needed, never all at once
    users: dict[str, str]  # conversation_id -> pseudonymous user id
    naming_backend: str


def read_base_level(db_path: str | Path, day: date) -> BaseLevel:
    """The day's level-0 clusters with their members, in one short read-only connection.

    Members are joined to the conversations and facets of the window the clustering recorded, so
    only those days are read (a day never clustered has no base clusters: an empty level). The members
    are read a chunk at a time and their summaries are not read at all: `summaries` fetches the few the
    naming samples and streams the word rule (`texts.WarehouseSummaries`).
    """
    by_cluster: dict[str, set[str]] = defaultdict(set)
    users: dict[str, str] = {}
    blank: set[str] = set()
    with connect(db_path, read_only=True) as con:
        window = read_cluster_window(con, day)
        if window is None:
            return BaseLevel([], MappingSummaries({}, {}), {}, "offline")
        clusters = con.execute(
            "SELECT cluster_id, name, description, n_users, centroid, naming_backend FROM clusters "
            "WHERE partition_date = ? AND level = 0 ORDER BY cluster_id",
            [day],
        ).fetchall()
        reader = con.sql(
            """
            SELECT a.cluster_id, a.conversation_id, c.user_id, coalesce(f.summary_en, '') = '' AS blank
            FROM cluster_assignments a
            JOIN conversations c ON c.conversation_id = a.conversation_id
                AND c.partition_date BETWEEN $start AND $end
            JOIN facets f ON f.conversation_id = a.conversation_id
                AND f.partition_date BETWEEN $start AND $end
            WHERE a.partition_date = $d
            """,
            params={"d": day, "start": window.start, "end": window.end},
        ).to_arrow_reader(CHUNK_ROWS)
        for batch in reader:
            columns = [batch.column(i).to_pylist() for i in range(4)]
            for cluster_id, conversation_id, user_id, empty in zip(*columns, strict=True):
                by_cluster[cluster_id].add(conversation_id)
                # A user's many conversations share one string.
                users[conversation_id] = user_id if user_id is None else sys.intern(user_id)
                if empty:
                    blank.add(conversation_id)
                else:
                    blank.discard(conversation_id)
    nodes = [
        TreeNode(
            cluster_id=cid, level=0, parent_id=None, name=name, description=description,
            centroid=np.asarray(centroid, dtype=np.float32),
            conversation_ids=frozenset(by_cluster.pop(cid, ())),
            n_users=int(n_users),
        )
        for cid, name, description, n_users, centroid, _ in clusters
    ]
    backend = clusters[0][5] if clusters else "offline"
    summaries = WarehouseSummaries(db_path, day, window.start, window.end, frozenset(blank))
    return BaseLevel(nodes, summaries, users, backend)


def write_hierarchy(db_path: str | Path, day: date, tree: Sequence[TreeNode], naming_backend: str,
                    fingerprint: str | None = None) -> int:
    """Replace the day's levels >= 1 and set the parents of its base clusters; returns new parent count.

    `fingerprint`: what the tree was built from (`clustering.fingerprint.hierarchy_fingerprint`), stored in
    the same transaction so that a re-run finds it only with the tree it describes."""
    parents = [n for n in tree if n.level > 0]
    table = pa.Table.from_pylist(
        [
            {
                "partition_date": day, "cluster_id": n.cluster_id, "level": n.level, "parent_id": n.parent_id,
                "name": n.name, "description": n.description, "n_conversations": n.n_conversations,
                "n_users": n.n_users, "centroid": np.asarray(n.centroid, np.float32).tolist(),
                "naming_backend": naming_backend,
            }
            for n in parents
        ],
        schema=pa.schema([
            ("partition_date", pa.date32()), ("cluster_id", pa.string()), ("level", pa.int32()),
            ("parent_id", pa.string()), ("name", pa.string()), ("description", pa.string()),
            ("n_conversations", pa.int64()), ("n_users", pa.int64()), ("centroid", pa.list_(pa.float32())),
            ("naming_backend", pa.string()),
        ]),
    )
    base_parents = pa.table({
        "cluster_id": pa.array([n.cluster_id for n in tree if n.level == 0], pa.string()),
        "parent_id": pa.array([n.parent_id for n in tree if n.level == 0], pa.string()),
    })
    with connect(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM clusters WHERE partition_date = ? AND level > 0", [day])
            con.register("new_levels", table)
            con.register("base_parents", base_parents)
            con.execute("INSERT INTO clusters BY NAME SELECT * FROM new_levels")
            con.execute(
                "UPDATE clusters SET parent_id = b.parent_id FROM base_parents b "
                "WHERE clusters.partition_date = ? AND clusters.level = 0 AND clusters.cluster_id = b.cluster_id",
                [day],
            )
            con.execute("UPDATE clustering_runs SET hierarchy_fingerprint = ? WHERE partition_date = ?",
                        [fingerprint, day])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return len(parents)


def read_tree(db_path: str | Path, day: date) -> list[TreeNode]:
    """The stored tree of a partition (every level), with members rolled up from the assignments."""
    base = read_base_level(db_path, day)
    with connect(db_path, read_only=True) as con:
        rows = con.execute(
            "SELECT cluster_id, level, parent_id, name, description, n_conversations, n_users, centroid "
            "FROM clusters WHERE partition_date = ? ORDER BY level, cluster_id",
            [day],
        ).fetchall()
    children: dict[str, list[str]] = defaultdict(list)
    for cid, _level, parent, *_ in rows:
        if parent:
            children[parent].append(cid)
    # Members of a parent are the union of its children's members, computed bottom-up (rows are by level).
    members = {n.cluster_id: n.conversation_ids for n in base.nodes}
    for cid, level, *_ in rows:
        if level > 0:
            members[cid] = frozenset().union(*(members.get(c, frozenset()) for c in children[cid]))
    return [
        TreeNode(cid, level, parent, name, description, np.asarray(centroid, np.float32),
                 members.get(cid, frozenset()), int(n_users))
        for cid, level, parent, name, description, _n, n_users, centroid in rows
    ]


def stored_count_mismatches(db_path: str | Path, day: date) -> list[str]:
    """Stored counts that do not roll up: base vs its assignments, parents vs the sum of their children."""
    with connect(db_path, read_only=True) as con:
        rows = con.execute(
            """
            WITH kids AS (
                SELECT parent_id, sum(n_conversations) AS total FROM clusters
                WHERE partition_date = $d AND parent_id IS NOT NULL GROUP BY parent_id
            ), members AS (
                SELECT cluster_id, count(*) AS total FROM cluster_assignments WHERE partition_date = $d GROUP BY cluster_id
            )
            SELECT c.cluster_id, c.n_conversations, coalesce(k.total, m.total, 0) AS expected
            FROM clusters c
            LEFT JOIN kids k ON c.level > 0 AND k.parent_id = c.cluster_id
            LEFT JOIN members m ON c.level = 0 AND m.cluster_id = c.cluster_id
            WHERE c.partition_date = $d AND c.n_conversations <> coalesce(k.total, m.total, 0)
            """,
            {"d": day},
        ).fetchall()
    return [f"{cid}: stored {n} conversations, children/members add up to {expected}" for cid, n, expected in rows]
