"""Local vs Ray wall time of the daily job on one generated data set, and the parity of what it publishes.

    nice -n 10 .venv/bin/python -m bench.ray_overhead                  # 20,000 conversations over 2 days
    nice -n 10 .venv/bin/python -m bench.ray_overhead --n 2000 --order local ray ray local

The same landing files (generator, fixed seed) go through `runner.run_days` (the Dagster job, as
`clio-pipeline run` does) once per entry of `--order`, each in a fresh child process with its own
CLIO_HOME: `local` is the embedded default, `ray` is CLIO_EXECUTION=ray on a local `ray.init(num_cpus=2)`
started inside that child before the job (Ray's start-up is timed separately and not in the job).
Per run: Dagster's own step times (start/end of each step) of the per-conversation stages (facets,
embeddings, base_clusters: the three that go through the execution engine) and the whole job, summed
over the days; the machine's 1-minute load average before and after. Then the ratio ray / local of
each stage (medians when an engine ran more than once) and whether every table of the analyst database
is equal, row for row, to the first local run's.

On a shared machine the seconds stretch with other people's load; alternating the order (`local ray ray
local`) spreads that over both engines. The offline backends and the default embedder are used, as in
the tests: no network, nothing downloaded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

START = date(2026, 1, 1)
ENGINE_STAGES = ("facets", "embeddings", "base_clusters")
SETTINGS = {"CLIO_WINDOW_DAYS": "2", "CLIO_PSEUDONYM_SECRET": "bench-secret-not-the-demo-one",
            "CLIO_RAY_EMBED_ACTORS": "1"}


def run_one(home: Path, mode: str, days: int, num_cpus: int) -> dict:
    """The daily job over every day in this process; Dagster step seconds summed over the days."""
    from dagster import DagsterInstance

    from clio_pipeline.runner import run_days

    ray_start = None
    if mode == "ray":
        import ray

        began = time.perf_counter()
        ray.init(address="local", num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
        ray_start = round(time.perf_counter() - began, 2)
    load_before = os.getloadavg()[0]
    began = time.perf_counter()
    outcomes = run_days(START, START + timedelta(days=days - 1), echo=lambda line: print(line[:160], file=sys.stderr))
    wall = time.perf_counter() - began
    load_after = os.getloadavg()[0]
    failed = [(str(o.day), o.failed_steps, o.failed_checks) for o in outcomes if not o.success or o.failed_checks]
    if failed:
        raise SystemExit(f"{mode} run failed: {failed}")
    steps: dict[str, float] = {}
    with DagsterInstance.get() as instance:
        for run in instance.get_runs(limit=days):
            for stat in instance.get_run_step_stats(run.run_id):
                if stat.start_time is not None and stat.end_time is not None:
                    steps[stat.step_key] = steps.get(stat.step_key, 0.0) + stat.end_time - stat.start_time
    if mode == "ray":
        import ray

        ray.shutdown()
    stages = {name: round(steps.get(name, 0.0), 2) for name in ENGINE_STAGES}
    return {"mode": mode, "job_seconds": round(wall, 2), "engine_stage_seconds": stages,
            "engine_stages_total": round(sum(stages.values()), 2), "ray_init_seconds": ray_start,
            "load_before": round(load_before, 2), "load_after": round(load_after, 2),
            "all_steps_seconds": {k: round(v, 2) for k, v in sorted(steps.items())}}


def published_tables(path: Path) -> dict[str, list[tuple]]:
    """Every analyst table, rows sorted, without the columns that say when or in which run it ran."""
    from clio_pipeline.warehouse import table_snapshot

    return table_snapshot(path)


def _child(home: Path, mode: str, days: int, num_cpus: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLIO_", "DAGSTER_", "RAY_ADDRESS"))}
    env |= SETTINGS | {"CLIO_HOME": str(home), "CLIO_EXECUTION": mode}
    out = subprocess.run([sys.executable, "-m", "bench.ray_overhead", "--stage", "run", "--mode", mode,
                          "--home", str(home), "--days", str(days), "--num-cpus", str(num_cpus)],
                         check=True, stdout=subprocess.PIPE, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def summarise(runs: list[dict]) -> dict:
    """Median seconds per engine and stage, and the ratio ray / local of each."""
    def median(mode: str, pick) -> float | None:
        values = [pick(r) for r in runs if r["mode"] == mode]
        return statistics.median(values) if values else None

    picks = {name: (lambda r, name=name: r["engine_stage_seconds"][name]) for name in ENGINE_STAGES}
    picks |= {"engine_stages_total": lambda r: r["engine_stages_total"], "job": lambda r: r["job_seconds"]}
    table = {}
    for name, pick in picks.items():
        local, ray = median("local", pick), median("ray", pick)
        table[name] = {"local_s": local, "ray_s": ray,
                       "ray_over_local": round(ray / local, 2) if local and ray is not None else None}
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="conversations in all")
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--num-cpus", type=int, default=2, help="CPUs of the local Ray node")
    parser.add_argument("--order", nargs="+", default=["local", "ray"], choices=["local", "ray"])
    parser.add_argument("--out", help="write the results here as JSON")
    parser.add_argument("--stage", choices=["run"], help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=["local", "ray"], help=argparse.SUPPRESS)
    parser.add_argument("--home", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage == "run":
        print(json.dumps(run_one(Path(args.home), args.mode, args.days, args.num_cpus)))
        return

    from clio_pipeline.generator import generate_dataset

    result: dict = {"n": args.n, "days": args.days, "order": args.order, "ray_num_cpus": args.num_cpus,
                    "cpu_count": os.cpu_count(), "runs": []}
    with tempfile.TemporaryDirectory(prefix="clio-ray-overhead-") as tmp:
        landing = Path(tmp) / "landing"
        generate_dataset(landing, n=args.n, days=args.days, start_date=START, seed=args.seed)
        homes = []
        for index, mode in enumerate(args.order):
            home = Path(tmp) / f"{index}-{mode}"
            shutil.copytree(landing, home / "landing")
            run = _child(home, mode, args.days, args.num_cpus)
            print(json.dumps(run), flush=True)
            result["runs"].append(run)
            homes.append(home)
        reference = published_tables(homes[args.order.index("local")] / "published.duckdb") \
            if "local" in args.order else published_tables(homes[0] / "published.duckdb")
        result["published_rows"] = {name: len(rows) for name, rows in reference.items()}
        result["published_equal"] = [published_tables(home / "published.duckdb") == reference for home in homes]
    result["summary"] = summarise(result["runs"])
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
