"""`EvaluationReport`: the numbers of one evaluation, its documented targets, and a markdown rendering."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, computed_field

from clio_pipeline.evaluation.audit import PrivacyAudit

# name -> (target, direction): ">=" means higher is better, "<=" lower is better. The quality targets
# are the ones the project documents (docs: synthetic reconstruction); the privacy targets are zeros.
TARGETS: dict[str, tuple[float, str]] = {
    "base_nmi_en": (0.85, ">="),
    "top_level_purity": (0.85, ">="),
    "language_accuracy": (0.97, ">="),
    "planted_strings_published": (0, "<="),
    "rare_words_published": (0, "<="),
    "two_user_clusters_published": (0, "<="),
}


def target_met(value: float | None, target: float, direction: str) -> bool:
    """Whether a value meets its target (a missing value never does)."""
    if value is None:
        return False
    return value >= target if direction == ">=" else value <= target


class EvaluationReport(BaseModel):
    """Synthetic reconstruction of a finished run against the generator's ground truth."""

    home: str
    n: int
    days: int
    seed: int
    min_users: int
    min_conversations: int
    partition_date: date | None
    run_seconds: float | None = None
    failed_days: list[str] = Field(default_factory=list)
    n_window_conversations: int
    clusters_per_level: dict[int, int]
    n_topics: int
    n_categories: int
    base_nmi: float
    base_ari: float
    base_accuracy: float
    base_nmi_en: float
    base_ari_en: float
    base_accuracy_en: float
    top_level_purity: float
    accuracy_by_language: dict[str, tuple[float, int]]
    language_accuracy: float
    concerning_recall: float | None
    concerning_false_positive_rate: float | None
    privacy: PrivacyAudit

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed_privacy(self) -> bool:
        return self.privacy.passed

    @computed_field  # type: ignore[prop-decorator]
    @property
    def targets(self) -> dict[str, tuple[float | None, float, bool]]:
        values: dict[str, float | None] = {
            "base_nmi_en": self.base_nmi_en,
            "top_level_purity": self.top_level_purity,
            "language_accuracy": self.language_accuracy,
            "planted_strings_published": len(self.privacy.planted_found),
            "rare_words_published": len(self.privacy.rare_words_found),
            "two_user_clusters_published": len(self.privacy.two_user_clusters_published),
        }
        return {
            name: (values[name], target, target_met(values[name], target, direction))
            for name, (target, direction) in TARGETS.items()
        }

    def to_markdown(self) -> str:
        """A short report: targets first, then the detail an engineer needs to see why one was missed."""
        p = self.privacy
        lines = [
            f"# Evaluation: n={self.n}, days={self.days}, seed={self.seed}, "
            f"thresholds min_users={self.min_users} min_conversations={self.min_conversations}",
            "",
            f"Window of partition {self.partition_date}: {self.n_window_conversations} conversations, "
            f"clusters per level {self.clusters_per_level}; truth has {self.n_topics} topics in "
            f"{self.n_categories} categories."
            + (f" Run took {self.run_seconds:.0f} s." if self.run_seconds else ""),
            "",
            "| target | value | goal | met |",
            "|---|---|---|---|",
        ]
        for name, (value, target, met) in self.targets.items():
            goal = f"{TARGETS[name][1]} {target:g}"
            shown = "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
            lines.append(f"| {name} | {shown} | {goal} | {'yes' if met else 'NO'} |")
        lines += [
            "",
            f"Privacy audit: **{'passed' if self.passed_privacy else 'FAILED'}**",
            "",
            "| metric | value |",
            "|---|---|",
            f"| base clusters NMI / ARI / accuracy (all) | {self.base_nmi:.3f} / {self.base_ari:.3f} / {self.base_accuracy:.3f} |",
            f"| base clusters NMI / ARI / accuracy (English) | {self.base_nmi_en:.3f} / {self.base_ari_en:.3f} / "
            f"{self.base_accuracy_en:.3f} |",
            f"| top-level purity vs categories | {self.top_level_purity:.3f} |",
            f"| facet language accuracy | {self.language_accuracy:.3f} |",
            f"| concerning recall (score >= 3 on truth >= 4) | {_fmt(self.concerning_recall)} |",
            f"| concerning false-positive rate (truth = 1) | {_fmt(self.concerning_false_positive_rate)} |",
            f"| planted strings found / searched | {len(p.planted_found)} / {p.n_planted_values} |",
            f"| rare words found / searched | {len(p.rare_words_found)} / {p.n_rare_words} |",
            f"| two-user clusters published / formed | {len(p.two_user_clusters_published)} / "
            f"{len(p.two_user_dominated_clusters)} (its conversations: {p.n_two_user_conversations}) |",
            f"| conversations in published base clusters | {_fmt(p.published_base_coverage)} |",
            "",
            "| language | base accuracy | conversations |",
            "|---|---|---|",
        ]
        lines += [f"| {lang} | {acc:.3f} | {n} |" for lang, (acc, n) in self.accuracy_by_language.items()]
        if self.failed_days:
            lines += ["", "Failed days: " + ", ".join(self.failed_days)]
        if p.planted_found or p.rare_words_found:
            # Counts only: echoing leaked values into a report would spread them further.
            lines += ["", f"Leaks: {len(p.planted_found)} planted values, {len(p.rare_words_found)} rare words."]
        return "\n".join(lines) + "\n"


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"
