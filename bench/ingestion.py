"""Ingestion throughput: landing files -> landing_records -> conversations/quarantine.

    .venv/bin/python -m bench.ingestion [--n 200000] [--days 14] [--bad-share 0.01]

Generates N conversations with the project's generator (plus a share of deliberately broken lines),
then times `index_landing` (parse + validate + pseudonymize every file once) and `load_partition`
for every day, exactly as the `conversations` asset runs them. Because the machine is shared and
noisy, the time is also given as a ratio against a baseline measured in the same run on the same
files: DuckDB's own `read_json` of every file into a table (a reader that validates nothing and
quarantines nothing).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from clio_pipeline.generator import generate_dataset
from clio_pipeline.ingestion.index import index_landing
from clio_pipeline.ingestion.load import load_partition
from clio_pipeline.warehouse import ensure_warehouse

BROKEN = ['{"conversation_id": "x", ', '["not", "an", "object"]',
          '{"conversation_id": "b", "user_id": "u", "created_at": "soon", "messages": []}']


def _append_broken(landing: Path, share: float, seed: int = 0) -> int:
    rng = random.Random(seed)
    added = 0
    for path in sorted(landing.glob("conversations_*.jsonl")):
        n_lines = sum(1 for _ in path.open(encoding="utf-8"))
        with path.open("a", encoding="utf-8") as out:
            for _ in range(int(n_lines * share)):
                out.write(rng.choice(BROKEN) + "\n")
                added += 1
    return added


def _baseline(landing: Path) -> float:
    con = duckdb.connect()
    began = time.perf_counter()
    con.execute(
        "CREATE TABLE raw AS SELECT * FROM read_json(?, format='newline_delimited', ignore_errors=true, "
        "maximum_object_size=10000000)",
        [str(landing / "conversations_*.jsonl")],
    )
    seconds = time.perf_counter() - began
    con.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--bad-share", type=float, default=0.01)
    parser.add_argument("--out", type=Path, default=None, help="write the JSON result here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        landing = Path(tmp) / "landing"
        start = date(2026, 1, 1)
        generate_dataset(landing, n=args.n, days=args.days, start_date=start, seed=0)
        broken = _append_broken(landing, args.bad_share)
        db = Path(tmp) / "warehouse.duckdb"
        ensure_warehouse(db)

        baseline_s = _baseline(landing)
        began = time.perf_counter()
        report = index_landing(db, landing, secret="bench", max_record_bytes=1_000_000)
        index_s = time.perf_counter() - began
        began = time.perf_counter()
        loaded = quarantined = 0
        for offset in range(-1, args.days + 1):  # timezone offsets can move a record a day either way
            outcome = load_partition(db, start + timedelta(days=offset))
            loaded += outcome.loaded
            quarantined += outcome.quarantined
        load_s = time.perf_counter() - began

    total_s = index_s + load_s
    result = {
        "records": report.records_indexed,
        "conversations_generated": args.n,
        "broken_lines_planted": broken,
        "loaded": loaded,
        "quarantined": quarantined,
        "index_seconds": round(index_s, 2),
        "load_seconds_all_days": round(load_s, 2),
        "records_per_second": round(report.records_indexed / total_s),
        "baseline_duckdb_read_json_seconds": round(baseline_s, 2),
        "ratio_to_baseline": round(total_s / baseline_s, 2),
    }
    print(json.dumps(result, indent=2))
    print(f"\n| records | index s | load s (all days) | records/s | bare read_json s | ratio |\n|---|---|---|---|---|---|\n"
          f"| {result['records']} | {result['index_seconds']} | {result['load_seconds_all_days']} | "
          f"{result['records_per_second']} | {result['baseline_duckdb_read_json_seconds']} | {result['ratio_to_baseline']} |")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
