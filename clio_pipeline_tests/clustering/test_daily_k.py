"""A day's k: the silhouette sweep skipped while yesterday's k holds, re-run on sweep days or when the
window's size moved, its cost bounded by its sample; and FAISS's thread count, which changes no result."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import numpy as np
import pytest

from clio_pipeline.clustering import daily_k
from clio_pipeline.clustering.daily_k import choose_daily_k, filling_target, is_sweep_day
from clio_pipeline.clustering.kmeans import (
    auto_faiss_threads,
    choose_k,
    configure_faiss_threads,
    faiss_kmeans,
    max_sweep_k,
)

TARGET = 100


def blobs(n: int, k: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(k, dim))
    X = centers[rng.integers(k, size=n)] + 0.3 * rng.normal(size=(n, dim))
    return (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)


# 2026-01-04 is a sweep day of a 7-day cycle (its ordinal is a multiple of 7); the next six are not.
SWEEP_DAY = next(date(2026, 1, 1) + timedelta(days=i) for i in range(7)
                 if (date(2026, 1, 1) + timedelta(days=i)).toordinal() % 7 == 0)
QUIET_DAY = SWEEP_DAY + timedelta(days=1)


def test_sweep_days_are_a_function_of_the_date_alone() -> None:
    days = [SWEEP_DAY + timedelta(days=i) for i in range(21)]
    assert [d for d in days if is_sweep_day(d, 7)] == [SWEEP_DAY, SWEEP_DAY + timedelta(7), SWEEP_DAY + timedelta(14)]
    assert all(is_sweep_day(d, 1) for d in days)


def test_yesterdays_k_is_kept_without_a_sweep_while_the_size_is_in_its_band(monkeypatch) -> None:
    X = blobs(2000, 20)
    monkeypatch.setattr(daily_k, "choose_k", lambda *a, **kw: pytest.fail("the sweep ran"))
    selection = choose_daily_k(X, QUIET_DAY, previous_k=24, pinned_k=None, target_size=TARGET, seed=0)
    assert (selection.k, selection.method, selection.candidates) == (24, "kept_previous_no_sweep", [])
    assert "sweep skipped" in selection.reason and "k=24" in selection.reason
    assert selection == choose_daily_k(X, QUIET_DAY, previous_k=24, pinned_k=None, target_size=TARGET, seed=0)


@pytest.mark.parametrize("case", ["sweep day", "size moved", "first day", "daily sweeps"])
def test_the_sweep_runs_when_it_can_change_k(case: str) -> None:
    X = blobs(2000, 20)
    day, previous_k, resweep = {"sweep day": (SWEEP_DAY, 24, 7), "size moved": (QUIET_DAY, 40, 7),
                                "first day": (QUIET_DAY, None, 7), "daily sweeps": (QUIET_DAY, 24, 1)}[case]
    selection = choose_daily_k(X, day, previous_k=previous_k, pinned_k=None, target_size=TARGET, seed=0,
                               resweep_days=resweep)
    assert selection.candidates  # the silhouette evidence was computed and is recorded
    assert selection.method != "kept_previous_no_sweep"
    if case == "size moved":  # 40 is 2x n / target: out of the band, so today's choice stands
        assert selection.k != 40


def _filling_days(policy: str) -> list:
    """A day's k over a 7-day window filling at 300 conversations a day, under one `k_filling` policy."""
    stream = blobs(2100, 20)[np.random.default_rng(1).permutation(2100)]
    selections, k = [], None
    for i in range(7):  # the last day, QUIET_DAY + 6, is a sweep day with a full window
        selection = choose_daily_k(stream[: 300 * (i + 1)], QUIET_DAY + timedelta(days=i), previous_k=k, pinned_k=None,
                                   target_size=TARGET, seed=0, window_days=(i + 1, 7), filling=policy)
        selections.append(selection)
        k = selection.k
    return selections


def test_while_the_window_fills_k_is_sized_for_the_full_window() -> None:
    # n / target grows 3, 6, ... 21; anchored on the full window it is 21 from the first day, and k holds.
    filling = _filling_days("full_window")
    assert [s.k for s in filling] == [21] * 7
    assert all(not s.candidates for s in filling[:-1]) and filling[-1].candidates  # swept once full
    assert "window filling (1 of 7 days)" in filling[0].reason and "window filling" not in filling[-1].reason
    assert filling_target(100, (1, 7)) == 14 and filling_target(100, (7, 7)) == 100
    assert filling_target(100, None) == 100 and filling_target(100, (9, 7)) == 100


def test_while_the_window_fills_k_grows_daily_or_by_the_band() -> None:
    grow, band = _filling_days("grow"), _filling_days("band")
    # grow: after the first day (chosen as usual), k is n / target every day: +3 a day, never a doubling.
    assert [s.k for s in grow[1:6]] == [6, 9, 12, 15, 18] and all("window filling" in s.reason for s in grow[1:6])
    # band (the default): yesterday's k is held until n / target is twice it, then re-chosen.
    ks = [s.k for s in band]
    assert any(b >= 2 * a for a, b in pairwise(ks)) and len(set(ks)) < len(ks)
    with pytest.raises(ValueError, match="k_filling"):
        choose_daily_k(blobs(100, 2), QUIET_DAY, previous_k=None, pinned_k=None, target_size=TARGET, seed=0,
                       filling="sometimes")


def test_a_pinned_k_wins_over_yesterdays() -> None:
    selection = choose_daily_k(blobs(500, 5), QUIET_DAY, previous_k=6, pinned_k=9, target_size=TARGET, seed=0)
    assert (selection.k, selection.method) == (9, "pinned")


def test_the_sweep_is_bounded_by_its_sample_not_the_window(monkeypatch) -> None:
    from clio_pipeline.clustering import kmeans

    fits: list[int] = []
    real = kmeans._silhouette_for_k

    def counted(X, k, *args):
        fits.append(k)
        return real(X, k, *args)

    monkeypatch.setattr(kmeans, "_silhouette_for_k", counted)
    # n / target = 300: candidates up to 600 would be scored on 2,000 points (3 per cluster): no sweep.
    big = blobs(30_000, 50, dim=8)
    selection = choose_k(big, target_cluster_size=TARGET, seed=0)
    assert (selection.k, selection.method, selection.candidates, fits) == (300, "target_size", [], [])
    assert "no silhouette sweep" in selection.reason
    # n / target = 150: candidates up to 300 <= 400 are swept, each fit on at most 40 points per centroid.
    mid = blobs(15_000, 50, dim=8)
    selection = choose_k(mid, target_cluster_size=TARGET, seed=0)
    assert selection.candidates and max(fits) <= max_sweep_k(2000) and max(k for k, _ in selection.candidates) == 300


def test_faiss_thread_count_is_configurable_and_changes_no_result(monkeypatch) -> None:
    import faiss

    X = blobs(3000, 12)
    try:
        assert configure_faiss_threads(1) == 1 and faiss.omp_get_max_threads() == 1
        one = faiss_kmeans(X, 12, seed=0)
        assert configure_faiss_threads(2) == 2
        two = faiss_kmeans(X, 12, seed=0)
        assert np.array_equal(one.labels, two.labels) and np.array_equal(one.centroids, two.centroids)
        monkeypatch.setenv("OMP_NUM_THREADS", "3")
        assert auto_faiss_threads() == 3 == configure_faiss_threads(0)
        monkeypatch.delenv("OMP_NUM_THREADS")
        assert auto_faiss_threads() == max(1, len(__import__("os").sched_getaffinity(0)) - 1)
    finally:
        configure_faiss_threads(0)
