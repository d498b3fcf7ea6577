"""Peers side by side on the same embeddings: the pipeline's clustering, sklearn KMeans, BERTopic.

    .venv/bin/python -m bench.peers --limit 3000 --out peers.json          # BERTopic skipped
    PYTHONPATH=. .venv-bench/bin/python -m bench.peers --out peers.json    # with BERTopic (bench/README.md)

Data: CLINC150 and Banking77 from /work/shared/data (first user message, embedded once and cached by
bench.clustering_quality), and optionally a generator window exported by bench.e2e_run (the pipeline's
own summaries and embeddings, labelled with the generator's topics).

"End to end" on each side means from embeddings to named clusters:
- clio: choose_k (data-driven k) + faiss_kmeans + contrastive offline naming, as `base_clusters` does;
- sklearn KMeans at the true k (it is told k, the pipeline is not) — no naming;
- BERTopic's default pipeline (UMAP + HDBSCAN + c-TF-IDF topic words) given the same embeddings.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from bench.clustering_quality import CACHE_DIR, DATA_DIR, embeddings_for, load_dataset, score

DATASETS = ("clinc150_full", "banking77")


def _timed(fn):
    began = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - began


def clio_end_to_end(texts: list[str], X: np.ndarray, user_ids: list[str], *, sweep: bool = False) -> tuple[np.ndarray, int]:
    """k as `base_clusters` chooses it (size-anchored, production thresholds), or by a full silhouette sweep."""
    from clio_pipeline.clustering.kmeans import choose_k, faiss_kmeans
    from clio_pipeline.clustering.naming import name_clusters_offline
    from clio_pipeline.resources import ClusteringResource

    target = None if sweep else ClusteringResource().target_size(min_conversations=50)
    selection = choose_k(X, target_cluster_size=target, seed=0)
    result = faiss_kmeans(X, selection.k, seed=0)
    name_clusters_offline(texts, user_ids, result.labels, X, result.centroids, min_users=5)
    return result.labels, selection.k


def compare(texts: list[str], truth: list[str], X: np.ndarray, *, user_ids: list[str] | None = None,
            with_bertopic: bool = True) -> dict[str, dict]:
    """NMI/ARI and seconds of each method on the same texts and embeddings."""
    from sklearn.cluster import KMeans

    # Public data sets carry no users: one user per text, as their README suggests.
    user_ids = user_ids or [f"u{i}" for i in range(len(texts))]
    k_true = len(set(truth))
    rows: dict[str, dict] = {}
    (labels, k), seconds = _timed(lambda: clio_end_to_end(texts, X, user_ids))
    rows["clio (choose_k+faiss+naming)"] = {**score(truth, labels), "k": k, "s": seconds}
    (labels, k), seconds = _timed(lambda: clio_end_to_end(texts, X, user_ids, sweep=True))
    rows["clio, full silhouette sweep"] = {**score(truth, labels), "k": k, "s": seconds}
    model, seconds = _timed(lambda: KMeans(n_clusters=k_true, n_init=1, max_iter=20, random_state=0).fit(X))
    rows["sklearn_kmeans@k_true"] = {**score(truth, model.labels_), "k": k_true, "s": seconds}
    if with_bertopic:
        try:
            from bertopic import BERTopic
        except ImportError:
            rows["bertopic_default"] = {"skipped": "bertopic not importable: run with .venv-bench (bench/README.md)"}
        else:
            (topics, _), seconds = _timed(lambda: BERTopic(verbose=False).fit_transform(texts, embeddings=X))
            topics = np.asarray(topics)
            rows["bertopic_default"] = {
                **score(truth, topics), "k": len(set(topics.tolist()) - {-1}),
                "outlier_share": round(float((topics == -1).mean()), 3), "s": seconds,
            }
    return rows


def _dataset(name: str, limit: int | None) -> tuple[list[str], list[str], np.ndarray]:
    """Texts, labels and embeddings of a seeded random sample (the files are sorted by label, so the
    first rows would hold a handful of labels); a cached encoding of the whole file is indexed, not redone."""
    texts, truth = load_dataset(name, None)
    full = CACHE_DIR / f"{name}-all-MiniLM-L6-v2-{len(texts)}.npy"
    if not limit or limit >= len(texts):
        return texts, truth, embeddings_for(name, texts)
    picked = np.sort(np.random.default_rng(0).choice(len(texts), size=limit, replace=False))
    texts, truth = [texts[i] for i in picked], [truth[i] for i in picked]
    if full.exists():
        return texts, truth, np.load(full)[picked]
    # A cache name of its own: clustering_quality caches the *first* N rows under "<name>-...-<N>".
    return texts, truth, embeddings_for(f"{name}-sample0", texts)


def run(limit: int | None, window: Path | None, with_bertopic: bool = True) -> dict[str, dict]:
    report: dict[str, dict] = {}
    if window is not None and window.with_suffix(".json").exists():
        data = json.loads(window.with_suffix(".json").read_text(encoding="utf-8"))
        X = np.load(window.with_suffix(".npy"))
        report["generator_topics"] = {"n": len(data["texts"]), "n_labels": len(set(data["labels"])),
                                      "results": compare(data["texts"], data["labels"], X, user_ids=data["user_ids"],
                                                         with_bertopic=with_bertopic)}
    for name in DATASETS:
        if not (DATA_DIR / f"{name}.jsonl").exists():
            report[name] = {"skipped": f"not found under {DATA_DIR}"}
            continue
        texts, truth, X = _dataset(name, limit)
        report[name] = {"n": len(texts), "n_labels": len(set(truth)),
                        "results": compare(texts, truth, X, with_bertopic=with_bertopic)}
        print(f"  peers: {name} done", flush=True)
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="seeded random sample of N rows of each public data set")
    parser.add_argument("--window", help="generator window exported by bench.e2e_run (path without suffix)")
    parser.add_argument("--no-bertopic", action="store_true")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    report = run(args.limit, Path(args.window) if args.window else None, not args.no_bertopic)
    Path(args.out).write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
