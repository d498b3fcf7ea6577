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


def choose_daily_k(
    vectors: np.ndarray,
    day: date,
    *,
    previous_k: int | None,
    pinned_k: int | None,
    target_size: int,
    seed: int,
    resweep_days: int = RESWEEP_DAYS,
) -> KSelection:
    """The window's k (see the module docstring); `previous_k` is the previous materialized day's k."""
    n = len(vectors)
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
