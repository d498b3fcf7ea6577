"""One evaluation command: `clio-pipeline evaluate` and `python -m clio_pipeline.evaluation` agree."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

import pytest

from clio_pipeline.cli import build_parser as top_level_parser
from clio_pipeline.evaluation.cli import (
    EXIT_PASSED,
    EXIT_PRIVACY_FAILED,
    EXIT_TARGET_MISSED,
    build_parser,
    exit_status,
    run_command,
)


def _options(namespace) -> dict:
    return {k: v for k, v in vars(namespace).items() if k not in ("func", "command")}


@pytest.mark.parametrize("argv", [[], ["--home", "h", "--n", "50", "--days", "2", "--seed", "3", "--reuse"]])
def test_both_entry_points_parse_to_the_same_options(argv: list[str]) -> None:
    alias = build_parser().parse_args(argv)
    sub = top_level_parser().parse_args(["evaluate", *argv])
    assert _options(sub) == _options(alias)
    assert sub.func is run_command


def _report(passed_privacy: bool, quality_met: bool) -> SimpleNamespace:
    targets = {"base_nmi_en": (0.9 if quality_met else 0.5, 0.85, quality_met), "rare_words_published": (0, 0, True)}
    return SimpleNamespace(passed_privacy=passed_privacy, targets=targets)


def test_exit_status_puts_privacy_first() -> None:
    assert exit_status(_report(True, True)) == EXIT_PASSED
    assert exit_status(_report(True, False)) == EXIT_TARGET_MISSED
    assert exit_status(_report(False, True)) == EXIT_PRIVACY_FAILED
    assert exit_status(_report(False, False)) == EXIT_PRIVACY_FAILED
    assert len({EXIT_PASSED, EXIT_PRIVACY_FAILED, EXIT_TARGET_MISSED}) == 3


def test_module_alias_is_the_same_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "clio_pipeline.evaluation", "--help"], capture_output=True, text=True, check=True
    ).stdout
    top = subprocess.run(
        [sys.executable, "-m", "clio_pipeline.cli", "evaluate", "--help"], capture_output=True, text=True, check=True
    ).stdout
    options = [line.split()[0] for line in out.splitlines() if line.strip().startswith("--")]
    assert options == [line.split()[0] for line in top.splitlines() if line.strip().startswith("--")]
    assert "exit status" in out and "exit status" in top
