"""Top-level quality of the offline hierarchy: purity and NMI against known top-level categories.

    .venv/bin/python -m bench.hierarchy_quality                 # CLINC150, 6,000 requests
    .venv/bin/python -m bench.hierarchy_quality --n 3000 --base-k 100

Data: /work/shared/data/clinc150_full.jsonl (`domain` = top-level truth, 10 domains; `label` = intent,
the base-level truth; out-of-scope requests dropped). Each request is its own conversation and user,
its text stands in for the facet summary. Embeddings (bundled all-MiniLM-L6-v2) are cached under
bench/.cache/. Base clusters: FAISS k-means (the clustering stage's `faiss_kmeans`).

Compared, on the same base clusters, each conversation labelled by its top-level ancestor:
- `offline/ward` and `offline/kmeans`: `build_hierarchy_offline`, one level (base -> top) and the
  default depth;
- `flat k-means (reference)`: FAISS k-means of the conversations straight into top_size clusters,
  what a one-level clustering reaches without a hierarchy;
- `random parents (floor)`: base clusters assigned to top_size parents at random.
Time is reported as a ratio to the base k-means of the same run (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

DATA = Path("/work/shared/data/clinc150_full.jsonl")
CACHE = Path(__file__).resolve().parent / ".cache"


def load_clinc(n: int, seed: int) -> tuple[list[str], list[str], list[str]]:
    rows = [json.loads(line) for line in DATA.open()]
    rows = [r for r in rows if r.get("domain") not in (None, "oos")]
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(rows), size=min(n, len(rows)), replace=False)
    chosen = [rows[i] for i in sorted(picked)]
    return (
        [r["messages"][0]["content"] for r in chosen],
        [r["domain"] for r in chosen],
        [r["label"] for r in chosen],
    )


def embed_cached(texts: list[str]) -> np.ndarray:
    digest = hashlib.sha256("\x1f".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"minilm_{digest}.npy"
    if path.exists():
        return np.load(path)
    from clio_pipeline.embeddings.encoder import SentenceEncoder

    vectors = SentenceEncoder().encode(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def purity(truth: list[str], predicted: list[str]) -> float:
    by_cluster: dict[str, Counter] = {}
    for t, p in zip(truth, predicted, strict=True):
        by_cluster.setdefault(p, Counter())[t] += 1
    return sum(c.most_common(1)[0][1] for c in by_cluster.values()) / len(truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=6000)
    parser.add_argument("--base-k", type=int, default=150)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from sklearn.metrics import normalized_mutual_info_score as nmi

    from clio_pipeline.clustering.kmeans import faiss_kmeans
    from clio_pipeline.hierarchy import build_hierarchy_offline, check_invariants
    from clio_pipeline.hierarchy.tree import TreeNode, normalise

    texts, domains, intents = load_clinc(args.n, args.seed)
    top_size = len(set(domains))
    conversation_ids = [f"c{i}" for i in range(len(texts))]
    users = {c: f"u{i}" for i, c in enumerate(conversation_ids)}
    summaries = dict(zip(conversation_ids, texts, strict=True))
    vectors = embed_cached(texts)

    started = time.perf_counter()
    base_km = faiss_kmeans(vectors, args.base_k, seed=args.seed)
    base_seconds = time.perf_counter() - started
    base = []
    for k in range(base_km.k):
        members = np.flatnonzero(base_km.labels == k)
        if len(members) == 0:
            continue
        ids = frozenset(conversation_ids[i] for i in members)
        base.append(TreeNode(f"b-L0-{k:04d}", 0, None, f"base {k}", "", normalise(vectors[members].mean(axis=0)),
                             ids, len(ids)))  # fmt: skip
    base_of = {c: node.cluster_id for node in base for c in node.conversation_ids}
    print(f"{len(texts)} conversations, {len(base)} base clusters, {top_size} domains; "
          f"base NMI vs intent {nmi(intents, [base_of[c] for c in conversation_ids]):.3f}, "
          f"base k-means {base_seconds:.2f}s")  # fmt: skip

    rows = []
    for method in ("ward", "kmeans"):
        for n_levels in (2, None):
            started = time.perf_counter()
            nodes = build_hierarchy_offline(base, summaries=summaries, users=users, min_users=5, top_size=top_size,
                                            n_levels=n_levels, id_prefix="bench", seed=args.seed, method=method)  # fmt: skip
            seconds = time.perf_counter() - started
            assert check_invariants(nodes, users=users) == [], "invariant violation"
            by_id = {n.cluster_id: n for n in nodes}
            top_of = {}
            for node in nodes:
                if node.level == 0:
                    root = node
                    while root.parent_id is not None:
                        root = by_id[root.parent_id]
                    top_of[node.cluster_id] = root.cluster_id
            predicted = [top_of[base_of[c]] for c in conversation_ids]
            depth = max(n.level for n in nodes)
            sizes = [sum(1 for n in nodes if n.level == lv) for lv in range(1, depth + 1)]
            rows.append((f"offline/{method} levels={sizes}", predicted, seconds))
            if method == "ward" and n_levels is None:
                example = [n for n in nodes if n.level == depth]

    started = time.perf_counter()
    flat = faiss_kmeans(vectors, top_size, seed=args.seed)
    rows.append(("flat k-means (reference)", [str(x) for x in flat.labels], time.perf_counter() - started))
    rng = np.random.default_rng(args.seed)
    random_parent = {node.cluster_id: str(rng.integers(top_size)) for node in base}
    rows.append(("random parents (floor)", [random_parent[base_of[c]] for c in conversation_ids], 0.0))

    print(f"\n{'method':44s} {'purity':>7s} {'NMI':>7s} {'time/base':>10s}")
    for label, predicted, seconds in rows:
        print(f"{label:44s} {purity(domains, predicted):7.3f} {nmi(domains, predicted):7.3f} "
              f"{seconds / base_seconds:9.2f}x")  # fmt: skip
    print("\nTop-level names (offline/ward, default depth):")
    for node in example:
        print(f"  {node.n_conversations:5d}  {node.name}")


if __name__ == "__main__":
    main()
