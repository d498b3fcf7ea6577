"""Offline parent names cover their children: never a copy of one child's name, never personal data."""

from __future__ import annotations

import numpy as np

from clio_pipeline.clustering.function_words import is_function_word
from clio_pipeline.hierarchy.offline import build_hierarchy_offline
from clio_pipeline.hierarchy.tree import TreeNode, normalise
from clio_pipeline.privacy.word_rule import tokenize_words

CHILDREN = {
    "kitchen": {
        "Find a pasta recipe": [f"find a pasta recipe with {x} for dinner" for x in
                                ["tomatoes", "garlic", "spinach", "mushrooms", "cheese", "basil", "olives", "lemon"]],
        "Plan meals for the week": [f"plan healthy meals for the week with {x} dinner recipe ideas" for x in
                                    ["chicken", "fish", "beans", "tofu", "rice", "eggs", "lentils", "pork"]],
    },
    "clock": {
        "Set an alarm": [f"set an alarm clock for {x} in the morning" for x in
                         ["six", "seven", "eight", "nine", "five", "ten", "early", "later"]],
        "Start a timer": [f"start a countdown timer clock for {x} minutes" for x in
                          ["five", "ten", "twenty", "thirty", "forty", "fifty", "sixty", "fifteen"]],
    },
}
PLANTED = ("Kowalczyk", "jane.doe@example.com", "zorblaxian")


def _base() -> tuple[list[TreeNode], dict[str, str], dict[str, str]]:
    rng = np.random.default_rng(3)
    base, summaries, users = [], {}, {}
    for d, topics in enumerate(CHILDREN.values()):
        direction = normalise(rng.normal(size=16))
        for t, (name, texts) in enumerate(topics.items()):
            ids = []
            for i, text in enumerate(texts):
                cid = f"c-{d}-{t}-{i}"
                summaries[cid] = text
                users[cid] = f"user-{i}-{t}-{d}"
                ids.append(cid)
            base.append(TreeNode(cluster_id=f"b-L0-{d}{t}", level=0, parent_id=None, name=name, description="",
                                 centroid=normalise(direction + 0.05 * rng.normal(size=16)),
                                 conversation_ids=frozenset(ids), n_users=len(ids)))
    # Every summary of one child carries the same personal data: the phrase is shared by all its users.
    for cid in [c for c in summaries if c.startswith("c-0-0-")]:
        summaries[cid] += f" for {PLANTED[0]} at {PLANTED[1]} with {PLANTED[2]} sauce"
    return base, summaries, users


def test_parents_cover_their_children_and_never_copy_one() -> None:
    base, summaries, users = _base()
    nodes = build_hierarchy_offline(base, summaries=summaries, users=users, min_users=3, top_size=2,
                                    n_levels=2, id_prefix="p")
    parents = [n for n in nodes if n.level == 1]
    assert len(parents) == 2
    child_names = {n.name.casefold() for n in nodes if n.level == 0}
    for parent in parents:
        kids = [n for n in nodes if n.parent_id == parent.cluster_id]
        assert parent.name.casefold() not in child_names, parent.name
        words = set(tokenize_words(parent.name))
        # The name reaches beyond a single child: it uses a word of every child's requests.
        for kid in kids:
            kid_words = {w for c in kid.conversation_ids for w in tokenize_words(summaries[c])}
            assert words & kid_words - {"and"}, (parent.name, kid.name)
        assert not is_function_word(tokenize_words(parent.name)[-1], "en"), parent.name
        assert all(kid.name in parent.description for kid in kids)
        published = f"{parent.name} {parent.description}".lower()
        for planted in PLANTED:
            assert planted.lower() not in published
        for fragment in ["jane", "doe", "example", "@", "kowalczyk", "zorblaxian"]:
            assert fragment not in published, published


def test_with_an_embedder_a_parent_takes_the_covering_name_that_lands_on_its_own_centroid() -> None:
    """A stand-in embedder reads "recipe" as the clock parent's topic: the kitchen parent is then named by
    another phrase that covers both its children ("dinner"), not by one child's topic."""
    base, summaries, users = _base()
    kitchen = np.mean([node.centroid for node in base[:2]], axis=0)
    clock = np.mean([node.centroid for node in base[2:]], axis=0)

    def encode(texts: list[str]) -> np.ndarray:
        return np.stack([clock if "recipe" in t.lower() else kitchen if "dinner" in t.lower()
                         else np.full(16, 0.01) for t in texts])

    def parent_names(**extra) -> list[str]:
        nodes = build_hierarchy_offline(base, summaries=summaries, users=users, min_users=3, top_size=2,
                                        n_levels=2, id_prefix="p", **extra)
        return [n.name for n in nodes if n.level == 1]

    assert "recipe" in parent_names()[0].lower()
    named = parent_names(encode=encode)
    assert "dinner" in named[0].lower() and "recipe" not in named[0].lower(), named
    assert named[1] == parent_names()[1]  # the clock parent has no other covering name: it keeps its own
