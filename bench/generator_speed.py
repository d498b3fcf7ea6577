"""Generation speed of the demo data generator.

    .venv/bin/python -m bench.generator_speed [--n 200000] [--days 14] [--gzip]

Prints conversations per second (wall clock and CPU time) and, because the machine may be shared and
noisy, the ratio of generation time to a baseline measured in the same run: re-serializing and
writing the very same records with `json` (the floor any generator writing this format pays).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from clio_pipeline.generator import generate_dataset


def _baseline_seconds(out_dir: Path, scratch: Path) -> tuple[float, float]:
    """Wall and CPU seconds to parse nothing, only encode and write the generated records again."""
    records = []
    for path in sorted(out_dir.glob("conversations_*.jsonl*")):
        opener = __import__("gzip").open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            records.append([json.loads(line) for line in handle])
    encode = json.JSONEncoder(ensure_ascii=False).encode
    wall, cpu = time.perf_counter(), time.process_time()
    for day, day_records in enumerate(records):
        (scratch / f"day_{day}.jsonl").write_text("\n".join(encode(r) for r in day_records) + "\n", encoding="utf-8")
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--gzip", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="clio_gen_bench_"))
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        summary = generate_dataset(work / "out", n=args.n, days=args.days, gzip=args.gzip)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = sum(Path(f).stat().st_size for f in summary.files)
        (work / "scratch").mkdir()
        base_wall, base_cpu = _baseline_seconds(work / "out", work / "scratch")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"n={args.n} days={args.days} gzip={args.gzip} users={summary.n_users} landing={size / 1e6:.1f} MB")
    print(f"generate: wall {wall:.2f} s ({args.n / wall:,.0f} conv/s), cpu {cpu:.2f} s ({args.n / cpu:,.0f} conv/s)")
    print(f"baseline (json encode + write the same records): wall {base_wall:.2f} s, cpu {base_cpu:.2f} s")
    print(f"ratio generate/baseline: wall {wall / base_wall:.2f}x, cpu {cpu / base_cpu:.2f}x")


if __name__ == "__main__":
    main()
