"""`clio-pipeline`: generate demo data, run the asset graph for a range of days, open the UI.

Modules that read configuration at import time (the Dagster definitions) are imported inside the
commands, after the command has set the environment it documents.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from datetime import date
from pathlib import Path

from clio_pipeline.settings import ALLOW_DEMO_SECRET, SETTINGS, SettingsError, describe, setting

DEMO_THRESHOLDS = {"CLIO_MIN_USERS": "5", "CLIO_MIN_CONVERSATIONS": "10"}


def _run_days(start: date, end: date) -> list | None:
    """runner.run_days, with refused settings and a lock timeout reported as one clear line (None)."""
    from clio_pipeline.operations.run_lock import RunLockTimeout
    from clio_pipeline.runner import run_days

    try:
        return run_days(start, end)
    except (SettingsError, RunLockTimeout) as exc:
        print(f"clio-pipeline: {exc}", file=sys.stderr)
        return None


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-01-31, got {value!r}") from exc


def cmd_generate(args: argparse.Namespace) -> int:
    from clio_pipeline.generator import generate_dataset

    summary = generate_dataset(Path(args.out), n=args.n, days=args.days, start_date=args.start, seed=args.seed, gzip=args.gzip)
    print(f"Wrote {summary.n_conversations} conversations from {summary.n_users} users over {args.days} days to {args.out}")
    print(f"Ground truth: {Path(args.out) / '_truth'}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    print(f"Materializing clio_daily_job for {args.start} .. {args.end} (warehouse {setting('CLIO_WAREHOUSE')})")
    outcomes = _run_days(args.start, args.end)
    if outcomes is None:
        return 2
    failed = [o for o in outcomes if not o.success or o.failed_checks]
    print(f"{len(outcomes) - len(failed)}/{len(outcomes)} days succeeded.")
    return 1 if failed else 0


def cmd_demo(args: argparse.Namespace) -> int:
    home = Path(args.home).resolve()
    os.environ["CLIO_HOME"] = str(home)
    for name, value in DEMO_THRESHOLDS.items():
        os.environ.setdefault(name, value)
    # Synthetic data: the public demo pseudonym key protects nobody and is allowed here, and only here.
    os.environ[ALLOW_DEMO_SECRET] = "1"
    os.environ.setdefault("CLIO_START_DATE", args.start.isoformat())
    landing = Path(setting("CLIO_LANDING_DIR"))
    if args.fresh and home.exists():
        shutil.rmtree(home)
    from datetime import timedelta

    from clio_pipeline.generator import generate_dataset

    if not any(landing.glob("conversations_*")):
        summary = generate_dataset(landing, n=args.n, days=args.days, start_date=args.start, seed=args.seed)
        print(f"Generated {summary.n_conversations} demo conversations from {summary.n_users} users into {landing}")
    else:
        print(f"Reusing demo data in {landing} (pass --fresh to regenerate)")
    print(
        f"Running the whole asset graph on the embedded defaults (offline backend, demo thresholds: "
        f"min users {setting('CLIO_MIN_USERS')}, min conversations {setting('CLIO_MIN_CONVERSATIONS')})"
    )
    outcomes = _run_days(args.start, args.start + timedelta(days=args.days - 1))
    if outcomes is None:
        return 2
    failed = [o for o in outcomes if not o.success or o.failed_checks]
    _print_where(home)
    return 1 if failed else 0


def _print_where(home: Path) -> None:
    print()
    print(f"Private warehouse (raw data, stays private): {setting('CLIO_WAREHOUSE')}")
    published = Path(setting("CLIO_PUBLISHED_DB"))
    if published.exists():
        print(f"Analyst database (aggregates only):          {published}")
        print(f"  query it:  CLIO_HOME={home} clio-pipeline sql 'SELECT * FROM top_clusters LIMIT 20'")
        explorer = published.parent / "explorer.html"
        if explorer.exists():
            print(f"Explorer (tree and map view):                 {explorer}")
    allow = f"{ALLOW_DEMO_SECRET}=1 " if describe("CLIO_PSEUDONYM_SECRET").startswith("default") else ""
    print(f"Dagster UI:  {allow}DAGSTER_HOME={os.environ.get('DAGSTER_HOME')} CLIO_HOME={home} clio-pipeline ui")


def cmd_ui(args: argparse.Namespace) -> int:
    from clio_pipeline.package_data import WORKSPACE_YAML
    from clio_pipeline.runner import ensure_dagster_home

    ensure_dagster_home()
    dagster = shutil.which("dagster") or str(Path(sys.executable).parent / "dagster")
    argv = [dagster, "dev", "-w", str(WORKSPACE_YAML), "-h", args.host, "-p", str(args.port)]
    os.execv(dagster, argv)
    return 0  # pragma: no cover


def cmd_explore(args: argparse.Namespace) -> int:
    from clio_pipeline.explorer.build import write_explorer

    db = Path(args.db or setting("CLIO_PUBLISHED_DB"))
    if not db.exists():
        print(f"No analyst database at {db}; run the pipeline first (clio-pipeline demo).", file=sys.stderr)
        return 2
    out = write_explorer(db, Path(args.out) if args.out else None)
    print(f"Explorer written to {out}")
    if args.serve:
        from clio_pipeline.explorer.serve import serve

        serve(out, port=args.port)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clio-pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write synthetic conversations with ground truth")
    gen.add_argument("--n", type=int, default=5000)
    gen.add_argument("--days", type=int, default=7)
    gen.add_argument("--out", required=True)
    gen.add_argument("--start", type=_date, default=date(2026, 1, 1))
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--gzip", action="store_true")
    gen.set_defaults(func=cmd_generate)

    demo = sub.add_parser("demo", help="generate demo data and materialize everything, offline")
    demo.add_argument("--home", default=os.environ.get("CLIO_HOME", ".clio-demo"))
    demo.add_argument("--n", type=int, default=4000)
    demo.add_argument("--days", type=int, default=7)
    demo.add_argument("--start", type=_date, default=date(2026, 1, 1))
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--fresh", action="store_true", help="delete the demo folder first")
    demo.set_defaults(func=cmd_demo)

    run = sub.add_parser("run", help="materialize every asset for a range of days, in order")
    run.add_argument("--start", type=_date, required=True)
    run.add_argument("--end", type=_date, required=True)
    run.set_defaults(func=cmd_run)

    ui = sub.add_parser("ui", help="open the Dagster UI on this project")
    ui.add_argument("--host", default="127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(func=cmd_ui)

    explore = sub.add_parser("explore", help="write (and optionally serve) the tree and map explorer")
    explore.add_argument("--db", help="analyst database (default CLIO_PUBLISHED_DB)")
    explore.add_argument("--out", help="HTML file (default: explorer.html beside the database)")
    explore.add_argument("--serve", action="store_true", help="serve it on 127.0.0.1")
    explore.add_argument("--port", type=int, default=8765)
    explore.set_defaults(func=cmd_explore)

    from clio_pipeline.evaluation import cli as evaluation_cli  # one implementation, shared with its alias

    evaluate = sub.add_parser(
        "evaluate", help="run on generated data and score quality and privacy against truth",
        description=evaluation_cli.DESCRIPTION, epilog=evaluation_cli.EXIT_STATUS_HELP,
    )
    evaluation_cli.add_arguments(evaluate)
    evaluate.set_defaults(func=evaluation_cli.run_command)

    sql = sub.add_parser("sql", help="query the analyst database (read-only; nothing else is reachable)")
    sql.add_argument("query", nargs="?", help="SQL text; one or more statements")
    sql.add_argument("-f", "--file", help="read the SQL from this file instead")
    sql.add_argument("--format", choices=["table", "csv", "json"], default="table")
    sql.add_argument("--max-rows", type=int, default=200, help="rows shown by --format table (default 200)")
    sql.set_defaults(func=cmd_sql)

    sub.add_parser("settings", help="list every environment variable and its value").set_defaults(func=cmd_settings)
    return parser


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from clio_pipeline.explorer.load import NotAnAnalystDatabaseError
    from clio_pipeline.operations.sql_console import render, run_sql

    if (args.query is None) == (args.file is None):
        print("clio-pipeline sql: give either a query or -f FILE", file=sys.stderr)
        return 2
    text = Path(args.file).read_text(encoding="utf-8") if args.file else args.query
    try:
        results = run_sql(setting("CLIO_PUBLISHED_DB"), text)
    except (FileNotFoundError, NotAnAnalystDatabaseError) as exc:
        print(f"clio-pipeline sql: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:  # a SQL error is the analyst's to read, not a traceback
        print(f"clio-pipeline sql: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    output = render(results, args.format, max_rows=args.max_rows)
    if output:
        print(output)
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    for name, spec in SETTINGS.items():
        print(f"{name:26s} {describe(name)!s:45s} {spec.help}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
