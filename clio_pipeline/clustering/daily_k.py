"""k for one day's window: the silhouette sweep only when it can change the answer.

`choose_k` fits k-means several times around n / target size to look for a silhouette peak, and
`warm.steady_k` then keeps the previous day's k unless the window's size moved it out of its band or
the sweep found a clearly better k. Consecutive windows share all but one day, so on most days the
sweep's evidence is yesterday's again and steady_k discards it: the sweep was most of a day's
clustering time (3.3 x the encode floor at 2,100 conversations). So, with a previous day:

- when n / target size is still within `warm.STEADY_K_BAND` of yesterday's k, yesterday's k is kept
  without a sweep, except on a sweep day;
- a sweep day is every `resweep_days`-th day by date (`day.toordinal() % resweep_days == 0`): a pure
  function of the day, so re-running any day repeats its decision, and a silhouette peak that did move
  still moves k within `resweep_days` days (1 sweeps every day, as before);
- otherwise (first day, k pinned, the size left the band, a sweep day) `choose_k` then `steady_k`, as
  before.

While the window fills (the data is younger than the window: a new source, a backfill's first
days), n grows by about a day's volume every day, so the anchor n / target size grows with it, and
every growth of k splits topics. `window_days=(n_days, nominal_days)` says how full the window is, and
`filling` (`FILLING_POLICIES`, `ClusteringResource.k_filling`) how k follows it:

- "band" (the default): the rules above. Yesterday's k is held until the anchor is twice it, and
  then re-chosen: k doubles in one day and every topic splits at once (on the generator's 12-day
  run: k 4 -> 8 on day 4, 31.5 % of unchanged conversations changed id that day).
- "grow": with a previous day, k is the anchor itself every day while the window fills, no band and
  no sweep, so it grows by about one day's share (k / n_days) a day instead of doubling at the band's
  edge; the first day is chosen as usual. The same splits, spread over the filling days; measured
  (generator, 12 days, 2,400 conversations) it does not help: worst growing-window day 30.3 %
  (k 6 -> 8), and its full windows at k = 12 churned up to 13.8 %. Kept for comparison only.
- "full_window": k is anchored on the window it fills towards: the target size is scaled by
  n_days / nominal_days (`filling_target`), i.e. the anchor is the daily volume so far times the full
  window's length, from the first day, without a sweep (a partial window's clusters are a fraction of
  their full size, so its silhouette peak says little about the full window's k; the first sweep day
  after the window is full checks it). At a steady volume k does not grow at all, so no topic splits
  for it. The cost: the first days' clusters are n_days / nominal_days of the target size, so fewer
  pass the publication thresholds, and on very small windows their centroids are noisy (the 2-day,
  160-conversation end-to-end test: 74 % of conversations kept their topic on day 3, against 97 %
  under "band", where k-means had settled on two real clusters and four of 1-6 conversations).
  Measured (same 12-day run): worst growing-window day 16.8 % (day 2, the 1-day window's noisy
  clusters), 0.5-5.9 % after; full windows mean 1.35 %, worst 1.96 %; k = 15 on every day.

Every decision says why in `KSelection.method` / `reason`, stored in `clustering_runs`.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from clio_pipeline.clustering.kmeans import KSelection, choose_k, size_anchor
from clio_pipeline.clustering.warm import STEADY_K_BAND, steady_k

RESWEEP_DAYS = 7
FILLING_POLICIES = ("band", "grow", "full_window")


def is_sweep_day(day: date, resweep_days: int) -> bool:
    """True on the days whose k is re-checked by a full silhouette sweep."""
    return resweep_days <= 1 or day.toordinal() % resweep_days == 0


def filling_target(target_size: int, window_days: tuple[int, int] | None) -> int:
    """Target size of a window of n_days filling towards nominal_days under "full_window" (module docstring)."""
    if window_days is None or window_days[0] >= window_days[1] or window_days[1] <= 0:
        return target_size
    n_days, nominal_days = window_days
    return max(1, round(target_size * max(n_days, 1) / nominal_days))


def choose_daily_k(
    vectors: np.ndarray,
    day: date,
    *,
    previous_k: int | None,
    pinned_k: int | None,
    target_size: int,
    seed: int,
    resweep_days: int = RESWEEP_DAYS,
    window_days: tuple[int, int] | None = None,
    filling: str = "band",
) -> KSelection:
    """The window's k (see the module docstring); `previous_k` is the previous materialized day's k.

    `window_days`: (days the window holds, days it will hold when full); `filling`: how k follows a
    filling window, one of `FILLING_POLICIES`."""
    if filling not in FILLING_POLICIES:
        raise ValueError(f"k_filling must be one of {', '.join(FILLING_POLICIES)}, not {filling!r}")
    n = len(vectors)
    is_filling = window_days is not None and 0 < window_days[0] < window_days[1]
    if is_filling and not pinned_k and n >= 3 and filling != "band":
        days = f"window filling ({window_days[0]} of {window_days[1]} days)"
        if filling == "full_window":
            return _filling_k(n, previous_k, filling_target(target_size, window_days),
                              f"; {days}: target size {target_size} x {window_days[0]}/{window_days[1]}")
        if previous_k is not None:
            anchor = size_anchor(n, target_size, 2, max(2, min(n // 5, n - 1)))
            return KSelection(k=anchor, method="target_size", candidates=[],
                              reason=f"n={n} / target size {target_size} = {anchor}: {days}, k follows the anchor "
                                     f"daily (previous {previous_k}), no band and no sweep")
    if previous_k is not None and not pinned_k and n >= 3 and not is_sweep_day(day, resweep_days):
        anchor = size_anchor(n, target_size, 2, max(2, min(n // 5, n - 1)))
        ratio = previous_k / max(n / max(target_size, 1), 1e-9)
        if STEADY_K_BAND[0] < ratio < STEADY_K_BAND[1] and previous_k < n:
            return KSelection(
                k=previous_k, method="kept_previous_no_sweep", candidates=[],
                reason=f"kept the previous day's k={previous_k}: n/target = {n / max(target_size, 1):.1f} "
                       f"(anchor {anchor}) is strictly within {STEADY_K_BAND[0]}-{STEADY_K_BAND[1]}x of it; silhouette "
                       f"sweep skipped (re-run every {resweep_days} days)",
            )
    selection = choose_k(vectors, pinned_k=pinned_k or None, target_cluster_size=target_size, seed=seed)
    if previous_k is not None:
        selection = steady_k(selection, previous_k, n, target_size)
    return selection


def _filling_k(n: int, previous_k: int | None, target_size: int, filling: str) -> KSelection:  # "full_window"
    """k while the window fills: yesterday's while in its band, else the full-window anchor, no sweep."""
    anchor = size_anchor(n, target_size, 2, max(2, min(n // 5, n - 1)))
    if previous_k is not None and previous_k < n and STEADY_K_BAND[0] < previous_k / (n / target_size) < STEADY_K_BAND[1]:
        return KSelection(k=previous_k, method="kept_previous_no_sweep", candidates=[],
                          reason=f"kept the previous day's k={previous_k}: n/target = {n / target_size:.1f} is "
                                 f"within {STEADY_K_BAND[0]}-{STEADY_K_BAND[1]}x of it{filling}; no sweep until full")
    return KSelection(k=anchor, method="target_size", candidates=[],
                      reason=f"n={n} / target size {target_size} = {anchor}{filling}; no silhouette sweep while the "
                             f"window fills (its peak would be measured on clusters a fraction of their full size)")
