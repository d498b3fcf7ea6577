"""Aggregation thresholds for the cluster tree, with explicit "other" buckets and secondary suppression.

Rules (the analyst database may only contain groups of at least `min_users` distinct users):

1. Primary suppression. A cluster at any level is published only if it has >= `min_conversations`
   conversations AND >= `min_users` distinct users AND no two users account for more than
   `DOMINANCE_SHARE` of its conversations (the (2, 50%)-dominance rule of statistical disclosure
   control: a cluster that two heavy users make up describes those two people, however many others
   brush past it), and it was not forced out, e.g. by the privacy auditor. A suppressed cluster's
   whole subtree is suppressed with it.
2. "Other" buckets. The conversations of a published parent that no published child holds roll into an
   explicit bucket `f"{parent_id}-other"` (`is_other=True`), so that published totals add up:
   parent n = sum of published children + other. Top-level clusters that are suppressed roll into a
   root-level bucket `ROOT_OTHER_ID` in the same way (the window total is public through `share`).
3. Secondary suppression. The "other" bucket must itself meet both thresholds, because an analyst can
   always compute it by subtraction (parent - published children). If it does not, the smallest
   published siblings are merged into it, one at a time, until it does. If that would merge every
   child, the parent is published with no children breakdown at all (no children, no bucket).

Small-cell suppression for facet breakdowns and daily trends (`suppress_small_cells`) follows the same
idea inside one cluster: cells with fewer than `min_users` users are merged into an `(other)` cell,
and if that merged cell is still too small the smallest published cells join it until it is not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

# The cell rules live in `privacy.cells`; they are imported from here too.
from clio_pipeline.privacy.cells import OTHER_VALUE, Cell, CellOutcome, suppress_small_cells
from clio_pipeline.privacy.members import (
    CODE,
    Codebook,
    Members,
    count_distinct,
    difference,
    is_coded,
    top_counts,
    union,
)

ROOT_OTHER_ID = "root-other"

__all__ = [
    "OTHER_VALUE",
    "Cell",
    "CellOutcome",
    "ClusterCell",
    "PublishedNode",
    "ThresholdOutcome",
    "apply_thresholds",
    "other_bucket_id",
    "suppress_small_cells",
]

# Suppression reasons, as recorded in ThresholdOutcome.suppressed.
REASON_MIN_CONVERSATIONS = "min_conversations"
REASON_MIN_USERS = "min_users"
REASON_DOMINANCE = "dominance"
REASON_ANCESTOR = "ancestor_suppressed"
DOMINANCE_TOP_USERS = 2
DOMINANCE_SHARE = 0.5
REASON_SECONDARY = "secondary"


def other_bucket_id(parent_id: str | None) -> str:
    """Id of the "other" bucket under `parent_id` (the root bucket when `parent_id` is None)."""
    return ROOT_OTHER_ID if parent_id is None else f"{parent_id}-other"


@dataclass(frozen=True)
class ClusterCell:
    """One node of the cluster tree as seen by the thresholds.

    `conversation_ids` may be empty for a parent: a node's conversations are its own plus those of all
    its descendants, so a hierarchy built only from base-cluster assignments works as is.
    """

    cluster_id: str
    level: int
    parent_id: str | None
    conversation_ids: Members = frozenset()


@dataclass(frozen=True)
class PublishedNode:
    """A node that may be published, with the conversations it stands for (private; never published)."""

    cluster_id: str
    level: int
    parent_id: str | None
    conversation_ids: Members
    n_conversations: int
    n_users: int
    is_other: bool = False
    merged_cluster_ids: tuple[str, ...] = ()  # for an "other" bucket: the clusters rolled into it


@dataclass
class ThresholdOutcome:
    """Published nodes (real clusters and "other" buckets) and every suppressed cluster with its reason."""

    published: list[PublishedNode] = field(default_factory=list)
    suppressed: list[tuple[str, str]] = field(default_factory=list)

    def published_ids(self) -> set[str]:
        return {node.cluster_id for node in self.published}

    def suppression_reasons(self) -> dict[str, str]:
        return dict(self.suppressed)


UNKNOWN_USER = "\x00unknown-user"


def _count_users(conversation_ids: np.ndarray, user_of: np.ndarray) -> int:
    return count_distinct(user_of[conversation_ids])


def _dominated(conversation_ids: np.ndarray, user_of: np.ndarray) -> bool:
    """True when the DOMINANCE_TOP_USERS heaviest users hold more than DOMINANCE_SHARE of the conversations."""
    total = len(conversation_ids)
    top = top_counts(user_of[conversation_ids], DOMINANCE_TOP_USERS)
    return total > 0 and top > DOMINANCE_SHARE * total


class _Tree:
    """Children lists and subtree conversation sets (sorted code arrays) of the input cells."""

    def __init__(self, nodes: Iterable[ClusterCell]) -> None:
        self.nodes = {node.cluster_id: node for node in nodes}
        self.children: dict[str | None, list[str]] = defaultdict(list)
        for node in self.nodes.values():
            if node.parent_id is not None and node.parent_id not in self.nodes:
                raise ValueError(f"cluster {node.cluster_id!r} has unknown parent {node.parent_id!r}")
            self.children[node.parent_id].append(node.cluster_id)
        for ids in self.children.values():
            ids.sort()
        self._subtree: dict[str, np.ndarray] = {}

    def conversations(self, cluster_id: str) -> np.ndarray:
        if cluster_id not in self._subtree:
            # Iterative post-order: deep trees must not hit the recursion limit.
            stack = [(cluster_id, False)]
            while stack:
                current, expanded = stack.pop()
                if current in self._subtree:
                    continue
                kids = self.children.get(current, [])
                if expanded or not kids:
                    own = self.nodes[current].conversation_ids
                    parts = [own] if len(own) else []
                    self._subtree[current] = union(parts + [self._subtree[kid] for kid in kids])
                else:
                    stack.append((current, True))
                    stack.extend((kid, False) for kid in kids)
        return self._subtree[cluster_id]

    def descendants(self, cluster_id: str) -> list[str]:
        found, stack = [], list(self.children.get(cluster_id, []))
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self.children.get(current, []))
        return found


def apply_thresholds(
    nodes: Iterable[ClusterCell],
    users: Mapping[str, str] | np.ndarray,
    *,
    min_users: int,
    min_conversations: int,
    forced: Mapping[str, str] | None = None,
) -> ThresholdOutcome:
    """Decide which clusters of a tree may be published; see the module docstring for the rules.

    `users` maps conversation id -> (pseudonymous) user id. `forced` maps cluster ids to a reason for
    suppressing them whatever their size (the privacy auditor's verdict); their conversations still
    roll into "other". Deterministic: ties are broken by cluster id.

    Coded form (`privacy.members`): every node's `conversation_ids` a sorted unique int32 array and
    `users` an array of user codes indexed by conversation code; the published nodes then hold arrays
    too. Otherwise ids are coded here and the published nodes hold frozensets of ids, as given.
    """
    nodes = list(nodes)
    if is_coded(users):
        return _apply_coded(nodes, users, min_users, min_conversations, dict(forced or {}))  # type: ignore[arg-type]
    conversations, people = Codebook(), Codebook()
    coded = [replace(node, conversation_ids=conversations.members(node.conversation_ids)) for node in nodes]
    # Conversations without a known user all count as ONE user: undercounting users is the safe error,
    # since counting each as its own user could lift a small group over the threshold.
    user_of = np.fromiter((people.code(users.get(c, UNKNOWN_USER)) for c in conversations.values),  # type: ignore[union-attr]
                          dtype=CODE, count=len(conversations.values))
    outcome = _apply_coded(coded, user_of, min_users, min_conversations, dict(forced or {}))
    outcome.published = [replace(node, conversation_ids=conversations.decode(node.conversation_ids))
                         for node in outcome.published]
    return outcome


def _apply_coded(
    nodes: list[ClusterCell], user_of: np.ndarray, min_users: int, min_conversations: int, forced: dict[str, str]
) -> ThresholdOutcome:
    tree = _Tree(nodes)
    outcome = ThresholdOutcome()

    def meets(conversations: np.ndarray) -> bool:
        return (
            len(conversations) >= min_conversations
            and _count_users(conversations, user_of) >= min_users
            and not _dominated(conversations, user_of)
        )

    def suppress_subtree(cluster_id: str, reason: str) -> None:
        outcome.suppressed.append((cluster_id, reason))
        outcome.suppressed.extend((kid, REASON_ANCESTOR) for kid in tree.descendants(cluster_id))

    def node(cluster_id: str, conversations: np.ndarray) -> PublishedNode:
        cell = tree.nodes[cluster_id]
        return PublishedNode(
            cluster_id, cell.level, cell.parent_id, conversations, len(conversations),
            _count_users(conversations, user_of),
        )

    def resolve(parent_id: str | None, parent_conversations: np.ndarray) -> None:
        kids = tree.children.get(parent_id, [])
        if not kids:
            return
        candidates: list[str] = []
        merged: list[str] = []
        for kid in kids:
            conversations = tree.conversations(kid)
            reason = forced.get(kid)
            if reason is None and len(conversations) < min_conversations:
                reason = REASON_MIN_CONVERSATIONS
            elif reason is None and _count_users(conversations, user_of) < min_users:
                reason = REASON_MIN_USERS
            elif reason is None and _dominated(conversations, user_of):
                reason = REASON_DOMINANCE
            if reason is None:
                candidates.append(kid)
            else:
                suppress_subtree(kid, reason)
                merged.append(kid)

        def residual() -> np.ndarray:
            return difference(parent_conversations, union([tree.conversations(kid) for kid in candidates]))

        rest = residual()
        while len(rest) and not meets(rest) and candidates:
            # Merge the smallest published sibling: the cheapest way to make "other" big enough.
            smallest = min(candidates, key=lambda k: (len(tree.conversations(k)), k))
            candidates.remove(smallest)
            suppress_subtree(smallest, REASON_SECONDARY)
            merged.append(smallest)
            rest = residual()
        # Every child had to be merged, so "other" would equal its parent: publish the parent alone,
        # with no breakdown that could be subtracted. At the root, "other" is then the whole window.
        if len(rest) and not candidates and (parent_id is not None or not meets(rest)):
            return
        for kid in candidates:
            outcome.published.append(node(kid, tree.conversations(kid)))
            resolve(kid, tree.conversations(kid))
        if len(rest):
            level = min(tree.nodes[kid].level for kid in kids)
            outcome.published.append(
                PublishedNode(
                    other_bucket_id(parent_id), level, parent_id, rest, len(rest),
                    _count_users(rest, user_of), is_other=True, merged_cluster_ids=tuple(sorted(merged)),
                )
            )

    roots = tree.children.get(None, [])
    resolve(None, union([tree.conversations(root) for root in roots]))
    return outcome
