"""The cluster tree's node record, the per-level size schedule, and parent roll-up.

Level 0 holds the base clusters of a window (FAISS k-means); levels 1..L-1 are built above them by
`offline.build_hierarchy_offline` or `llm_backend.build_hierarchy_llm`. Every node carries the exact
set of its conversations, so the counts of a parent are recomputed from that set rather than summed:
a user who talks about two child topics is one user of the parent, not two.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True, eq=False)
class TreeNode:
    """One cluster of the hierarchy (a base cluster at level 0, a parent above).

    `centroid` is float32 and L2-normalised: for a base cluster the mean of its members' embeddings,
    for a parent the size-weighted mean of its children's centroids, renormalised. Frozen so that a
    node handed to another stage cannot change under it; builders return updated copies instead.
    """

    cluster_id: str
    level: int
    parent_id: str | None
    name: str
    description: str
    centroid: np.ndarray = field(repr=False)
    conversation_ids: frozenset[str] = field(repr=False)
    n_users: int

    @property
    def n_conversations(self) -> int:
        return len(self.conversation_ids)


class HierarchyError(RuntimeError):
    """The tree could not be built without losing or inventing data (raised, never swallowed)."""


def cluster_id_for(id_prefix: str, level: int, index: int) -> str:
    """The stable id of the `index`-th cluster of `level` in the partition named by `id_prefix`."""
    return f"{id_prefix}-L{level}-{index:04d}"


def normalise(vector: np.ndarray) -> np.ndarray:
    """`vector` as float32 with unit L2 norm (a zero vector stays zero rather than becoming NaN)."""
    vector = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def count_users(conversation_ids: frozenset[str], users: Mapping[str, str]) -> int:
    """Distinct users of `conversation_ids`; a conversation without a known user is an input error."""
    missing = [c for c in conversation_ids if c not in users]
    if missing:
        raise HierarchyError(f"{len(missing)} conversations have no user id, e.g. {sorted(missing)[:3]}")
    return len({users[c] for c in conversation_ids})


def meets_thresholds(
    children: Sequence[TreeNode], users: Mapping[str, str], *, min_users: int, min_conversations: int
) -> bool:
    """True when a parent over `children` would pass both publication thresholds."""
    conversation_ids = frozenset().union(*(child.conversation_ids for child in children))
    return len(conversation_ids) >= min_conversations and count_users(conversation_ids, users) >= min_users


def roll_up_parent(
    children: Sequence[TreeNode],
    *,
    cluster_id: str,
    level: int,
    users: Mapping[str, str],
    name: str = "",
    description: str = "",
) -> TreeNode:
    """A parent over `children`: union of conversations, distinct users, size-weighted centroid."""
    if not children:
        raise HierarchyError(f"parent {cluster_id} would have no children")
    conversation_ids = frozenset().union(*(child.conversation_ids for child in children))
    weights = np.array([child.n_conversations for child in children], dtype=np.float64)
    stacked = np.stack([np.asarray(child.centroid, dtype=np.float64) for child in children])
    # A parent of empty children would divide by zero; equal weights keep the centroid defined.
    weights = weights if weights.sum() > 0 else np.ones_like(weights)
    centroid = normalise((stacked * weights[:, None]).sum(axis=0) / weights.sum())
    return TreeNode(
        cluster_id=cluster_id,
        level=level,
        parent_id=None,
        name=name,
        description=description,
        centroid=centroid,
        conversation_ids=conversation_ids,
        n_users=count_users(conversation_ids, users),
    )


def level_sizes(n_base: int, *, top_size: int = 10, n_levels: int | None = None) -> list[int]:
    """Sizes of the levels above the base, from level 1 to the top level.

    `n_levels` counts every level including the base, so the result has `n_levels - 1` entries and
    consecutive levels shrink by the same ratio `(n_top / n_base) ** (1 / (n_levels - 1))`.

    - By default the number of levels is the largest that keeps every step shrinking by at least 3x
      (at least one level above the base).
    - No step may shrink by less than 2x (fewer than two children per parent on average would add a
      level that groups nothing); a requested `n_levels` that would need this is reduced.
    - When `n_base <= top_size` the base is already small: one level of about `sqrt(n_base)` parents,
      at most `n_base // 2`. When `n_base < 2 * top_size` the top is lowered to `n_base // 2`.
    - `n_base <= 1` needs no hierarchy: the single base cluster is the root, the result is empty.
    """
    if n_base < 0 or top_size < 1:
        raise ValueError(f"need n_base >= 0 and top_size >= 1, got {n_base=} {top_size=}")
    if n_levels is not None and n_levels < 1:
        raise ValueError(f"n_levels counts the base level too and must be >= 1, got {n_levels}")
    if n_base <= 1 or n_levels == 1:
        return []
    if n_base <= top_size:
        return [max(1, min(n_base // 2, round(math.sqrt(n_base))))]
    top = min(top_size, n_base // 2)
    shrink = n_base / top
    max_steps = max(1, math.floor(math.log(shrink, 2) + 1e-9))
    wanted_steps = max(1, math.floor(math.log(shrink, 3) + 1e-9)) if n_levels is None else n_levels - 1
    steps = min(wanted_steps, max_steps)
    ratio = shrink ** (1.0 / steps)
    sizes: list[int] = []
    previous = n_base
    for step in range(1, steps + 1):
        size = top if step == steps else round(n_base / ratio**step)
        # Rounding must not break "at least two children per parent" nor leave room below the top.
        size = max(top, min(size, previous // 2))
        sizes.append(size)
        previous = size
    return sizes
