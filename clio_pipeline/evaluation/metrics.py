"""Scores of a clustering against known labels: NMI/ARI, majority mapping, purity, facet accuracy.

Pure functions over plain lists, so that they can be checked on hand-made labelings. The paper's
synthetic reconstruction test maps every cluster to the majority ground-truth topic of its members
and reports how many conversations land on their own topic; `majority_accuracy` is that number.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score


def nmi(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Normalized mutual information (arithmetic mean normalization); 0.0 for fewer than two items."""
    if len(truth) < 2:
        return 0.0
    return float(normalized_mutual_info_score(list(map(str, truth)), list(map(str, predicted))))


def ari(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Adjusted Rand index; 0.0 for fewer than two items."""
    if len(truth) < 2:
        return 0.0
    return float(adjusted_rand_score(list(map(str, truth)), list(map(str, predicted))))


def majority_mapping(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> dict[Hashable, Hashable]:
    """Each predicted cluster -> the most frequent true label among its members (ties: smallest label)."""
    counts: dict[Hashable, Counter] = defaultdict(Counter)
    for label, cluster in zip(truth, predicted, strict=True):
        counts[cluster][label] += 1
    # Sorting before most_common makes ties deterministic instead of insertion-order dependent.
    return {
        cluster: max(sorted(counter.items(), key=lambda kv: str(kv[0])), key=lambda kv: kv[1])[0]
        for cluster, counter in counts.items()
    }


def majority_accuracy(
    truth: Sequence[Hashable], predicted: Sequence[Hashable], mapping: dict[Hashable, Hashable] | None = None
) -> float:
    """Share of items whose cluster's majority label is their own label (= purity for one labeling).

    `mapping` lets a subset (one language, say) be scored with the mapping learnt on all items.
    """
    if not truth:
        return 0.0
    mapping = majority_mapping(truth, predicted) if mapping is None else mapping
    hits = sum(mapping.get(cluster) == label for label, cluster in zip(truth, predicted, strict=True))
    return hits / len(truth)


def purity(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Share of items that belong to their cluster's majority label (majority accuracy, by another name)."""
    return majority_accuracy(truth, predicted)


def accuracy_by_group(
    truth: Sequence[Hashable], predicted: Sequence[Hashable], groups: Sequence[Hashable]
) -> dict[str, tuple[float, int]]:
    """Majority accuracy per group (e.g. language), the mapping learnt on all items: group -> (accuracy, n)."""
    mapping = majority_mapping(truth, predicted)
    members: dict[Hashable, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        members[group].append(index)
    return {
        str(group): (majority_accuracy([truth[i] for i in idx], [predicted[i] for i in idx], mapping), len(idx))
        for group, idx in sorted(members.items(), key=lambda kv: str(kv[0]))
    }


def exact_accuracy(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Share of items where the prediction equals the truth (e.g. facet language vs true language)."""
    if not truth:
        return 0.0
    return sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)


def concerning_rates(
    truth_levels: Sequence[int], scores: Sequence[int], *, flag_at: int = 3, concerning_from: int = 4
) -> tuple[float | None, float | None]:
    """(recall, false-positive rate) of flagging (score >= flag_at) the truly concerning conversations.

    Recall is over conversations whose true level is >= concerning_from; the false-positive rate over
    those whose true level is 1 (clearly benign). None where the data has no such conversation.
    """
    positives = [s >= flag_at for t, s in zip(truth_levels, scores, strict=True) if t >= concerning_from]
    benign = [s >= flag_at for t, s in zip(truth_levels, scores, strict=True) if t == 1]
    recall = sum(positives) / len(positives) if positives else None
    false_positive_rate = sum(benign) / len(benign) if benign else None
    return recall, false_positive_rate
