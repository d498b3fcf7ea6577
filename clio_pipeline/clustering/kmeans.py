"""Base clusters: FAISS k-means over summary embeddings, and a documented choice of k.

`faiss_kmeans` is a thin deterministic wrapper around `faiss.Kmeans`. `choose_k` decides how many base
clusters to make, in this order of precedence:

1. `pinned_k`: an operator's explicit number wins.
2. `target_cluster_size`: as in the Clio paper, k = round(n / target size), clipped to [min_k, max_k].
3. Otherwise a data-driven sweep: FAISS k-means for each k of a geometric grid between min_k and
   max_k (default max_k = 2·sqrt(n), at most n/5), each fit on a sample and scored by the cosine
   silhouette on a fixed sample; the grid is then refined linearly between the best k's neighbours,
   and the k with the highest silhouette is chosen. Every candidate and score is recorded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel


@dataclass(frozen=True)
class KMeansResult:
    """Assignment of n points to k centroids.

    `distances` is each point's distance to its own centroid: 1 - cosine similarity when the
    clustering is spherical (rows treated as directions), squared L2 distance otherwise.
    """

    labels: np.ndarray  # int64 (n,)
    centroids: np.ndarray  # float32 (k, d)
    distances: np.ndarray  # float32 (n,)

    @property
    def k(self) -> int:
        return int(self.centroids.shape[0])


def auto_faiss_threads() -> int:
    """OMP_NUM_THREADS when set, else every CPU this process may use but one.

    FAISS's OpenMP loops wait for their slowest thread at every barrier; when every core has a thread
    and anything else runs (DuckDB, Dagster, another job), one descheduled thread stalls them all:
    choose_k at n = 3,000 took 31 s with 2 threads and 8 s with 1 on a loaded 2-core machine.
    """
    import os

    configured = os.environ.get("OMP_NUM_THREADS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, len(os.sched_getaffinity(0)) - 1)


def configure_faiss_threads(threads: int = 0) -> int:
    """Set FAISS's OpenMP thread count for this process (0: `auto_faiss_threads`); returns the count.

    Thread count changes speed only: k-means and assignment give the same result with any count.
    """
    import faiss

    count = threads if threads > 0 else auto_faiss_threads()
    faiss.omp_set_num_threads(count)
    return count


def _as_float32(X: np.ndarray) -> np.ndarray:
    X = np.ascontiguousarray(X, dtype=np.float32)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"expected a non-empty (n, d) array, got shape {X.shape}")
    return X


def _unit_rows(X: np.ndarray) -> np.ndarray:
    """X with unit-norm rows; returns X itself (no copy) when it already is, as embeddings are."""
    probe = X[: min(len(X), 1000)]
    if np.allclose(np.einsum("ij,ij->i", probe, probe), 1.0, atol=1e-3):
        return X
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return (X / np.maximum(norms, 1e-12)).astype(np.float32)


def kmeans_plusplus_init(
    X: np.ndarray, k: int, *, seed: int = 0, max_sample: int = 50_000, fixed: np.ndarray | None = None
) -> np.ndarray:
    """k-means++ seeds (float32, (k, d)) drawn from a random sample of about 20 points per centroid.

    FAISS seeds k-means with k random points, which often puts two seeds in one true cluster and none
    in another; on well-separated data that local minimum costs ~0.1-0.3 ARI. Greedy k-means++ (each
    seed the best of 2 + log k candidates drawn with probability proportional to their squared
    distance to the nearest seed so far) on a sample avoids it; here each seed costs one matrix product.
    `fixed` seeds (e.g. yesterday's centroids) come first, unchanged, and the rest continue from them.
    """
    n = len(X)
    sample_size = min(n, max(20 * k, 2000), max(max_sample, k))
    rng = np.random.default_rng(seed)
    sample = X if sample_size >= n else X[np.sort(rng.choice(n, size=sample_size, replace=False))]
    sample = np.ascontiguousarray(sample, dtype=np.float32)
    norms = np.einsum("ij,ij->i", sample, sample)
    centers = np.empty((k, sample.shape[1]), dtype=np.float32)
    n_fixed = 0 if fixed is None else min(len(fixed), k)
    if n_fixed:
        centers[:n_fixed] = fixed[:n_fixed]
        center_norms = np.einsum("ij,ij->i", centers[:n_fixed], centers[:n_fixed])
        dists = norms[:, None] - 2.0 * (sample @ centers[:n_fixed].T) + center_norms[None, :]
        nearest = np.maximum(dists.min(axis=1), 0.0)
    else:
        first = int(rng.integers(len(sample)))
        centers[0] = sample[first]
        nearest = np.maximum(norms - 2.0 * (sample @ centers[0]) + norms[first], 0.0)
        n_fixed = 1
    trials = 2 + int(np.log(k))
    for i in range(n_fixed, k):
        # Greedy k-means++: draw a few candidates ∝ D², keep the one that lowers the potential most.
        # The candidates' distances are one matrix product, not `trials` separate passes.
        cumulative = np.cumsum(nearest, dtype=np.float64)
        if cumulative[-1] <= 0:
            picks = rng.integers(len(sample), size=trials)
        else:
            picks = np.minimum(np.searchsorted(cumulative, rng.random(trials) * cumulative[-1]), len(sample) - 1)
        dists = np.maximum(norms[:, None] - 2.0 * (sample @ sample[picks].T) + norms[picks][None, :], 0.0)
        candidate_nearest = np.minimum(nearest[:, None], dists)
        best = int(np.argmin(candidate_nearest.sum(axis=0)))
        centers[i] = sample[picks[best]]
        nearest = candidate_nearest[:, best].copy()
    return centers


def _train_once(
    X: np.ndarray, k: int, seed: int, niter: int, spherical: bool, init: str | np.ndarray
) -> KMeansResult:
    import faiss

    d = X.shape[1]
    # max_points_per_centroid keeps FAISS's default subsampling (256 points per centroid) for the
    # centroid updates; the final assignment below covers every point.
    # Small windows are normal here (a quiet day); FAISS would warn below 39 points per centroid.
    km = faiss.Kmeans(d, k, niter=niter, seed=seed, spherical=spherical, verbose=False, min_points_per_centroid=1)
    if isinstance(init, np.ndarray):
        km.train(X, init_centroids=np.ascontiguousarray(init, dtype=np.float32))
    elif init == "kmeans++":
        km.train(X, init_centroids=kmeans_plusplus_init(X, k, seed=seed))
    elif init == "random":
        km.train(X)
    else:
        raise ValueError(f"init must be 'kmeans++' or 'random', got {init!r}")
    centroids = np.ascontiguousarray(km.centroids, dtype=np.float32)
    labels, distances = assign_nearest(X, centroids, spherical=spherical)
    return KMeansResult(labels, centroids, distances)


def assign_nearest(X: np.ndarray, centroids: np.ndarray, *, spherical: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(labels, distances) of each row of X to its nearest centroid: cosine distance when spherical.

    The one assignment rule of the pipeline: k-means' final pass and the batches a distributed engine
    assigns (`clio_pipeline.execution`) both call it, so a row gets the same label wherever it runs.
    """
    import faiss

    X = _as_float32(X)
    if spherical:
        X = _unit_rows(X)  # as k-means saw them (a no-op on rows already of unit norm)
    centroids = np.ascontiguousarray(centroids, dtype=np.float32)
    index = faiss.IndexFlatIP(centroids.shape[1]) if spherical else faiss.IndexFlatL2(centroids.shape[1])
    index.add(centroids)
    scores, labels = index.search(X, 1)
    distances = 1.0 - scores[:, 0] if spherical else scores[:, 0]
    return labels[:, 0].astype(np.int64), distances.astype(np.float32)


def faiss_kmeans(
    X: np.ndarray,
    k: int,
    *,
    seed: int = 0,
    niter: int = 20,
    spherical: bool = True,
    init: str | np.ndarray = "kmeans++",
    n_init: int = 1,
) -> KMeansResult:
    """k-means with FAISS; the same (X, k, seed) gives the same result. k is clipped to n.

    `init` is "kmeans++" (seeds from `kmeans_plusplus_init`, the default), "random" (FAISS's own), or
    a (k, d) array of starting centroids (a warm start; `n_init` is then ignored, there is one start).
    `n_init` > 1 restarts with seeds seed, seed+1, ... and keeps the lowest total distance.
    """
    X = _as_float32(X)
    if spherical:
        X = _unit_rows(X)
    n = len(X)
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    if isinstance(init, np.ndarray):
        if init.shape != (k, X.shape[1]):
            raise ValueError(f"initial centroids must have shape ({k}, {X.shape[1]}), got {init.shape}")
        if k < n:
            return _train_once(X, k, seed, niter, spherical, init)
    k = min(k, n)
    if k == n:
        # One point per cluster: nothing to train, and FAISS needs more points than centroids.
        return KMeansResult(np.arange(n, dtype=np.int64), X.copy(), np.zeros(n, dtype=np.float32))
    best: KMeansResult | None = None
    for restart in range(max(n_init, 1)):
        result = _train_once(X, k, seed + restart, niter, spherical, init)
        if best is None or float(result.distances.sum()) < float(best.distances.sum()):
            best = result
    assert best is not None
    return best


class KSelection(BaseModel):
    """How many base clusters, how that was decided, and the evidence."""

    k: int
    method: str  # "pinned", "target_size", "silhouette_peak_near_size", "silhouette_sweep", "trivial"
    # or "kept_previous" (clustering.warm.steady_k), "kept_previous_no_sweep" (clustering.daily_k)
    candidates: list[tuple[int, float]]  # (k, silhouette) for a sweep; empty otherwise
    reason: str


def default_max_k(n: int, min_k: int) -> int:
    """Upper end of the sweep: 2·sqrt(n) (at most n/5 so clusters average >= 5 points)."""
    return max(min_k, min(int(2 * math.sqrt(n)), n // 5))


def _geometric_grid(lo: int, hi: int, steps: int = 12) -> list[int]:
    if hi <= lo:
        return [lo]
    grid = np.geomspace(lo, hi, num=steps)
    return sorted({round(float(v)) for v in grid} | {lo, hi})


def _silhouette_for_k(
    X: np.ndarray, k: int, score_idx: np.ndarray, rng: np.random.Generator, sample_size: int, seed: int
) -> float:
    from sklearn.metrics import silhouette_score

    n = len(X)
    # Fit on enough points that every centroid gets ~40 of them, then score on the fixed sample, so
    # candidates are compared on the same points.
    fit_size = min(n, max(sample_size, 40 * k))
    fit_idx = np.sort(rng.choice(n, size=fit_size, replace=False)) if fit_size < n else np.arange(n)
    result = faiss_kmeans(X[fit_idx], k, seed=seed, n_init=2)
    import faiss

    index = faiss.IndexFlatIP(X.shape[1])
    index.add(result.centroids)
    _, sample_labels = index.search(X[score_idx], 1)
    sample_labels = sample_labels[:, 0]
    if len(np.unique(sample_labels)) < 2:
        return -1.0
    return float(silhouette_score(X[score_idx], sample_labels, metric="cosine"))


_BAND = (0.5, 0.71, 1.0, 1.41, 2.0)
# A silhouette on the fixed scoring sample says nothing once clusters average fewer than this many of its
# points, so candidates stop at sample_size / SCORE_POINTS_PER_CLUSTER (400 on the default 2,000-point sample).
# That also bounds every fit of the sweep to 40 points per candidate centroid (16,000 rows): the sweep
# costs O(sample), not O(window).
SCORE_POINTS_PER_CLUSTER = 5


def max_sweep_k(sample_size: int) -> int:
    """The largest k a silhouette sweep on a `sample_size`-point scoring sample may try."""
    return max(2, sample_size // SCORE_POINTS_PER_CLUSTER)


def size_anchor(n: int, target: int, lo: int, hi: int) -> int:
    """k = n / target size (the paper's rule), clipped to [lo, hi]."""
    return int(min(max(round(n / max(target, 1)), lo), hi))


def _size_anchored(
    X: np.ndarray, n: int, target: int, lo: int, hi: int, score_idx: np.ndarray, rng: np.random.Generator,
    sample_size: int, seed: int,
) -> KSelection:
    """k = n / target size, unless the silhouette has a real peak within 0.5-2x of it.

    Sentence embeddings rarely have a silhouette peak (the score creeps up with k), so on such data
    the size rule decides; on data with structure at this scale, the peak does.
    """
    anchor = size_anchor(n, target, lo, hi)
    ks = sorted({int(min(max(round(anchor * f), max(lo, 2)), hi)) for f in _BAND} | {anchor})
    if len(ks) < 3 or anchor < 2:
        return KSelection(k=anchor, method="target_size", candidates=[],
                          reason=f"n={n} / target size {target}, clipped to [{lo}, {hi}]")
    if ks[-1] > max_sweep_k(len(score_idx)):
        return KSelection(
            k=anchor, method="target_size", candidates=[],
            reason=f"n={n} / target size {target} = {anchor}; no silhouette sweep: candidates up to {ks[-1]} "
                   f"are too many clusters for a {len(score_idx)}-point silhouette sample",
        )
    scores = {k: _silhouette_for_k(X, k, score_idx, rng, sample_size, seed) for k in ks}
    candidates = [(k, round(scores[k], 5)) for k in ks]
    best = max(ks, key=lambda k: scores[k])
    if best not in (ks[0], ks[-1]) and best != anchor and scores[best] > scores[anchor]:
        return KSelection(
            k=best, method="silhouette_peak_near_size", candidates=candidates,
            reason=f"silhouette peaks at k={best} ({scores[best]:.4f}) near n/target = {anchor} (n={n})",
        )
    return KSelection(
        k=anchor, method="target_size", candidates=candidates,
        reason=f"n={n} / target size {target} = {anchor}; no silhouette peak inside 0.5-2x of it",
    )


def choose_k(
    X: np.ndarray,
    *,
    pinned_k: int | None = None,
    target_cluster_size: int | None = None,
    min_k: int = 2,
    max_k: int | None = None,
    sample_size: int = 2000,
    seed: int = 0,
) -> KSelection:
    """Number of base clusters for X: pinned; else anchored on n / target size (the paper's rule) and
    moved to a silhouette peak within 0.5-2x of it if there is one; else the best of a full sweep."""
    X = _unit_rows(_as_float32(X))
    n = len(X)
    if pinned_k is not None:
        k = max(1, min(pinned_k, n))
        return KSelection(k=k, method="pinned", candidates=[], reason=f"k pinned to {pinned_k} (n={n})")
    if n < 3:
        return KSelection(k=n, method="trivial", candidates=[], reason=f"only {n} points")
    hi = max(min_k, min(max_k if max_k is not None else default_max_k(n, min_k), n - 1))
    lo = max(1, min(min_k, hi))
    rng = np.random.default_rng(seed)
    score_idx = np.sort(rng.choice(n, size=min(n, sample_size), replace=False))
    if target_cluster_size is not None:
        # The size rule scales with n (the paper's k ≈ n / target), so it is not held to the sweep's 2·sqrt(n).
        hi_size = max(lo, min(max_k if max_k is not None else n // 5, n - 1))
        return _size_anchored(X, n, target_cluster_size, lo, hi_size, score_idx, rng, sample_size, seed)
    lo = max(lo, 2)  # silhouette needs at least two clusters
    hi = max(lo, min(hi, len(score_idx) - 1, max_sweep_k(len(score_idx))))
    scores: dict[int, float] = {}
    for k in _geometric_grid(lo, hi, steps=10):
        scores[k] = _silhouette_for_k(X, k, score_idx, rng, sample_size, seed)
    grid = sorted(scores)
    best_pos = grid.index(max(grid, key=lambda kk: scores[kk]))
    # Refine between the best grid point's neighbours, so the answer is not limited to the grid's
    # resolution (consecutive grid points can be ~50% apart).
    left, right = grid[max(best_pos - 1, 0)], grid[min(best_pos + 1, len(grid) - 1)]
    for k in sorted({round(float(v)) for v in np.linspace(left, right, num=7)} - set(scores)):
        scores[k] = _silhouette_for_k(X, k, score_idx, rng, sample_size, seed)
    best = max(sorted(scores), key=lambda kk: scores[kk])
    candidates = [(k, round(scores[k], 5)) for k in sorted(scores)]
    return KSelection(
        k=best, method="silhouette_sweep", candidates=candidates,
        reason=(
            f"highest cosine silhouette ({scores[best]:.4f}) among {len(scores)} candidates in "
            f"[{lo}, {hi}] on a {len(score_idx)}-point sample (n={n})"
        ),
    )
