"""Personal data in every script: recall in facet summaries, over-masking, and the cost per 1,000 texts.

    .venv/bin/python -m bench.pii_scripts [--n 300]

1. Recall per language and type on `generator.pii_scripts` (names, addresses and dates of birth in
   Chinese, Japanese, Russian, Arabic and Greek): a planted string counts as removed when no part of it
   (any word of two or more characters, or the whole value for Chinese/Japanese names) is left in the
   summary the offline facet extractor stores. Target >= 0.95 per cell.
2. Over-masking: share of texts whose scrubbed text / facet summary holds a placeholder, on CLINC150
   (target <= 1 %) and per language of xSID (target <= 5 %; xSID has artists and film titles).
3. Cost: CPU ms per 1,000 texts of the scrubber per script, the first-use load of each resource.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

from clio_pipeline.facets.offline import OfflineFacetExtractor
from clio_pipeline.generator.pii_scripts import SCRIPT_LANGUAGES, generate_script_conversations
from clio_pipeline.privacy.scrubber import scrub
from clio_pipeline.types import Conversation, Message

DATA = Path("/work/shared/data")
PLACEHOLDER = re.compile(r"\[(?:NAME|EMAIL|PHONE|ADDRESS|CARD|IBAN|SSN|IP|URL|HANDLE|DOB|NUMBER)\]")
_LINKS = {"بن", "г.", "д.", "кв.", "οδός"}


def _conversation(cid: str, text: str) -> Conversation:
    return Conversation(conversation_id=cid, user_id="u", created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
                        messages=[Message(role="user", content=text)])


def _parts(value: str, language: str) -> list[str]:
    if language in ("zh", "ja") and " " not in value:
        return [value]
    return [p.strip(",.") for p in value.split() if len(p.strip(",.")) >= 2 and p not in _LINKS and not p.isdigit()]


def recall(n: int) -> None:
    records, truth = generate_script_conversations(n)
    extractor = OfflineFacetExtractor()
    found, total = Counter(), Counter()
    misses: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record, row in zip(records, truth):
        text = record["messages"][0]["content"]
        summary = extractor.extract_one(_conversation(record["conversation_id"], text)).summary
        for planted in row["planted"]:
            key = (row["language"], planted["type"])
            total[key] += 1
            left = [p for p in _parts(planted["value"], row["language"]) if p in summary]
            if left:
                if len(misses[key]) < 2:
                    misses[key].append(f"{planted['value']!r} -> {summary!r}")
            else:
                found[key] += 1
    print(f"recall in facet summaries ({n} conversations per language)")
    print(f"{'language':<10}" + "".join(f"{t:>10}" for t in ("NAME", "ADDRESS", "DOB")))
    for language in SCRIPT_LANGUAGES:
        cells = [found[(language, t)] / max(total[(language, t)], 1) for t in ("NAME", "ADDRESS", "DOB")]
        print(f"{language:<10}" + "".join(f"{c:>10.3f}" for c in cells))
    for key, examples in misses.items():
        for example in examples:
            print(f"  missed {key}: {example}")


def over_masking(limit: int) -> None:
    extractor = OfflineFacetExtractor()
    rows: list[tuple[str, str]] = []
    xsid = DATA / "xsid_valid_multilingual.jsonl"
    clinc = DATA / "clinc150_full.jsonl"
    if xsid.exists():
        rows += [(r["language"], r["messages"][0]["content"]) for r in map(json.loads, xsid.open())]
    if clinc.exists():
        clinc_rows = [("CLINC150", r["messages"][0]["content"]) for r in map(json.loads, clinc.open())]
        rows += clinc_rows[:limit] if limit else clinc_rows
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    examples: dict[str, list[str]] = defaultdict(list)
    for index, (language, text) in enumerate(rows):
        scrubbed = scrub(text).text
        summary = extractor.extract_one(_conversation(f"c{index}", text)).summary
        cell = per[language]
        cell[0] += 1
        cell[1] += bool(PLACEHOLDER.search(scrubbed))
        cell[2] += bool(PLACEHOLDER.search(summary))
        if PLACEHOLDER.search(summary) and len(examples[language]) < 3:
            examples[language].append(f"{text!r} -> {summary!r}")
    print("\nover-masking: texts with a placeholder (scrubber alone / stored facet summary)")
    for language, (n, scrubbed, summary) in sorted(per.items()):
        print(f"  {language:<9}{n:>7}{100 * scrubbed / n:>8.1f}%{100 * summary / n:>8.1f}%")
    for language, lines in sorted(examples.items()):
        for line in lines:
            print(f"    {language}: {line}")


def costs(n: int) -> None:
    print("\ncost of the scrubber per 1,000 texts (CPU), first use of each script's resources included once")
    records, _ = generate_script_conversations(n)
    by_language = defaultdict(list)
    for record in records:
        by_language[record["conversation_id"].split("-")[1]].append(record["messages"][0]["content"])
    for language, texts in by_language.items():
        start = time.process_time()
        scrub(texts[0])
        first = time.process_time() - start
        start = time.process_time()
        for text in texts:
            scrub(text + " ")  # a new string: the detectors' per-text caches do not help
        per_1000 = 1000 * (time.process_time() - start) / len(texts)
        print(f"  {language}: first text {first * 1000:7.0f} ms, then {per_1000 * 1000:7.0f} ms per 1,000 texts")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300, help="generated conversations per language")
    parser.add_argument("--clinc", type=int, default=0, help="use only the first N CLINC150 rows (0: all)")
    args = parser.parse_args()
    costs(args.n)
    recall(args.n)
    over_masking(args.clinc)


if __name__ == "__main__":
    main()
