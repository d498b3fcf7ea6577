"""check_invariants accepts a well-formed tree and names every kind of broken one (built by hand)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from clio_pipeline.hierarchy.invariants import check_invariants
from clio_pipeline.hierarchy.tree import TreeNode, roll_up_parent

USERS = {"a": "u1", "b": "u2", "c": "u1", "d": "u3", "e": "u4", "f": "u4"}


def _base(cluster_id: str, conversations: str, x: float) -> TreeNode:
    vector = np.array([x, 1.0 - x], dtype=np.float32)
    return TreeNode(
        cluster_id, 0, None, cluster_id, "", vector / np.linalg.norm(vector), frozenset(conversations),
        len({USERS[c] for c in conversations}),
    )  # fmt: skip


def good_tree() -> dict[str, TreeNode]:
    """Four base clusters -> two parents -> one root, keyed by id."""
    b = {
        cid: _base(cid, convs, x)
        for cid, convs, x in [("b0", "ab", 0.1), ("b1", "c", 0.2), ("b2", "de", 0.8), ("b3", "f", 0.9)]
    }
    p0 = roll_up_parent([b["b0"], b["b1"]], cluster_id="p0", level=1, users=USERS)
    p1 = roll_up_parent([b["b2"], b["b3"]], cluster_id="p1", level=1, users=USERS)
    root = roll_up_parent([p0, p1], cluster_id="r", level=2, users=USERS)
    tree = {
        "b0": replace(b["b0"], parent_id="p0"),
        "b1": replace(b["b1"], parent_id="p0"),
        "b2": replace(b["b2"], parent_id="p1"),
        "b3": replace(b["b3"], parent_id="p1"),
        "p0": replace(p0, parent_id="r"),
        "p1": replace(p1, parent_id="r"),
        "r": root,
    }
    return tree


def test_well_formed_tree_has_no_violations() -> None:
    tree = good_tree()
    assert check_invariants(list(tree.values())) == []
    assert check_invariants(list(tree.values()), users=USERS) == []
    assert tree["p0"].n_users == 2  # a, c belong to u1 and b to u2: distinct, not 1 + 2


def _violations(tree: dict[str, TreeNode], users: dict[str, str] | None = None) -> str:
    found = check_invariants(list(tree.values()), users=users)
    assert found, "expected at least one violation"
    return "\n".join(found)


def test_missing_parent_link_is_caught() -> None:
    tree = good_tree()
    tree["b1"] = replace(tree["b1"], parent_id=None)
    assert "b1 (level 0) has no parent" in _violations(tree)


def test_dangling_parent_is_caught() -> None:
    tree = good_tree()
    tree["b1"] = replace(tree["b1"], parent_id="nope")
    assert "missing parent nope" in _violations(tree)


def test_parent_that_skips_a_level_is_caught() -> None:
    tree = good_tree()
    tree["b1"] = replace(tree["b1"], parent_id="r")
    assert "expected level 1" in _violations(tree)


def test_top_level_with_a_parent_is_caught() -> None:
    tree = good_tree()
    tree["r"] = replace(tree["r"], parent_id="p0")
    text = _violations(tree)
    assert "top level" in text


def test_cycle_is_caught() -> None:
    tree = good_tree()
    # p0 -> r -> p0: levels are also wrong, but the cycle itself must be reported.
    tree["r"] = replace(tree["r"], parent_id="p0")
    tree["p0"] = replace(tree["p0"], parent_id="r")
    assert "cycle through ['p0', 'r']" in _violations(tree)


def test_empty_parent_is_caught() -> None:
    tree = good_tree()
    tree["p2"] = replace(tree["p1"], cluster_id="p2")
    text = _violations(tree)
    assert "empty parent p2" in text


def test_counts_that_do_not_roll_up_are_caught() -> None:
    tree = good_tree()
    tree["p0"] = replace(tree["p0"], conversation_ids=tree["p0"].conversation_ids | {"zz"})
    assert "p0 has 4 conversations, its children add up to 3" in _violations(tree)


def test_children_sharing_a_conversation_are_caught() -> None:
    tree = good_tree()
    tree["b1"] = replace(tree["b1"], conversation_ids=frozenset("ca"))
    assert "children of p0 share 1 conversations" in _violations(tree)


def test_summed_instead_of_distinct_users_is_caught() -> None:
    tree = good_tree()
    summed = sum(tree[c].n_users for c in ("b0", "b1"))  # u1 is in both children
    tree["p0"] = replace(tree["p0"], n_users=summed)
    assert "p0 has n_users=3, distinct users are 2" in _violations(tree, USERS)


def test_users_outside_the_childrens_range_are_caught_without_a_user_map() -> None:
    tree = good_tree()
    tree["r"] = replace(tree["r"], n_users=99)
    assert "outside its children's range" in _violations(tree)


def test_duplicate_ids_and_missing_base_level_are_caught() -> None:
    tree = good_tree()
    nodes = [*tree.values(), tree["b0"]]
    assert any("duplicate cluster id b0" in v for v in check_invariants(nodes))
    lifted = [replace(node, level=node.level + 1) for node in tree.values()]
    assert any("expected base level 0" in v for v in check_invariants(lifted))


@pytest.mark.parametrize("bad", [np.array([0.5, 0.5], dtype=np.float32), np.array([np.nan, 1.0])])
def test_bad_centroid_is_caught(bad: np.ndarray) -> None:
    tree = good_tree()
    tree["p1"] = replace(tree["p1"], centroid=bad)
    assert "p1 has a centroid" in _violations(tree)
