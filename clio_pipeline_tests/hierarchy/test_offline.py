"""Offline backend: a valid tree that groups close centroids, with names free of planted data."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from clio_pipeline.hierarchy.invariants import check_invariants
from clio_pipeline.hierarchy.offline import build_hierarchy_offline
from clio_pipeline.hierarchy.tree import HierarchyError


def _top_of(nodes) -> dict[str, str]:
    by_id = {n.cluster_id: n for n in nodes}
    result = {}
    for node in nodes:
        if node.level == 0:
            root = node
            while root.parent_id is not None:
                root = by_id[root.parent_id]
            result[node.cluster_id] = root.cluster_id
    return result


@pytest.mark.parametrize("method", ["ward", "kmeans"])
def test_offline_tree_is_valid_and_recovers_the_domains(synthetic, method: str) -> None:
    nodes = build_hierarchy_offline(
        synthetic.base, summaries=synthetic.summaries, users=synthetic.users, min_users=3,
        top_size=4, id_prefix="2026-01-07", method=method,
    )  # fmt: skip
    assert check_invariants(nodes, users=synthetic.users) == []
    top = [n for n in nodes if n.level == max(m.level for m in nodes)]
    assert len(top) == 4
    # Base clusters of one domain share a top-level parent, and no parent mixes domains.
    top_of = _top_of(nodes)
    for domain in synthetic.domains:
        members = [b for b, d in synthetic.domain_of_base.items() if d == domain]
        assert len({top_of[b] for b in members}) == 1, domain
    assert len(set(top_of.values())) == 4
    assert all(n.cluster_id.startswith("2026-01-07-L") for n in nodes if n.level > 0)


def test_offline_names_are_contrastive_and_carry_no_planted_data(synthetic) -> None:
    nodes = build_hierarchy_offline(
        synthetic.base, summaries=synthetic.summaries, users=synthetic.users, min_users=3,
        top_size=4, id_prefix="p",
    )  # fmt: skip
    top_of = _top_of(nodes)
    for node in nodes:
        if node.level == 0:
            continue
        text = f"{node.name} {node.description}".lower()
        for word in synthetic.planted_words:
            assert word not in text, (word, node.name, node.description)
        assert "@" not in text and "[" not in text
        assert node.name
    # Each top-level name mentions its own domain (c-TF-IDF against sibling parents).
    for parent in (n for n in nodes if n.level == 1):
        domains = {synthetic.domain_of_base[b] for b, t in top_of.items() if t == parent.cluster_id}
        assert len(domains) == 1
        assert domains.pop() in f"{parent.name} {parent.description}".lower(), parent.name


def test_offline_tree_with_several_levels(synthetic) -> None:
    nodes = build_hierarchy_offline(
        synthetic.base, summaries=synthetic.summaries, users=synthetic.users, min_users=3,
        top_size=2, n_levels=3, id_prefix="p",
    )  # fmt: skip
    assert check_invariants(nodes, users=synthetic.users) == []
    assert [sum(1 for n in nodes if n.level == lv) for lv in range(3)] == [20, 6, 2]


def test_offline_is_deterministic_and_leaves_its_input_alone(synthetic) -> None:
    kwargs = dict(
        summaries=synthetic.summaries, users=synthetic.users, min_users=3, top_size=4, id_prefix="p"
    )
    first = build_hierarchy_offline(synthetic.base, **kwargs)
    second = build_hierarchy_offline(list(reversed(synthetic.base)), **kwargs)
    assert [(n.cluster_id, n.parent_id, n.name) for n in first] == [
        (n.cluster_id, n.parent_id, n.name) for n in second
    ]
    assert all(b.parent_id is None for b in synthetic.base)


def test_single_base_cluster_is_its_own_root(synthetic) -> None:
    nodes = build_hierarchy_offline(
        synthetic.base[:1], summaries=synthetic.summaries, users=synthetic.users, min_users=3, id_prefix="p"
    )
    assert len(nodes) == 1 and nodes[0].parent_id is None
    assert check_invariants(nodes) == []


def test_bad_input_fails_loudly(synthetic) -> None:
    kwargs = dict(summaries=synthetic.summaries, users=synthetic.users, min_users=3, id_prefix="p")
    overlapping = replace(synthetic.base[1], conversation_ids=synthetic.base[0].conversation_ids)
    with pytest.raises(HierarchyError, match="more than one base cluster"):
        build_hierarchy_offline([synthetic.base[0], overlapping], **kwargs)
    unknown_user = replace(synthetic.base[1], conversation_ids=frozenset({"nobody"}))
    with pytest.raises(HierarchyError, match="without a user id"):
        build_hierarchy_offline([synthetic.base[0], unknown_user], **kwargs)
    with pytest.raises(HierarchyError, match="level 1"):
        build_hierarchy_offline([replace(synthetic.base[0], level=1)], **kwargs)
    assert np.isclose(np.linalg.norm(synthetic.base[0].centroid), 1.0)
