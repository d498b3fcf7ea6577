"""Real chat logs through the daily job: what analysts would read, and any name-list word in it.

    .venv/bin/python -m bench.real_chat [--out /tmp/real.json]

Data: WildChat, Chatbot Arena and OpenAssistant samples in ../shared/data (3,392 multi-turn
conversations in 30+ languages, no labels; skipped when absent). They are not used to write any rule:
this is a held-out look at real traffic. Users are assigned round-robin from a pool of `--users`
so the demo thresholds (5 users / 10 conversations) can pass, on one day, offline backend.

Reported: the published names (base and top level), name specificity as `bench.name_specificity`
measures it, and every published word of a cluster name or description that the day's summaries write
as a proper noun (places, languages and products are expected; a person's name would be a leak).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bench.name_specificity import DATA, DAY, _read_clusters, _write_landing, specificity

FILES = ("wildchat_convotopo.jsonl", "chatbot_arena_convotopo.jsonl", "oasst_convotopo.jsonl")


def load_rows() -> list[dict] | None:
    rows: list[dict] = []
    for name in FILES:
        path = DATA / name
        if not path.exists():
            return None
        for line in path.open(encoding="utf-8"):
            if line.strip():
                row = json.loads(line)
                rows.append({"conversation_id": row["conversation_id"],
                             "messages": [{"role": m["role"], "content": m["content"]} for m in row["messages"]]})
    return rows


def proper_nouns_published(warehouse: Path, published: Path) -> list[dict]:
    """Published name/description words that the day's summaries write as proper nouns.

    A word counts when it is capitalised in most of its mid-sentence uses in the summaries (the
    word rule's own proper-noun signal). Places, languages and products are expected here; a person's
    name is a leak. `on_name_list`: the word is on the project's given-name or surname lists.
    """
    import duckdb

    from clio_pipeline.privacy.detectors_name_words import KNOWN_NAMES, fold
    from clio_pipeline.privacy.word_rule import (
        STOPWORDS,
        TEMPLATE_WORDS,
        _mid_sentence_capitals,
        tokenize_words,
    )

    with duckdb.connect(str(warehouse), read_only=True) as con:
        summaries = [r[0] for r in con.execute("SELECT summary FROM facets WHERE NOT failed").fetchall()]
    with duckdb.connect(str(published), read_only=True) as con:
        texts = [t for row in con.execute("SELECT name, description FROM clusters").fetchall() for t in row if t]
    capitals: dict[str, list[int]] = {}
    for summary in summaries:
        for token, capitalised in _mid_sentence_capitals(summary):
            capitals.setdefault(token, [0, 0])[capitalised] += 1
    words = {w for text in texts for w in tokenize_words(text) if w not in STOPWORDS and w not in TEMPLATE_WORDS}
    return [{"word": w, "capitalised": capitals[w][1], "lower": capitals[w][0], "on_name_list": fold(w) in KNOWN_NAMES}
            for w in sorted(words) if w in capitals and capitals[w][1] > capitals[w][0]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=150)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    rows = load_rows()
    if rows is None:
        print("real chat data absent: skipped")
        return
    from clio_pipeline.evaluation.run import evaluation_environment
    from clio_pipeline.resources import EmbeddingResource
    from clio_pipeline.runner import run_days

    with tempfile.TemporaryDirectory(prefix="clio-real-") as tmp:
        home = Path(tmp)
        _write_landing(rows, home / "landing", args.users)
        with evaluation_environment(home, min_users=5, min_conversations=10):
            (outcome,) = run_days(DAY, DAY, echo=lambda line: None)
            clusters = _read_clusters(home / "warehouse.duckdb")
            encoder = EmbeddingResource().encoder()
        report = {"conversations": len(rows), "run_ok": bool(outcome.success),
                  "specificity": specificity(clusters, encoder.encode),
                  "proper_nouns_published": proper_nouns_published(home / "warehouse.duckdb", home / "published.duckdb"),
                  "names": {f"L{lvl}": [[c["name"], c["description"]] for c in clusters if c["level"] == lvl]
                            for lvl in sorted({c["level"] for c in clusters})}}
    print(json.dumps({k: v for k, v in report.items() if k != "names"}, ensure_ascii=False))
    for level, names in report["names"].items():
        print(f"\n{level}:", *[f"  {name}" for name, _ in names], sep="\n")
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
