"""Partition one level's clusters into a given number of parents, by their centroids.

Two methods, both deterministic for a seed:

- `ward` (default): Ward agglomerative clustering of the unit-length centroids. On unit vectors
  Euclidean distance is a monotone function of cosine distance, and Ward's merge cost favours groups
  of similar spread, which avoids the one-giant-parent trees that average linkage tends to produce.
  Ward cannot weight samples, so every child counts once however large it is. It needs the full
  pairwise distance matrix, so above `WARD_MAX_ITEMS` children we fall back to k-means.
- `kmeans`: k-means of the centroids with each child weighted by its number of conversations, so
  a parent's centre sits where the conversations are, not where the many small clusters are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

GroupingMethod = Literal["ward", "kmeans"]
WARD_MAX_ITEMS = 5000


def group_centroids(
    centroids: np.ndarray,
    weights: np.ndarray,
    n_groups: int,
    *,
    method: GroupingMethod = "ward",
    seed: int = 0,
) -> np.ndarray:
    """A group index in `[0, k)` for each row of `centroids`, every group non-empty, k <= n_groups.

    Groups are renumbered so that group 0 is the one with the most conversations (ties: lowest first
    member), which keeps cluster ids stable when the same input is rebuilt.
    """
    n_items = len(centroids)
    if n_items == 0:
        return np.zeros(0, dtype=np.int64)
    n_groups = max(1, min(n_groups, n_items))
    if n_groups == 1:
        return np.zeros(n_items, dtype=np.int64)
    if n_groups == n_items:
        return np.arange(n_items, dtype=np.int64)
    points = np.asarray(centroids, dtype=np.float64)
    if method == "ward" and n_items <= WARD_MAX_ITEMS:
        from sklearn.cluster import AgglomerativeClustering

        raw = AgglomerativeClustering(n_clusters=n_groups, linkage="ward").fit_predict(points)
    elif method in ("ward", "kmeans"):
        from sklearn.cluster import KMeans

        model = KMeans(n_clusters=n_groups, n_init=4, random_state=seed)
        raw = model.fit_predict(points, sample_weight=np.asarray(weights, dtype=np.float64))
    else:
        raise ValueError(f"unknown grouping method {method!r}")
    return renumber_by_weight(np.asarray(raw), np.asarray(weights, dtype=np.float64))


def renumber_by_weight(raw: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Drop empty groups and number the rest by descending total weight, then first member."""
    present = np.unique(raw)
    order = sorted(present, key=lambda g: (-float(weights[raw == g].sum()), int(np.argmax(raw == g))))
    mapping = {int(group): new for new, group in enumerate(order)}
    return np.array([mapping[int(g)] for g in raw], dtype=np.int64)


def fold_small_groups(
    labels: np.ndarray,
    centroids: np.ndarray,
    weights: np.ndarray,
    publishable: Callable[[np.ndarray], bool],
) -> np.ndarray:
    """`labels` with every group that `publishable` rejects merged into its nearest other group.

    A parent below the publication thresholds is suppressed, and so, by secondary suppression, is a
    sibling large enough to hide it, with every descendant of that sibling: one outlier base cluster of
    three conversations that Ward keeps apart as a top-level group of its own took a whole day's tree
    with it (30-day `bench.topic_stability` run, 9 days with nothing published). Folded into the
    nearest group it is at most a suppressed child there. Smallest failing group first (ties: lowest
    label), nearest by the cosine of the groups' weighted centroids, until every group passes or one is
    left. `publishable(member_rows)` decides; labels are not renumbered.
    """
    labels = np.asarray(labels, dtype=np.int64).copy()
    points = np.asarray(centroids, dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)
    verdict: dict[int, bool] = {}
    while True:
        present = [int(g) for g in np.unique(labels)]
        if len(present) <= 1:
            return labels
        for group in present:
            if group not in verdict:
                verdict[group] = publishable(np.flatnonzero(labels == group))
        failing = [g for g in present if not verdict[g]]
        if not failing:
            return labels
        smallest = min(failing, key=lambda g: (float(weights[labels == g].sum()), g))
        means = {g: _direction(points[labels == g], weights[labels == g]) for g in present}
        target = max((g for g in present if g != smallest), key=lambda g: (float(means[g] @ means[smallest]), -g))
        labels[labels == smallest] = target
        verdict.pop(target, None)
        verdict.pop(smallest, None)


def _direction(points: np.ndarray, weights: np.ndarray) -> np.ndarray:
    mean = (points * (weights if weights.sum() > 0 else np.ones_like(weights))[:, None]).sum(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else mean
