"""FAISS k-means wrapper and the choice of k."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from clio_pipeline.clustering.kmeans import choose_k, faiss_kmeans


def blobs(n_per: int, k: int, d: int = 48, noise: float = 0.45, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """k well-separated directions on the unit sphere, n_per unit vectors around each."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(k, d))
    centers /= np.linalg.norm(centers, axis=1, keepdims=True)
    X = np.repeat(centers, n_per, axis=0) + noise * rng.normal(size=(k * n_per, d)) / np.sqrt(d)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    return X.astype(np.float32), np.repeat(np.arange(k), n_per)


def test_recovers_blobs_and_is_deterministic() -> None:
    X, truth = blobs(50, 12)
    first = faiss_kmeans(X, 12, seed=3, n_init=3)
    second = faiss_kmeans(X, 12, seed=3, n_init=3)
    np.testing.assert_array_equal(first.labels, second.labels)
    np.testing.assert_array_equal(first.centroids, second.centroids)
    assert first.labels.dtype == np.int64 and first.labels.shape == (600,)
    assert first.centroids.dtype == np.float32 and first.centroids.shape == (12, 48)
    assert adjusted_rand_score(truth, first.labels) > 0.95


def test_distances_are_one_minus_cosine_to_own_centroid() -> None:
    X, _ = blobs(30, 5)
    result = faiss_kmeans(X, 5)
    unit = result.centroids / np.linalg.norm(result.centroids, axis=1, keepdims=True)
    sims = X @ unit.T
    np.testing.assert_array_equal(result.labels, sims.argmax(axis=1))
    np.testing.assert_allclose(result.distances, 1 - sims.max(axis=1), atol=1e-4)
    euclid = faiss_kmeans(X, 5, spherical=False)
    own = euclid.centroids[euclid.labels]
    np.testing.assert_allclose(euclid.distances, ((X - own) ** 2).sum(axis=1), atol=1e-4)


def test_k_at_least_n_is_clipped() -> None:
    X, _ = blobs(2, 3)
    result = faiss_kmeans(X, 50)
    assert result.k == 6
    assert sorted(result.labels.tolist()) == list(range(6))
    with pytest.raises(ValueError):
        faiss_kmeans(X, 0)


@pytest.mark.parametrize("true_k", [6, 25])
def test_choose_k_finds_true_k_on_blobs(true_k: int) -> None:
    X, _ = blobs(40, true_k, seed=true_k)
    selection = choose_k(X, seed=0)
    assert selection.method == "silhouette_sweep"
    assert abs(selection.k - true_k) <= 0.2 * true_k, selection
    ks = [k for k, _ in selection.candidates]
    assert len(ks) >= 8 and selection.k in ks
    assert max(selection.candidates, key=lambda c: c[1])[0] == selection.k


def test_pinned_k_wins_and_target_size_divides() -> None:
    X, _ = blobs(40, 6)
    assert choose_k(X, pinned_k=17, target_cluster_size=10).k == 17
    assert choose_k(X, pinned_k=17).method == "pinned"
    by_size = choose_k(X, target_cluster_size=20)
    assert (by_size.k, by_size.method) == (12, "target_size")  # 240 / 20
    assert choose_k(X, target_cluster_size=1, max_k=30).k == 30  # clipped to max_k
