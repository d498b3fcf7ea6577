"""PII scrubber benchmark: recall per type, false positives on PII-free text, throughput.

Run from the repository root:

    .venv/bin/python -m bench.pii_recall [--show 5] [--limit N]

To measure another version of the package (e.g. the last commit, exported with `git archive`), put it
first on the path: `PYTHONPATH=/tmp/old .venv/bin/python bench/pii_recall.py`; the first line printed
says which scrubber module was measured.

Recall is measured on presidio-research's synthetic sentences (/work/shared/data/presidio_pii_synthetic.jsonl):
a labelled span counts as found when detections of the mapped type cover at least half of its characters
("any type" recall accepts detections of any type). False positives are counted on CLINC150 user turns,
which contain almost no personal data. Recall is also printed for the two halves of the presidio rows
(even / odd line numbers): the NAME and ADDRESS rules were tuned by looking at misses of the even half
only, so the odd half is held out and shows whether the gains generalize. "Everyday capitals" counts how
often words that are also names or places ("Will", "May", "Rose", "Python", "Monday", "Paris") are masked
where they appear capitalized in ordinary text (CLINC150, facet texts, HH-RLHF requests). Speed is reported in texts/s and as a ratio to a baseline measured
in the same run (one precompiled regex pass over the same texts), because the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from clio_pipeline.privacy import scrubber as scrubber_module
from clio_pipeline.privacy.scrubber import PiiScrubber

DATA = Path("/work/shared/data")
PRESIDIO = DATA / "presidio_pii_synthetic.jsonl"
CLINC = DATA / "clinc150_full.jsonl"
SUMMARIES = DATA / "kura_mtbench_1000_reference_summaries.jsonl"
HH = DATA / "anthropic_hh_rlhf_test.jsonl"
# Words that are also names, places or brands: in ordinary sentences they must stay readable.
EVERYDAY_CAPITALS = [
    "Will",
    "May",
    "Bill",
    "Rose",
    "Mark",
    "Grace",
    "Hope",
    "June",
    "April",
    "Jack",
    "Frank",
    "Amber",
    "Python",
    "Java",
    "Monday",
    "Friday",
    "Paris",
    "London",
    "Sydney",
    "Chelsea",
    "Jordan",
    "Victoria",
    "Florence",
    "Apple",
    "Amazon",
    "Windows",
    "Christmas",
    "Google",
    "Excel",
    "Ruby",
    "Summer",
    "Chase",
]

# presidio label -> our type. DOMAIN_NAME and DATE_TIME are reported for information only: bare domains
# are kept on purpose (they name a site, not a person) and most DATE_TIME spans are years or weekdays.
TYPE_MAP = {
    "PERSON": "NAME",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "STREET_ADDRESS": "ADDRESS",
    "ADDRESS": "ADDRESS",
    "CREDIT_CARD": "CARD",
    "IBAN_CODE": "IBAN",
    "US_SSN": "SSN",
    "IP_ADDRESS": "IP",
    "DOMAIN_NAME": "URL",
    "DATE_TIME": "DOB",
}
TARGETS = {
    "EMAIL": 0.99,
    "CARD": 0.99,
    "IBAN": 0.99,
    "SSN": 0.99,
    "IP": 0.99,
    "PHONE": 0.99,
    "NAME": 0.90,
    "ADDRESS": 0.90,
}
_FULL_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|[A-Za-z]+ \d{1,2},? \d{4}|\d{1,2} [A-Za-z]+ \d{4}")


def _user_text(row: dict) -> str:
    return "\n".join(m["content"] for m in row["messages"] if m["role"] == "user")


def _covered(span_start: int, span_end: int, detections: list) -> int:
    return sum(max(0, min(span_end, d.end) - max(span_start, d.start)) for d in detections)


def recall_by_half(scrubber: PiiScrubber, rows: list[dict]) -> None:
    """NAME and ADDRESS recall on the even rows (looked at while tuning) and the odd rows (held out)."""
    print(f"\n{'type':<10}{'half A (even rows, tuned)':>28}{'half B (odd rows, held out)':>30}")
    per_half: dict[str, list[str]] = {}
    for half in (0, 1):
        found: Counter = Counter()
        total: Counter = Counter()
        for row in rows[half::2]:
            text = _user_text(row)
            detections = scrubber.detect(text)
            for span in row["pii_spans"]:
                ours = TYPE_MAP.get(span["type"])
                if ours not in TARGETS:
                    continue
                total[ours] += 1
                start, end = span["start"], span["end"]
                if _covered(start, end, [d for d in detections if d.type == ours]) >= (end - start) / 2:
                    found[ours] += 1
        for key in TARGETS:
            if total[key]:
                cell = f"{found[key] / total[key]:.3f} ({found[key]}/{total[key]})"
                per_half.setdefault(key, []).append(cell)
    for key, cells in per_half.items():
        print(f"{key:<10}" + "".join(f"{cell:>29}" for cell in cells))


def everyday_capitals(scrubber: PiiScrubber, texts: list[str], show: int) -> None:
    """How often a capitalized everyday word that is also a name or place gets masked."""
    pattern = re.compile(r"\b(?:" + "|".join(EVERYDAY_CAPITALS) + r")\b")
    seen = masked = 0
    examples: list[str] = []
    for text in texts:
        hits = list(pattern.finditer(text))
        if not hits:
            continue
        detections = scrubber.detect(text)
        for hit in hits:
            seen += 1
            if any(d.start < hit.end() and hit.start() < d.end for d in detections):
                masked += 1
                if len(examples) < show:
                    examples.append(f"{hit.group()!r} in {text[:120]!r}")
    print(
        f"\neveryday capitals ({', '.join(EVERYDAY_CAPITALS[:6])}, ...): {masked} of {seen} occurrences masked"
        f" ({100 * masked / max(seen, 1):.1f}%)"
    )
    for example in examples:
        print(f"      {example}")


def recall(scrubber: PiiScrubber, rows: list[dict], show: int) -> None:
    found: Counter = Counter()
    found_any: Counter = Counter()
    total: Counter = Counter()
    missed: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        text = _user_text(row)
        detections = scrubber.detect(text)
        for span in row["pii_spans"]:
            label = span["type"]
            ours = TYPE_MAP.get(label)
            if ours is None:
                continue
            if label == "DATE_TIME" and not _FULL_DATE.fullmatch(span["value"].strip()):
                continue  # a year or weekday alone is not a date of birth
            key = f"{ours} ({label})" if label in ("DOMAIN_NAME", "DATE_TIME") else ours
            start, end = span["start"], span["end"]
            need = (end - start) / 2
            total[key] += 1
            if _covered(start, end, [d for d in detections if d.type == ours]) >= need:
                found[key] += 1
            elif len(missed[key]) < show:
                context = text[max(0, start - 40) : end + 20].replace("\n", "\\n")
                missed[key].append(f"{span['value']!r} in …{context}…")
            if _covered(start, end, detections) >= need:
                found_any[key] += 1
    print(
        f"recall on {len(rows)} presidio sentences (span found if >=50% covered by a detection of its type)"
    )
    print(f"{'type':<22}{'spans':>7}{'recall':>9}{'any-type':>10}{'target':>8}")
    for key in sorted(total):
        target = TARGETS.get(key)
        flag = "" if target is None else ("  ok" if found[key] / total[key] >= target else "  BELOW")
        print(
            f"{key:<22}{total[key]:>7}{found[key] / total[key]:>9.3f}{found_any[key] / total[key]:>10.3f}"
            f"{'' if target is None else f'{target:>8.2f}'}{flag}"
        )
    scored = [k for k in total if k in TARGETS]
    all_total = sum(total[k] for k in scored)
    print(
        f"{'ALL scored types':<22}{all_total:>7}{sum(found[k] for k in scored) / all_total:>9.3f}"
        f"{sum(found_any[k] for k in scored) / all_total:>10.3f}"
    )
    for key, examples in missed.items():
        for example in examples:
            print(f"  missed {key}: {example}")


def _summary_texts(limit: int) -> list[str]:
    """Realistic facet texts: what a reference LLM wrote as summary, request and task per conversation."""
    texts = []
    with SUMMARIES.open() as handle:
        for line in handle:
            row = json.loads(line)
            texts.extend(row[key] for key in ("summary", "request", "task") if row.get(key))
    return texts[: 3 * limit] if limit else texts


def false_positives(
    scrubber: PiiScrubber, texts: list[str], show: int, corpus: str = "CLINC150 user turns"
) -> None:
    per_type: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        for d in scrubber.detect(text):
            per_type[d.type] += 1
            if len(examples[d.type]) < show:
                examples[d.type].append(f"{d.text!r} in {text!r}")
    n = len(texts)
    total = sum(per_type.values())
    print(f"\ndetections on {n} {corpus} (PII-free): {1000 * total / n:.2f} per 1,000 texts")
    for pii_type, count in per_type.most_common():
        print(f"  {pii_type:<8}{1000 * count / n:7.2f} per 1,000")
        for example in examples[pii_type]:
            print(f"      {example}")


def _chunks(texts: list[str], size: int = 300) -> list[str]:
    """~300-character texts, the size of a facet summary, built from consecutive corpus texts."""
    chunks, current = [], ""
    for text in texts:
        current = f"{current} {text}" if current else text
        if len(current) >= size:
            chunks.append(current[:size])
            current = ""
    return chunks


def throughput(scrubber: PiiScrubber, corpora: dict[str, list[str]]) -> None:
    baseline_pattern = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
    print("\nthroughput (CPU time of this process, less disturbed than wall time on a shared machine):")
    for name, texts in corpora.items():
        start = time.process_time()
        for text in texts:
            baseline_pattern.findall(text)
        baseline = time.process_time() - start
        start = time.process_time()
        for text in texts:
            scrubber.scrub(text)
        elapsed = time.process_time() - start
        mean_chars = sum(map(len, texts)) / len(texts)
        print(
            f"  {name:<44} {len(texts):>6} texts, {mean_chars:5.0f} chars: {len(texts) / elapsed:>8,.0f} texts/s,"
            f" {1e6 * elapsed / len(texts):6.1f} µs/text = {elapsed / baseline:5.1f}x one email-regex pass"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--show", type=int, default=3, help="examples of misses / false positives per type")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N rows of each data set")
    args = parser.parse_args()
    if not PRESIDIO.exists() or not CLINC.exists() or not SUMMARIES.exists():
        raise SystemExit(f"data sets not found under {DATA}")
    presidio = [json.loads(line) for line in PRESIDIO.open()]
    clinc = [_user_text(json.loads(line)) for line in CLINC.open()]
    if args.limit:
        presidio, clinc = presidio[: args.limit], clinc[: args.limit]
    print(f"scrubber: {scrubber_module.__file__}")
    scrubber = PiiScrubber()
    recall(scrubber, presidio, args.show)
    recall_by_half(scrubber, presidio)
    false_positives(scrubber, clinc, args.show)
    summaries = _summary_texts(args.limit)
    false_positives(scrubber, summaries, args.show, "LLM facet texts of MT-Bench conversations")
    hh = [_user_text(json.loads(line)).split("\n")[0] for line in HH.open()] if HH.exists() else []
    hh = hh[: args.limit] if args.limit else hh
    if hh:
        false_positives(scrubber, hh, args.show, "HH-RLHF first user turns (real names occur: inspect)")
    everyday_capitals(scrubber, clinc + summaries + hh, args.show)
    throughput(
        scrubber,
        {
            "facet texts (summary/request/task)": summaries,
            "presidio, 300-char chunks (PII-dense)": _chunks([_user_text(r) for r in presidio]),
            "CLINC150, 300-char chunks (PII-free)": _chunks(clinc)[:2000],
        },
    )


if __name__ == "__main__":
    main()
