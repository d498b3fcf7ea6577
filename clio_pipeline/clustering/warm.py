"""Warm starts across days: a steady k, yesterday's centroids as seeds, and new content split off.

The steps before today's clusters are matched to yesterday's (`clustering.topics`):

0. k for the full window while it fills (`daily_k.filling_target`): at a steady daily volume the
   anchor n / target size is the full window's from the first day, so k does not grow, splitting
   topics, every day of a backfill's first week.
1. Steady k (`steady_k`). The silhouette scores that move k within its band are noisy from day to day
   (a flat curve whose maximum wanders), and every change of k splits or merges topics. So with a
   previous day, k stays what it was unless the window's size moved it out of [0.5, 2] x n/target
   or today's best candidate beats it by a margin the estimates' own noise cannot explain
   (`STEADY_K_MARGIN`, or two standard deviations of today's candidate scores when they spread more).
2. Warm start (`warm_start_centroids`). k-means starts from the previous day's centroids: when today's
   k is smaller, the largest previous clusters seed it (the smallest are dropped); when it is larger,
   the extra seeds continue k-means++ from the previous centroids. Windows overlap by all but one day,
   so the clustering stays where it was unless the data moved it.
3. New content (`split_new_content`). A warm start keeps yesterday's clustering, so a topic that
   appears inside an existing cluster would stay hidden in it. After k-means, each cluster that is
   younger than the window on average is tested: do its younger conversations lie elsewhere than its
   older ones? The test (`clustering.novelty.mean_shift_z`) is a permutation test of the distance between
   the age-weighted means of the cluster's rows: exact when content does not depend on age, on every row.
   It replaced a z test of the mean ages of a 2-means' halves, which splits a mixed cluster along the new
   topic's own variety instead of old against new (the generator's mid-way topic, 38 of a
   57-conversation cluster: z 3.0 against 3.86). Starting that 2-means from the means of the recent and
   older rows finds the split (z 5.2) but tests the age difference it was steered to: on unchanging content
   its z is inflated (Banking77: rms 1.6-1.85 instead of 1, 10 false splits in 210 days of a 2-day window;
   the generator: 4.0 >= 3.89 on day 2). Cross-fitting it (`clustering.novelty.cross_fitted_z`: one fold
   finds the direction, the other is tested) is valid but halves the rows each z sees (3.0-3.4 on the
   mid-way topic; under no change the folds' z's correlate, Banking77 0.25-0.6, the mid-way cluster's
   permutations 0.45-0.93, so summing them over sqrt(2) would inflate z). The
   permutation test: 4.0, split on that day. On Banking77 (`bench.novelty_calibration --shuffles 5`, 210
   unchanging days, 7-day window): no false split, largest z 2.72 (the 2-means test's 3.06), rms 0.95;
   with a 2-day window and halves of 10: none either, largest 2.97; 12 planted intents: never later than
   the 2-means test, sooner for 2 (2 -> 1 and 6 -> 4 days), no split in the 156 days before their onsets.
   The other tests stay options of `novelty_tests` (`age_seeded`, `cross_fit`) for the bench. A
   permutation z is capped by the number of permutations (4 / level: 4.19 at 9 clusters); of the clusters
   a first batch leaves open, the largest effect is finished first, and the first significant one is split.
   When a cluster is significant (Bonferroni over the clusters tested, family-wise level `NOVELTY_ALPHA`),
   it is split by a 2-means started from its recent and older rows' means, and the clearest such split is
   kept: k grows by one and the young half becomes a new topic (a split of the old one). At most one a day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from clio_pipeline.clustering.kmeans import KMeansResult, KSelection, faiss_kmeans, kmeans_plusplus_init
from clio_pipeline.clustering.novelty import (
    CROSS_FIT,
    PERMUTATION_BATCH,
    cross_fitted_z,
    mean_shift_test,
    mean_shift_z,
)
from clio_pipeline.clustering.topics import PreviousTopics, unit_rows

# How far yesterday's k may sit from today's anchor (n / target size) and still be kept: the range in
# which `choose_k` itself may place k (a silhouette peak within 0.5-2x of the anchor), bounds excluded:
# a window that halved or doubled re-chooses. The former 0.71-1.41 band dropped a k chosen at a peak
# 1.5x the anchor on the next day, when the window had shrunk by a tenth, and moved a third of the topics.
STEADY_K_BAND = (0.5, 2.0)
# Silhouette gain that counts as evidence for another k. Measured on real data, not the generator: on
# Banking77 (sliding 2,100-conversation windows of a shuffled stream, 300 new a day, all-MiniLM-L6-v2),
# one candidate's score varies from day to day with a standard deviation of 0.0085, so the difference
# of two has ~0.012; twice that is 0.025.
STEADY_K_MARGIN = 0.025


def steady_k(selection: KSelection, previous_k: int, n: int, target_size: int) -> KSelection:
    """Today's k, held at `previous_k` unless the data clearly moved it (see the module docstring)."""
    if selection.method in ("pinned", "trivial") or previous_k == selection.k or previous_k >= n:
        return selection
    anchor = n / max(target_size, 1)
    if not STEADY_K_BAND[0] < previous_k / anchor < STEADY_K_BAND[1]:
        return selection
    scores = dict(selection.candidates)
    if scores:
        ks = sorted(scores)
        if not ks[0] <= previous_k <= ks[-1]:
            return selection
        # Yesterday's k is usually one of today's candidates; otherwise read its score off the curve.
        previous_score = float(np.interp(previous_k, ks, [scores[k] for k in ks]))
        best = max(scores.values())
        margin = max(STEADY_K_MARGIN, 2 * float(np.std(list(scores.values()))))
        if best - previous_score > margin:
            return selection
    return KSelection(
        k=previous_k, method="kept_previous", candidates=selection.candidates,
        reason=f"kept the previous day's k={previous_k}: today's choice ({selection.k}, {selection.method}) "
               f"is not clearly better and n/target = {anchor:.1f} is still near it",
    )


def warm_start_centroids(X: np.ndarray, k: int, previous: PreviousTopics, *, seed: int) -> np.ndarray:
    """Starting centroids for today's k-means: the previous day's, adjusted to today's k.

    k smaller than before: the k largest previous clusters (ties by position) seed it. k larger: every
    previous centroid plus k-means++ seeds for the rest, drawn against the previous ones.
    """
    order = sorted(range(len(previous)), key=lambda i: (-previous.sizes[i], i))
    kept = unit_rows(previous.centroids[order[:k]])
    if len(kept) >= k:
        return np.ascontiguousarray(kept)
    return kmeans_plusplus_init(np.ascontiguousarray(X, dtype=np.float32), k, seed=seed, fixed=kept)


# Family-wise false-alarm rate of the new-content test per day. On Banking77 (36 days of unchanging,
# shuffled content) the largest |z| of a day never exceeded 3.3; at 21 clusters this level needs 4.1.
# Re-measured with the multilingual default embedder (`bench.novelty_calibration`, 42 days of 300, 7-day
# window, halves of at least 50): largest |z| 2.5, thresholds 3.6-3.9, no false split in ~200 days; with
# the permutation test of `clustering.novelty` (the default since), 210 days: largest z 2.72, none either.
NOVELTY_ALPHA = 0.001


@dataclass(frozen=True)
class NewContent:
    """The cluster split for new content, and the evidence."""

    cluster: int
    z: float
    threshold: float
    young_size: int


def novelty_tests(
    X: np.ndarray, result: KMeansResult, ages: np.ndarray, *, min_size: int, seed: int, age_seeded: bool = False,
    cross_fit: str | None = None, mean_shift: bool = False, alpha: float = NOVELTY_ALPHA,
) -> tuple[int, list[tuple[float, int, np.ndarray, np.ndarray]]]:
    """Clusters that could be tested for new content, and each tested one's (z, cluster, rows, young half).

    By default z is the |z| of the mean ages of a 2-means' halves started from k-means++. `age_seeded=True`
    starts it from the means of the cluster's recent and older rows (biased, see the module docstring).
    `mean_shift=True` (permutation test at the Bonferroni level of `alpha`) or `cross_fit` ("two-means" or
    "direction", held-out folds) replace z by a test of `clustering.novelty`, signed (positive: new content)
    and N(0, 1) on unchanging content; their young half is then the age-seeded 2-means'."""
    if cross_fit is not None and cross_fit not in CROSS_FIT:
        raise ValueError(f"cross_fit must be one of {CROSS_FIT} or None, got {cross_fit!r}")
    X = np.ascontiguousarray(X, dtype=np.float32)
    ages = np.asarray(ages, dtype=np.float64)
    window_mean = ages.mean()
    tested: list[tuple[float, int, np.ndarray, np.ndarray]] = []
    candidates: list[tuple[float, int]] = []  # (effect, index in tested) of mean-shift screens still open
    held_out = mean_shift or cross_fit is not None
    # Every cluster's rows from one stable sort of the labels (ascending rows, as flatnonzero gives them):
    # O(n log n) once instead of a pass over all n labels for each of the k clusters.
    order = np.argsort(result.labels, kind="stable")
    bounds = np.searchsorted(result.labels[order], np.arange(result.k + 1))
    eligible = int((np.diff(bounds) >= 2 * min_size).sum())
    for c in range(result.k):
        members = order[bounds[c]:bounds[c + 1]]
        if len(members) < 2 * min_size:
            continue
        member_ages = ages[members]
        if member_ages.mean() >= window_mean:
            continue  # new content makes a cluster younger than the window: older ones need no test
        rows, recent = X[members], member_ages < window_mean
        halves = _halves(rows, recent, seed=seed, age_seeded=age_seeded or held_out)
        a, b = member_ages[halves == 0], member_ages[halves == 1]
        spread = member_ages.var()
        if min(len(a), len(b)) < min_size or spread == 0:
            continue
        z = (b.mean() - a.mean()) / np.sqrt(spread / len(a) + spread / len(b))
        young = 0 if z > 0 else 1
        if mean_shift:
            screen = mean_shift_test(rows, member_ages, level=alpha / eligible, seed=seed + c,
                                     limit=PERMUTATION_BATCH)
            z = screen.z
            if screen.open:
                candidates.append((screen.effect, len(tested)))
        elif cross_fit is not None:
            z = cross_fitted_z(rows, member_ages, recent, seed=seed + c, how=cross_fit)
        tested.append((float(z) if held_out else abs(float(z)), c, members, halves == young))
    # The full permutation test costs up to PERMUTATIONS_PER_LEVEL / level permutations (seconds at 1,000
    # clusters) and one split is kept a day: the screened clusters that could still reach the level are
    # finished largest effect first, up to the first that does. The others keep their screen's valid p.
    if candidates:
        from scipy.stats import norm

        threshold = float(norm.isf(alpha / (2 * eligible)))
    for _, i in sorted(candidates, reverse=True):
        _, c, members, is_young = tested[i]
        z = mean_shift_z(X[members], ages[members], level=alpha / eligible, seed=seed + c)
        tested[i] = (z, c, members, is_young)
        if z >= threshold:
            break
    return eligible, tested


def _halves(rows: np.ndarray, recent: np.ndarray, *, seed: int, age_seeded: bool) -> np.ndarray:
    """2-means labels of one cluster's rows; with `age_seeded`, started from its recent and older rows' means."""
    if not age_seeded or recent.all() or not recent.any():
        return faiss_kmeans(rows, 2, seed=seed).labels
    init = unit_rows(np.vstack([rows[recent].mean(axis=0), rows[~recent].mean(axis=0)]))
    return faiss_kmeans(rows, 2, seed=seed, init=np.ascontiguousarray(init)).labels


def split_new_content(
    X: np.ndarray, result: KMeansResult, ages: np.ndarray, *, min_size: int, seed: int,
    cross_fit: str | None = None, mean_shift: bool = True,
) -> tuple[KMeansResult, NewContent | None]:
    """k-means result with the clearest new-content half split off (k + 1), or unchanged.

    `mean_shift=False` (with `cross_fit` None) goes back to the 2-means z test (see the module docstring)."""
    from scipy.stats import norm

    X = np.ascontiguousarray(X, dtype=np.float32)
    eligible, tested = novelty_tests(X, result, ages, min_size=min_size, seed=seed, cross_fit=cross_fit,
                                     mean_shift=mean_shift)
    if not tested:
        return result, None
    threshold = float(norm.isf(NOVELTY_ALPHA / (2 * eligible)))  # Bonferroni over every cluster that could be
    z, c, members, is_young = max(tested, key=lambda t: (t[0], -t[1]))
    if z < threshold:
        return result, None
    rows = X[members]  # one copy of the split cluster's rows, not one per half
    centroids = np.vstack([result.centroids, unit_rows(rows[is_young].mean(axis=0)[None, :])])
    centroids[c] = unit_rows(rows[~is_young].mean(axis=0)[None, :])[0]
    del rows
    split = faiss_kmeans(X, result.k + 1, seed=seed, init=np.ascontiguousarray(centroids))
    return split, NewContent(c, z, threshold, int(is_young.sum()))
