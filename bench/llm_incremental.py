"""Incremental LLM cost of the daily job: what materializing one more day costs after a backfill.

    .venv/bin/python -m bench.llm_incremental                    # 480 conversations over 8 days, 50 ms
    .venv/bin/python -m bench.llm_incremental --n 800 --latency-s 0.2 --json /tmp/llm_incremental.json

The whole daily job runs with CLIO_LLM_BACKEND=openai through `clio-pipeline run` subprocesses (real
Dagster runs, DuckDB files, the embedding model) against a local chat-completions server in this
process, which answers every step with the test responder
(`clio_pipeline_tests.end_to_end.llm_responder.PipelineResponder`) after `--latency-s`.

Phases, each a fresh process so that every timed day pays the same start-up (embedding model load):
1. day 1 alone;  2. days 2..7 (the rest of the backfill);  3. day 8;  4. day 8 again.

Expected: day 8 calls the model once per new conversation of day 8 (facets of days 2..7 are cached)
plus once per cluster of the shifted window (naming, hierarchy, audit), and re-materializing day 8
calls it zero times. Time is reported as the ratio day 8 / day 1 measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import duckdb

from clio_pipeline.generator import generate_dataset
from clio_pipeline_tests.end_to_end.llm_responder import PipelineResponder
from clio_pipeline_tests.support.chat_server import LocalChatServer

REPO_ROOT = Path(__file__).resolve().parents[1]
MODEL = "local-test-model"
_DAY_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(ok|FAILED)\s+([\d.]+)s", re.MULTILINE)


def run_days(home: Path, base_url: str, start: date, end: date, first_day: date, env_extra: dict) -> dict:
    """Materialize start..end in a fresh `clio-pipeline run` process; {day: seconds} from its output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLIO_", "DAGSTER_", "OPENAI_"))}
    env |= {
        "CLIO_HOME": str(home), "CLIO_START_DATE": first_day.isoformat(), "CLIO_LLM_BACKEND": "openai",
        "CLIO_LLM_MODEL": MODEL, "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": "bench",
        "CLIO_PSEUDONYM_SECRET": "bench-secret",  # `run` refuses the demo secret
        "PYTHONPATH": str(REPO_ROOT), **env_extra,
    }  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-m", "clio_pipeline.cli", "run", "--start", start.isoformat(), "--end", end.isoformat()],
        env=env, capture_output=True, text=True,
    )
    days = {m.group(1): (m.group(2) == "ok", float(m.group(3))) for m in _DAY_LINE.finditer(proc.stdout)}
    if proc.returncode != 0 or not all(ok for ok, _ in days.values()):
        raise RuntimeError(f"run {start}..{end} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return {day: seconds for day, (_, seconds) in days.items()}


def ledger_of(home: Path, day: date) -> dict[str, dict[str, int]]:
    """{asset/purpose: {calls, cached, failed}} of one partition, from the warehouse's llm_ledger."""
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "SELECT asset, purpose, n_calls, n_cached, n_failed FROM llm_ledger WHERE partition_date = ? "
            "ORDER BY asset, purpose", [day],
        ).fetchall()  # fmt: skip
    finally:
        con.close()
    return {f"{a}/{p}": {"calls": c, "cached": h, "failed": f} for a, p, c, h, f in rows}


def day_facts(home: Path, day: date) -> dict[str, int]:
    """Conversations of the day and base clusters of its window (what day 8 should pay for)."""
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        n_conversations = con.execute("SELECT count(*) FROM conversations WHERE partition_date = ?", [day]).fetchone()[0]
        levels = con.execute(
            "SELECT level, count(*) FROM clusters WHERE partition_date = ? GROUP BY 1 ORDER BY 1", [day]
        ).fetchall()
    finally:
        con.close()
    return {"conversations": n_conversations, **{f"clusters_level_{lvl}": n for lvl, n in levels}}


def measure(args: argparse.Namespace) -> dict:
    first = date(2026, 1, 1)
    days = [first + timedelta(days=i) for i in range(8)]
    env_extra = {"CLIO_MIN_USERS": str(args.min_users), "CLIO_MIN_CONVERSATIONS": str(args.min_conversations)}
    with tempfile.TemporaryDirectory(prefix="clio-llm-incremental-") as tmp:
        home = Path(tmp)
        generate_dataset(home / "landing", n=args.n, days=8, start_date=first, seed=args.seed)
        responder = PipelineResponder()
        phases: dict[str, dict] = {}
        with LocalChatServer(responder=responder, latency_s=args.latency_s, model=MODEL) as server:
            for name, start, end in [("day 1", days[0], days[0]), ("days 2-7", days[1], days[6]),
                                     ("day 8", days[7], days[7]), ("day 8 again", days[7], days[7])]:
                server.reset_counters()
                before = Counter(responder.purposes)
                seconds = run_days(home, server.base_url, start, end, first, env_extra)
                phases[name] = {
                    "http_requests": server.request_count,
                    "requests_by_answer": dict(Counter(responder.purposes) - before),
                    "seconds_per_day": seconds,
                    "ledger_last_day": ledger_of(home, end),
                }
                print(f"{name:12s} {server.request_count:6d} HTTP requests  "
                      + "  ".join(f"{d}: {s:.1f}s" for d, s in seconds.items()), flush=True)
            facts = {"day 1": day_facts(home, days[0]), "day 8": day_facts(home, days[7])}
    day1 = phases["day 1"]["seconds_per_day"][days[0].isoformat()]
    day8 = phases["day 8"]["seconds_per_day"][days[7].isoformat()]
    day8_again = phases["day 8 again"]["seconds_per_day"][days[7].isoformat()]
    return {
        "config": vars(args),
        "phases": phases,
        "facts": facts,
        # day 8 again makes no LLM call: its ratio to day 8 is the share of day 8 that is not LLM wait.
        "ratios": {"day8_over_day1_time": round(day8 / day1, 3),
                   "day8_rerun_over_day1_time": round(day8_again / day1, 3),
                   "day8_rerun_over_day8_time": round(day8_again / day8, 3)},
    }


def report(result: dict) -> None:
    phases, facts = result["phases"], result["facts"]
    print()
    print(f"{'phase':12s} {'HTTP':>6s}  requests by step (response model)")
    for name, phase in phases.items():
        steps = ", ".join(f"{k}={v}" for k, v in sorted(phase["requests_by_answer"].items()))
        print(f"{name:12s} {phase['http_requests']:6d}  {steps or '-'}")
    print()
    for day in ("day 1", "day 8"):
        print(f"{day}: {facts[day]}")
    print(f"day 8 ledger: {json.dumps(phases['day 8']['ledger_last_day'])}")
    print(f"day 8 again ledger: {json.dumps(phases['day 8 again']['ledger_last_day'])}")
    day8 = phases["day 8"]["requests_by_answer"]
    print()
    print(f"day 8 facet calls {day8.get('FacetAnswers', 0)} vs day 8 conversations {facts['day 8']['conversations']}; "
          f"naming calls {day8.get('ClusterNameAnswer', 0)} vs window base clusters "
          f"{facts['day 8'].get('clusters_level_0', 0)}")
    print(f"re-materializing day 8: {phases['day 8 again']['http_requests']} HTTP requests")
    print(f"time ratios (same run): {result['ratios']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=480, help="Conversations over the 8 days.")
    parser.add_argument("--latency-s", type=float, default=0.05, help="Server latency per request.")
    parser.add_argument("--min-users", type=int, default=3)
    parser.add_argument("--min-conversations", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="Also write the full result to this file.")
    args = parser.parse_args(argv)
    result = measure(args)
    report(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
