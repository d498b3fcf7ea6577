"""`clio-pipeline evaluate` (alias `python -m clio_pipeline.evaluation`): run, score, print, write the report.

Both entry points use `add_arguments` and `run_command` below, so they share every default and exit
status. This module imports nothing heavy at import time: the top-level CLI builds its parser from it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clio_pipeline.evaluation.report import EvaluationReport

EXIT_PASSED = 0
EXIT_PRIVACY_FAILED = 1  # something planted, rare or two-user reached what analysts read
EXIT_TARGET_MISSED = 2  # privacy held, but a documented quality target was not met
EXIT_REFUSED = 3  # the settings were refused (e.g. thresholds below 2); nothing was evaluated

DESCRIPTION = "Run the pipeline on generated data with known truth and score it (quality and privacy)."
EXIT_STATUS_HELP = (
    f"exit status: {EXIT_PASSED} privacy audit passed and every documented target met; "
    f"{EXIT_PRIVACY_FAILED} privacy audit failed; {EXIT_TARGET_MISSED} privacy passed, a quality target missed; "
    f"{EXIT_REFUSED} settings refused"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The evaluation's options, on `parser` (a sub-command's or the module alias's)."""
    parser.add_argument("--home", default=".clio-eval", help="evaluation folder (created; owned by this command)")
    parser.add_argument("--n", type=int, default=4000, help="conversations to generate")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-users", type=int, default=5)
    parser.add_argument("--min-conversations", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="score the finished run in --home again if its settings match")
    parser.add_argument("--json", help="also write the report as JSON to this file")


def exit_status(report: EvaluationReport) -> int:
    """Privacy first: a leak is the failure to report even when quality targets were missed too."""
    if not report.passed_privacy:
        return EXIT_PRIVACY_FAILED
    return EXIT_PASSED if all(met for _, _, met in report.targets.values()) else EXIT_TARGET_MISSED


def run_command(args: argparse.Namespace) -> int:
    """Run (or with --reuse re-score) the evaluation, print it, write evaluation.md (and --json)."""
    from clio_pipeline.evaluation.run import run_evaluation
    from clio_pipeline.settings import SettingsError

    try:
        report = run_evaluation(
            Path(args.home).resolve(), n=args.n, days=args.days, seed=args.seed, min_users=args.min_users,
            min_conversations=args.min_conversations, reuse=args.reuse,
        )
    except SettingsError as exc:  # e.g. thresholds below 2: one clear line, no traceback
        print(f"clio-pipeline evaluate: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    markdown = report.to_markdown()
    print(markdown)
    (Path(report.home) / "evaluation.md").write_text(markdown, encoding="utf-8")
    if args.json:
        Path(args.json).write_text(report.model_dump_json(indent=2), encoding="utf-8")
    return exit_status(report)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m clio_pipeline.evaluation", description=DESCRIPTION, epilog=EXIT_STATUS_HELP
    )
    add_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """`python -m clio_pipeline.evaluation`: the same command as `clio-pipeline evaluate`."""
    return run_command(build_parser().parse_args(argv))
