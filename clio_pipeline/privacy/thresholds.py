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

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

ROOT_OTHER_ID = "root-other"
OTHER_VALUE = "(other)"

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
    conversation_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PublishedNode:
    """A node that may be published, with the conversations it stands for (private; never published)."""

    cluster_id: str
    level: int
    parent_id: str | None
    conversation_ids: frozenset[str]
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


def _count_users(conversation_ids: Iterable[str], users: Mapping[str, str]) -> int:
    # Conversations without a known user all count as ONE user: undercounting users is the safe error,
    # since counting each as its own user could lift a small group over the threshold.
    return len({users.get(cid, "\x00unknown-user") for cid in conversation_ids})


def _dominated(conversation_ids: Iterable[str], users: Mapping[str, str]) -> bool:
    """True when the DOMINANCE_TOP_USERS heaviest users hold more than DOMINANCE_SHARE of the conversations."""
    per_user = Counter(users.get(cid, "\x00unknown-user") for cid in conversation_ids)
    total = sum(per_user.values())
    top = sum(n for _, n in per_user.most_common(DOMINANCE_TOP_USERS))
    return total > 0 and top > DOMINANCE_SHARE * total


class _Tree:
    """Children lists and subtree conversation sets of the input cells."""

    def __init__(self, nodes: Iterable[ClusterCell]) -> None:
        self.nodes = {node.cluster_id: node for node in nodes}
        self.children: dict[str | None, list[str]] = defaultdict(list)
        for node in self.nodes.values():
            if node.parent_id is not None and node.parent_id not in self.nodes:
                raise ValueError(f"cluster {node.cluster_id!r} has unknown parent {node.parent_id!r}")
            self.children[node.parent_id].append(node.cluster_id)
        for ids in self.children.values():
            ids.sort()
        self._subtree: dict[str, frozenset[str]] = {}

    def conversations(self, cluster_id: str) -> frozenset[str]:
        if cluster_id not in self._subtree:
            # Iterative post-order: deep trees must not hit the recursion limit.
            stack = [(cluster_id, False)]
            while stack:
                current, expanded = stack.pop()
                if current in self._subtree:
                    continue
                kids = self.children.get(current, [])
                if expanded or not kids:
                    merged = set(self.nodes[current].conversation_ids)
                    for kid in kids:
                        merged |= self._subtree[kid]
                    self._subtree[current] = frozenset(merged)
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
    users: Mapping[str, str],
    *,
    min_users: int,
    min_conversations: int,
    forced: Mapping[str, str] | None = None,
) -> ThresholdOutcome:
    """Decide which clusters of a tree may be published; see the module docstring for the rules.

    `users` maps conversation id -> (pseudonymous) user id. `forced` maps cluster ids to a reason for
    suppressing them whatever their size (the privacy auditor's verdict); their conversations still
    roll into "other". Deterministic: ties are broken by cluster id.
    """
    tree = _Tree(nodes)
    forced = dict(forced or {})
    outcome = ThresholdOutcome()

    def meets(conversations: frozenset[str]) -> bool:
        return (
            len(conversations) >= min_conversations
            and _count_users(conversations, users) >= min_users
            and not _dominated(conversations, users)
        )

    def suppress_subtree(cluster_id: str, reason: str) -> None:
        outcome.suppressed.append((cluster_id, reason))
        outcome.suppressed.extend((kid, REASON_ANCESTOR) for kid in tree.descendants(cluster_id))

    def node(cluster_id: str, conversations: frozenset[str]) -> PublishedNode:
        cell = tree.nodes[cluster_id]
        return PublishedNode(
            cluster_id, cell.level, cell.parent_id, conversations, len(conversations),
            _count_users(conversations, users),
        )

    def resolve(parent_id: str | None, parent_conversations: frozenset[str]) -> None:
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
            elif reason is None and _count_users(conversations, users) < min_users:
                reason = REASON_MIN_USERS
            elif reason is None and _dominated(conversations, users):
                reason = REASON_DOMINANCE
            if reason is None:
                candidates.append(kid)
            else:
                suppress_subtree(kid, reason)
                merged.append(kid)

        def residual() -> frozenset[str]:
            covered: set[str] = set()
            for kid in candidates:
                covered |= tree.conversations(kid)
            return parent_conversations - covered

        rest = residual()
        while rest and not meets(rest) and candidates:
            # Merge the smallest published sibling: the cheapest way to make "other" big enough.
            smallest = min(candidates, key=lambda k: (len(tree.conversations(k)), k))
            candidates.remove(smallest)
            suppress_subtree(smallest, REASON_SECONDARY)
            merged.append(smallest)
            rest = residual()
        # Every child had to be merged, so "other" would equal its parent: publish the parent alone,
        # with no breakdown that could be subtracted. At the root, "other" is then the whole window.
        if rest and not candidates and (parent_id is not None or not meets(rest)):
            return
        for kid in candidates:
            outcome.published.append(node(kid, tree.conversations(kid)))
            resolve(kid, tree.conversations(kid))
        if rest:
            level = min(tree.nodes[kid].level for kid in kids)
            outcome.published.append(
                PublishedNode(
                    other_bucket_id(parent_id), level, parent_id, rest, len(rest),
                    _count_users(rest, users), is_other=True, merged_cluster_ids=tuple(sorted(merged)),
                )
            )

    roots = tree.children.get(None, [])
    window = frozenset().union(*(tree.conversations(root) for root in roots)) if roots else frozenset()
    resolve(None, window)
    return outcome


@dataclass(frozen=True)
class Cell:
    """One cell of a breakdown: the conversations of `group` (e.g. a cluster's language facet) whose
    value is `value` (e.g. "fr", or a day). Cells of one group must not share conversations."""

    group: Hashable
    value: str
    conversation_ids: frozenset[str]
    user_ids: frozenset[str]

    @property
    def n_users(self) -> int:
        return len(self.user_ids)


@dataclass
class CellOutcome:
    """Cells that may be published (merged `(other)` cells included) and the input cells that may not."""

    published: list[Cell] = field(default_factory=list)
    suppressed: list[Cell] = field(default_factory=list)


def suppress_small_cells(
    rows: Iterable[Cell],
    min_users: int,
    *,
    forced: Iterable[tuple[Hashable, str]] = (),
) -> CellOutcome:
    """Merge every cell with fewer than `min_users` users into an `(other)` cell of its group.

    If the `(other)` cell is still below `min_users`, the smallest published cells of the group join it
    until it is not (otherwise it could be recovered as group total minus published cells); if the whole
    group is too small, nothing of it is published. `forced` names (group, value) cells that must be
    merged whatever their size (e.g. a value the PII detectors flag, or a complementary suppression).
    """
    forced_cells = set(forced)
    by_group: dict[Hashable, list[Cell]] = defaultdict(list)
    for cell in rows:
        by_group[cell.group].append(cell)
    outcome = CellOutcome()
    for group in sorted(by_group, key=repr):
        cells = sorted(by_group[group], key=lambda c: c.value)
        kept = [c for c in cells if c.n_users >= min_users and (group, c.value) not in forced_cells]
        merged = [c for c in cells if c not in kept]

        def merged_users(merged: list[Cell] = merged) -> frozenset[str]:
            return frozenset().union(*(c.user_ids for c in merged)) if merged else frozenset()

        while merged_users() and len(merged_users()) < min_users and kept:
            smallest = min(kept, key=lambda c: (c.n_users, len(c.conversation_ids), c.value))
            kept.remove(smallest)
            merged.append(smallest)
        outcome.published.extend(kept)
        outcome.suppressed.extend(merged)
        users = merged_users()
        if len(users) >= min_users:
            conversations = frozenset().union(*(c.conversation_ids for c in merged))
            outcome.published.append(Cell(group, OTHER_VALUE, conversations, users))
    return outcome
