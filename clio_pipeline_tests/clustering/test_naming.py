"""Offline contrastive naming: readable, distinct, and never publishes rare words or PII."""

from __future__ import annotations

import re

import numpy as np

from clio_pipeline.clustering.naming import ClusterLabel, name_clusters_offline
from clio_pipeline.privacy.policy import FALLBACK_NAME
from clio_pipeline.privacy.word_rule import WordRule


def _name_all(c, min_users: int = 5) -> dict[int, ClusterLabel]:
    return name_clusters_offline(
        c.summaries, c.user_ids, c.labels, c.embeddings, c.centroids, min_users=min_users
    )


def test_names_are_readable_distinct_and_carry_key_words(clusters) -> None:
    labels = _name_all(clusters)
    assert set(labels) == {0, 1, 2}
    names = [labels[c].name for c in range(3)]
    assert len(set(names)) == 3
    assert {"python", "pandas", "keyerror"} & set(names[0].lower().replace(",", "").split())
    assert {"vegetarian", "recipe", "dinner", "lasagna"} & set(names[1].lower().replace(",", "").split())
    assert {"currículum", "entrevista", "trabajo"} & set(names[2].lower().replace(",", "").split())
    for name in names:
        assert name[0].isupper()
        assert 1 <= len(name.split()) <= 10
        assert not re.search(r"\s[,.]|,,|\s\s", name)
    # Words every cluster uses do not name any cluster: the naming is contrastive.
    assert all("user" not in n.lower().split() for n in names)
    for c in range(3):
        assert labels[c].n_conversations == 40 and labels[c].n_users == 40
        assert labels[c].description.startswith("Conversations about ")


def test_contrastive_words_follow_the_cluster(clusters) -> None:
    """Swapping which cluster a summary set belongs to swaps the names."""
    swapped = clusters.labels.copy()
    swapped[clusters.labels == 0], swapped[clusters.labels == 1] = 1, 0
    centroids = clusters.centroids[[1, 0, 2]]
    relabelled = name_clusters_offline(
        clusters.summaries, clusters.user_ids, swapped, clusters.embeddings, centroids, min_users=5
    )
    original = _name_all(clusters)
    assert relabelled[1].name == original[0].name
    assert relabelled[0].name == original[1].name


def test_rare_words_never_published(clusters) -> None:
    labels = _name_all(clusters, min_users=5)
    published = " ".join(f"{lab.name} {lab.description}" for lab in labels.values()).lower()
    for word in clusters.rare_words:
        assert word in " ".join(clusters.summaries).lower()  # planted
        assert word not in published
    rule = WordRule.from_texts(clusters.summaries, clusters.user_ids, 5)
    for label in labels.values():
        assert rule.violations(label.name) == []
        assert rule.violations(label.description) == []


def test_rare_invented_words_need_more_than_the_threshold(clusters) -> None:
    """Counting accounts is not enough: the planted words are no language's vocabulary, so even with
    min_users=2 (3 users have them) they pass only at WIDE_USE_FACTOR x min_users users."""
    labels = _name_all(clusters, min_users=2)
    rule = WordRule.from_texts(clusters.summaries, clusters.user_ids, 2)
    assert all(w in rule.vocabulary for w in clusters.rare_words)  # the count alone would admit them
    assert not any(rule.allows(w) for w in clusters.rare_words)
    published = " ".join(f"{lab.name} {lab.description}" for lab in labels.values()).lower()
    assert not any(w in published for w in clusters.rare_words)
    assert labels[0].name  # still named


def test_planted_pii_never_published(clusters) -> None:
    labels = _name_all(clusters, min_users=1)  # min_users=1: the word rule alone would let PII through
    published = " ".join(f"{lab.name} {lab.description}" for lab in labels.values())
    digits = re.sub(r"\D", "", published)
    for pii in clusters.pii:
        assert pii.lower() not in published.lower()
    assert "4111111111111111" not in digits and "4155550132" not in digits
    assert "@" not in published and "[" not in published


def test_single_cluster_and_tiny_cluster() -> None:
    summaries = ["The user asks about tax returns and deductions."] * 6 + ["Question on gardening tomatoes."]
    users = [f"u{i}" for i in range(7)]
    labels = np.array([0] * 6 + [1])
    emb = np.eye(7, 4, dtype=np.float32)[[0, 0, 0, 0, 0, 0, 1]]
    cent = np.eye(2, 4, dtype=np.float32)
    out = name_clusters_offline(summaries, users, labels, emb, cent, min_users=3)
    assert "tax" in out[0].name.lower() or "deductions" in out[0].name.lower()
    assert out[1].name == FALLBACK_NAME  # only one user wrote its words
    assert "gardening" not in out[1].description.lower()


def test_pii_shared_by_a_whole_cluster_is_scrubbed() -> None:
    """PII that every summary of a cluster carries would top its c-TF-IDF terms; the scrubber stops it."""
    leaky = [f"The user asks to email jane.doe@example.com or call +1 415 555 0132 about order {i}."
             for i in range(12)]
    other = [f"The user asks for a vegetarian dinner recipe number {i}." for i in range(12)]
    summaries = leaky + other
    users = [f"u{i}" for i in range(24)]
    labels = np.array([0] * 12 + [1] * 12)
    emb = np.eye(24, 2, dtype=np.float32)[labels] * 0 + np.eye(2, dtype=np.float32)[labels]
    out = name_clusters_offline(summaries, users, labels, emb, np.eye(2, dtype=np.float32), min_users=1)
    published = f"{out[0].name} {out[0].description}".lower()
    for fragment in ["jane", "doe", "example.com", "@", "415", "555", "0132"]:
        assert fragment not in published, published
    assert "[" not in published
