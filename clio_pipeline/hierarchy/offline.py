"""Offline hierarchy backend: group centroids level by level, name parents for the phrases their children share.

No model is called, so the result depends only on the input and the seed. Each level above the base
partitions the level below into `level_sizes(...)` groups (see `grouping.py`), rolls counts up from
the exact member sets, and names the new parents against their siblings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from clio_pipeline.hierarchy.grouping import (
    GroupingMethod,
    fold_small_groups,
    group_centroids,
    renumber_by_weight,
)
from clio_pipeline.hierarchy.naming import NamePrivacy, name_parents_offline
from clio_pipeline.hierarchy.texts import Summaries
from clio_pipeline.hierarchy.tree import (
    HierarchyError,
    TreeNode,
    cluster_id_for,
    level_sizes,
    meets_thresholds,
    roll_up_parent,
)


def validate_base(base: Sequence[TreeNode], users: Mapping[str, str]) -> None:
    """Fail loudly on input the tree cannot be built from: wrong level, shared or unknown members."""
    seen_ids: set[str] = set()
    seen_conversations: set[str] = set()
    for node in base:
        if node.level != 0:
            raise HierarchyError(f"base cluster {node.cluster_id} is on level {node.level}, expected 0")
        if node.cluster_id in seen_ids:
            raise HierarchyError(f"duplicate base cluster id {node.cluster_id}")
        if not node.conversation_ids:
            raise HierarchyError(f"base cluster {node.cluster_id} has no conversations")
        shared = seen_conversations & node.conversation_ids
        if shared:
            raise HierarchyError(f"conversations in more than one base cluster, e.g. {sorted(shared)[:3]}")
        unknown = [c for c in node.conversation_ids if c not in users]
        if unknown:
            raise HierarchyError(f"conversations without a user id, e.g. {sorted(unknown)[:3]}")
        seen_ids.add(node.cluster_id)
        seen_conversations |= node.conversation_ids


def conversation_embeddings(base: Sequence[TreeNode]) -> dict[str, np.ndarray]:
    """Each conversation's stand-in embedding: the centroid of its base cluster (shared, not copied)."""
    return {c: node.centroid for node in base for c in node.conversation_ids}


def build_hierarchy_offline(
    base: Sequence[TreeNode],
    *,
    summaries: Summaries | Mapping[str, str],
    users: Mapping[str, str],
    min_users: int,
    min_conversations: int = 0,
    top_size: int = 10,
    n_levels: int | None = None,
    id_prefix: str,
    seed: int = 0,
    method: GroupingMethod = "ward",
    encode: Callable[[list[str]], np.ndarray] | None = None,
) -> list[TreeNode]:
    """The whole tree: copies of the base clusters with `parent_id` set, then every new level.

    Returning base and parents together means the result is exactly what `check_invariants` checks
    and what the `hierarchy` table stores; the input nodes are not modified. Nodes are ordered by
    level, then id. `n_levels` counts the base level (see `level_sizes`). `encode`: the pipeline's embedder,
    with which parent names are chosen to land nearest their own centroid (`naming.name_parents_offline`).
    With `min_conversations`, a parent that would fail the publication thresholds is folded into its
    nearest sibling (`grouping.fold_small_groups`).
    """
    validate_base(base, users)
    if not base:
        return []
    privacy = NamePrivacy(summaries, users, min_users)
    doc_cache: dict = {}  # summaries cut into phrases, shared by the levels (one rule for the whole tree)
    finished: list[TreeNode] = []
    current = sorted(base, key=lambda node: node.cluster_id)
    sizes = level_sizes(len(current), top_size=top_size, n_levels=n_levels)
    for level, size in enumerate(sizes, start=1):
        centroids = np.stack([np.asarray(node.centroid, dtype=np.float32) for node in current])
        weights = np.array([node.n_conversations for node in current], dtype=np.float64)
        groups = group_centroids(centroids, weights, size, method=method, seed=seed + level)
        if min_conversations:
            groups = renumber_by_weight(fold_small_groups(
                groups, centroids, weights,
                lambda rows, children=current: meets_thresholds([children[int(r)] for r in rows], users, min_users=min_users,
                                              min_conversations=min_conversations)), weights)
        parents = [
            roll_up_parent(
                [child for child, group in zip(current, groups, strict=True) if group == index],
                cluster_id=cluster_id_for(id_prefix, level, index),
                level=level,
                users=users,
            )
            for index in range(int(groups.max()) + 1)
        ]
        names = name_parents_offline(
            parents,
            children=[[child for child, group in zip(current, groups, strict=True) if group == index]
                      for index in range(len(parents))],
            summaries=summaries,
            users=users,
            min_users=min_users,
            privacy=privacy,
            encode=encode,
            doc_cache=doc_cache,
        )
        parents = [
            replace(parent, name=name, description=description)
            for parent, (name, description) in zip(parents, names, strict=True)
        ]
        finished.extend(
            replace(child, parent_id=parents[int(group)].cluster_id)
            for child, group in zip(current, groups, strict=True)
        )
        current = parents
    finished.extend(replace(node, parent_id=None) for node in current)
    return finished
