"""End-to-end benchmark: the whole daily job on generated data, the LLM path, and peers on the same data.

    .venv/bin/python -m bench --quick          # smoke run (1,000 conversations)
    .venv/bin/python -m bench                  # default: 10,000 conversations over 7 days
    .venv/bin/python -m bench --n 100000       # the large run

Parts (each in the same invocation, so every ratio compares numbers taken on the same machine state):
1. pipeline at size N (7-day backfill, then day 8, then day 8 again unchanged) in a child process:
   per-stage time (Dagster step stats) and memory (sampled RSS, see bench/e2e_run.py), rows per second,
   and the run's wall time over a bare encode of the same texts with the pipeline's embedder (the floor);
2. LLM path: facets at concurrency 8/32/64 against a local server with 200 ms latency, and the
   response cache's zero calls on an unchanged re-run (bench/e2e_llm.py);
3. peers on the same embeddings (bench/peers.py; BERTopic only from .venv-bench);
4. pipeline at size N/4, for the memory-vs-data ratio of each stage (last: the least important).
Writes bench/results/<timestamp>.json and .md, and prints the markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.e2e_tables import render_markdown, summarize

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
BENCH_PYTHON = ROOT / ".venv-bench" / "bin" / "python"


def run_child(module: str, args: list[str], log: Path, python: str = sys.executable) -> int:
    """Run `python -m module args` from the repository root, its output appended to `log`."""
    env_path = {"PYTHONPATH": str(ROOT)}
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"\n$ {python} -m {module} {' '.join(args)}\n")
        handle.flush()
        return subprocess.run([python, "-m", module, *args], cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                              env={**os.environ, **env_path}).returncode


def pipeline_run(work: Path, n: int, days: int, extra_days: int, log: Path, export: Path | None = None) -> dict:
    out = work / f"run-{n}.json"
    args = ["--home", str(work / f"home-{n}"), "--n", str(n), "--days", str(days),
            "--extra-days", str(extra_days), "--out", str(out)]
    if export is not None:
        args += ["--export-window", str(export)]
    began = time.perf_counter()
    code = run_child("bench.e2e_run", args, log)
    # A child cut short still saved the phases it finished.
    result = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"n": n}
    if code != 0:
        result["error"] = f"bench.e2e_run exited with {code}; see {log}"
    result["child_seconds"] = time.perf_counter() - began
    return result


def peers_run(work: Path, limit: int | None, window: Path, log: Path) -> dict:
    out = work / "peers.json"
    args = ["--window", str(window), "--out", str(out)] + (["--limit", str(limit)] if limit else [])
    python = str(BENCH_PYTHON) if BENCH_PYTHON.exists() else sys.executable
    code = run_child("bench.peers", args, log, python=python)
    if code != 0 or not out.exists():
        return {"error": f"bench.peers exited with {code}; see {log}"}
    report = json.loads(out.read_text(encoding="utf-8"))
    report["_python"] = python
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="conversations over the 7-day backfill")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="small smoke run (n=1000, small peers and LLM runs)")
    parser.add_argument("--small-factor", type=int, default=4, help="second size for memory scaling: n / this")
    parser.add_argument("--llm-n", type=int, default=None, help="conversations per concurrency level")
    parser.add_argument("--peer-limit", type=int, default=None, help="rows of each public data set (default 5000)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["small", "llm", "peers"])
    parser.add_argument("--keep", action="store_true", help="keep the run folders (printed)")
    args = parser.parse_args(argv)
    if args.quick:
        args.n = 1000 if args.n == 10_000 else args.n
    llm_n = args.llm_n or (64 if args.quick else 320)
    peer_limit = args.peer_limit or (1000 if args.quick else 5000)

    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    work = Path(tempfile.mkdtemp(prefix=f"clio-bench-{stamp}-"))
    log = RESULTS / f"{stamp}.log"
    print(f"bench: n={args.n}, work folder {work}, child output in {log}", flush=True)
    raw: dict = {"n": args.n, "days": args.days, "quick": args.quick, "started": stamp}
    window = work / "window"
    json_path, md_path = RESULTS / f"{stamp}.json", RESULTS / f"{stamp}.md"

    def save() -> str:
        # After every part, so that an interrupted run still leaves what it measured.
        summary = summarize(raw)
        markdown = render_markdown(summary)
        json_path.write_text(json.dumps({"summary": summary, "raw": raw}, indent=2, default=str), encoding="utf-8")
        md_path.write_text(markdown, encoding="utf-8")
        return markdown

    raw["large"] = pipeline_run(work, args.n, args.days, 1, log, export=window)
    print(f"bench: pipeline at n={args.n} done", flush=True)
    save()
    if "llm" not in args.skip:
        from bench.e2e_llm import llm_path

        raw["llm"] = llm_path(llm_n, [8, 32, 64])
        print("bench: LLM path done", flush=True)
        save()
    if "peers" not in args.skip:
        raw["peers"] = peers_run(work, peer_limit, window, log)
        print("bench: peers done", flush=True)
        save()
    if "small" not in args.skip:
        raw["small"] = pipeline_run(work, max(args.n // args.small_factor, 100), args.days, 0, log)
        print("bench: pipeline at the small size done", flush=True)
    markdown = save()
    print(markdown)
    print(f"bench: wrote {json_path} and {md_path.name}")
    if args.keep:
        print(f"bench: run folders kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if "error" not in raw["large"] else 1
