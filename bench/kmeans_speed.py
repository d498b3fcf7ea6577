"""Speed of base clustering and of cached embedding.

    .venv/bin/python -m bench.kmeans_speed [--n 1000000] [--k 1000] [--dim 384]
        [--equal-n 20000] [--equal-k 200] [--sweep-n 100000] [--embed-texts 1000]

1. FAISS k-means (the pipeline's `faiss_kmeans`, k-means++ seeding, 20 iterations) on n synthetic
   unit vectors (k clusters' worth of structure plus noise): wall time and peak RSS growth.
2. Ratio on EQUAL size against sklearn: KMeans (k-means++, n_init=1, 20 Lloyd iterations) and
   MiniBatchKMeans on an `equal-n` x dim subsample at `equal-k`, with faiss_kmeans timed on the same
   subsample in the same run (sklearn KMeans at 1M x 384 x 1000 would take hours, so the full-size
   comparison is not run).
3. The k-selection sweep (`choose_k`) on a `sweep-n` subsample: wall time and the k it picks.
4. Embedding throughput: `embed_with_cache` (cold cache: hash + lookup + encode + store) vs the bare
   model's `encode` on the same texts, and the warm-cache call; overhead must stay <= 10%.
All times are measured in this run on this machine; compare ratios, not absolute numbers.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def synthetic(n: int, k: int, dim: int, seed: int = 0) -> np.ndarray:
    """n unit vectors around k random directions, generated in chunks to bound temporary memory."""
    rng = np.random.default_rng(seed)
    centers = rng.standard_normal((k, dim), dtype=np.float32)
    centers /= np.linalg.norm(centers, axis=1, keepdims=True)
    X = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        chunk = centers[rng.integers(0, k, stop - start)]
        chunk += 0.6 / np.sqrt(dim) * rng.standard_normal((stop - start, dim), dtype=np.float32)
        chunk /= np.linalg.norm(chunk, axis=1, keepdims=True)
        X[start:stop] = chunk
    return X


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def bench_full(X: np.ndarray, k: int) -> None:
    from clio_pipeline.clustering.kmeans import faiss_kmeans

    before = peak_rss_mb()
    result, seconds = timed(lambda: faiss_kmeans(X, k, seed=0))
    print(f"faiss_kmeans n={len(X):,} d={X.shape[1]} k={k}: {seconds:.1f}s, "
          f"peak RSS {peak_rss_mb():,.0f} MB (data {X.nbytes / 2**20:,.0f} MB; growth {peak_rss_mb() - before:,.0f} MB), "
          f"{len(np.unique(result.labels))} non-empty clusters")


def bench_equal_size(X: np.ndarray, k: int) -> None:
    from sklearn.cluster import KMeans, MiniBatchKMeans

    from clio_pipeline.clustering.kmeans import faiss_kmeans

    _, t_faiss = timed(lambda: faiss_kmeans(X, k, seed=0))
    _, t_sk = timed(lambda: KMeans(n_clusters=k, n_init=1, max_iter=20, tol=0, random_state=0).fit(X))
    _, t_mb = timed(lambda: MiniBatchKMeans(n_clusters=k, n_init=1, random_state=0, batch_size=4096).fit(X))
    print(f"equal size n={len(X):,} k={k}: faiss {t_faiss:.2f}s | sklearn KMeans {t_sk:.2f}s "
          f"(faiss {t_sk / t_faiss:.1f}x faster) | MiniBatchKMeans {t_mb:.2f}s ({t_mb / t_faiss:.1f}x)")


def bench_sweep(X: np.ndarray) -> None:
    from clio_pipeline.clustering.kmeans import choose_k

    selection, seconds = timed(lambda: choose_k(X, seed=0))
    print(f"choose_k sweep n={len(X):,}: {seconds:.1f}s over {len(selection.candidates)} candidates -> "
          f"k={selection.k} ({selection.reason})")


def bench_embedding(n_texts: int) -> None:
    from clio_pipeline.embeddings.cache import embed_with_cache
    from clio_pipeline.embeddings.encoder import SentenceEncoder

    rng = np.random.default_rng(0)
    subjects = ["a Python script", "my tax return", "a cover letter", "a lasagna recipe", "a SQL query",
                "a wedding speech", "a React component", "a marketing plan", "a physics problem"]
    verbs = ["fix", "improve", "explain", "shorten", "translate", "review", "test", "plan"]
    texts = [f"Help me {rng.choice(verbs)} {rng.choice(subjects)} (case {i})." for i in range(n_texts)]
    encoder = SentenceEncoder("all-MiniLM-L6-v2")
    encoder.encode(texts[:32])  # load and warm up outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        # Alternate the order twice so neither side systematically gets the warmer CPU.
        _, bare1 = timed(lambda: encoder.encode(texts))
        (_, _, n_encoded), cold = timed(lambda: embed_with_cache(db, encoder, texts))
        _, bare2 = timed(lambda: encoder.encode(texts))
        (_, n_cached_warm, _), warm = timed(lambda: embed_with_cache(db, encoder, texts))
    bare = (bare1 + bare2) / 2
    print(f"embedding {n_texts} texts: bare encode {n_texts / bare:.0f}/s ({bare1:.1f}s, {bare2:.1f}s) | "
          f"embed_with_cache cold {n_texts / cold:.0f}/s ({cold:.1f}s, overhead {100 * (cold / bare - 1):+.1f}%, "
          f"encoded {n_encoded}) | warm {warm:.2f}s ({n_cached_warm} from cache, {bare / warm:.0f}x faster)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--k", type=int, default=1000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--equal-n", type=int, default=20_000)
    parser.add_argument("--equal-k", type=int, default=200)
    parser.add_argument("--sweep-n", type=int, default=100_000)
    parser.add_argument("--embed-texts", type=int, default=1000)
    parser.add_argument("--skip", nargs="*", default=[], choices=["full", "equal", "sweep", "embed"])
    args = parser.parse_args()
    X = synthetic(args.n, args.k, args.dim)
    if "full" not in args.skip:
        bench_full(X, args.k)
    rng = np.random.default_rng(1)
    if "equal" not in args.skip:
        bench_equal_size(X[rng.choice(len(X), min(args.equal_n, len(X)), replace=False)], args.equal_k)
    if "sweep" not in args.skip:
        bench_sweep(X[rng.choice(len(X), min(args.sweep_n, len(X)), replace=False)])
    if "embed" not in args.skip:
        bench_embedding(args.embed_texts)


if __name__ == "__main__":
    main()
