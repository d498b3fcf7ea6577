"""The new-content tests of `clustering.novelty`: calibrated when nothing changes, and they find a young topic
that a 2-means from k-means++ cuts along its own variety."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from clio_pipeline.clustering.kmeans import KMeansResult, faiss_kmeans
from clio_pipeline.clustering.novelty import PERMUTATION_BATCH, cross_fitted_z, mean_shift_test, mean_shift_z
from clio_pipeline.clustering.topics import unit_rows
from clio_pipeline.clustering.warm import NOVELTY_ALPHA, novelty_tests, split_new_content


def null_cluster(rng: np.random.Generator, d: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """One cluster whose spread has a few strong directions (as embeddings do) and ages drawn independently."""
    n = int(rng.integers(40, 120))
    strong = rng.normal(size=(n, 6)) * rng.uniform(0.2, 1.0, 6) @ rng.normal(size=(6, d))
    rows = unit_rows(rng.normal(size=d) + 0.3 * strong + 0.5 * rng.normal(size=(n, d)))
    return rows, rng.integers(0, 7, n).astype(float)


def age_seeded_z(rows: np.ndarray, ages: np.ndarray) -> float:
    recent = ages < ages.mean()
    init = unit_rows(np.vstack([rows[recent].mean(axis=0), rows[~recent].mean(axis=0)]))
    halves = faiss_kmeans(rows, 2, seed=0, init=np.ascontiguousarray(init)).labels
    a, b = ages[halves == 0], ages[halves == 1]
    if min(len(a), len(b)) < 2:
        return 0.0
    return float((b.mean() - a.mean()) / np.sqrt(ages.var() / len(a) + ages.var() / len(b)))


def rms(values: list[float]) -> float:
    return float(np.sqrt(np.mean(np.square(values))))


def test_held_out_z_is_standard_normal_when_age_does_not_depend_on_content() -> None:
    rng = np.random.default_rng(0)
    clusters = [null_cluster(rng) for _ in range(150)]
    # The steered split on the same clusters: its z is inflated, so the set-up can tell a biased test.
    assert rms([age_seeded_z(rows, ages) for rows, ages in clusters]) > 1.25
    shift = [mean_shift_z(rows, ages, level=0.01, seed=i) for i, (rows, ages) in enumerate(clusters)]
    assert 0.8 < rms(shift) < 1.15 and max(shift) < 3.3
    for how in ("two-means", "direction"):
        held = [cross_fitted_z(rows, ages, ages < ages.mean(), seed=i, how=how)
                for i, (rows, ages) in enumerate(clusters)]
        assert rms(held) < 1.1 and max(np.abs(held)) < 3.3


def test_small_clusters_in_many_dimensions_are_not_split_when_ages_do_not_change() -> None:
    """Where the age-seeded split false-alarms every day, the permutation test stays at its level."""
    alarms = steered = 0
    for seed in range(20):
        rng = np.random.default_rng(seed)
        centers = unit_rows(rng.normal(size=(4, 384)))
        X = np.vstack([unit_rows(c + 0.06 * rng.normal(size=(int(rng.integers(30, 60)), 384))) for c in centers])
        ages = rng.integers(0, 2, len(X)).astype(float)  # a 2-day window, content the same on both days
        result = faiss_kmeans(X, 4, seed=0, init=centers.astype(np.float32))
        split, found = split_new_content(X, result, ages, min_size=6, seed=0)
        assert (found is None) == (split.k == 4)
        alarms += found is not None
        eligible, tested = novelty_tests(X, result, ages, min_size=6, seed=0, age_seeded=True)
        steered += max(t[0] for t in tested) >= norm.isf(NOVELTY_ALPHA / (2 * eligible))
    # 20 days at a family-wise 1e-3 a day; one is tolerated (seed 4:
    # a cluster whose permutation p, ~3e-4 on 2e5 permutations, is near its Bonferroni level 2.5e-4).
    assert alarms <= 1 and steered >= 15


def mixed_cluster(seed: int) -> tuple[np.ndarray, np.ndarray, KMeansResult]:
    """An old topic over a 7-day window and, next to it, a new one of the last two days in two styles far
    apart (its own variety), warm-started into one cluster; and an unrelated old cluster."""
    rng = np.random.default_rng(seed)
    d = 32
    axes = np.linalg.qr(rng.normal(size=(d, d)))[0].T

    def blob(center: np.ndarray, n: int) -> np.ndarray:
        return unit_rows(center + 0.15 * rng.normal(size=(n, d)))

    new = axes[0] + 0.6 * axes[1]
    X = np.vstack([blob(axes[0], 60), blob(new + 0.6 * axes[2], 30), blob(new - 0.6 * axes[2], 30),
                   blob(axes[3], 140)])
    ages = np.concatenate([np.arange(60) % 7, np.arange(60) % 2, np.arange(140) % 7]).astype(float)
    result = faiss_kmeans(X, 2, seed=0, init=axes[[0, 3]].astype(np.float32))
    assert np.bincount(result.labels).tolist() == [120, 140]  # the warm start keeps both topics together
    return X, ages, result


@pytest.mark.parametrize("seed", range(10))
def test_a_young_topic_with_its_own_variety_inside_an_old_cluster_is_split_off(seed: int) -> None:
    X, ages, result = mixed_cluster(seed)
    split, found = split_new_content(X, result, ages, min_size=20, seed=0)
    assert found is not None and found.z >= found.threshold and split.k == 3
    newest = np.bincount(split.labels[60:120]).argmax()
    assert np.mean(split.labels[60:120] == newest) > 0.95 and np.mean(split.labels[:60] == newest) < 0.2


def test_the_two_means_test_misses_some_of_those_young_topics() -> None:
    """The gap the permutation test closes: a 2-means from k-means++ cuts along the styles."""
    missed = 0
    for seed in range(10):
        X, ages, result = mixed_cluster(seed)
        eligible, tested = novelty_tests(X, result, ages, min_size=20, seed=0)
        missed += max(t[0] for t in tested) < norm.isf(NOVELTY_ALPHA / (2 * eligible))
    assert missed >= 3


def test_a_screen_leaves_open_only_what_the_full_permutation_test_could_still_find() -> None:
    rng = np.random.default_rng(5)
    rows, ages = null_cluster(rng)
    level = 1e-5  # 400,000 permutations in full; the screen draws one batch
    young = unit_rows(rows[:30] + 0.5 * unit_rows(rng.normal(size=(1, rows.shape[1]))))
    shifted, young_ages = np.vstack([young, rows[30:]]), np.concatenate([np.zeros(30), ages[30:] + 1])
    screen = mean_shift_test(shifted, young_ages, level=level, seed=0, limit=PERMUTATION_BATCH)
    assert screen.open and screen.effect > 5 and screen.z < norm.isf(level / 2)  # not yet significant
    assert mean_shift_z(shifted, young_ages, level=level, seed=0) >= norm.isf(level / 2)
    closed = mean_shift_test(rows, ages, level=level, seed=0, limit=PERMUTATION_BATCH)
    assert not closed.open and closed.z < 3


def test_of_two_clusters_with_new_content_the_larger_shift_is_finished_and_split() -> None:
    rng = np.random.default_rng(6)
    d = 32
    axes = np.linalg.qr(rng.normal(size=(d, d)))[0].T

    def blob(center: np.ndarray, n: int) -> np.ndarray:
        return unit_rows(center + 0.15 * rng.normal(size=(n, d)))

    # Clusters 0 and 1 each get a recent sub-topic (1's further off); cluster 2 does not change.
    X = np.vstack([blob(axes[0], 80), blob(axes[0] + 0.5 * axes[4], 40), blob(axes[1], 80),
                   blob(axes[1] + 1.0 * axes[5], 40), blob(axes[2], 120)])
    ages = np.concatenate([np.arange(80) % 7, np.arange(40) % 2, np.arange(80) % 7, np.arange(40) % 2,
                           np.arange(120) % 7]).astype(float)
    result = faiss_kmeans(X, 3, seed=0, init=axes[:3].astype(np.float32))
    assert np.bincount(result.labels).tolist() == [120, 120, 120]
    eligible, tested = novelty_tests(X, result, ages, min_size=20, seed=0, mean_shift=True)
    z = {c: value for value, c, _, _ in tested}
    threshold = norm.isf(NOVELTY_ALPHA / (2 * eligible))
    # The first batch's cap is norm.isf(1 / 2001 / 2) = 3.48: only a finished test gets past it.
    assert z[1] >= threshold > norm.isf(1 / (1 + PERMUTATION_BATCH) / 2) >= z[0]
    split, found = split_new_content(X, result, ages, min_size=20, seed=0)
    assert found is not None and found.cluster == 1 and split.k == 4
