"""New-content split on real data: false alarms on unchanging days, and how soon a new topic is found.

Banking77 (13,083 real banking requests, 77 intents; none of the pipeline's rules were written from it)
as a stream of days of `--per-day` requests, a `--window`-day window, k = window / 100 (the pipeline's
default target size), k-means warm-started from the day before, then `clustering.warm.novelty_tests`
with the 2-means started from k-means++ ("semantic", the pipeline's) and from the means of the
cluster's recent and older requests ("age-seeded", an option), at the Bonferroni threshold of
`NOVELTY_ALPHA` and age-seeded also at 1e-4, and the cross-fitted (held-out) tests of
`clustering.novelty.cross_fitted_z` ("xfit-two-means", "xfit-direction") and the permutation test
`clustering.novelty.mean_shift_z` ("mean-shift"):

1. Unchanging content: the stream shuffled, every intent every day. Per day: the largest z and the
   Bonferroni threshold; a false alarm is a day whose largest z reaches it. Over all tests of all days:
   the rms of z (1 for a statistic that is N(0, 1) when nothing changes; above 1: inflated).
2. A new topic: for each of `--planted` intents (chosen by a seeded draw), the intent is held out until
   day `--onset`, then makes `--rate` of each day. Reported: the first day (days after onset; "-": not
   within `--after` days) the intent has a cluster of its own (a majority, at least a half's size):
   from warm-started k-means alone, or from the split firing on a half whose majority is the intent.

Raw requests are embedded (the pipeline embeds its summaries of them), without the per-language
centering (Banking77 is English only). Run: `OMP_NUM_THREADS=1 .venv/bin/python -m bench.novelty_calibration` (FAISS's threads cost
~0.1 s per 2-means of a cluster's few rows on a shared machine; one thread: ~1 ms).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

import numpy as np
from scipy.stats import norm

from bench.clustering_quality import embeddings_for, load_dataset
from clio_pipeline.clustering.kmeans import KMeansResult, faiss_kmeans
from clio_pipeline.clustering.warm import NOVELTY_ALPHA, novelty_tests
from clio_pipeline.embeddings.embedder import DEFAULT_MODEL

# name -> (`novelty_tests` options, family-wise alpha). Cross-fitted z's are signed (positive: the recent
# side is younger) and are held to the same two-sided threshold, i.e. a one-sided test at half the level.
METHODS = {f"semantic@{NOVELTY_ALPHA:g}": ({}, NOVELTY_ALPHA),
           f"age-seeded@{NOVELTY_ALPHA:g}": ({"age_seeded": True}, NOVELTY_ALPHA),
           "age-seeded@1e-4": ({"age_seeded": True}, 1e-4),
           f"xfit-two-means@{NOVELTY_ALPHA:g}": ({"cross_fit": "two-means"}, NOVELTY_ALPHA),
           f"xfit-direction@{NOVELTY_ALPHA:g}": ({"cross_fit": "direction"}, NOVELTY_ALPHA),
           f"mean-shift@{NOVELTY_ALPHA:g}": ({"mean_shift": True}, NOVELTY_ALPHA)}


def day_windows(order: np.ndarray, per_day: int, window: int):
    """(day index, rows of the window, age of each row) for every day with a full previous day."""
    days = [order[i:i + per_day] for i in range(0, len(order) - per_day + 1, per_day)]
    for d in range(1, len(days)):
        first = max(0, d - window + 1)
        rows = np.concatenate(days[first:d + 1])
        ages = np.concatenate([np.full(len(days[i]), d - i, dtype=np.float64) for i in range(first, d + 1)])
        yield d, rows, ages


def run_stream(X: np.ndarray, order: np.ndarray, args, labels: np.ndarray | None = None,
               planted: str | None = None, onset: int = 0) -> list[dict]:
    out: list[dict] = []
    previous: np.ndarray | None = None
    for d, rows, ages in day_windows(order, args.per_day, args.window):
        V = np.ascontiguousarray(X[rows], dtype=np.float32)
        k = max(2, round(len(rows) / 100))
        init = previous if previous is not None and len(previous) == k else "kmeans++"
        result: KMeansResult = faiss_kmeans(V, k, seed=0, init=init)
        previous = result.centroids
        day: dict = {"day": d, "n": len(rows), "k": k}
        if planted is not None:
            # Does k-means alone already give the new topic a cluster (a majority of at least a half's size)?
            is_new = labels[rows] == planted
            day["kmeans_own_cluster"] = any(
                is_new[result.labels == c].sum() >= max(args.min_size, (result.labels == c).sum() / 2 + 0.5)
                for c in range(k))
        for name, (options, alpha) in METHODS.items():
            eligible, tested = novelty_tests(V, result, ages, min_size=args.min_size, seed=0, alpha=alpha, **options)
            threshold = float(norm.isf(alpha / (2 * max(eligible, 1))))
            best = max(tested, key=lambda t: t[0], default=None)
            entry = {"max_z": round(best[0], 2) if best else 0.0, "threshold": round(threshold, 2),
                     "fires": bool(best and best[0] >= threshold), "sum_z2": sum(t[0] ** 2 for t in tested),
                     "tested": len(tested)}
            if planted is not None and best is not None and entry["fires"]:
                young = labels[rows[best[2][best[3]]]]
                top, count = Counter(young).most_common(1)[0]
                entry["young_majority"] = top == planted and count > len(young) / 2
            day[name] = entry
        out.append(day)
        if planted is not None and d >= onset + args.after:
            break
    return out


def planted_order(labels: np.ndarray, intent: str, args, rng: np.random.Generator) -> np.ndarray:
    """A stream without `intent` until day `onset`, then `rate` of each day from it."""
    other = rng.permutation(np.flatnonzero(labels != intent))
    new = rng.permutation(np.flatnonzero(labels == intent))
    per_new = min(round(args.rate * args.per_day), len(new) // (args.after + 1))  # Banking77: ~170 per intent
    head = other[:args.onset * args.per_day]
    rest, chunks = other[args.onset * args.per_day:], []
    for i in range(args.after + 1):
        chunks += [new[i * per_new:(i + 1) * per_new], rest[i * (args.per_day - per_new):(i + 1) * (args.per_day - per_new)]]
    return np.concatenate([head, *chunks])


def _days(value: int | None) -> str:
    return "-" if value is None else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--window", type=int, default=7)
    parser.add_argument("--min-size", type=int, default=50, help="the split's smallest half (min conversations)")
    parser.add_argument("--onset", type=int, default=14)
    parser.add_argument("--rate", type=float, default=0.1)
    parser.add_argument("--after", type=int, default=6)
    parser.add_argument("--planted", type=int, default=12)
    parser.add_argument("--shuffles", type=int, default=1, help="unchanging streams, each a fresh shuffle")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()

    texts, truth = load_dataset("banking77", None)
    X = embeddings_for("banking77", texts, DEFAULT_MODEL)
    labels = np.asarray(truth)
    start = time.perf_counter()
    steady = [day for shuffle in range(args.shuffles)
              for day in run_stream(X, np.random.default_rng(shuffle).permutation(len(texts)), args)]
    report: dict = {"args": vars(args), "unchanging": {}, "planted": {}}
    print(f"Unchanging Banking77 stream ({args.shuffles} shuffles): {len(steady)} days of {args.per_day}, window {args.window}, "
          f"min half {args.min_size}, NOVELTY_ALPHA {NOVELTY_ALPHA}")
    for name in METHODS:
        zs = [d[name]["max_z"] for d in steady]
        alarms = sum(d[name]["fires"] for d in steady)
        # Calibration over every test of every day: a z that is N(0, 1) under no change has an rms of 1.
        rms = float(np.sqrt(sum(d[name]["sum_z2"] for d in steady) / max(sum(d[name]["tested"] for d in steady), 1)))
        report["unchanging"][name] = {"days": len(zs), "false_alarm_days": alarms, "max_z": max(zs),
                                      "median_max_z": float(np.median(zs)), "rms_z": round(rms, 3)}
        print(f"  {name:22s} false-alarm days {alarms}/{len(zs)}, largest z {max(zs):.2f}, rms z {rms:.2f}, "
              f"median daily largest {np.median(zs):.2f}, thresholds {min(d[name]['threshold'] for d in steady):.2f}"
              f"-{max(d[name]['threshold'] for d in steady):.2f}")
    rng = np.random.default_rng(1)
    intents = sorted(set(truth))
    chosen = [intents[i] for i in rng.choice(len(intents), size=args.planted, replace=False)]
    print(f"New topic at {args.rate:.0%} of each day from day {args.onset} (days until it has a cluster of its own, "
          f"'-' not within {args.after}):")
    for intent in chosen:
        days = run_stream(X, planted_order(labels, intent, args, np.random.default_rng(2)), args, labels,
                          intent, args.onset)
        found = {"kmeans_alone": next((d["day"] - args.onset for d in days
                                       if d["day"] >= args.onset and d["kmeans_own_cluster"]), None)}
        for name in METHODS:
            hit = [d["day"] - args.onset for d in days if d["day"] >= args.onset
                   and (d[name].get("young_majority") or d["kmeans_own_cluster"])]
            early = sum(d[name]["fires"] for d in days if d["day"] < args.onset)
            found[name] = {"days_to_own_cluster": hit[0] if hit else None, "alarms_before_onset": early}
        report["planted"][intent] = found
        print(f"  {intent:34s} k-means alone: {_days(found['kmeans_alone'])}  " + "  ".join(
            f"{n}: {_days(f['days_to_own_cluster'])} (alarms before {f['alarms_before_onset']})"
            for n, f in found.items() if n != "kmeans_alone"))
    report["seconds"] = round(time.perf_counter() - start, 1)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)


if __name__ == "__main__":
    main()
