"""Synthetic reconstruction test: run the pipeline on generated data and score it against ground truth.

`run_evaluation(home, n=..., days=...)` generates, runs every day through Dagster and returns an
`EvaluationReport` (cluster NMI/ARI/accuracy against topics, top-level purity against categories,
facet language and concerning accuracy, and the privacy audit of what analysts can read).
`evaluate_home` scores a finished run; `audit_publication` is the privacy audit on its own.

Documented targets (`TARGETS`, for the default n=4000 over 7 days): base-cluster NMI >= 0.85 on English
conversations, top-level purity >= 0.85 against the generator's categories, facet language accuracy
>= 0.97; and zero planted strings, zero rare words and zero two-user clusters in what analysts read.
"""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use (PEP 562): the top-level CLI imports evaluation.cli to build its parser, and
# must not pay for sklearn and the run machinery on every `clio-pipeline --help`.
_EXPORTS = {
    "TARGETS": "report",
    "EvaluationReport": "report",
    "PrivacyAudit": "audit",
    "audit_publication": "audit",
    "evaluate_home": "run",
    "run_evaluation": "run",
    "main": "cli",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
