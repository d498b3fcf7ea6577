"""Synthetic reconstruction test: run the pipeline on generated data and score it against ground truth.

`run_evaluation(home, n=..., days=...)` generates, runs every day through Dagster and returns an
`EvaluationReport` (cluster NMI/ARI/accuracy against topics, top-level purity against categories,
facet language and concerning accuracy, and the privacy audit of what analysts can read).
`evaluate_home` scores a finished run; `audit_publication` is the privacy audit on its own.

Documented targets (`TARGETS`, for the default n=4000 over 7 days): base-cluster NMI >= 0.85 on English
conversations, top-level purity >= 0.85 against the generator's categories, facet language accuracy
>= 0.97; and zero planted strings, zero rare words and zero two-user clusters in what analysts read.
"""

from clio_pipeline.evaluation.audit import PrivacyAudit, audit_publication
from clio_pipeline.evaluation.cli import main
from clio_pipeline.evaluation.report import TARGETS, EvaluationReport
from clio_pipeline.evaluation.run import evaluate_home, run_evaluation

__all__ = [
    "TARGETS",
    "EvaluationReport",
    "PrivacyAudit",
    "audit_publication",
    "evaluate_home",
    "main",
    "run_evaluation",
]
