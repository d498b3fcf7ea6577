"""Benchmark of the offline English gloss (`clio_pipeline.facets.gloss`): coverage, speed, clustering.

Run from the repository root:

    .venv/bin/python -m bench.gloss_quality                       # all sections, n=4000
    .venv/bin/python -m bench.gloss_quality --sections coverage speed
    .venv/bin/python -m bench.gloss_quality --n 2000 --sections clustering

Sections:
- coverage: share of word tokens the lexicon places (directly, by stem, compound or phrase) on real
  user turns from /work/shared/data (WildChat, Chatbot Arena), per language as detected by the
  pipeline's own language facet. Skipped when the files are absent.
- speed: glossed short texts per second, and the ratio against a baseline measured in the same run
  (a plain `str.lower().split()` pass over the same texts), because the machine is shared and noisy.
- clustering: generator data (ground truth per conversation) -> offline facets -> summaries embedded
  with the real offline model, once raw and once glossed -> spherical k-means at k = number of topics.
  Reports NMI/ARI against topics overall and per language, and the share of non-English conversations
  whose cluster's majority topic is their own. Embeddings are cached in bench/.cache/ (git-ignored).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from clio_pipeline.facets.gloss import gloss_to_english, glosser_for, supported_languages

DATA = Path("/work/shared/data")
CHAT_SETS = ("wildchat_convotopo.jsonl", "chatbot_arena_convotopo.jsonl")
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
MAX_TURN_CHARS = 600  # the request sits at the start; long pasted material would swamp the counts


def _chat_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in CHAT_SETS:
        path = DATA / name
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


def bench_coverage() -> None:
    from clio_pipeline.facets.language import user_language

    rows = _chat_rows()
    if not rows:
        print("coverage: skipped (chat data sets absent)")
        return
    languages = supported_languages()
    known: Counter = Counter()
    total: Counter = Counter()
    turns_per_language: Counter = Counter()
    for row in rows:
        turns = [m["content"] for m in row["messages"] if m["role"] == "user" and m["content"].strip()]
        language = user_language(turns) if turns else "und"
        if language not in languages:
            continue
        glosser = glosser_for(language)
        for turn in turns:
            k, t = glosser.coverage(turn[:MAX_TURN_CHARS])
            known[language] += k
            total[language] += t
            turns_per_language[language] += 1
    print(f"coverage on real user turns ({', '.join(CHAT_SETS)}; first {MAX_TURN_CHARS} chars of each turn):")
    for language in sorted(total):
        share = known[language] / max(total[language], 1)
        print(
            f"  {language}: {share:6.1%} of {total[language]:6d} word tokens placed "
            f"({turns_per_language[language]} turns)"
        )


def bench_speed(n_texts: int) -> None:
    samples = {
        "es": "¿Puedes escribir una carta de presentación para un trabajo de enfermera en Madrid?",
        "fr": "Peux-tu m'expliquer comment fonctionne l'apprentissage automatique, s'il te plaît ?",
        "de": "Erstelle einen Trainingsplan für zwölf Wochen, um Gewicht zu verlieren.",
        "pt": "Pode criar um treino de 12 semanas para perder gordura e ganhar massa muscular?",
    }
    # Vary the texts so the word memo sees a realistic mix, not one sentence over and over.
    texts = [(f"{samples[lang]} {i % 97}", lang) for i in range(n_texts) for lang in samples][:n_texts]
    for text, lang in texts[:200]:
        gloss_to_english(text, lang)  # load the lexicons outside the timing
    started = time.perf_counter()
    baseline = [text.lower().split() for text, _ in texts]
    baseline_s = time.perf_counter() - started
    started = time.perf_counter()
    glossed = [gloss_to_english(text, lang) for text, lang in texts]
    gloss_s = time.perf_counter() - started
    assert len(glossed) == len(baseline)
    print(f"speed: {len(texts)} short texts (4 languages)")
    print(
        f"  gloss: {len(texts) / gloss_s:,.0f} texts/s; {gloss_s / baseline_s:.1f}x the time of lower().split()"
    )


def _load_generated(n: int, days: int, seed: int, out_dir: Path) -> tuple[list[Any], dict[str, dict]]:
    from clio_pipeline.generator import generate_dataset
    from clio_pipeline.types import Conversation

    generate_dataset(out_dir, n=n, days=days, seed=seed)
    truth = {}
    with (out_dir / "_truth" / "ground_truth.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            truth[row["conversation_id"]] = row
    conversations = []
    for path in sorted(out_dir.glob("conversations_*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            conversations.extend(Conversation.model_validate_json(line) for line in handle if line.strip())
    return conversations, truth


def _embed(texts: list[str], tag: str) -> np.ndarray:
    from clio_pipeline.embeddings.encoder import SentenceEncoder

    digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    path = CACHE_DIR / f"gloss-{tag}-{len(texts)}-{digest}.npy"
    if path.is_file():
        return np.load(path)
    vectors = SentenceEncoder().encode(texts)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def _majority_topic_share(labels: np.ndarray, topics: list[str], members: list[int]) -> float:
    by_cluster: dict[int, Counter] = defaultdict(Counter)
    for label, topic in zip(labels.tolist(), topics, strict=True):
        by_cluster[label][topic] += 1
    majority = {cluster: counts.most_common(1)[0][0] for cluster, counts in by_cluster.items()}
    return sum(majority[int(labels[i])] == topics[i] for i in members) / max(len(members), 1)


def bench_clustering(n: int, days: int, seed: int) -> None:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from clio_pipeline.clustering.kmeans import faiss_kmeans
    from clio_pipeline.facets.offline import OfflineFacetExtractor

    with tempfile.TemporaryDirectory() as tmp:
        conversations, truth = _load_generated(n, days, seed, Path(tmp))
    records = [r for r in OfflineFacetExtractor().extract(conversations) if not r.failed and r.summary]
    topics = [truth[r.conversation_id]["topic"] for r in records]
    true_languages = [truth[r.conversation_id]["language"] for r in records]
    raw = [r.summary for r in records]
    # The pipeline glosses by the language facet it detected, not the generator's ground truth.
    glossed = [gloss_to_english(r.summary, r.language) for r in records]
    k = len(set(topics))
    print(
        f"clustering: {len(records)} summaries from generate_dataset(n={n}, days={days}, seed={seed}), k={k}"
    )
    print(f"  languages (truth): {dict(Counter(true_languages).most_common())}")
    non_english = [i for i, lang in enumerate(true_languages) if lang != "en"]
    results = {}
    for tag, texts in (("raw", raw), ("glossed", glossed)):
        vectors = _embed(texts, tag)
        labels = faiss_kmeans(vectors, k, seed=seed, n_init=3).labels
        results[tag] = labels
        print(
            f"  {tag:>7}: NMI {normalized_mutual_info_score(topics, labels):.3f}  "
            f"ARI {adjusted_rand_score(topics, labels):.3f}  "
            f"non-English in own-topic-majority cluster {_majority_topic_share(labels, topics, non_english):.1%}"
        )
    print("  per language (NMI / ARI against topic, within the language's conversations):")
    for language in sorted(set(true_languages)):
        idx = [i for i, lang in enumerate(true_languages) if lang == language]
        sub_topics = [topics[i] for i in idx]
        cells = []
        for tag, labels in results.items():
            sub = labels[idx]
            cells.append(
                f"{tag} {normalized_mutual_info_score(sub_topics, sub):.3f} / {adjusted_rand_score(sub_topics, sub):.3f}"
            )
        share = {tag: _majority_topic_share(labels, topics, idx) for tag, labels in results.items()}
        print(
            f"    {language} (n={len(idx):4d}): {'   '.join(cells)}   own-topic majority: "
            f"raw {share['raw']:.1%} -> glossed {share['glossed']:.1%}"
        )
    examples = [i for i in non_english[:6]]
    print("  examples (detected language: raw -> glossed):")
    for i in examples:
        print(f"    [{records[i].language}] {raw[i][:90]!r}\n         -> {glossed[i][:90]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sections", nargs="+", default=["coverage", "speed", "clustering"])
    parser.add_argument(
        "--n", type=int, default=4000, help="generated conversations for the clustering section"
    )
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--speed-texts", type=int, default=40_000)
    args = parser.parse_args()
    if "coverage" in args.sections:
        bench_coverage()
    if "speed" in args.sections:
        bench_speed(args.speed_texts)
    if "clustering" in args.sections:
        bench_clustering(args.n, args.days, args.seed)


if __name__ == "__main__":
    main()
