"""Benchmark of the privacy gates and the analyst-database publisher on a synthetic window.

    .venv/bin/python -m bench.publish_gates [--conversations 50000] [--clusters 300]

Synthetic window: Zipf-sized base clusters under ~sqrt(k) parents, users drawn with a heavy tail (a few
users write many conversations), 7 days, 8 languages. Speed is reported as ratios against baselines
measured in the same run, because the machine is shared and noisy:
  - build (thresholds + audit + cell suppression + aggregates) vs a plain DuckDB GROUP BY of the same
    counts without any privacy gate;
  - publish_atomically vs a plain shutil.copyfile of the published file (the floor of any atomic swap).
Quality: how much of the window the gates keep visible (in named clusters vs "other" buckets).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from clio_pipeline.clustering.cluster_window import ClusterWindow
from clio_pipeline.privacy.auditor import AuditRating
from clio_pipeline.privacy.policy import DisclosurePolicy
from clio_pipeline.publishing.build import build_published_tables
from clio_pipeline.publishing.inputs import ClusterRow, ConversationFact, PublishInputs
from clio_pipeline.publishing.writer import publish_atomically

PARTITION = date(2026, 1, 7)
LANGUAGES = ["en", "es", "fr", "de", "pt", "ja", "zh", "is"]


class PassingAuditor:
    """Scores every text 4: the bench measures the gates' cost, not a model's verdicts."""

    def audit(self, items: Sequence[tuple[str, str, str]]) -> list[AuditRating]:
        return [AuditRating(cid, 4) for cid, _, _ in items]


def synthetic_inputs(n_conversations: int, n_clusters: int, seed: int = 0) -> PublishInputs:
    rng = np.random.default_rng(seed)
    n_parents = max(2, int(np.sqrt(n_clusters)))
    sizes = rng.zipf(1.6, n_clusters).astype(float)
    probs = sizes / sizes.sum()
    base_of = rng.choice(n_clusters, size=n_conversations, p=probs)
    n_users = max(10, n_conversations // 4)
    user_of = np.minimum(rng.zipf(1.3, n_conversations) - 1, n_users - 1) + rng.integers(0, n_users, n_conversations)
    day_of = rng.integers(0, 7, n_conversations)
    lang_p = np.array([0.6, 0.12, 0.08, 0.07, 0.05, 0.04, 0.035, 0.005])
    lang_of = rng.choice(len(LANGUAGES), size=n_conversations, p=lang_p / lang_p.sum())
    clusters = [ClusterRow(f"p{i}", 1, None, f"Topic {i}", "A topic.", None) for i in range(n_parents)]
    clusters += [
        ClusterRow(f"b{i}", 0, f"p{i % n_parents}", f"Subtopic {i}", "A subtopic.",
                   rng.normal(size=32).astype(np.float32))
        for i in range(n_clusters)
    ]
    facts = [
        ConversationFact(f"c{i}", f"b{base_of[i]}", f"u{user_of[i]}", PARTITION - timedelta(days=int(day_of[i])),
                         LANGUAGES[lang_of[i]], "task", int(1 + i % 5))
        for i in range(n_conversations)
    ]
    window = ClusterWindow(PARTITION - timedelta(days=6), PARTITION, nominal_days=7)
    return PublishInputs(PARTITION, clusters, facts, window)


def plain_group_by(inputs: PublishInputs) -> float:
    """Baseline: the same per-cluster, per-language and per-day counts in DuckDB, no privacy gates."""
    facts = inputs.conversations  # coded columns: the same groups and distinct counts as the ids
    table = pa.table({"cluster_id": facts.cluster, "user_id": facts.user, "day": facts.day,
                      "language": facts.facets["language"][0]})
    start = time.perf_counter()
    con = duckdb.connect()
    con.register("t", table)
    for keys in ("cluster_id", "cluster_id, language", "cluster_id, day"):
        con.execute(f"SELECT {keys}, count(*), count(DISTINCT user_id) FROM t GROUP BY {keys}").fetchall()
    con.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conversations", type=int, default=50_000)
    parser.add_argument("--clusters", type=int, default=300)
    parser.add_argument("--min-users", type=int, default=25)
    parser.add_argument("--min-conversations", type=int, default=50)
    args = parser.parse_args()

    inputs = synthetic_inputs(args.conversations, args.clusters)
    baseline_s = plain_group_by(inputs)
    start = time.perf_counter()
    result = build_published_tables(inputs, PassingAuditor(),
                                    DisclosurePolicy(args.min_users, args.min_conversations))
    build_s = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as folder:
        dest = Path(folder) / "published.duckdb"
        publish_atomically(dest, PARTITION, result.tables)  # first publish creates the file
        start = time.perf_counter()
        publish_atomically(dest, PARTITION, result.tables)
        publish_s = time.perf_counter() - start
        start = time.perf_counter()
        shutil.copyfile(dest, Path(folder) / "copy.duckdb")
        copy_s = time.perf_counter() - start
        size_mb = dest.stat().st_size / 1e6

    clusters = result.tables["clusters"].to_pylist()
    base = [c for c in clusters if c["level"] == 0]
    in_named_base = sum(c["n_conversations"] for c in base if not c["is_other"])
    trends = result.tables["cluster_trends"].to_pylist()
    print(f"window: {args.conversations} conversations, {args.clusters} base clusters, "
          f"min_users={args.min_users}, min_conversations={args.min_conversations}")
    print(f"published clusters: {len(clusters)} ({sum(c['is_other'] for c in clusters)} other buckets), "
          f"suppressed: {len(result.outcome.suppressed)}")
    print(f"conversations in named base clusters: {in_named_base / args.conversations:.1%}")
    print(f"trend cells suppressed (NULL): {sum(t['n_conversations'] is None for t in trends) / len(trends):.1%}")
    print(f"build: {build_s:.2f} s = {build_s / baseline_s:.1f}x a plain DuckDB GROUP BY ({baseline_s:.3f} s)")
    print(f"publish_atomically: {publish_s:.3f} s = {publish_s / copy_s:.1f}x a plain file copy "
          f"({copy_s:.4f} s, {size_mb:.1f} MB)")


if __name__ == "__main__":
    main()
