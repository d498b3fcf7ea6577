"""The whole daily job with CLIO_LLM_BACKEND=openai, against a local chat-completions server.

Real Dagster runs (`clio-pipeline run` in a subprocess, configured by environment variables as an
operator would), real DuckDB files, the real embedding model and FAISS; only the model's answers are
scripted, by `PipelineResponder`, which reads each request and answers it sensibly, plants personal
data in some answers and misbehaves in some hierarchy assignments. The server runs in this process,
so the test counts every HTTP request the pipeline made.

The same two days are then materialized again: with unchanged inputs, prompts and model, every answer
must come from the response cache, so the second run makes no HTTP request at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from clio_pipeline.evaluation.audit import analyst_text
from clio_pipeline.generator import generate_dataset
from clio_pipeline_tests.end_to_end.llm_responder import PLANT_DOMAIN, PipelineResponder
from clio_pipeline_tests.support.chat_server import LocalChatServer

pytestmark = [pytest.mark.integration, pytest.mark.slow]

N, DAYS, MIN_USERS, MIN_CONVERSATIONS = 400, 2, 3, 5
START = date(2026, 1, 1)
LLM_ASSETS = {"facets", "base_clusters", "cluster_hierarchy", "staged_aggregates"}


@dataclass
class LlmRuns:
    home: Path
    responder: PipelineResponder
    first_requests: int
    first_ledger: list[tuple]
    second_requests: int
    second_ledger: list[tuple]


def _run_days(home: Path, base_url: str, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLIO_", "DAGSTER_", "OPENAI_"))}
    env |= {
        "CLIO_HOME": str(home),
        "CLIO_START_DATE": START.isoformat(),
        "CLIO_LLM_BACKEND": "openai",
        "CLIO_LLM_MODEL": "local-test-model",
        "OPENAI_BASE_URL": base_url,
        "OPENAI_API_KEY": "test-key",
        "CLIO_MIN_USERS": str(MIN_USERS),
        "CLIO_MIN_CONVERSATIONS": str(MIN_CONVERSATIONS),
        "CLIO_PSEUDONYM_SECRET": "llm-pipeline-test-secret",  # `run` refuses the demo secret
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]), *filter(None, [os.environ.get("PYTHONPATH")])]),
    } | extra
    end = START + timedelta(days=DAYS - 1)
    return subprocess.run(
        [sys.executable, "-m", "clio_pipeline.cli", "run", "--start", START.isoformat(), "--end", end.isoformat()],
        env=env, capture_output=True, text=True, timeout=900,
    )


def _ledger(home: Path) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(
            "SELECT asset, partition_date, purpose, n_calls, n_cached, n_failed FROM llm_ledger ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> LlmRuns:
    home = tmp_path_factory.mktemp("llm_pipeline")
    generate_dataset(home / "landing", n=N, days=DAYS, start_date=START, seed=0)
    responder = PipelineResponder()
    with LocalChatServer(responder=responder, model="local-test-model") as server:
        first = _run_days(home, server.base_url)
        assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-4000:]
        first_requests = server.request_count
        first_ledger = _ledger(home)
        server.reset_counters()
        # Re-cluster the unchanged days too (kept otherwise), so that every LLM step asks the cache again.
        second = _run_days(home, server.base_url, CLIO_SKIP_UNCHANGED="0")
        assert second.returncode == 0, second.stdout[-4000:] + second.stderr[-4000:]
        second_requests = server.request_count
    return LlmRuns(home, responder, first_requests, first_ledger, second_requests, _ledger(home))


def _query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_every_day_published_with_llm_facets(runs: LlmRuns) -> None:
    published = runs.home / "published.duckdb"
    days = _query(published, "SELECT count(DISTINCT partition_date) FROM publication_log")[0][0]
    backends = _query(runs.home / "warehouse.duckdb", "SELECT backend, count(*), sum(failed::INT) FROM facets GROUP BY 1")
    assert days == DAYS
    assert [b[0] for b in backends] == ["openai"]
    assert backends[0][1] == _query(runs.home / "warehouse.duckdb", "SELECT count(*) FROM conversations")[0][0]
    assert backends[0][2] == 0, "every facet request got a valid answer"


def test_every_llm_step_called_the_server_and_was_ledgered(runs: LlmRuns) -> None:
    assert runs.first_requests > N, "one facet call per conversation, plus naming, hierarchy and audit"
    assert set(runs.responder.purposes) >= {
        "FacetAnswers", "ClusterNameAnswer", "ProposedParents", "AssignmentBatch", "ParentLabel", "AuditAnswer",
    }
    for day in (START + timedelta(days=i) for i in range(DAYS)):
        assets = {row[0] for row in runs.first_ledger if row[1] == day}
        assert assets >= LLM_ASSETS, f"{day}: ledger rows only for {sorted(assets)}"
    purposes = {row[2] for row in runs.first_ledger}
    assert purposes >= {"facets", "cluster_name", "hierarchy:propose", "hierarchy:assign", "hierarchy:rename",
                        "privacy_audit"}
    # The responder answered some assignments with unknown parents, duplicates or unknown children; the
    # job still succeeded, so the repair path produced a tree that passed the blocking invariants check.
    assert sum(runs.responder.flaws.values()) >= 1
    calls = sum(row[3] for row in runs.first_ledger)
    # The ledger counts every HTTP call the run made (each is billed), no more and no fewer.
    assert calls == runs.first_requests


def test_rerun_is_served_entirely_from_the_cache(runs: LlmRuns) -> None:
    assert runs.second_requests == 0
    assert sum(row[3] for row in runs.second_ledger) == 0
    first = {(a, d, p): n_calls for a, d, p, n_calls, _, _ in runs.first_ledger}
    second = {(a, d, p): n_cached for a, d, p, _, n_cached, _ in runs.second_ledger}
    assert second.keys() == first.keys()
    assert all(n_cached > 0 for n_cached in second.values())
    # Facets: one request per conversation both times, so every one of them is a cache hit now.
    facet_hits = sum(n for (a, _, _), n in second.items() if a == "facets")
    assert facet_hits == _query(runs.home / "warehouse.duckdb", "SELECT count(*) FROM facets")[0][0]


def test_personal_data_planted_in_model_answers_is_scrubbed(runs: LlmRuns) -> None:
    planted = runs.responder.planted
    assert len(planted) >= 10, "the responder should have planted personal data in some answers"
    warehouse = runs.home / "warehouse.duckdb"
    # Whole rows, so that a text column added later (an English gloss, an extra facet) is covered too.
    facets_text = json.dumps(_query(warehouse, "SELECT * FROM facets"), default=str)
    clusters_text = json.dumps(_query(warehouse, "SELECT * EXCLUDE (centroid) FROM clusters"), default=str)
    published_text = analyst_text(runs.home / "published.duckdb")
    for where, text in [("facets", facets_text), ("clusters", clusters_text), ("analyst db", published_text)]:
        assert PLANT_DOMAIN not in text, where
        assert sorted(v for v in planted if v in text) == [], where
    # The scrubber did the work (the model's answers did carry the data): counted per record.
    emails = _query(warehouse, "SELECT sum(coalesce(scrub_counts->>'EMAIL', '0')::INT) FROM facets")[0][0]
    assert emails >= N // 10


def test_analyst_database_carries_llm_names(runs: LlmRuns) -> None:
    published = runs.home / "published.duckdb"
    last = _query(published, "SELECT max(partition_date) FROM clusters")[0][0]
    rows = _query(published, f"SELECT level, name, n_users FROM clusters WHERE partition_date = '{last}' AND NOT is_other")
    assert len(rows) >= 3
    assert min(r[2] for r in rows) >= MIN_USERS
    base_names = [name for level, name, _ in rows if level == 0]
    parent_names = [name for level, name, _ in rows if level > 0]
    # Base clusters were named by the cluster-naming prompt, parents by the hierarchy rename prompt.
    assert base_names and all(name.startswith("Help with") for name in base_names)
    assert parent_names and all(name.endswith("requests") for name in parent_names)
    naming = _query(runs.home / "warehouse.duckdb",
                    f"SELECT DISTINCT naming_backend FROM clusters WHERE partition_date = '{last}'")
    assert {r[0] for r in naming} == {"openai"}
