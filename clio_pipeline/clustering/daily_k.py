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
days), n grows by about a day's volume every day, so n / target size (the anchor) and k with it would
grow every day, and every growth of k splits topics: k doubling splits every topic in two and moves
about a third of the conversations to new ids, and growing k by one a day instead only spreads the
same splits over more days (a new cluster of n / k takes ~1 / k of the conversations, whatever the
step). So with `window_days=(n_days, nominal_days)` and n_days < nominal_days, k is anchored on the
window it is filling towards: the target size is scaled by n_days / nominal_days, i.e. the anchor is
the daily volume so far times the full window's length (`filling_target`). At a steady volume the
anchor, and k, stay where the first day put them until the window is full; a volume that changes moves
them by the rules above. The cost: the first days' clusters are smaller (n_days / nominal_days of the
target size), so fewer of them pass the publication thresholds until the window has filled.

Every decision says why in `KSelection.method` / `reason`, stored in `clustering_runs`.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from clio_pipeline.clustering.kmeans import KSelection, choose_k, size_anchor
from clio_pipeline.clustering.warm import STEADY_K_BAND, steady_k

RESWEEP_DAYS = 7


def is_sweep_day(day: date, resweep_days: int) -> bool:
    """True on the days whose k is re-checked by a full silhouette sweep."""
    return resweep_days <= 1 or day.toordinal() % resweep_days == 0


def filling_target(target_size: int, window_days: tuple[int, int] | None) -> int:
    """Target cluster size of a window of n_days that fills towards nominal_days (see the module docstring)."""
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
) -> KSelection:
    """The window's k (see the module docstring); `previous_k` is the previous materialized day's k.

    `window_days`: (days the window holds, days it will hold when full); None sizes k on n alone."""
    n = len(vectors)
    full_target = target_size
    target_size = filling_target(target_size, window_days)
    filling = "" if target_size == full_target else (
        f"; window filling ({window_days[0]} of {window_days[1]} days): target size {full_target} x "
        f"{window_days[0]}/{window_days[1]} = {target_size}")
    if previous_k is not None and not pinned_k and n >= 3 and not is_sweep_day(day, resweep_days):
        anchor = size_anchor(n, target_size, 2, max(2, min(n // 5, n - 1)))
        ratio = previous_k / max(n / max(target_size, 1), 1e-9)
        if STEADY_K_BAND[0] < ratio < STEADY_K_BAND[1] and previous_k < n:
            return KSelection(
                k=previous_k, method="kept_previous_no_sweep", candidates=[],
                reason=f"kept the previous day's k={previous_k}: n/target = {n / max(target_size, 1):.1f} "
                       f"(anchor {anchor}) is strictly within {STEADY_K_BAND[0]}-{STEADY_K_BAND[1]}x of it; silhouette "
                       f"sweep skipped (re-run every {resweep_days} days){filling}",
            )
    selection = choose_k(vectors, pinned_k=pinned_k or None, target_cluster_size=target_size, seed=seed)
    if previous_k is not None:
        selection = steady_k(selection, previous_k, n, target_size)
    if filling:
        selection = selection.model_copy(update={"reason": selection.reason + filling})
    return selection
