"""level_sizes schedule and parent roll-up."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from clio_pipeline.hierarchy.tree import HierarchyError, TreeNode, level_sizes, roll_up_parent


@pytest.mark.parametrize("n_base", [31, 50, 100, 300, 1000, 5000, 20000])
@pytest.mark.parametrize("top_size", [5, 10, 20])
def test_level_sizes_are_geometric_and_end_at_the_top(n_base: int, top_size: int) -> None:
    sizes = level_sizes(n_base, top_size=top_size)
    assert sizes[-1] == min(top_size, n_base // 2)
    chain = [n_base, *sizes]
    ratios = [a / b for a, b in itertools.pairwise(chain)]
    # Every step shrinks by at least 2x (at least two children per parent on average)...
    assert all(r >= 2 for r in ratios), chain
    # ...and by default by about 3x or more (rounding may shave a little off), unless the whole
    # base-to-top shrink is under 3x, when a single level is all there is.
    if n_base / sizes[-1] >= 3:
        assert all(r >= 2.7 for r in ratios), chain
    else:
        assert len(sizes) == 1
    # Geometric: each size is the rounded ideal n_base * q^l with q = (top / base)^(1/steps).
    q = (sizes[-1] / n_base) ** (1 / len(sizes))
    for step, size in enumerate(sizes[:-1], start=1):
        assert abs(size - n_base * q**step) <= 1, (chain, step)
    # The default depth is the deepest that keeps each step >= 3x: one more level would break it.
    deeper = (n_base / sizes[-1]) ** (1 / (len(sizes) + 1))
    assert deeper < 3


def test_level_sizes_examples() -> None:
    assert level_sizes(1000, top_size=10) == [316, 100, 32, 10]
    assert level_sizes(1000, top_size=10, n_levels=3) == [100, 10]
    assert level_sizes(1000, top_size=10, n_levels=2) == [10]
    assert level_sizes(40, top_size=10) == [10]


def test_level_sizes_requested_depth_never_goes_below_two_children_per_parent() -> None:
    sizes = level_sizes(100, top_size=10, n_levels=10)
    chain = [100, *sizes]
    assert len(sizes) == math.floor(math.log2(10))
    assert all(a / b >= 2 for a, b in itertools.pairwise(chain))


@pytest.mark.parametrize(("n_base", "expected"), [(0, []), (1, []), (2, [1]), (3, [1]), (9, [3]), (10, [3])])
def test_level_sizes_small_inputs(n_base: int, expected: list[int]) -> None:
    assert level_sizes(n_base, top_size=10) == expected


def test_level_sizes_lowers_the_top_when_the_base_is_barely_larger() -> None:
    assert level_sizes(15, top_size=10) == [7]


def test_level_sizes_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        level_sizes(10, top_size=0)
    with pytest.raises(ValueError):
        level_sizes(10, n_levels=0)


def _leaf(cluster_id: str, conversations: list[str], vector: list[float]) -> TreeNode:
    centroid = np.asarray(vector, dtype=np.float32)
    return TreeNode(
        cluster_id, 0, None, "n", "d", centroid / np.linalg.norm(centroid), frozenset(conversations), 1
    )


def test_roll_up_counts_distinct_users_and_weights_the_centroid_by_size() -> None:
    users = {"a": "u1", "b": "u1", "c": "u2", "d": "u1"}
    big = _leaf("x", ["a", "b", "c"], [1.0, 0.0])
    small = _leaf("y", ["d"], [0.0, 1.0])
    parent = roll_up_parent([big, small], cluster_id="p", level=1, users=users)
    assert parent.n_conversations == 4
    assert parent.n_users == 2  # u1 appears in both children: counted once
    expected = np.array([3.0, 1.0]) / np.linalg.norm([3.0, 1.0])
    np.testing.assert_allclose(parent.centroid, expected, atol=1e-6)
    assert parent.centroid.dtype == np.float32


def test_roll_up_fails_loudly_on_missing_user_or_no_children() -> None:
    with pytest.raises(HierarchyError):
        roll_up_parent([_leaf("x", ["a"], [1.0])], cluster_id="p", level=1, users={})
    with pytest.raises(HierarchyError):
        roll_up_parent([], cluster_id="p", level=1, users={})
