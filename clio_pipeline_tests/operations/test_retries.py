"""Retry policies: on the steps that call an LLM, acting only when they really do; nowhere else."""

from __future__ import annotations

import pytest
from dagster import AssetKey, Backoff, DagsterEventType, MaterializeResult, RetryPolicy, asset

from clio_pipeline.lib.retries import LLM_RETRY_POLICY, retry_only_when_calling_an_llm
from clio_pipeline.resources import LLMResource
from clio_pipeline_tests.conftest import run_assets

LLM_BOUND = {"facets", "base_clusters", "cluster_hierarchy", "staged_clusters"}  # staged_* share one step


def test_the_llm_bound_steps_and_only_they_have_the_retry_policy() -> None:
    from clio_pipeline.definitions import defs as load_defs

    defs = load_defs()
    graph = defs.get_repository_def().asset_graph
    with_policy = set()
    for key in graph.get_all_asset_keys():
        assets_def = graph.get(key).assets_def
        if assets_def.op.retry_policy is not None:
            assert assets_def.op.retry_policy == LLM_RETRY_POLICY
            with_policy.add(key.to_user_string())
    assert with_policy >= LLM_BOUND
    # The other outputs of the staged_aggregates multi-asset share its op, and so its policy.
    assert with_policy - LLM_BOUND <= {"staged_facet_breakdowns", "staged_cluster_trends", "staged_publication_log",
                                       "staged_topic_lineage"}
    for deterministic in ("conversations", "embeddings", "published/clusters", "cluster_explorer"):
        assert graph.get(AssetKey.from_user_string(deterministic)).assets_def.op.retry_policy is None
    assert defs.resolve_job_def("clio_daily_job").op_retry_policy is None
    assert LLM_RETRY_POLICY.backoff == Backoff.EXPONENTIAL and LLM_RETRY_POLICY.jitter is not None


ATTEMPTS: list[str] = []
FAST = RetryPolicy(max_retries=2, delay=0)  # the real policy's waits, minus the waiting


@asset(retry_policy=FAST)
@retry_only_when_calling_an_llm
def flaky_llm_step(llm: LLMResource) -> MaterializeResult:
    """Fails like a step whose server is down."""
    ATTEMPTS.append(llm.backend)
    raise ConnectionError("server unavailable")


@asset(retry_policy=FAST)
@retry_only_when_calling_an_llm
def flaky_llm_generator(llm: LLMResource):
    """Like staged_aggregates: a generator step."""
    ATTEMPTS.append(llm.backend)
    raise ConnectionError("server unavailable")
    yield MaterializeResult()


@pytest.mark.integration
@pytest.mark.parametrize("step", [flaky_llm_step, flaky_llm_generator])
@pytest.mark.parametrize(("backend", "attempts"), [("openai", 3), ("offline", 1)])
def test_a_failing_step_is_retried_only_when_it_calls_an_llm(step, backend: str, attempts: int) -> None:
    ATTEMPTS.clear()
    result = run_assets([step], {"llm": LLMResource(backend=backend, base_url="http://127.0.0.1:9")}, None)
    assert not result.success
    assert len(ATTEMPTS) == attempts and set(ATTEMPTS) == {backend}
    retries = [e for e in result.all_events if e.event_type == DagsterEventType.STEP_UP_FOR_RETRY]
    assert len(retries) == attempts - 1
    (failure,) = result.get_step_failure_events()
    assert "ConnectionError: server unavailable" in str(failure.step_failure_data.error)
