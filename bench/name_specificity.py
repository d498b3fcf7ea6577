"""Name specificity: does a cluster's name, embedded, land nearest its own cluster among its siblings?

    .venv/bin/python -m bench.name_specificity                       # CLINC150 sample, xSID valid, generator
    .venv/bin/python -m bench.name_specificity --datasets clinc --n 2000 --out /tmp/after.json
    cd /tmp && PYTHONPATH=<main checkout> <venv>/bin/python <this checkout>/bench/name_specificity.py \
        --out /tmp/before.json          # another checkout's namer (run as a file, from outside this checkout)
    .venv/bin/python -m bench.name_specificity --compare /tmp/before.json /tmp/after.json  # table + gallery

Each data set goes through the whole daily job (offline backend, `runner.run_days`, as `clio-pipeline
run`) on one day in a fresh CLIO_HOME, users assigned round-robin from a pool of `--users` so that the
thresholds (5 users / 10 conversations) can pass. Then every cluster's name is embedded with the
pipeline's embedder (the configured model, `EmbeddingResource`) and compared, by cosine, with the
stored centroids of the clusters of its level; top-1 accuracy = share of clusters whose own centroid
is the nearest. Reported at the base level (all base clusters are siblings: the stricter reading) and
the top level. The stored centroids are those k-means and the hierarchy used (language-centred vectors
for the multilingual default); names are embedded as they are published, language tag included.

Data: CLINC150 (`--n` requests sampled over its 150 intents, English), xSID valid (4,350 requests in 15
languages; see bench/multilingual.py), and the generator (`--n` conversations, one day). The LLM naming
path is not measured here: no LLM is reachable from this machine.

`--ceiling` (CLINC150, xSID): how far names could go on the same clustering if privacy allowed whole
summaries (see `ceilings`), and the secondary measure counting a name as a hit when its nearest centroid
is a cluster of the same majority intent (xSID's k comes from the data: many clusters share an intent).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
if not DATA.exists():  # a worktree under /work/wt/<name>: the data sit beside the main checkout
    DATA = Path("/work/shared/data")
DAY = date(2026, 1, 1)


def _rows(dataset: str, n: int, seed: int) -> list[dict] | None:
    if dataset == "clinc":
        path = DATA / "clinc150_full.jsonl"
        if not path.exists():
            return None
        rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        random.Random(seed).shuffle(rows)
        return rows[:n]
    path = DATA / "xsid_valid_multilingual.jsonl"
    if not path.exists():
        return None
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _write_landing(rows: list[dict], landing: Path, users: int) -> None:
    landing.mkdir(parents=True, exist_ok=True)
    start = datetime(DAY.year, DAY.month, DAY.day, tzinfo=timezone.utc)
    with (landing / "data.jsonl").open("w", encoding="utf-8") as handle:
        for i, row in enumerate(rows):
            handle.write(json.dumps({
                "conversation_id": row["conversation_id"], "user_id": f"user-{i % users:04d}",
                "created_at": (start + timedelta(seconds=10 * i)).isoformat(), "messages": row["messages"],
            }, ensure_ascii=False) + "\n")


def _read_clusters(warehouse: Path) -> list[dict]:
    from clio_pipeline.warehouse import connect

    with connect(warehouse, read_only=True) as con:
        rows = con.execute(
            "SELECT cluster_id, level, parent_id, name, description, n_conversations, centroid FROM clusters "
            "WHERE partition_date = ? ORDER BY level, cluster_id", [DAY]).fetchall()
    keys = ["cluster_id", "level", "parent_id", "name", "description", "n_conversations", "centroid"]
    return [dict(zip(keys, row, strict=True)) for row in rows]


def specificity(clusters: list[dict], encode) -> dict:
    """Top-1 accuracy of name -> own centroid among the clusters of the same level, base and top."""
    out = {}
    top_level = max(c["level"] for c in clusters)
    for label, level in (("base", 0), ("top", top_level)):
        nodes = [c for c in clusters if c["level"] == level]
        if len(nodes) < 2:
            continue
        centroids = np.asarray([c["centroid"] for c in nodes], dtype=np.float32)
        centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
        names = np.asarray(encode([c["name"] for c in nodes]), dtype=np.float32)
        names /= np.maximum(np.linalg.norm(names, axis=1, keepdims=True), 1e-9)
        hits = (names @ centroids.T).argmax(axis=1) == np.arange(len(nodes))
        out[label] = {"accuracy": round(float(hits.mean()), 3), "clusters": len(nodes),
                      "distinct_names": len({c["name"] for c in nodes})}
    return out


def ceilings(warehouse: Path, intents: dict[str, str], encode) -> dict:
    """Base-level top-1 of names no privacy rule would allow, on the same clustering: each cluster named by
    its medoid summary (the member whose stored embedding is nearest its centroid) and by its most central
    English member; and, as a secondary measure, the share of names (published and medoid) whose nearest
    centroid is a cluster of the same majority intent (a sibling of the same intent counts as a hit)."""
    from collections import Counter

    from clio_pipeline.warehouse import connect

    clusters = [c for c in _read_clusters(warehouse) if c["level"] == 0]
    with connect(warehouse, read_only=True) as con:
        rows = con.execute(
            "SELECT a.conversation_id, a.cluster_id, f.summary_en, coalesce(nullif(f.language, ''), 'und'), "
            "e.embedding FROM cluster_assignments a JOIN facets f USING (conversation_id, partition_date) "
            "JOIN embeddings e USING (conversation_id, partition_date) WHERE a.partition_date = ?", [DAY]).fetchall()
    position = {c["cluster_id"]: i for i, c in enumerate(clusters)}
    centroids = np.asarray([c["centroid"] for c in clusters], dtype=np.float32)
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    vectors = np.asarray([r[4] for r in rows], dtype=np.float32)
    label = np.asarray([position[r[1]] for r in rows])
    majority = [Counter(intents.get(r[0], "?") for r, lab in zip(rows, label, strict=True) if lab == k)
                .most_common(1)[0][0] for k in range(len(clusters))]

    def central(k: int, english: bool) -> str:
        idx = [i for i in np.flatnonzero(label == k) if not english or rows[i][3] == "en"] or np.flatnonzero(label == k)
        return rows[idx[int(np.argmax(vectors[idx] @ centroids[k]))]][2]

    def nearest(names: list[str]) -> np.ndarray:
        named = np.asarray(encode(names), dtype=np.float32)
        return (named / np.linalg.norm(named, axis=1, keepdims=True) @ centroids.T).argmax(axis=1)

    out = {}
    for key, names in (("published", [c["name"] for c in clusters]),
                       ("medoid", [central(k, False) for k in range(len(clusters))]),
                       ("medoid_english", [central(k, True) for k in range(len(clusters))])):
        top = nearest(names)
        out[key] = {"top1": round(float(np.mean(top == np.arange(len(clusters)))), 3),
                    "same_majority_intent": round(float(np.mean([majority[t] == majority[k]
                                                                for k, t in enumerate(top)])), 3)}
    counts = Counter(majority)
    out["clusters_sharing_their_majority_intent"] = sum(counts[m] > 1 for m in majority)
    out["majority_intents"] = len(counts)
    return out


def run_dataset(dataset: str, n: int, users: int, seed: int, workdir: Path, with_ceiling: bool = False) -> dict:
    from clio_pipeline.evaluation.run import evaluation_environment
    from clio_pipeline.resources import EmbeddingResource
    from clio_pipeline.runner import run_days

    home = workdir / dataset
    if dataset == "generator":
        from clio_pipeline.generator.dataset import generate_dataset

        generate_dataset(home / "landing", n=n, days=1, start_date=DAY, seed=seed)
    else:
        rows = _rows(dataset, n, seed)
        if rows is None:
            return {"skipped": "data set absent"}
        _write_landing(rows, home / "landing", users)
    with evaluation_environment(home, min_users=5, min_conversations=10):
        (outcome,) = run_days(DAY, DAY, echo=lambda line: None)
        clusters = _read_clusters(home / "warehouse.duckdb")
        encoder = EmbeddingResource().encoder()
    result = specificity(clusters, encoder.encode)
    if with_ceiling and dataset != "generator":
        result["ceiling"] = ceilings(home / "warehouse.duckdb", {r["conversation_id"]: r["label"] for r in rows},
                                     encoder.encode)
    result["run_ok"] = bool(outcome.success)
    result["names"] = {f"L{lvl}": [[c["name"], c["description"]] for c in clusters if c["level"] == lvl]
                       for lvl in sorted({c["level"] for c in clusters})}
    return result


def gallery(before: dict, after: dict, per_dataset: int = 10) -> str:
    """A markdown table of names before/after, clusters spread evenly over each data set's base level
    (the clustering does not depend on the namer, so cluster i is the same cluster in both runs)."""
    lines = ["| data set | level | before | after |", "|---|---|---|---|"]
    for dataset in after:
        old, new = before.get(dataset, {}).get("names", {}), after[dataset].get("names", {})
        for level in ("L0", max(new, default="L0")):
            if level not in old or level not in new or len(old[level]) != len(new[level]):
                continue
            count = per_dataset - 2 if level == "L0" else 2
            step = max(len(new[level]) // count, 1)
            for i in list(range(0, len(new[level]), step))[:count]:
                cells = [old[level][i][0], new[level][i][0]]
                lines.append(f"| {dataset} | {level} | " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def comparison(before: dict, after: dict) -> str:
    """Top-1 accuracy before/after per data set and level, as a markdown table."""
    lines = ["| data set | level | clusters | before | after |", "|---|---|---|---|---|"]
    for dataset, result in after.items():
        for level in ("base", "top"):
            if level in result:
                old = before.get(dataset, {}).get(level, {}).get("accuracy", "")
                lines.append(f"| {dataset} | {level} | {result[level]['clusters']} | {old} | "
                             f"{result[level]['accuracy']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", default="clinc,xsid,generator")
    parser.add_argument("--n", type=int, default=3000, help="CLINC150 sample size and generator conversations")
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--ceiling", action="store_true",
                        help="also name each base cluster by its medoid summary (no privacy rule) and report "
                             "top-1 and the share landing on a cluster of the same majority intent")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"),
                        help="print the before/after table and a gallery of names from two --out files")
    args = parser.parse_args(argv)
    if args.compare:
        before, after = (json.loads(path.read_text()) for path in args.compare)
        print(comparison(before, after), "", gallery(before, after), sep="\n")
        return
    report = {}
    with tempfile.TemporaryDirectory(prefix="clio-names-") as tmp:
        for dataset in args.datasets.split(","):
            report[dataset] = run_dataset(dataset, args.n, args.users, args.seed, Path(tmp), args.ceiling)
            r = report[dataset]
            print(dataset, {k: v for k, v in r.items() if k != "names"}, flush=True)
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()  # run as a file, clio_pipeline comes from PYTHONPATH: how the previous namer is measured
