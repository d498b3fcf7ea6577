"""Aggregation thresholds: planted small groups must never be published or recoverable by subtraction."""

from __future__ import annotations

import random

import pytest

from clio_pipeline.privacy.thresholds import (
    OTHER_VALUE,
    ROOT_OTHER_ID,
    Cell,
    ClusterCell,
    apply_thresholds,
    suppress_small_cells,
)


def make_group(prefix: str, n_conversations: int, n_users: int) -> tuple[frozenset[str], dict[str, str]]:
    """`n_conversations` conversations spread round-robin over `n_users` users."""
    ids = [f"{prefix}-c{i}" for i in range(n_conversations)]
    return frozenset(ids), {cid: f"{prefix}-u{i % n_users}" for i, cid in enumerate(ids)}


def build_tree(spec: dict[str, tuple[str | None, int, int]]) -> tuple[list[ClusterCell], dict[str, str]]:
    """spec: base cluster id -> (parent id, conversations, users); parents are level 1, top level."""
    users: dict[str, str] = {}
    cells = []
    parents = {parent for parent, _, _ in spec.values() if parent}
    for parent in sorted(parents):
        cells.append(ClusterCell(parent, 1, None))
    for cid, (parent, n, u) in spec.items():
        conversations, owners = make_group(cid, n, u)
        users.update(owners)
        cells.append(ClusterCell(cid, 0, parent, conversations))
    return cells, users


def check_invariants(outcome, users, min_users, min_conversations):
    """Every published node meets both thresholds; every parent equals sum(children) + other."""
    by_id = {n.cluster_id: n for n in outcome.published}
    for node in outcome.published:
        assert node.n_conversations >= min_conversations, node
        assert len({users[c] for c in node.conversation_ids}) >= min_users, node
        if node.parent_id is not None:
            assert node.parent_id in by_id, f"{node.cluster_id} published under a suppressed parent"
    for parent in by_id.values():
        kids = [n for n in outcome.published if n.parent_id == parent.cluster_id]
        if kids:
            assert sum(k.n_conversations for k in kids) == parent.n_conversations
            assert frozenset().union(*(k.conversation_ids for k in kids)) == parent.conversation_ids


def test_cluster_with_two_users_is_not_published_and_its_counts_are_in_other():
    cells, users = build_tree({
        "a": ("p", 60, 30), "b": ("p", 55, 28), "tiny": ("p", 40, 2), "c": ("p", 50, 26),
    })
    outcome = apply_thresholds(cells, users, min_users=25, min_conversations=50)
    published = outcome.published_ids()
    assert "tiny" not in published
    assert outcome.suppression_reasons()["tiny"] in {"min_users", "min_conversations"}
    other = next(n for n in outcome.published if n.cluster_id == "p-other")
    assert other.is_other and other.parent_id == "p"
    tiny_ids = next(c for c in cells if c.cluster_id == "tiny").conversation_ids
    assert tiny_ids <= other.conversation_ids
    check_invariants(outcome, users, 25, 50)


def test_other_bucket_too_small_triggers_secondary_suppression():
    # "tiny" alone in other would have 2 users: recoverable as p - (a + b + c). The smallest published
    # sibling ("c") must be merged in with it.
    cells, users = build_tree({
        "a": ("p", 200, 100), "b": ("p", 120, 60), "c": ("p", 60, 30), "tiny": ("p", 5, 2),
    })
    outcome = apply_thresholds(cells, users, min_users=25, min_conversations=50)
    reasons = outcome.suppression_reasons()
    assert reasons["c"] == "secondary"
    assert {"a", "b", "p", "p-other"} <= outcome.published_ids()
    other = next(n for n in outcome.published if n.cluster_id == "p-other")
    assert other.n_users >= 25 and other.n_conversations >= 50
    assert set(other.merged_cluster_ids) == {"c", "tiny"}
    check_invariants(outcome, users, 25, 50)


def test_parent_published_without_breakdown_when_other_can_never_be_big_enough():
    # One big child and a small one: merging the big one would make other == parent.
    cells, users = build_tree({"big": ("p", 100, 50), "small": ("p", 5, 3)})
    outcome = apply_thresholds(cells, users, min_users=25, min_conversations=50)
    assert outcome.published_ids() == {"p"}
    assert not [n for n in outcome.published if n.parent_id == "p"]


def test_suppressed_parent_takes_its_subtree_and_rolls_into_root_other():
    cells, users = build_tree({
        "a": ("p", 100, 50), "b": ("p", 100, 50),
        "x": ("q", 20, 10), "y": ("q", 20, 10),  # q has 40 conversations < 50
        "m": ("r", 100, 50), "n": ("r", 100, 50),
    })
    # q's 40 conversations alone would make a too-small root other; secondary suppression merges p or r.
    outcome = apply_thresholds(cells, users, min_users=25, min_conversations=50)
    reasons = outcome.suppression_reasons()
    assert reasons["q"] == "min_conversations"
    assert reasons["x"] == reasons["y"] == "ancestor_suppressed"
    root_other = next(n for n in outcome.published if n.cluster_id == ROOT_OTHER_ID)
    assert root_other.parent_id is None and root_other.n_conversations >= 50
    check_invariants(outcome, users, 25, 50)


def test_forced_suppression_by_audit_rolls_into_other():
    cells, users = build_tree({"a": ("p", 100, 50), "b": ("p", 100, 50), "c": ("p", 100, 50)})
    outcome = apply_thresholds(cells, users, min_users=25, min_conversations=50, forced={"b": "audit"})
    assert outcome.suppression_reasons()["b"] == "audit"
    assert "b" not in outcome.published_ids() and "p-other" in outcome.published_ids()
    check_invariants(outcome, users, 25, 50)


def test_random_trees_never_publish_a_small_group():
    rng = random.Random(7)
    for _ in range(30):
        spec = {}
        for i in range(rng.randint(2, 12)):
            n = rng.choice([3, 10, 40, 60, 150])
            spec[f"b{i}"] = (f"p{rng.randint(0, 3)}", n, max(1, min(n, rng.choice([1, 2, 20, 30, 80]))))
        cells, users = build_tree(spec)
        outcome = apply_thresholds(cells, users, min_users=25, min_conversations=50)
        check_invariants(outcome, users, 25, 50)
        # Every conversation is either in a published top-level node or nothing is published.
        tops = [n for n in outcome.published if n.parent_id is None]
        if tops:
            assert sum(n.n_conversations for n in tops) == len(users)


def test_unknown_parent_is_rejected():
    with pytest.raises(ValueError, match="unknown parent"):
        apply_thresholds([ClusterCell("a", 0, "ghost", frozenset({"c1"}))], {"c1": "u"}, min_users=1,
                         min_conversations=1)


def cell(group: str, value: str, n_users: int, per_user: int = 1) -> Cell:
    users = frozenset(f"{group}-{value}-u{i}" for i in range(n_users))
    convs = frozenset(f"{u}-c{j}" for u in users for j in range(per_user))
    return Cell(group, value, convs, users)


def test_small_facet_cell_is_merged_into_other_and_never_published_alone():
    rows = [cell("k", "en", 40), cell("k", "fr", 30), cell("k", "is", 3), cell("k", "mt", 2)]
    outcome = suppress_small_cells(rows, min_users=5)
    values = {c.value: c for c in outcome.published}
    assert "is" not in values and "mt" not in values
    assert values[OTHER_VALUE].n_users == 5
    assert all(c.n_users >= 5 for c in outcome.published)


def test_other_cell_too_small_pulls_in_smallest_published_cell():
    rows = [cell("k", "en", 40), cell("k", "fr", 30), cell("k", "de", 8), cell("k", "is", 2)]
    outcome = suppress_small_cells(rows, min_users=5)
    values = {c.value for c in outcome.published}
    # (other) = is alone would have 2 users, recoverable as total - en - fr - de; de joins it.
    assert values == {"en", "fr", OTHER_VALUE}
    other = next(c for c in outcome.published if c.value == OTHER_VALUE)
    assert other.n_users == 10


def test_group_that_is_entirely_small_is_dropped():
    outcome = suppress_small_cells([cell("k", "en", 2), cell("k", "fr", 1)], min_users=5)
    assert outcome.published == []
    assert len(outcome.suppressed) == 2


def test_forced_cell_is_merged_even_when_large():
    rows = [cell("k", "en", 40), cell("k", "jane@example.com", 30), cell("k", "fr", 20)]
    outcome = suppress_small_cells(rows, min_users=5, forced=[("k", "jane@example.com")])
    assert "jane@example.com" not in {c.value for c in outcome.published}
    assert any(c.value == OTHER_VALUE for c in outcome.published)


def test_conversations_without_a_known_user_count_as_one_user():
    conversations, _ = make_group("anon", 60, 60)
    cells = [ClusterCell("a", 0, None, conversations)]
    outcome = apply_thresholds(cells, {}, min_users=25, min_conversations=50)
    assert outcome.published == []


def test_cluster_two_heavy_users_make_up_is_suppressed_by_dominance() -> None:
    """A niche topic of two prolific users, brushed by a few others, clears both counts but is theirs."""
    cells, users = build_tree({"common": ("P", 60, 30), "spare": ("P", 60, 30), "niche": ("P", 26, 8)})
    niche = sorted(c.conversation_ids for c in cells if c.cluster_id == "niche")[0]
    for i, cid in enumerate(sorted(niche)):
        users[cid] = ("heavy-a", "heavy-b")[i % 2] if i < 20 else f"light-{i}"
    outcome = apply_thresholds(cells, users, min_users=5, min_conversations=10)
    assert dict(outcome.suppressed).get("niche") == "dominance"
    published = {n.cluster_id for n in outcome.published if not n.is_other}
    assert "niche" not in published and published & {"common", "spare"}
    (other,) = [n for n in outcome.published if n.is_other]
    # Its conversations are still counted, inside a bucket that a sibling joined (secondary suppression)
    # so that the two heavy users do not dominate the bucket either.
    assert niche <= other.conversation_ids and len(other.merged_cluster_ids) == 2
    heavy = sum(users[c] in ("heavy-a", "heavy-b") for c in other.conversation_ids)
    assert heavy <= 0.5 * other.n_conversations
    check_invariants(outcome, users, 5, 10)
