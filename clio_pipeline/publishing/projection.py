"""2-D map coordinates of published clusters, computed at publish time from cluster centroids only.

Only aggregate centroids (means over >= min_users users' conversations) are projected, never a single
conversation's embedding. PCA is deterministic once the sign of each axis is fixed, which keeps a
cluster from flipping sides of the map between two runs over the same data.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def project_centroids(centroids: Mapping[str, np.ndarray]) -> dict[str, tuple[float, float]]:
    """Cluster id -> (x, y): the first two principal components, scaled so the farthest point is at 1."""
    ids = sorted(centroids)
    if not ids:
        return {}
    matrix = np.vstack([np.asarray(centroids[i], dtype=np.float64).ravel() for i in ids])
    centred = matrix - matrix.mean(axis=0)
    if len(ids) < 2 or not np.any(centred):
        return {i: (0.0, 0.0) for i in ids}
    # SVD of the centred matrix is PCA; full_matrices=False keeps it cheap for wide embeddings.
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    axes = components[:2]
    # Fix the sign: the largest-magnitude loading of each axis is positive.
    signs = np.sign(axes[np.arange(len(axes)), np.abs(axes).argmax(axis=1)])
    coords = centred @ (axes * signs[:, None]).T
    if coords.shape[1] == 1:
        coords = np.hstack([coords, np.zeros((len(ids), 1))])
    scale = float(np.abs(coords).max()) or 1.0
    coords = coords / scale
    return {i: (float(x), float(y)) for i, (x, y) in zip(ids, coords, strict=True)}


def weighted_centroid(parts: list[tuple[np.ndarray, int]]) -> np.ndarray | None:
    """Conversation-weighted mean of child centroids (for a parent stored without its own centroid)."""
    usable = [(np.asarray(c, dtype=np.float64), n) for c, n in parts if c is not None and n > 0]
    if not usable:
        return None
    total = sum(n for _, n in usable)
    return sum(c * n for c, n in usable) / total
