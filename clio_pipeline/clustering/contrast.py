"""Which summaries represent a cluster, and which are its nearest neighbours outside it.

Both namers are contrastive, as in the Clio paper: a cluster is described by what sets it apart from
the conversations closest to it, not from the whole corpus (against which "Python" alone would do).
The nearest outside summaries are searched among the members of the nearest neighbouring clusters
(by centroid similarity): the nearest outside points lie there, and the search stays proportional
to a few clusters' sizes instead of n for each of k clusters.
"""

from __future__ import annotations

import numpy as np

N_NEIGHBOUR_CLUSTERS = 8  # clusters searched for a cluster's nearest outside points


def cluster_members(labels: np.ndarray) -> dict[int, np.ndarray]:
    """Indices of the points of each cluster id present in `labels` (ascending ids)."""
    labels = np.asarray(labels, dtype=np.int64)
    order = np.argsort(labels, kind="stable")
    ids, starts = np.unique(labels[order], return_index=True)
    bounds = [*starts[1:], len(order)]
    return {int(c): order[s:e] for c, s, e in zip(ids, starts, bounds, strict=True)}


def _cosine(vectors: np.ndarray, centroid: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(centroid)
    return vectors @ (centroid / norm if norm > 0 else centroid)


def nearest_inside(
    cluster: int, members: dict[int, np.ndarray], embeddings: np.ndarray, centroids: np.ndarray, limit: int
) -> np.ndarray:
    """Up to `limit` members of `cluster`, most central (highest cosine to its centroid) first."""
    idx = members[cluster]
    order = np.argsort(-_cosine(embeddings[idx], centroids[cluster]), kind="stable")
    return idx[order[:limit]]


def neighbour_clusters(cluster: int, centroids: np.ndarray, present: list[int], limit: int) -> list[int]:
    """Up to `limit` other clusters, nearest centroid first."""
    others = [c for c in present if c != cluster]
    if not others:
        return []
    sims = _cosine(centroids[others], centroids[cluster])
    return [others[i] for i in np.argsort(-sims, kind="stable")[:limit]]


def nearest_outside(
    cluster: int,
    members: dict[int, np.ndarray],
    embeddings: np.ndarray,
    centroids: np.ndarray,
    limit: int,
    n_neighbour_clusters: int = N_NEIGHBOUR_CLUSTERS,
) -> np.ndarray:
    """Up to `limit` points outside `cluster` nearest to its centroid (most similar first)."""
    if limit <= 0:
        return np.zeros(0, dtype=np.int64)
    near = neighbour_clusters(cluster, centroids, sorted(members), n_neighbour_clusters)
    if not near:
        return np.zeros(0, dtype=np.int64)
    pool = np.concatenate([members[c] for c in near])
    order = np.argsort(-_cosine(embeddings[pool], centroids[cluster]), kind="stable")
    return pool[order[:limit]]
