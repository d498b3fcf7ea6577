"""Structural invariants of a cluster tree, as human-readable violations (future Dagster asset checks).

The checks are deliberately independent of how the tree was built, so that they catch a broken
builder as well as a broken hand-edit: they only look at ids, levels, parent links and member sets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from clio_pipeline.hierarchy.tree import TreeNode

_NORM_TOLERANCE = 1e-3


def check_invariants(nodes: Sequence[TreeNode], *, users: Mapping[str, str] | None = None) -> list[str]:
    """Every violation of the tree invariants in `nodes` (base and parents); an empty list means OK.

    Checked: unique ids; base clusters at level 0 and contiguous levels; every parent link points to
    an existing node exactly one level up; roots only on the top level and the top level has no parent;
    no cycles, so every base cluster has exactly one path to a root; no empty parents; children of a
    parent are disjoint and their conversations add up exactly to the parent's; `n_users` is the number
    of distinct users (exactly when `users` is given, otherwise bounded by the children's counts);
    centroids are finite and unit length.
    """
    violations: list[str] = []
    by_id: dict[str, TreeNode] = {}
    for node in nodes:
        if node.cluster_id in by_id:
            violations.append(f"duplicate cluster id {node.cluster_id}")
        by_id[node.cluster_id] = node
    if not by_id:
        return violations

    levels = sorted({node.level for node in by_id.values()})
    if levels[0] != 0:
        violations.append(f"lowest level is {levels[0]}, expected base level 0")
    if levels != list(range(levels[0], levels[-1] + 1)):
        violations.append(f"levels are not contiguous: {levels}")
    top = levels[-1]

    children: dict[str, list[TreeNode]] = defaultdict(list)
    for node in by_id.values():
        violations.extend(_link_violations(node, by_id, top))
        if node.parent_id is not None and node.parent_id in by_id:
            children[node.parent_id].append(node)

    violations.extend(_cycle_violations(by_id))
    for node in by_id.values():
        violations.extend(_roll_up_violations(node, children.get(node.cluster_id, []), users))
        violations.extend(_centroid_violations(node))
    return violations


def _link_violations(node: TreeNode, by_id: Mapping[str, TreeNode], top: int) -> list[str]:
    if node.parent_id is None:
        if node.level != top:
            return [f"{node.cluster_id} (level {node.level}) has no parent but is below the top level {top}"]
        return []
    if node.level == top:
        return [f"{node.cluster_id} is on the top level {top} but has parent {node.parent_id}"]
    parent = by_id.get(node.parent_id)
    if parent is None:
        return [f"{node.cluster_id} points to missing parent {node.parent_id}"]
    if parent.level != node.level + 1:
        return [
            f"{node.cluster_id} (level {node.level}) has parent {parent.cluster_id} on level {parent.level}, "
            f"expected level {node.level + 1}"
        ]
    return []


def _cycle_violations(by_id: Mapping[str, TreeNode]) -> list[str]:
    """Walk up from every node; a walk longer than the node count, or revisiting a node, is a cycle."""
    violations: list[str] = []
    reported: set[frozenset[str]] = set()
    for start in by_id.values():
        seen: list[str] = []
        current: TreeNode | None = start
        while current is not None and current.parent_id is not None:
            if current.cluster_id in seen:
                cycle = frozenset(seen[seen.index(current.cluster_id) :])
                if cycle not in reported:
                    reported.add(cycle)
                    violations.append(f"cycle through {sorted(cycle)}")
                break
            seen.append(current.cluster_id)
            current = by_id.get(current.parent_id)
    return violations


def _roll_up_violations(
    node: TreeNode, kids: Sequence[TreeNode], users: Mapping[str, str] | None
) -> list[str]:
    violations: list[str] = []
    if node.level == 0:
        if kids:
            violations.append(f"base cluster {node.cluster_id} has children")
        if node.n_conversations == 0:
            violations.append(f"base cluster {node.cluster_id} has no conversations")
    elif not kids:
        return [f"empty parent {node.cluster_id}: no children"]
    if users is not None:
        distinct = len({users.get(c, f"<unknown:{c}>") for c in node.conversation_ids})
        if distinct != node.n_users:
            violations.append(f"{node.cluster_id} has n_users={node.n_users}, distinct users are {distinct}")
    if not kids:
        return violations

    total = sum(kid.n_conversations for kid in kids)
    union = frozenset().union(*(kid.conversation_ids for kid in kids))
    if total != len(union):
        violations.append(f"children of {node.cluster_id} share {total - len(union)} conversations")
    if node.n_conversations != total or union != node.conversation_ids:
        violations.append(
            f"{node.cluster_id} has {node.n_conversations} conversations, its children add up to {total}"
        )
    if users is None:
        low, high = max(kid.n_users for kid in kids), sum(kid.n_users for kid in kids)
        if not low <= node.n_users <= high:
            violations.append(
                f"{node.cluster_id} has n_users={node.n_users}, outside its children's range [{low}, {high}]"
            )
    return violations


def _centroid_violations(node: TreeNode) -> list[str]:
    centroid = np.asarray(node.centroid, dtype=np.float64)
    if centroid.ndim != 1 or not np.all(np.isfinite(centroid)):
        return [f"{node.cluster_id} has a centroid that is not a finite vector"]
    norm = float(np.linalg.norm(centroid))
    if abs(norm - 1.0) > _NORM_TOLERANCE:
        return [f"{node.cluster_id} has a centroid of norm {norm:.4f}, expected 1"]
    return []
