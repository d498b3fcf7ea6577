"""Synthetic base clusters with a known two-level truth, shared by the hierarchy tests.

Four domains, each with several base topics. A topic's centroid is its domain's direction plus a
smaller topic-specific offset, so topics of one domain are close and domains are far apart; the
offline tree must recover the domains at its top level. Summaries use domain and topic words that
many users share, plus planted personal data that no published name may contain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from clio_pipeline.hierarchy.tree import TreeNode, normalise

DOMAINS = {
    "cooking": ["pasta", "baking", "soup", "grilling", "salad"],
    "programming": ["python", "javascript", "database", "testing", "regex"],
    "travel": ["flights", "hotels", "visa", "packing", "itinerary"],
    "fitness": ["running", "yoga", "weights", "stretching", "cycling"],
}
PLANTED_RARE_WORD = "zorblaxian"
PLANTED_EMAIL = "jane.roe@example.org"
PLANTED_SURNAME = "Quillfeather"


@dataclass
class Synthetic:
    base: list[TreeNode]
    summaries: dict[str, str]
    users: dict[str, str]
    domain_of_base: dict[str, str]
    domains: dict[str, list[str]]
    planted_words: tuple[str, ...]  # lower-case words that must never appear in a published name


def make_synthetic(seed: int = 7, per_topic: int = 8, dim: int = 32) -> Synthetic:
    rng = np.random.default_rng(seed)
    domain_dirs = {d: normalise(rng.normal(size=dim)) for d in DOMAINS}
    base: list[TreeNode] = []
    summaries: dict[str, str] = {}
    users: dict[str, str] = {}
    domain_of_base: dict[str, str] = {}
    n_users = 40
    index = 0
    for domain, topics in DOMAINS.items():
        for topic in topics:
            cluster_id = f"t-L0-{index:04d}"
            centroid = normalise(domain_dirs[domain] + 0.08 * rng.normal(size=dim))
            conversation_ids = []
            for k in range(per_topic):
                cid = f"conv-{index}-{k}"
                user = f"user-{rng.integers(n_users)}"
                summaries[cid] = f"The user asks for help with {domain} questions about {topic} tips."
                users[cid] = user
                conversation_ids.append(cid)
            base.append(
                TreeNode(
                    cluster_id=cluster_id,
                    level=0,
                    parent_id=None,
                    name=f"Help with {topic}",
                    description=f"Users ask about {topic} in {domain}.",
                    centroid=centroid,
                    conversation_ids=frozenset(conversation_ids),
                    n_users=len({users[c] for c in conversation_ids}),
                )
            )
            domain_of_base[cluster_id] = domain
            index += 1
    # One user plants personal data and a made-up word in a summary of a cooking conversation.
    planted = next(iter(sorted(base[0].conversation_ids)))
    summaries[planted] = (
        f"The user {PLANTED_SURNAME} ({PLANTED_EMAIL}) asks about {PLANTED_RARE_WORD} pasta cooking recipes."
    )
    planted_words = (PLANTED_RARE_WORD, PLANTED_SURNAME.lower(), "jane", "roe", "example")
    return Synthetic(base, summaries, users, domain_of_base, DOMAINS, planted_words)


@pytest.fixture()
def synthetic() -> Synthetic:
    return make_synthetic()
