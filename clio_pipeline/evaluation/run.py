"""`run_evaluation`: generate data with known truth, run the pipeline on it, and score what came out.

The paper's synthetic reconstruction test, made a product command: `clio-pipeline evaluate` (or
`python -m clio_pipeline.evaluation`). The run goes through `runner.run_days`, the same Dagster entry
point as `clio-pipeline run`, inside a private evaluation folder whose environment is set only for
the duration of the call.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from clio_pipeline.evaluation import metrics
from clio_pipeline.evaluation.audit import audit_publication, planted_values
from clio_pipeline.evaluation.load import count_window_levels, read_facets, read_window
from clio_pipeline.evaluation.report import EvaluationReport

START = date(2026, 1, 1)
MARKER = ".clio-evaluation.json"  # marks a folder this module owns (and may therefore wipe)
RUN_FILES = ("landing", "warehouse.duckdb", "warehouse.duckdb.wal", "published.duckdb", "published.duckdb.wal",
             "explorer.html", "dagster_home")


@contextmanager
def evaluation_environment(home: Path, min_users: int, min_conversations: int) -> Iterator[None]:
    """Point every path setting at `home` and set the thresholds; restore the environment afterwards.

    DAGSTER_HOME moves too: the window check asks the Dagster instance which days were materialized,
    and an instance shared with another warehouse would answer for the wrong data.
    """
    wanted = {
        "CLIO_HOME": str(home),
        "DAGSTER_HOME": str(home / "dagster_home"),
        "CLIO_START_DATE": START.isoformat(),
        "CLIO_MIN_USERS": str(min_users),
        "CLIO_MIN_CONVERSATIONS": str(min_conversations),
        # Generated data: the public demo pseudonym key is acceptable here (and refused by real runs).
        "CLIO_ALLOW_DEMO_SECRET": "1",
    }
    # Paths set explicitly would win over CLIO_HOME; an evaluation must never write into them.
    cleared = ["CLIO_LANDING_DIR", "CLIO_WAREHOUSE", "CLIO_PUBLISHED_DB"]
    saved = {name: os.environ.get(name) for name in [*wanted, *cleared]}
    os.environ.update(wanted)
    for name in cleared:
        os.environ.pop(name, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _prepare_home(home: Path, config: dict, reuse: bool) -> bool:
    """True when a finished run with the same configuration can be reused; otherwise clear the folder."""
    marker = home / MARKER
    if marker.exists():
        previous = json.loads(marker.read_text(encoding="utf-8"))
        if reuse and previous == {**config, "finished": True} and (home / "published.duckdb").exists():
            return True
        for name in RUN_FILES:
            path = home / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        marker.unlink()
    elif home.exists() and any(home.iterdir()):
        raise FileExistsError(f"{home} is not empty and is not an evaluation folder; pass an empty or new folder")
    home.mkdir(parents=True, exist_ok=True)
    # Written before the run, so that an interrupted run's folder is still recognised (and cleared) next time.
    marker.write_text(json.dumps({**config, "finished": False}), encoding="utf-8")
    return False


def run_evaluation(
    home: Path,
    *,
    n: int = 4000,
    days: int = 7,
    seed: int = 0,
    min_users: int = 5,
    min_conversations: int = 10,
    reuse: bool = False,
    echo: Callable[[str], None] = print,
) -> EvaluationReport:
    """Generate n conversations over `days` days into `home`, run every day, and score the result.

    With `reuse`, a finished run of the same configuration in `home` is scored again without rerunning.
    """
    home = Path(home).resolve()
    config = {"n": n, "days": days, "seed": seed, "min_users": min_users, "min_conversations": min_conversations}
    reused = _prepare_home(home, config, reuse)
    run_seconds: float | None = None
    failed_days: list[str] = []
    with evaluation_environment(home, min_users, min_conversations):
        if not reused:
            from clio_pipeline.generator import generate_dataset
            from clio_pipeline.runner import run_days

            generate_dataset(home / "landing", n=n, days=days, start_date=START, seed=seed)
            began = time.perf_counter()
            outcomes = run_days(START, START + timedelta(days=days - 1), echo=echo)
            run_seconds = time.perf_counter() - began
            failed_days = [str(o.day) for o in outcomes if not o.success or o.failed_checks]
            (home / MARKER).write_text(json.dumps({**config, "finished": True}), encoding="utf-8")
    report = evaluate_home(home, n=n, days=days, seed=seed, min_users=min_users, min_conversations=min_conversations)
    return report.model_copy(update={"run_seconds": run_seconds, "failed_days": failed_days})


def evaluate_home(
    home: Path, *, n: int, days: int, seed: int, min_users: int, min_conversations: int
) -> EvaluationReport:
    """Score a finished run in `home` (landing/_truth, warehouse.duckdb, published.duckdb, explorer.html)."""
    from clio_pipeline.generator import load_ground_truth, load_rare_words

    home = Path(home)
    warehouse, published = home / "warehouse.duckdb", home / "published.duckdb"
    truth = {t["conversation_id"]: t for t in load_ground_truth(home / "landing")}
    window = read_window(warehouse)
    # Conversations the warehouse knows but the truth does not (none, for generated data) are left out.
    keep = [i for i, c in enumerate(window.conversation_ids) if c in truth]
    rows = [truth[window.conversation_ids[i]] for i in keep]
    topics = [r["topic"] for r in rows]
    base = [window.base_cluster_ids[i] for i in keep]
    roots = [window.root_cluster_ids[i] for i in keep]
    languages = [r["language"] for r in rows]
    english = [i for i, lang in enumerate(languages) if lang == "en"]
    topics_en, base_en = [topics[i] for i in english], [base[i] for i in english]

    facets = read_facets(warehouse)
    known = [i for i, c in enumerate(facets.conversation_ids) if c in truth]
    recall, false_positive_rate = metrics.concerning_rates(
        [truth[facets.conversation_ids[i]]["concerning"] for i in known], [facets.concerning_scores[i] for i in known]
    )

    audit = audit_publication(
        published, home / "explorer.html",
        planted=planted_values(truth.values()),
        rare_words=load_rare_words(home / "landing")["words"],
        window_assignments=list(zip(window.conversation_ids, window.base_cluster_ids)),
        two_user_conversations={c for c, t in truth.items() if t["two_user_topic"]},
        partition_date=window.partition_date,
    )
    return EvaluationReport(
        home=str(home), n=n, days=days, seed=seed, min_users=min_users, min_conversations=min_conversations,
        partition_date=window.partition_date,
        n_window_conversations=len(window.conversation_ids),
        clusters_per_level=count_window_levels(warehouse, window.partition_date) if window.partition_date else {},
        n_topics=len(set(topics)),
        n_categories=len({r["category"] for r in rows}),
        base_nmi=metrics.nmi(topics, base),
        base_ari=metrics.ari(topics, base),
        base_accuracy=metrics.majority_accuracy(topics, base),
        base_nmi_en=metrics.nmi(topics_en, base_en),
        base_ari_en=metrics.ari(topics_en, base_en),
        base_accuracy_en=metrics.majority_accuracy(topics_en, base_en),
        top_level_purity=metrics.purity([r["category"] for r in rows], roots),
        accuracy_by_language=metrics.accuracy_by_group(topics, base, languages),
        language_accuracy=metrics.exact_accuracy(
            [truth[facets.conversation_ids[i]]["language"] for i in known], [facets.languages[i] for i in known]
        ),
        concerning_recall=recall,
        concerning_false_positive_rate=false_positive_rate,
        privacy=audit,
    )
