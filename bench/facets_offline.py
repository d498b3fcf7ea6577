"""Benchmark of the offline facet backend: speed, language accuracy, concerning score, name mask.

Run from the repository root:

    .venv/bin/python -m bench.facets_offline                 # all sections, N=20000
    .venv/bin/python -m bench.facets_offline --n 5000 --sections speed

Data: the public sets in /work/shared/data (see its README); sections whose data is absent are
skipped. Speed is absolute (conversations/s end to end) plus each part's share of the summed part
times, all measured in the same run, because the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from clio_pipeline.facets.concerning import assess_concerning, concerning_score
from clio_pipeline.facets.language import user_language
from clio_pipeline.facets.metrics import direct_metrics
from clio_pipeline.facets.offline import MAX_SCORED_CHARS_PER_TURN, OfflineFacetExtractor
from clio_pipeline.facets.summarize import classify_task, mask_proper_nouns, summarize_request
from clio_pipeline.generator import generate_dataset
from clio_pipeline.privacy.scrubber import scrub
from clio_pipeline.types import Conversation, Message

DATA = Path("/work/shared/data")
CHAT_SETS = ("wildchat_convotopo.jsonl", "chatbot_arena_convotopo.jsonl")
ROLES = {"user", "assistant", "system", "tool"}


def _rows(name: str) -> list[dict[str, Any]]:
    path = DATA / name
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _to_conversation(row: dict[str, Any], index: int, suffix: str = "") -> Conversation:
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return Conversation(
        conversation_id=f"{row['conversation_id']}{suffix}",
        user_id=f"user-{index % 5000}",
        created_at=start + timedelta(minutes=index),
        messages=[
            Message(role=m["role"], content=m["content"]) for m in row["messages"] if m["role"] in ROLES
        ],
    )


def _scrubber() -> tuple[Callable[[str], Any], str]:
    return scrub, "clio_pipeline.privacy.scrubber.scrub"


def _timed(label: str, items: Iterable[Any], fn: Callable[[Any], Any], times: dict[str, float]) -> list[Any]:
    started = time.perf_counter()
    out = [fn(item) for item in items]
    times[label] = time.perf_counter() - started
    return out


def bench_speed(n: int) -> None:
    rows = [r for name in CHAT_SETS for r in _rows(name)]
    if not rows:
        print("speed: skipped (chat data sets absent)")
        return
    convs = [
        _to_conversation(row, i, f"#{i // len(rows)}")
        for i, row in zip(range(n), itertools.cycle(rows), strict=False)
    ]
    scrub, scrub_name = _scrubber()
    extractor = OfflineFacetExtractor(scrubber=scrub)
    extractor.extract(convs[:50])  # load the language model and compile regexes outside the timing
    started, cpu_started = time.perf_counter(), time.process_time()
    records = extractor.extract(convs)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(
        f"speed: {n} conversations ({len(rows)} distinct from {', '.join(CHAT_SETS)}), scrubber: {scrub_name}"
    )
    print(f"  end to end: {total:.2f} s wall = {n / total:,.0f} conversations/s")
    # CPU time is what the code costs; wall time also counts waiting for a core on a shared machine.
    print(f"  end to end: {cpu:.2f} s CPU = {n / cpu:,.0f} conversations per CPU-second")

    sample = convs[: min(n, 5000)]
    times: dict[str, float] = {}
    turns = [[t for t in c.user_turns() if t.strip()] for c in sample]
    langs = _timed("language", turns, user_language, times)
    summaries = _timed("summary extraction", turns, summarize_request, times)
    scrubbed = _timed("scrub (privacy)", summaries, lambda s: scrub(s).text if s else s, times)
    _timed("name mask", zip(scrubbed, langs, strict=True), lambda p: mask_proper_nouns(*p), times)
    _timed("task rules", turns, classify_task, times)
    scored = ["\n".join(t[:MAX_SCORED_CHARS_PER_TURN] for t in ts) for ts in turns]
    _timed("concerning lexicon", scored, concerning_score, times)
    _timed("direct metrics", sample, direct_metrics, times)
    summed = sum(times.values())
    print(f"  parts on {len(sample)} conversations (share of summed part time, ms per 1000 conversations):")
    for label, seconds in sorted(times.items(), key=lambda kv: -kv[1]):
        print(
            f"    {label:<20} {100 * seconds / summed:5.1f} %  {1000 * seconds / len(sample) * 1000:8.1f} ms"
        )
    print(f"  languages: {Counter(r.language for r in records).most_common(8)}")
    print(f"  tasks: {Counter(r.task for r in records).most_common(12)}")
    print(f"  concerning: {sorted(Counter(r.concerning_score for r in records).items())}")


def _accuracy_report(title: str, pairs: list[tuple[str, str]], min_support: int) -> None:
    if not pairs:
        print(f"{title}: skipped (no data)")
        return
    total = Counter(truth for truth, _ in pairs)
    correct = Counter(truth for truth, guess in pairs if truth == guess)
    print(f"{title}: accuracy {sum(correct.values()) / len(pairs):.3f} on {len(pairs)} conversations")
    for lang, count in total.most_common():
        if count >= min_support:
            print(f"    {lang}: {correct[lang] / count:.3f} (n={count})")
    errors = Counter((t, g) for t, g in pairs if t != g).most_common(8)
    print(f"    most common confusions (truth, detected): {errors}")


def bench_language() -> None:
    pairs = []
    for name in (*CHAT_SETS, "oasst_convotopo.jsonl"):
        for row in _rows(name):
            truth = (row.get("language") or "").split("-")[0]
            if truth:
                pairs.append(
                    (truth, user_language([m["content"] for m in row["messages"] if m["role"] == "user"]))
                )
    _accuracy_report("language vs public data sets' labels (noisy: langdetect guesses)", pairs, 10)
    with tempfile.TemporaryDirectory() as out:
        generate_dataset(out, n=3000, days=3, seed=7)
        truth = {}
        for path in Path(out).rglob("ground_truth.jsonl"):
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                truth[row["conversation_id"]] = row["language"]
        pairs = []
        for path in sorted(Path(out).glob("conversations_*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                if row.get("conversation_id") in truth:
                    turns = [m["content"] for m in row["messages"] if m["role"] == "user"]
                    pairs.append((truth[row["conversation_id"]], user_language(turns)))
    _accuracy_report("language vs generator ground truth", pairs, 1)


def bench_concerning() -> None:
    rows = _rows("anthropic_hh_rlhf_test.jsonl")
    if not rows:
        print("concerning: skipped (anthropic_hh_rlhf_test.jsonl absent)")
        return
    from sklearn.metrics import roc_auc_score

    labels, scores, raws = [], [], []
    for row in rows:
        first = next((m["content"] for m in row["messages"] if m["role"] == "user"), "")
        result = assess_concerning(first)
        labels.append(row["label"] == "harmless-base")
        scores.append(result.score)
        raws.append(result.raw)
    flagged = [s >= 3 for s in scores]
    tp = sum(f and y for f, y in zip(flagged, labels, strict=True))
    print(
        f"concerning on HH-RLHF test, first user turn: {sum(labels)} harmless-base vs {len(labels) - sum(labels)} helpful-*"
    )
    print(f"  score >= 3: precision {tp / max(1, sum(flagged)):.3f}, recall {tp / sum(labels):.3f}")
    print(
        f"  AUC of the 1-5 score {roc_auc_score(labels, scores):.3f}, of the raw score {roc_auc_score(labels, raws):.3f}"
    )
    for name, wanted in (("harmless-base", True), ("helpful-*", False)):
        dist = Counter(s for s, y in zip(scores, labels, strict=True) if y == wanted)
        print(f"  {name} score distribution: {sorted(dist.items())}")


def bench_name_mask() -> None:
    rows = _rows("presidio_pii_synthetic.jsonl")
    if not rows:
        print("name mask: skipped (presidio_pii_synthetic.jsonl absent)")
        return
    scrub, scrub_name = _scrubber()
    names = leaked_scrub = leaked_masked = 0
    for row in rows:
        people = [s["value"] for s in row["pii_spans"] if s["type"] == "PERSON"]
        if not people:
            continue
        text = scrub(row["messages"][0]["content"]).text
        masked, _ = mask_proper_nouns(text, "en")
        for person in people:
            parts = [p for p in person.split() if len(p) > 2]
            names += 1
            leaked_scrub += any(p in text for p in parts)
            leaked_masked += any(p in masked for p in parts)
    print(f"name mask on presidio PERSON spans ({names} names), scrubber: {scrub_name}")
    print(
        f"  names leaking after scrub: {leaked_scrub / names:.3f}; after scrub + name mask: {leaked_masked / names:.3f}"
    )
    touched = words = masked_words = 0
    chats = [r for name in CHAT_SETS for r in _rows(name)]
    for row in chats:
        turns = [m["content"] for m in row["messages"] if m["role"] == "user"]
        summary = scrub(summarize_request(turns)).text
        masked, count = mask_proper_nouns(summary, user_language(turns))
        touched += count > 0
        words += len(summary.split())
        masked_words += count
    print(
        f"  cost on real chats: {touched / max(1, len(chats)):.3f} of summaries touched, "
        f"{masked_words / max(1, words):.3f} of summary words masked"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="conversations for the speed section")
    parser.add_argument("--sections", default="speed,language,concerning,names")
    args = parser.parse_args()
    sections = {s.strip() for s in args.sections.split(",")}
    if "speed" in sections:
        bench_speed(args.n)
    if "language" in sections:
        bench_language()
    if "concerning" in sections:
        bench_concerning()
    if "names" in sections:
        bench_name_mask()


if __name__ == "__main__":
    main()
