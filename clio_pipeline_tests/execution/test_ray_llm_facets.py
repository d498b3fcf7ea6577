"""LLM facets on Ray workers: the same records as the local path, one global call budget, the response cache.

Against a local OpenAI-compatible server (`support/chat_server.py`) answering like a model would
(`end_to_end/llm_responder.py`, which also plants personal data in some answers), on the day's real
ingested conversations, with Ray on two local CPUs: two workers, each with the client's own
concurrency, all drawing on one budget actor.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from clio_pipeline.execution.engine import LocalEngine
from clio_pipeline.facets.spec import load_facet_specs
from clio_pipeline.llm.budget import BUDGET_EXHAUSTED
from clio_pipeline.resources import LLMResource
from clio_pipeline_tests.end_to_end.llm_responder import PLANT_DOMAIN, PipelineResponder
from clio_pipeline_tests.execution.conftest import START
from clio_pipeline_tests.support.chat_server import LocalChatServer

ray = pytest.importorskip("ray", reason="the Ray engine is an optional extra: pip install '.[ray]'")

pytestmark = [pytest.mark.integration, pytest.mark.ray]


def facets_of(engine, db: str, llm: LLMResource, run_id: str) -> list:
    with llm.open_backend(db, asset="facets", day=START, run_id=run_id) as backend:
        return engine.extract_facets(db, START, backend.facet_extractor(load_facet_specs(None)))


def one(db: str, sql: str) -> tuple:
    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


def test_llm_facets_on_ray_share_budget_cache_and_ledger(tmp_path: Path, warehouse: str) -> None:
    from clio_pipeline.execution.ray_engine import RayEngine

    copies = {name: str(tmp_path / f"{name}.duckdb") for name in ("ray", "budget")}
    for path in copies.values():
        shutil.copyfile(warehouse, path)
    with LocalChatServer(responder=PipelineResponder(), model="local-test-model") as server:
        llm = LLMResource(backend="openai", base_url=server.base_url, model="local-test-model", concurrency=4)
        expected = facets_of(LocalEngine(), warehouse, llm, "run-local")
        n = len(expected)
        assert server.request_count == n > 40
        ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
        try:
            server.reset_counters()
            got = facets_of(RayEngine(str(tmp_path / "x"), batch_size=25), copies["ray"], llm, "run-ray")
            calls_first = server.request_count
            server.reset_counters()
            again = facets_of(RayEngine(str(tmp_path / "x"), batch_size=25), copies["ray"], llm, "run-ray-2")
            calls_again = server.request_count
            server.reset_counters()
            capped = LLMResource(backend="openai", base_url=server.base_url, model="local-test-model",
                                 concurrency=4, max_calls=10)
            budgeted = facets_of(RayEngine(str(tmp_path / "y"), batch_size=25), copies["budget"], capped, "run-cap")
            calls_capped = server.request_count
        finally:
            ray.shutdown()

    assert [r.model_dump() for r in got] == [r.model_dump() for r in expected]
    assert calls_first == n, "every conversation asked once, across all workers"
    assert not any(PLANT_DOMAIN in r.summary for r in got), "the scrubber ran on the workers"
    # The workers' answers reached the warehouse's cache and its ledger ...
    assert one(copies["ray"], "SELECT count(*) FROM llm_cache WHERE purpose = 'facets'") == (n,)
    assert one(copies["ray"], "SELECT sum(n_calls), sum(n_cached) FROM llm_ledger WHERE asset = 'facets'") == (0, n)
    # ... (the second run's ledger replaced the first's: every answer from the cache, no call made).
    assert calls_again == 0 and [r.model_dump() for r in again] == [r.model_dump() for r in expected]
    # One budget for all workers: exactly 10 calls, the rest recorded as failed, none lost.
    assert calls_capped == 10
    assert len(budgeted) == n and sum(not r.failed for r in budgeted) == 10
    assert all(BUDGET_EXHAUSTED in (r.failure_reason or "") for r in budgeted if r.failed)
    assert one(copies["budget"], "SELECT sum(n_calls) FROM llm_ledger WHERE asset = 'facets'") == (10,)
