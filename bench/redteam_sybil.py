"""Run the red-team attack set (bench/redteam_identities.py) through the real daily job and say where
each identifying string stopped or leaked.

    PYTHONPATH=$PWD python -m bench.redteam_sybil [--home DIR] [--n 3200] [--keep]

A real `clio-pipeline run` for one day (Dagster, DuckDB, offline backend, the embedding model, FAISS) at
PRODUCTION thresholds (25 users / 50 conversations): the project's generator as background, plus 32
fake accounts x 2 conversations per identity. Then every text column of every warehouse table, of the
analyst database and explorer.html is searched (reader view: NFKC, zero-width removed, look-alikes
folded). The private tables that hold raw text by design (landing, conversations, quarantine) are
listed apart. One row per identity: the layers where a string was found, and LEAK when analysts can
read it (analyst DB or explorer).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from bench.redteam_identities import DAY, IDENTITIES, ReaderText, attack_records
from clio_pipeline.generator import generate_dataset

# Tables that hold what users wrote, by design, before any scrubbing: finding a string there is expected.
_RAW = ("landing", "conversations", "quarantine", "raw")
# Tables of vectors only: no text to search, and their JSON would dominate the time.
_VECTORS = frozenset({"embeddings", "embedding_cache"})


def prepare(home: Path, n: int) -> None:
    """Background conversations from the generator plus the attack records, in one landing folder."""
    landing = home / "landing"
    generate_dataset(landing, n=n, days=1, seed=3)
    with (landing / "redteam.jsonl").open("w", encoding="utf-8") as out:
        for record in attack_records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_job(home: Path) -> subprocess.CompletedProcess:
    """The production daily job for DAY through the CLI (Dagster in-process), production thresholds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLIO_", "DAGSTER_"))}
    env |= {"CLIO_HOME": str(home), "CLIO_PSEUDONYM_SECRET": "redteam-operator-secret",
            "CLIO_START_DATE": DAY, "CLIO_LLM_BACKEND": "offline"}
    return subprocess.run([sys.executable, "-m", "clio_pipeline.cli", "run", "--start", DAY, "--end", DAY],
                          env=env, capture_output=True, text=True, timeout=3000)


def table_texts(db: Path) -> dict[str, str]:
    """Every table of a DuckDB file as one JSON text (what a reader of that table can see)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema NOT IN ('information_schema')"
        ).fetchall() if r[0] not in _VECTORS]
        out = {}
        for t in tables:
            # Text-bearing columns only: digits inside float vectors (centroids) would "match" numbers.
            columns = [c for c, kind in con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [t]
            ).fetchall() if not kind.endswith("]") and kind not in ("FLOAT", "DOUBLE")]
            if columns:
                select = ", ".join(f'"{c}"' for c in columns)
                out[t] = json.dumps(con.execute(f'SELECT {select} FROM "{t}"').fetchall(), default=str,
                                    ensure_ascii=False)
        return out
    finally:
        con.close()


def readable(home: Path) -> str:
    """Everything analysts can read: every table of the analyst DB and the explorer page."""
    parts = list(table_texts(home / "published.duckdb").values())
    html = home / "explorer.html"
    parts.append(html.read_text(encoding="utf-8") if html.exists() else "")
    return "\n".join(parts)


def layers(home: Path) -> dict[str, dict[str, list[str]]]:
    """identity -> layer -> leaked strings, for every warehouse table, the analyst DB and the explorer."""
    sources = {f"warehouse.{t}": text for t, text in table_texts(home / "warehouse.duckdb").items()}
    sources |= {f"published.{t}": text for t, text in table_texts(home / "published.duckdb").items()}
    html = home / "explorer.html"
    sources["explorer.html"] = html.read_text(encoding="utf-8") if html.exists() else ""
    readers = {src: ReaderText(text) for src, text in sources.items()}
    found: dict[str, dict[str, list[str]]] = {}
    for key, (strings, _) in IDENTITIES.items():
        found[key] = {src: hits for src, reader in readers.items() if (hits := reader.leaked(strings))}
    return found


def report(found: dict[str, dict[str, list[str]]]) -> str:
    lines = ["| identity | verdict | analyst-readable (published / explorer) | warehouse layers (not raw) |",
             "|---|---|---|---|"]
    leaks = 0
    for key, by_layer in found.items():
        public = {s: v for s, v in by_layer.items() if s.startswith(("published.", "explorer"))}
        private = {s: v for s, v in by_layer.items()
                   if s.startswith("warehouse.") and not any(r in s for r in _RAW)}
        leaks += bool(public)
        fmt = lambda d: "; ".join(f"{s}: {', '.join(v)}" for s, v in sorted(d.items())) or "-"  # noqa: E731
        lines.append(f"| {key} | {'LEAK' if public else 'stopped'} | {fmt(public)} | {fmt(private)} |")
    lines.append(f"\n{leaks} of {len(found)} identities reach analysts.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, help="reuse/keep this CLIO_HOME (default: a temp dir)")
    parser.add_argument("--n", type=int, default=3200, help="background conversations")
    parser.add_argument("--skip-run", action="store_true", help="only analyse an existing --home")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="redteam-"))
    if not args.skip_run:
        home.mkdir(parents=True, exist_ok=True)
        prepare(home, args.n)
        started = time.time()
        proc = run_job(home)
        print(f"daily job: rc={proc.returncode} in {time.time() - started:.0f} s", file=sys.stderr)
        if proc.returncode != 0:
            sys.exit(proc.stdout[-4000:] + proc.stderr[-4000:])
    print(report(layers(home)))
    print(f"\nhome: {home}", file=sys.stderr)


if __name__ == "__main__":
    main()
