"""What the window stages cost on a full window, the next day, and a re-run of an unchanged day.

    .venv/bin/python -m bench.window_days --n 100000 --out /tmp/window_days.json

Writes a warehouse of `n` conversations per 7 days for 8 days with pre-computed synthetic vectors
(`bench.synthetic_window`: encoding 114k texts on two cores takes an hour, and the window stages do
not depend on where the vectors came from). Summaries are real short requests, CLINC150 and Banking77
(one intent per planted vector direction), when `/work/shared/data` has them, so the namers cut real
phrases; else the synthetic window's made-up words. Then, through the Dagster daily job in this process
(`base_clusters` and everything after it; the upstream partitions are recorded as materialized):

1. day 7: the first full window (no previous day's topics);
2. day 8: the next day, warm-started from day 7;
3. day 8 again, nothing changed (`CLIO_SKIP_UNCHANGED`: kept);
4. day 8 again with `CLIO_SKIP_UNCHANGED=0`: re-clustered in full, the same result.

Reported: each step's seconds (Dagster's step stats), and ratios within this run: day 8 / day 7, the
unchanged re-run / day 8 and the forced re-run / day 8. Names are cut from real phrases but the vectors
are synthetic, so nothing here measures name quality.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from bench.clustering_quality import DATA_DIR, load_dataset

START = date(2026, 1, 1)
DAYS = 8
SELECTION = ("base_clusters", "cluster_hierarchy", "staged_clusters", "staged_cluster_trends",
             "staged_facet_breakdowns", "staged_publication_log", "staged_topic_lineage", "published/clusters",
             "published/cluster_trends", "published/cluster_facet_breakdowns", "published/topic_lineage",
             "published/publication_log")


def real_requests() -> dict[str, list[str]]:
    """Intent -> its requests, from CLINC150 and Banking77 (empty when the data is absent)."""
    by_intent: dict[str, list[str]] = {}
    for name in ("banking77", "clinc150_full"):
        if (DATA_DIR / f"{name}.jsonl").exists():
            for text, label in zip(*load_dataset(name, None), strict=True):
                by_intent.setdefault(f"{name}/{label}", []).append(text)
    return by_intent


def build(db: str, n: int, seed: int = 0) -> int:
    """`n` conversations per 7 days over `DAYS` days; returns the rows written."""
    from bench.synthetic_window import _insert, write_synthetic_window
    from clio_pipeline.warehouse import ensure_warehouse

    per_day = n // 7
    requests = real_requests()
    if not requests:
        write_synthetic_window(db, n=per_day * DAYS, start=START, days=DAYS, seed=seed)
        return per_day * DAYS
    ensure_warehouse(db)
    intents = sorted(requests)
    rng = np.random.default_rng(seed)
    dim = 384
    centers = rng.normal(size=(len(intents), dim)).astype(np.float32)
    centers /= np.linalg.norm(centers, axis=1, keepdims=True)
    n_users = max(1, n // 5)
    for d in range(DAYS):
        topic = rng.integers(len(intents), size=per_day)
        vectors = centers[topic] + (1.0 / np.sqrt(dim)) * rng.normal(size=(per_day, dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        texts = [requests[intents[t]][rng.integers(len(requests[intents[t]]))] for t in topic]
        ids = [f"c{d * per_day + i:08d}" for i in range(per_day)]
        users = [f"u{u:07d}" for u in rng.integers(n_users, size=per_day)]
        _insert(db, START + timedelta(days=d), ids, users, [f"The user asks: {t}" for t in texts], vectors)
    return per_day * DAYS


def run_day(day: date, **env: str) -> dict:
    """Materialize the window stages of `day` with `env` set; seconds in all and per step."""
    from dagster import AssetKey, DagsterInstance

    from clio_pipeline.definitions import build_definitions
    from clio_pipeline.runner import QUIET

    previous = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        job = build_definitions().resolve_job_def("clio_daily_job")  # resources read the settings here
        began = time.perf_counter()
        with DagsterInstance.get() as instance:
            result = job.execute_in_process(
                partition_key=str(day), instance=instance, raise_on_error=False, run_config=QUIET,
                asset_selection=[AssetKey.from_user_string(key) for key in SELECTION])
            seconds = time.perf_counter() - began
            steps = {s.step_key: round(s.end_time - s.start_time, 1) for s in instance.get_run_step_stats(result.run_id)
                     if s.start_time and s.end_time}
    finally:
        for key, value in previous.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    if not result.success:
        raise RuntimeError(f"the run of {day} failed: {steps}")
    return {"seconds": round(seconds, 1), "steps": steps}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="conversations per 7 days")
    parser.add_argument("--home", default="/tmp/clio_window_days", help="CLIO_HOME (emptied first)")
    parser.add_argument("--out", help="write the results here as JSON")
    args = parser.parse_args(argv)

    import shutil

    home = Path(args.home)
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    os.environ["CLIO_HOME"] = str(home)
    for key in [k for k in os.environ if k.startswith("CLIO_") and k != "CLIO_HOME"] + ["DAGSTER_HOME"]:
        os.environ.pop(key, None)
    from dagster import AssetMaterialization, DagsterInstance

    from clio_pipeline.runner import ensure_dagster_home
    from clio_pipeline.settings import setting

    ensure_dagster_home()
    db = setting("CLIO_WAREHOUSE")
    rows = build(db, args.n)
    with DagsterInstance.get() as instance:
        for d in range(DAYS):
            for key in ("conversations", "facets", "embeddings"):
                instance.report_runless_asset_event(AssetMaterialization(key, partition=str(START + timedelta(days=d))))
    day7, day8 = START + timedelta(days=DAYS - 2), START + timedelta(days=DAYS - 1)
    runs = {}
    for label, day, env in (("day 7 (first full window)", day7, {}), ("day 8 (next day)", day8, {}),
                            ("day 8 unchanged (kept)", day8, {}),
                            ("day 8 forced (CLIO_SKIP_UNCHANGED=0)", day8, {"CLIO_SKIP_UNCHANGED": "0"})):
        runs[label] = run_day(day, **env)
        print(f"{label:40s} {runs[label]['seconds']:8.1f} s  {runs[label]['steps']}", file=sys.stderr, flush=True)
    seconds = [r["seconds"] for r in runs.values()]
    result = {"n_conversations": rows, "per_day": args.n // 7, "runs": runs,
              "ratios": {"day8 / day7": round(seconds[1] / seconds[0], 3),
                         "unchanged / day8": round(seconds[2] / seconds[1], 3),
                         "forced / day8": round(seconds[3] / seconds[1], 3)}}
    print(json.dumps(result, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
