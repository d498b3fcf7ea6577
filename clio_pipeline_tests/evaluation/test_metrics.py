"""Clustering and facet scores on hand-made labelings whose answers can be worked out by hand."""

from __future__ import annotations

import pytest

from clio_pipeline.evaluation import metrics
from clio_pipeline.evaluation.load import root_of


def test_perfect_clustering_scores_one_even_with_renamed_labels() -> None:
    truth = ["a", "a", "b", "b", "c", "c"]
    clusters = [7, 7, 3, 3, 9, 9]
    assert metrics.nmi(truth, clusters) == pytest.approx(1.0)
    assert metrics.ari(truth, clusters) == pytest.approx(1.0)
    assert metrics.majority_accuracy(truth, clusters) == 1.0


def test_majority_accuracy_counts_members_of_the_majority_topic() -> None:
    truth = ["a", "a", "b", "b", "b", "c"]
    clusters = [1, 1, 1, 2, 2, 2]  # cluster 1 -> a (2 of 3), cluster 2 -> b (2 of 3)
    assert metrics.majority_accuracy(truth, clusters) == pytest.approx(4 / 6)
    assert metrics.nmi(truth, clusters) < 1.0


def test_accuracy_by_group_uses_the_global_mapping() -> None:
    truth = ["a", "a", "a", "b", "b"]
    clusters = [1, 1, 1, 1, 2]
    groups = ["en", "en", "de", "de", "de"]
    by_group = metrics.accuracy_by_group(truth, clusters, groups)
    # Cluster 1 maps to a, so the German b in cluster 1 is wrong.
    assert by_group == {"de": (pytest.approx(2 / 3), 3), "en": (1.0, 2)}


def test_concerning_rates() -> None:
    truth = [5, 4, 4, 1, 1, 1, 1, 2]
    scores = [4, 3, 1, 1, 3, 1, 2, 5]
    recall, false_positive_rate = metrics.concerning_rates(truth, scores)
    assert recall == pytest.approx(2 / 3)
    assert false_positive_rate == pytest.approx(1 / 4)
    assert metrics.concerning_rates([1, 1], [1, 1]) == (None, 0.0)


def test_exact_accuracy_and_empty_inputs() -> None:
    assert metrics.exact_accuracy(["en", "de", "fr"], ["en", "de", "es"]) == pytest.approx(2 / 3)
    assert metrics.exact_accuracy([], []) == 0.0
    assert metrics.nmi(["a"], [1]) == 0.0


def test_root_of_follows_parents_and_survives_a_cycle() -> None:
    parents = {"L0-1": "L1-1", "L1-1": "L2-1", "L2-1": None, "x": "y", "y": "x"}
    assert root_of(parents, "L0-1") == "L2-1"
    assert root_of(parents, "L2-1") == "L2-1"
    assert root_of(parents, "x") in {"x", "y"}
