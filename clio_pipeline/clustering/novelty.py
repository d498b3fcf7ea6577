"""Tests for new content inside one cluster whose z stays N(0, 1) when nothing changes (`clustering.warm`).

Both ask whether the cluster's younger rows lie elsewhere than its older ones, with the ages' own
information kept out of the null distribution, unlike a 2-means started from the recent and older means
(which tests the age difference it was steered to and so inflates z on unchanging content):

- `mean_shift_z`: a permutation test of the squared distance between the age-weighted means. Exact at
  any cluster size and dimension (the ages are permuted, the rows are fixed), on every row.
- `cross_fitted_z`: one fold of the rows finds where the recent ones lie, the other fold is tested, and
  the other way round. Valid, but each fold has half the rows, so its z is ~1/sqrt(2) of a full-sample one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from clio_pipeline.clustering.topics import unit_rows

# Rows a permutation test uses at most (a seeded draw beyond): its cost grows with the square.
MEAN_SHIFT_ROWS = 300
# Permutations per batch; after each, the test stops once the cluster can no longer reach its level.
PERMUTATION_BATCH = 2000
# Permutations drawn for a cluster that may reach its level: this many / level, so that a significant
# cluster may have a few exceedances (PERMUTATIONS_PER_LEVEL - 1) and still reach it. Cost grows with it.
PERMUTATIONS_PER_LEVEL = 4


@dataclass(frozen=True)
class MeanShift:
    """A permutation test's state: its z so far, an effect size to rank clusters by, and whether more
    permutations could still bring its p to the level (False: it is final)."""

    z: float
    effect: float
    open: bool


def mean_shift_z(rows: np.ndarray, ages: np.ndarray, *, level: float, seed: int) -> float:
    """z (two-sided scale: |z| >= norm.isf(level / 2) iff p <= level) of a permutation test for new content.

    Statistic: U = sum over pairs i != j of w_i w_j <x_i, x_j> with w the centered youth (mean age - age),
    i.e. |sum w_i x_i|^2 without its diagonal: large when young and old rows have different means. Its
    null distribution is U over random permutations of the ages (content independent of age), counted to
    Monte Carlo p = (1 + exceedances) / (1 + permutations): valid at any number of permutations. Enough are
    drawn (`PERMUTATIONS_PER_LEVEL` / level) for the p of a significant cluster to reach `level`; batches
    stop early once more exceedances than that allows have been seen, so a cluster without new content
    costs one batch.
    """
    return mean_shift_test(rows, ages, level=level, seed=seed).z


def mean_shift_test(rows: np.ndarray, ages: np.ndarray, *, level: float, seed: int,
                    limit: int | None = None) -> MeanShift:
    """`mean_shift_z`'s test, stopped after `limit` permutations if given (a screen: `open` says whether
    the full test could still reach `level`). The same seed draws the same permutations first."""
    from scipy.stats import norm

    rng = np.random.default_rng(seed)
    if len(rows) > MEAN_SHIFT_ROWS:
        keep = rng.choice(len(rows), size=MEAN_SHIFT_ROWS, replace=False)
        rows, ages = rows[keep], ages[keep]
    w = ages.mean() - np.asarray(ages, dtype=np.float64)
    if not w.any():
        return MeanShift(0.0, 0.0, False)
    K = np.asarray(rows, dtype=np.float64) @ np.asarray(rows, dtype=np.float64).T
    np.fill_diagonal(K, 0.0)
    observed = w @ K @ w
    total = int(np.ceil(PERMUTATIONS_PER_LEVEL / level))
    allowed = level * (1 + total) - 1  # exceedances a significant cluster may have among `total`
    exceed = done = 0
    effect = 0.0
    while done < min(total, limit or total):
        batch = min(PERMUTATION_BATCH, total - done)
        W = rng.permuted(np.broadcast_to(w, (batch, len(w))), axis=1)
        null = np.einsum("ij,ij->i", W @ K, W)
        if not done:
            effect = float((observed - null.mean()) / max(null.std(), 1e-12))
        exceed += int((null >= observed).sum())
        done += batch
        if exceed > allowed:
            break
    return MeanShift(float(norm.isf((1 + exceed) / (1 + done) / 2)), effect, done < total and exceed <= allowed)


# How the held-out side of `cross_fitted_z` scores its rows: "two-means" puts each on the nearer of the
# two centroids of an age-seeded 2-means of the other fold; "direction" projects it onto the other fold's
# difference of recent and older means.
CROSS_FIT = ("two-means", "direction")


def cross_fitted_z(rows: np.ndarray, ages: np.ndarray, recent: np.ndarray, *, seed: int, how: str) -> float:
    """Held-out z for new content in one cluster: positive when rows on the recent side are younger.

    The rows are split in two folds (a seeded draw within the recent and within the older rows). One
    fold finds where the recent rows lie; the other is scored by it and its ages alone are tested, and
    the other way round. When age does not depend on content, a fold's own ages are a random permutation
    over its rows whatever the other fold told it, so each z is a permutation statistic, ~N(0, 1). The
    two z's share their data (for "direction" both numerators are nearly the same sum over pairs across
    the folds; measured correlations under no change 0.25-0.93), so their mean is reported,
    not their sum over sqrt(2): the mean of two N(0, 1) has a variance of at most 1 whatever their
    correlation."""
    rng = np.random.default_rng(seed)
    first = np.zeros(len(rows), dtype=bool)
    for group in (np.flatnonzero(recent), np.flatnonzero(~recent)):
        first[rng.permutation(group)[::2]] = True
    return sum(_held_out_z(rows[fit], recent[fit], ages[fit], rows[~fit], ages[~fit], seed=seed, how=how)
               for fit in (first, ~first)) / 2


def _held_out_z(fit: np.ndarray, fit_recent: np.ndarray, fit_ages: np.ndarray, test: np.ndarray,
                test_ages: np.ndarray, *, seed: int, how: str) -> float:
    if fit_recent.all() or not fit_recent.any() or len(test) < 3:
        return 0.0
    young, old = fit[fit_recent].mean(axis=0), fit[~fit_recent].mean(axis=0)
    if how == "two-means":
        labels, centroids = _two_means(fit, unit_rows(np.vstack([young, old])))
        if labels.all() or not labels.any():
            return 0.0
        # The centroid whose fit rows are younger is the recent side, wherever its start was.
        first_younger = fit_ages[~labels].mean() < fit_ages[labels].mean()
        young, old = centroids if first_younger else centroids[::-1]
    score = test @ (young - old).astype(np.float64)
    if how == "two-means":
        score = (score > 0).astype(np.float64)  # nearer the young centroid (rows and centroids are unit length)
    score, younger = score - score.mean(), test_ages.mean() - test_ages
    # Permutation z of sum(score * younger): its variance over permutations of the ages is
    # sum(score^2) * sum(younger^2) / (n - 1).
    scale = np.sqrt((score @ score) * (younger @ younger) / (len(test) - 1))
    return float(score @ younger / scale) if scale > 0 else 0.0


def _two_means(rows: np.ndarray, centroids: np.ndarray, iterations: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Spherical 2-means of a fold's few rows (True: the second centroid), in numpy: FAISS's per-call overhead
    (~0.1 s) dominates at this size, and the held-out test runs it twice per cluster."""
    labels = np.zeros(len(rows), dtype=bool)
    for i in range(iterations):
        scores = rows @ centroids.T
        new = scores[:, 1] > scores[:, 0]
        if (i and np.array_equal(new, labels)) or new.all() or not new.any():
            labels = new
            break
        labels = new
        centroids = unit_rows(np.vstack([rows[~labels].mean(axis=0), rows[labels].mean(axis=0)]))
    return labels, centroids


