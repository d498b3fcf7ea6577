"""A parent below the publication thresholds is folded into its nearest sibling, so that suppressing it
cannot take a large sibling's whole subtree with it (secondary suppression)."""

from __future__ import annotations

import numpy as np

from clio_pipeline.hierarchy.grouping import fold_small_groups
from clio_pipeline.hierarchy.invariants import check_invariants
from clio_pipeline.hierarchy.offline import build_hierarchy_offline
from clio_pipeline.hierarchy.tree import TreeNode, normalise
from clio_pipeline_tests.hierarchy.conftest import make_synthetic


def test_a_failing_group_joins_the_nearest_group_and_passing_groups_stay() -> None:
    centroids = np.array([[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0.9, 0.1], [0.1, 0.95, 0]], dtype=np.float64)
    weights = np.array([50, 50, 50, 50, 2], dtype=np.float64)
    labels = np.array([0, 0, 1, 1, 2])
    folded = fold_small_groups(labels, centroids, weights, lambda rows: weights[rows].sum() >= 10)
    assert folded.tolist() == [0, 0, 1, 1, 1]  # the 2-conversation group sits nearest group 1
    untouched = fold_small_groups(labels, centroids, weights, lambda rows: True)
    assert untouched.tolist() == labels.tolist()
    # Nothing passes: everything ends in one group rather than looping or dropping rows.
    assert len(set(fold_small_groups(labels, centroids, weights, lambda rows: False).tolist())) == 1


def _with_outlier():
    synthetic = make_synthetic()
    rng = np.random.default_rng(3)
    users = dict(synthetic.users)
    summaries = dict(synthetic.summaries)
    ids = []
    for k in range(3):
        cid = f"outlier-{k}"
        users[cid], summaries[cid] = f"outlier-user-{k}", "The user pastes a long string of random characters."
        ids.append(cid)
    outlier = TreeNode(cluster_id="t-L0-9999", level=0, parent_id=None, name="Random characters",
                       description="", centroid=normalise(rng.normal(size=32)), conversation_ids=frozenset(ids),
                       n_users=3)
    return synthetic, [*synthetic.base, outlier], users, summaries


def test_an_outlier_base_cluster_does_not_become_a_top_level_group_of_its_own() -> None:
    synthetic, base, users, summaries = _with_outlier()
    common = dict(summaries=summaries, users=users, min_users=3, top_size=5, id_prefix="p")
    unfolded = build_hierarchy_offline(base, **common)
    top = max(n.level for n in unfolded)
    assert min(n.n_conversations for n in unfolded if n.level == top) == 3  # Ward keeps the outlier apart

    nodes = build_hierarchy_offline(base, min_conversations=10, **common)
    assert check_invariants(nodes, users=users) == []
    parents = [n for n in nodes if n.level > 0]
    assert all(n.n_conversations >= 10 and n.n_users >= 3 for n in parents), [
        (n.cluster_id, n.n_conversations) for n in parents]
    # The four domains still head their own top-level groups: the outlier joined one, nothing else moved.
    by_id = {n.cluster_id: n for n in nodes}

    def root(node: TreeNode) -> str:
        while node.parent_id is not None:
            node = by_id[node.parent_id]
        return node.cluster_id

    for domain in synthetic.domains:
        members = [by_id[b] for b, d in synthetic.domain_of_base.items() if d == domain]
        assert len({root(m) for m in members}) == 1, domain
    assert by_id["t-L0-9999"].level == 0 and root(by_id["t-L0-9999"]) in {root(b) for b in nodes if b.level == 0}


def test_without_thresholds_the_tree_is_unchanged() -> None:
    synthetic = make_synthetic()
    common = dict(summaries=synthetic.summaries, users=synthetic.users, min_users=3, top_size=4, id_prefix="p")
    plain = build_hierarchy_offline(synthetic.base, **common)
    folded = build_hierarchy_offline(synthetic.base, min_conversations=8, **common)
    strip = lambda nodes: [(n.cluster_id, n.parent_id, n.conversation_ids) for n in nodes]  # noqa: E731
    assert strip(plain) == strip(folded)  # every parent already passes: folding changes nothing


def test_the_llm_path_folds_a_parent_the_model_gave_one_outlier() -> None:
    import json
    from typing import Any

    from clio_pipeline.hierarchy.llm_backend import build_hierarchy_llm
    from clio_pipeline_tests.hierarchy.test_llm_backend import (
        ScriptedModel,
        _block,
        _client,
        _prompt,
        hashed_embed,
    )
    from clio_pipeline_tests.support.chat_server import LocalChatServer

    synthetic, base, users, summaries = _with_outlier()

    class OutlierAlone(ScriptedModel):
        """Puts the random-characters cluster alone under "Miscellaneous other requests", as a model may."""

        def __call__(self, body: dict[str, Any]) -> str:
            answer = super().__call__(body)
            prompt = _prompt(body)
            if prompt.startswith("Assign each cluster"):
                outliers = {line.split(": ", 1)[0] for line in _block(prompt, "clusters") if "Random" in line}
                parsed = json.loads(answer)
                for item in parsed["assignments"]:
                    if item["child"] in outliers:
                        item["parent"] = "Miscellaneous other requests"
                answer = json.dumps(parsed)
            return answer

    common = dict(embed=hashed_embed, summaries=summaries, users=users, min_users=3, top_size=5,
                  neighbourhood_size=40, id_prefix="p")
    with LocalChatServer(responder=OutlierAlone(synthetic.domains, faults=False)) as server:
        unfolded = build_hierarchy_llm(_client(server), base, **common)
        folded = build_hierarchy_llm(_client(server), base, min_conversations=10, **common)
    assert min(n.n_conversations for n in unfolded if n.level == 1) == 3  # the model's lone parent
    assert check_invariants(folded, users=users) == []
    assert all(n.n_conversations >= 10 and n.n_users >= 3 for n in folded if n.level > 0)
