"""`run_evaluation` end to end on a small generated data set: the real pipeline, the real model.

The generator plants personal data, rare identifying words and a two-user topic; the evaluation's
privacy audit must find none of them in what analysts can read. The scores are checked for being
computed from the run (in range, over the right window), not for meeting the documented targets,
which are stated for the default size (n=4000, 7 days).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clio_pipeline.evaluation import main, run_evaluation
from clio_pipeline.evaluation.cli import EXIT_PASSED, EXIT_TARGET_MISSED
from clio_pipeline.evaluation.run import MARKER

N, DAYS = 1200, 3


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("evaluation") / "home"
    return home, run_evaluation(home, n=N, days=DAYS, seed=0, min_users=5, min_conversations=10, echo=lambda _: None)


@pytest.mark.integration
@pytest.mark.slow
def test_privacy_audit_passes_on_a_real_run(evaluated) -> None:
    _, report = evaluated
    assert report.failed_days == []
    audit = report.privacy
    assert audit.n_planted_values > 50 and audit.n_rare_words > 0, "the generator should have planted data"
    # Whether the two-user topic gets a base cluster of its own depends on k; when it does, that cluster
    # must stay unpublished, and when it does not, its words must still not surface (rare-word check).
    assert audit.n_two_user_conversations > 0, "the window should hold the two-user topic"
    assert report.passed_privacy
    assert all(report.targets[name][2] for name in
               ("planted_strings_published", "rare_words_published", "two_user_clusters_published"))


@pytest.mark.integration
@pytest.mark.slow
def test_scores_are_computed_over_the_last_window(evaluated) -> None:
    _, report = evaluated
    assert report.n_window_conversations == N  # 3 days inside a 7-day window: every conversation
    assert report.clusters_per_level.get(0, 0) >= 3
    assert 0.3 < report.base_nmi <= 1.0 and 0.0 < report.top_level_purity <= 1.0
    assert report.language_accuracy > 0.9
    assert set(report.accuracy_by_language) >= {"en", "de", "es", "fr", "pt"}
    assert 0.0 < (report.privacy.published_base_coverage or 0.0) <= 1.0
    markdown = report.to_markdown()
    assert "base_nmi_en" in markdown and "Privacy audit: **passed**" in markdown


@pytest.mark.integration
@pytest.mark.slow
def test_main_reuses_the_finished_run_and_writes_the_report(evaluated, tmp_path: Path) -> None:
    home, report = evaluated
    out = tmp_path / "report.json"
    status = main(["--home", str(home), "--n", str(N), "--days", str(DAYS), "--reuse", "--json", str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["passed_privacy"] is True and data["base_nmi"] == pytest.approx(report.base_nmi)
    assert data["run_seconds"] is None  # reused: nothing was run again
    assert (home / "evaluation.md").exists()
    met = all(v[2] for v in data["targets"].values())
    assert status == (EXIT_PASSED if met else EXIT_TARGET_MISSED)


def test_refuses_to_take_over_a_folder_it_does_not_own(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("someone's work", encoding="utf-8")
    with pytest.raises(FileExistsError):
        run_evaluation(tmp_path, n=10, days=1)
    assert (tmp_path / "notes.txt").exists() and not (tmp_path / MARKER).exists()
