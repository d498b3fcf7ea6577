"""Clustering quality against human intent labels: FAISS k-means vs sklearn KMeans vs BERTopic.

    .venv/bin/python -m bench.clustering_quality [--datasets clinc150_full banking77] [--limit N]
        [--models multilingual-e5-small all-MiniLM-L6-v2]

For each data set of /work/shared/data (CLINC150: 151 labels incl. "oos"; Banking77: 77 labels) the
first user message is embedded with each model through the pipeline's embedder (`make_embedder`; the
default is the pipeline's default model). Embeddings are cached in
bench/.cache/<dataset>-<model>-<n>.npy (git-ignored), because encoding 23.7k texts takes minutes on CPU.
Then, on the same embeddings:
  - faiss_kmeans at k = number of labels (the pipeline's clustering);
  - sklearn KMeans (k-means++, n_init=1, Lloyd) at the same k;
  - choose_k (the data-driven silhouette sweep), then faiss_kmeans at the chosen k;
  - BERTopic's default pipeline (UMAP + HDBSCAN) on the same embeddings, when `bertopic` is importable
    (install it only in the separate benchmark venv, see bench/README.md); its outliers (-1) count as
    one cluster.
Scores: NMI and ARI against `label`. Times are wall-clock seconds in this run.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from clio_pipeline.embeddings.embedder import DEFAULT_MODEL

DATA_DIR = Path("/work/shared/data")
CACHE_DIR = Path(__file__).resolve().parent / ".cache"


def load_dataset(name: str, limit: int | None) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    with (DATA_DIR / f"{name}.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            first_user = next((m["content"] for m in row["messages"] if m["role"] == "user"), "")
            texts.append(first_user)
            labels.append(str(row["label"]))
            if limit and len(texts) >= limit:
                break
    return texts, labels


def embeddings_for(name: str, texts: list[str], model: str) -> np.ndarray:
    from clio_pipeline.embeddings.embedder import make_embedder

    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    embedder = make_embedder(model)
    safe_id = embedder.model_id.replace("/", "__").replace("@", "_")
    path = CACHE_DIR / f"{name}-{safe_id}-{len(texts)}.npy"
    if path.exists():
        return np.load(path)
    start = time.perf_counter()
    vectors = embedder.encode(texts)
    print(f"  {model}: encoded {len(texts)} texts in {time.perf_counter() - start:.0f}s", flush=True)
    np.save(path, vectors)
    return vectors


def score(truth: list[str], labels: np.ndarray) -> dict[str, float]:
    return {
        "nmi": round(float(normalized_mutual_info_score(truth, labels)), 4),
        "ari": round(float(adjusted_rand_score(truth, labels)), 4),
    }


METHODS = ("faiss", "sklearn", "choose_k", "bertopic")


def run_dataset(name: str, limit: int | None, methods: set[str], model: str) -> dict:
    from sklearn.cluster import KMeans

    from clio_pipeline.clustering.kmeans import choose_k, faiss_kmeans

    texts, truth = load_dataset(name, limit)
    X = embeddings_for(name, texts, model)
    k = len(set(truth))
    rows: dict[str, dict] = {}

    if "faiss" in methods:
        start = time.perf_counter()
        result = faiss_kmeans(X, k, seed=0)
        rows["faiss_kmeans@k_true"] = {**score(truth, result.labels), "k": k, "s": time.perf_counter() - start}
    if "sklearn" in methods:
        start = time.perf_counter()
        sk = KMeans(n_clusters=k, n_init=1, max_iter=20, random_state=0).fit(X)
        rows["sklearn_kmeans@k_true"] = {**score(truth, sk.labels_), "k": k, "s": time.perf_counter() - start}
    if "choose_k" in methods:
        start = time.perf_counter()
        selection = choose_k(X, seed=0)
        chosen = faiss_kmeans(X, selection.k, seed=0)
        rows["choose_k+faiss"] = {
            **score(truth, chosen.labels), "k": selection.k, "s": time.perf_counter() - start,
            "reason": selection.reason,
        }
    if "bertopic" in methods:
        try:
            from bertopic import BERTopic
        except ImportError:
            rows["bertopic_default"] = {"skipped": "bertopic not importable (see bench/README.md)"}
        else:
            start = time.perf_counter()
            topics, _ = BERTopic(verbose=False).fit_transform(texts, embeddings=X)
            topics = np.asarray(topics)
            rows["bertopic_default"] = {
                **score(truth, topics), "k": len(set(topics.tolist()) - {-1}),
                "outlier_share": round(float((topics == -1).mean()), 3), "s": time.perf_counter() - start,
            }
    return {"dataset": name, "model": model, "n": len(texts), "n_labels": k, "results": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", nargs="+", default=["clinc150_full", "banking77"])
    parser.add_argument("--limit", type=int, default=None, help="first N rows only (quick runs)")
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--models", nargs="+", default=[DEFAULT_MODEL], help="embedding models to compare")
    args = parser.parse_args()
    for name in args.datasets:
        if not (DATA_DIR / f"{name}.jsonl").exists():
            print(f"{name}: not found under {DATA_DIR}, skipped")
            continue
        for model in args.models:
            report = run_dataset(name, args.limit, set(args.methods), model)
            print(f"\n{report['dataset']} [{model}]: n={report['n']}, labels={report['n_labels']}")
            for method, row in report["results"].items():
                fields = ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items())
                print(f"  {method:24s} {fields}")


if __name__ == "__main__":
    main()
