"""A before/after gallery of offline names on ground-truth intent clusters (no embedding, seconds to run).

    cd /tmp && PYTHONPATH=<main checkout> <venv>/bin/python <this checkout>/bench/name_gallery.py /tmp/before.json
    cd /tmp && PYTHONPATH=<this checkout> <venv>/bin/python <this checkout>/bench/name_gallery.py /tmp/after.json \\
        --compare /tmp/before.json

Fifteen intents of CLINC150 and fifteen of xSID (all languages), each intent one cluster, users round-robin
from a pool of 300, min_users 5; the raw request is the summary (the pipeline would first drop greetings and
"can you"). Whichever `clio_pipeline` is on the path names them, so two checkouts can be compared.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np

DATA = Path("/work/shared/data") if not (Path(__file__).resolve().parents[2] / "shared" / "data").exists() \
    else Path(__file__).resolve().parents[2] / "shared" / "data"
SETS = {"clinc": "clinc150_full.jsonl", "xsid": "xsid_valid_multilingual.jsonl"}


def names(per_set: int = 15) -> dict[str, list[list[str]]]:
    from clio_pipeline.clustering.naming import name_clusters_offline

    out = {}
    for dataset, file in SETS.items():
        rows = [json.loads(line) for line in (DATA / file).open(encoding="utf-8") if line.strip()]
        random.Random(0).shuffle(rows)
        labels = sorted({r["label"] for r in rows})
        if len(labels) > per_set:
            labels = sorted(random.Random(1).sample(labels, per_set))
        rows = [r for r in rows if r["label"] in labels][:3000]
        label = np.array([labels.index(r["label"]) for r in rows])
        named = name_clusters_offline([r["messages"][0]["content"] for r in rows],
                                      [f"user-{i % 300:04d}" for i in range(len(rows))], label,
                                      np.eye(len(labels), dtype=np.float32)[label],
                                      np.eye(len(labels), dtype=np.float32), min_users=5)
        out[dataset] = [[labels[c], named[c].name, named[c].description] for c in range(len(labels))]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path, help="a previous output: print a before/after markdown table")
    args = parser.parse_args()
    result = names()
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    if args.compare:
        before = json.loads(args.compare.read_text())
        print("| data set | intent | before | after |\n|---|---|---|---|")
        for dataset, rows in result.items():
            for (intent, old, _), (_, new, _) in zip(before[dataset], rows, strict=True):
                print(f"| {dataset} | {intent} | {old} | {new} |")


if __name__ == "__main__":
    main()
