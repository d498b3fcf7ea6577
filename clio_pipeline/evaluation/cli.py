"""`python -m clio_pipeline.evaluation` (and `clio-pipeline evaluate`): run, score, print, write the report."""

from __future__ import annotations

import argparse
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clio-pipeline evaluate",
        description="Run the pipeline on generated data with known truth and score it (quality and privacy).",
    )
    parser.add_argument("--home", default=".clio-evaluation", help="evaluation folder (created; owned by this command)")
    parser.add_argument("--n", type=int, default=4000, help="conversations to generate")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-users", type=int, default=5)
    parser.add_argument("--min-conversations", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="score the finished run in --home again if its settings match")
    parser.add_argument("--json", help="also write the report as JSON to this file")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Exit status 0 when the privacy audit passed and every documented target was met, 1 otherwise."""
    from clio_pipeline.evaluation.run import run_evaluation

    args = build_parser().parse_args(argv)
    report = run_evaluation(
        Path(args.home), n=args.n, days=args.days, seed=args.seed, min_users=args.min_users,
        min_conversations=args.min_conversations, reuse=args.reuse,
    )
    markdown = report.to_markdown()
    print(markdown)
    home = Path(report.home)
    (home / "evaluation.md").write_text(markdown, encoding="utf-8")
    if args.json:
        Path(args.json).write_text(report.model_dump_json(indent=2), encoding="utf-8")
    met = all(met for _, _, met in report.targets.values())
    return 0 if report.passed_privacy and met else 1
