"""Time and peak memory, per stage, of clustering, naming and publishing one large window.

    nice -n 10 .venv/bin/python -m bench.window_memory                    # 1,000,000 x 384, k = 1,000
    nice -n 10 .venv/bin/python -m bench.window_memory --n 100000 --k 300 # quick

A temp warehouse gets `n` conversations over 7 days of pre-computed synthetic vectors written straight
into `embeddings` (bench/synthetic_window.py: encoding a million summaries with the default embedder
on two shared cores would take hours and says nothing about clustering memory). Then, in a fresh
child process, the stages of `base_clusters` run as the asset runs them, each timed, then the
hierarchy and the publishing stages on its output:

  read     read_window_streamed (ids, user and language codes, one float32 matrix, a day and a batch at
           a time)
  center   language centering in place (`center_in_place`, bit for bit `center_by_language`)
  train    faiss_kmeans on a sample of 256 rows per centroid (FAISS's own default subsample)
  assign   every row to its nearest centroid, in batches
  texts    one pass over the summaries: the distinct-users word rule over all of them, and the summaries
           of the naming sample kept (every row up to NAMING_ROWS = 200,000, a seeded per-cluster sample
           above: `stream_rule.naming_rows`)
  name     offline phrase names (naming.py) from that sample, under the whole window's rule
  write    write_base_clusters (assignments, clusters, clustering_runs)
  hierarchy  read_base_level (members and users, no summaries) + offline tree (word rule streamed, parents
             named from a fetched sample) + write
  publish    load_publish_inputs (int32 code columns, no id string or text) + streamed word rule + gates +
             write_staged

k is pinned (--k): choosing it at this size (`choose_k`, a silhouette sweep of FAISS fits around
n / target size) is a separate cost, and training k = n / 100 = 10,000 centroids on two cores takes
about ten times k = 1,000 (see docs/SCALING.md). Peak RSS per stage is the highest sample of
/proc/self/statm (every 10 ms) while the stage runs; the process's own high-water mark (VmHWM) is
reported too. `--baseline` also measures `read_window`, the in-memory reader, in its own process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

START = date(2026, 1, 1)
DAYS = 7
MIB = 2**20


def _vm_hwm_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        return int(next(line for line in handle if line.startswith("VmHWM")).split()[1]) / 1024


STAGES = ("read", "center", "train", "assign", "texts", "name", "write", "hierarchy", "publish")


def measure(db: Path, k: int, seed: int, min_users: int, min_conversations: int, skip: set[str]) -> dict:
    """Run every stage on the window ending START + DAYS - 1 of `db`; seconds and peak RSS for each."""
    import numpy as np

    from bench.e2e_run import RssSampler
    from clio_pipeline.clustering.cluster_window import ClusterWindow
    from clio_pipeline.clustering.kmeans import KSelection, configure_faiss_threads, faiss_kmeans
    from clio_pipeline.clustering.naming import ClusterLabel, name_clusters_offline
    from clio_pipeline.clustering.stream import (
        KMeansResult,
        assign_in_batches,
        center_in_place,
        read_window_streamed,
        training_rows,
    )
    from clio_pipeline.clustering.stream_rule import name_from_sample, naming_rows, window_texts
    from clio_pipeline.clustering.window import write_base_clusters
    from clio_pipeline.hierarchy.offline import build_hierarchy_offline
    from clio_pipeline.hierarchy.store import read_base_level, write_hierarchy
    from clio_pipeline.hierarchy.texts import member_word_rule
    from clio_pipeline.privacy.auditor import OfflinePrivacyAuditor
    from clio_pipeline.privacy.policy import DisclosurePolicy
    from clio_pipeline.publishing.build import build_published_tables
    from clio_pipeline.publishing.inputs import load_publish_inputs
    from clio_pipeline.publishing.staging import write_staged
    from clio_pipeline.warehouse import connect

    end = START + timedelta(days=DAYS - 1)
    stages: dict[str, dict] = {}
    state: dict = {}
    with RssSampler() as sampler:
        def stage(name: str, fn) -> None:
            if name in skip:
                return
            began_wall = time.time()
            began = time.perf_counter()
            state[name] = fn()
            seconds = time.perf_counter() - began
            first, peak = sampler.window(began_wall, time.time())
            stages[name] = {"seconds": round(seconds, 2), "peak_rss_mib": round(peak / MIB),
                            "rss_growth_mib": round((peak - first) / MIB)}
            # stderr: the parent reads stdout for the result, and a long run should show its progress.
            print(f"{name:10s} {seconds:8.1f} s  peak {peak / MIB:7.0f} MiB", file=sys.stderr, flush=True)

        threads = configure_faiss_threads(0)  # as base_clusters does (CLIO_FAISS_THREADS=0)
        stage("read", lambda: read_window_streamed(db, START, end))
        window = state["read"]
        stage("center", lambda: center_in_place(window))
        rows = training_rows(len(window), k, seed=seed)
        stage("train", lambda: faiss_kmeans(window.vectors if rows is None else window.vectors[rows], k, seed=seed))
        stage("assign", lambda: assign_in_batches(window.vectors, state["train"].centroids))
        labels, distances = assign_in_batches(window.vectors, state["train"].centroids) if "assign" in skip \
            else state["assign"]
        result = KMeansResult(labels, state["train"].centroids, distances)
        stage("texts", lambda: window_texts(db, START, end, naming_rows(result.labels, seed=seed),
                                            min_users=min_users, model=window.model))
        if "texts" not in skip:
            stage("name", lambda: name_from_sample(name_clusters_offline, window, result, state["texts"],
                                                   min_users=min_users))
        # Skipped naming: placeholder names, so that writing and the later stages still have clusters.
        names = state.get("name") or {c: ClusterLabel(name=f"cluster {c}", description="") for c in
                                      np.unique(labels).tolist()}
        span = ClusterWindow(START, end, DAYS, START)
        selection = KSelection(k=k, method="pinned", candidates=[], reason="bench")
        stage("write", lambda: write_base_clusters(db, end, span, window, result, names, selection,
                                                   seed=seed, naming_backend="offline"))
        # Free the window before the stages that read the warehouse back, as separate assets would.
        window = result = labels = distances = None
        state.pop("read", None)
        state.pop("assign", None)
        n_naming_rows = len(state.pop("texts").rows) if "texts" in state else None

        def hierarchy() -> int:
            base = read_base_level(db, end)
            tree = build_hierarchy_offline(base.nodes, summaries=base.summaries, users=base.users,
                                           min_users=min_users, id_prefix=f"{end:%Y%m%d}", seed=seed)
            return write_hierarchy(db, end, tree, "offline")

        def publish() -> int:
            inputs = load_publish_inputs(db, end)
            policy = DisclosurePolicy(min_users=min_users, min_conversations=min_conversations)
            rule = member_word_rule(db, end, policy.min_users)  # as staged_aggregates: streamed
            published = build_published_tables(inputs, OfflinePrivacyAuditor(rule), policy)
            with connect(db) as con:
                write_staged(con, end, published.tables)
            return published.tables["clusters"].num_rows

        stage("hierarchy", hierarchy)
        stage("publish", publish)
    return {"stages": stages, "n_train_rows": len(rows) if rows is not None else None, "faiss_threads": threads,
            "n_naming_rows": n_naming_rows,
            "process_peak_rss_mib": round(_vm_hwm_mib())}


def measure_baseline(db: Path) -> dict:
    """The in-memory reader on the same window, for comparison."""
    from clio_pipeline.clustering.window import read_window

    began = time.perf_counter()
    window = read_window(db, START, START + timedelta(days=DAYS - 1))
    return {"rows": len(window), "seconds": round(time.perf_counter() - began, 2),
            "process_peak_rss_mib": round(_vm_hwm_mib())}


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.window_memory", *args], check=True,
                         stdout=subprocess.PIPE, text=True)
    print(out.stdout, end="", flush=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--k", type=int, default=1000)
    parser.add_argument("--topics", type=int, default=2000, help="planted directions in the synthetic vectors")
    parser.add_argument("--min-users", type=int, default=25)
    parser.add_argument("--min-conversations", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip", nargs="*", default=[], choices=STAGES, help="stages not to run")
    parser.add_argument("--baseline", action="store_true", help="also measure the in-memory read_window")
    parser.add_argument("--out", help="write the results here as JSON")
    parser.add_argument("--stage", choices=["measure", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage == "measure":
        print(json.dumps(measure(Path(args.db), args.k, args.seed, args.min_users, args.min_conversations,
                                 set(args.skip))))
        return
    if args.stage == "baseline":
        print(json.dumps(measure_baseline(Path(args.db))))
        return

    from bench.synthetic_window import write_synthetic_window

    with tempfile.TemporaryDirectory(prefix="clio-window-memory-") as tmp:
        db = Path(tmp) / "warehouse.duckdb"
        began = time.perf_counter()
        write_synthetic_window(db, n=args.n, start=START, days=DAYS, dim=args.dim, n_topics=args.topics, seed=args.seed)
        result: dict = {"n": args.n, "dim": args.dim, "k": args.k, "skipped": args.skip, "vectors_mib": round(args.n * args.dim * 4 / MIB),
                        "write_seconds": round(time.perf_counter() - began, 1)}
        result["warehouse_bytes_per_conversation"] = round(db.stat().st_size / args.n)
        print(json.dumps(result), flush=True)
        common = ["--db", str(db), "--k", str(args.k), "--seed", str(args.seed), "--min-users", str(args.min_users),
                  "--min-conversations", str(args.min_conversations), "--skip", *args.skip]
        result |= _child(["--stage", "measure", *common])
        if args.baseline:
            result["baseline_read_window"] = _child(["--stage", "baseline", *common])
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
