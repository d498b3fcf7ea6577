"""OpenAIJsonChat against the real local chat-completions server over 127.0.0.1 sockets."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from pydantic import BaseModel

from clio_pipeline.llm.budget import BUDGET_EXHAUSTED, CallBudget
from clio_pipeline.llm.cache import MemoryResponseCache
from clio_pipeline.llm.client import OpenAIJsonChat
from clio_pipeline.llm.protocol import ChatRequest, cache_key
from clio_pipeline_tests.support.chat_server import (
    LocalChatServer,
    Reply,
    ScriptedResponder,
    malformed,
    rate_limited,
    server_error,
    stall,
)


class Answer(BaseModel):
    summary: str
    score: int


def first_user_message(body: dict) -> str:
    return next(m["content"] for m in body["messages"] if m["role"] == "user")


def echo(body: dict) -> str:
    """A valid answer that depends on the request, so results can be matched to their requests."""
    text = first_user_message(body)
    return json.dumps({"summary": f"about {text}", "score": len(text)})


def make_requests(n: int, prefix: str = "conversation") -> list[ChatRequest]:
    return [
        ChatRequest(
            cache_key=cache_key("m", "v1", "test", f"{prefix} {i}"),
            purpose="test",
            system="Summarize.",
            user=f"{prefix} {i}",
            response_model=Answer,
        )
        for i in range(n)
    ]


def make_client(server: LocalChatServer, **kwargs) -> OpenAIJsonChat:
    kwargs.setdefault("backoff_base_s", 0.01)
    kwargs.setdefault("timeout_s", 5.0)
    return OpenAIJsonChat(server.base_url, "test-key", "local-model", **kwargs)


def test_success_answers_every_request_in_order_with_schema_and_json_mode():
    with LocalChatServer(responder=echo) as server:
        results = make_client(server, concurrency=4).run_batch(make_requests(10))
        bodies = list(server.requests)
    assert [r.parsed.summary for r in results] == [f"about conversation {i}" for i in range(10)]
    assert all(r.ok and r.attempts == 1 and not r.cached and r.prompt_tokens > 0 for r in results)
    assert len(bodies) == 10
    body = bodies[0]
    assert body["model"] == "local-model"
    assert body["response_format"] == {"type": "json_object"}
    system = body["messages"][0]["content"]
    assert "JSON" in system and '"summary"' in system and '"score"' in system  # the schema travels along


def test_malformed_answer_is_retried_with_the_error_fed_back():
    responder = ScriptedResponder([malformed()], final=echo)
    with LocalChatServer(responder=responder) as server:
        results = make_client(server).run_batch(make_requests(3))
        bodies = list(server.requests)
    assert all(r.ok and r.attempts == 2 for r in results)
    assert len(bodies) == 6
    retry = next(b for b in bodies if len(b["messages"]) == 4)
    assert retry["messages"][2]["role"] == "assistant"
    assert "not valid" in retry["messages"][3]["content"]


def test_fenced_json_is_accepted():
    with LocalChatServer(responder=lambda body: "Sure!\n```json\n" + echo(body) + "\n```") as server:
        (result,) = make_client(server).run_batch(make_requests(1))
    assert result.ok and result.attempts == 1


def test_persistent_malformed_answer_is_recorded_as_failure():
    with LocalChatServer(responder=lambda body: '{"summary": "no score"}') as server:
        results = make_client(server, max_invalid_retries=2).run_batch(make_requests(2))
        count = server.request_count
    for result in results:
        assert result.parsed is None
        assert result.error.startswith("invalid_response")
        assert result.attempts == 3
    assert count == 6


def test_429_retry_after_is_honoured():
    responder = ScriptedResponder([rate_limited(1.0)], final=echo)
    with LocalChatServer(responder=responder) as server:
        started = time.perf_counter()
        (result,) = make_client(server).run_batch(make_requests(1))
        elapsed = time.perf_counter() - started
    assert result.ok and result.attempts == 2
    # backoff_base_s is 0.01 s, so only the Retry-After header can explain a 1 s wait.
    assert 0.95 <= elapsed < 5.0


def test_500_then_success():
    with LocalChatServer(responder=ScriptedResponder([server_error(500), server_error(503)], final=echo)) as server:
        results = make_client(server).run_batch(make_requests(4))
        count = server.request_count
    assert all(r.ok and r.attempts == 3 for r in results)
    assert count == 12


def test_persistent_500_gives_up_after_max_retries():
    with LocalChatServer(responder=lambda body: server_error(500)) as server:
        (result,) = make_client(server, max_retries=2).run_batch(make_requests(1))
        count = server.request_count
    assert result.parsed is None and result.error.startswith("http_500")
    assert result.attempts == count == 3


def test_client_error_is_not_retried():
    with LocalChatServer(responder=lambda body: Reply(status=401, content="bad key")) as server:
        (result,) = make_client(server).run_batch(make_requests(1))
        count = server.request_count
    assert result.error.startswith("http_401") and count == 1


def test_timeout_then_success():
    with LocalChatServer(responder=ScriptedResponder([stall(3.0)], final=echo)) as server:
        started = time.perf_counter()
        (result,) = make_client(server, timeout_s=0.4).run_batch(make_requests(1))
        elapsed = time.perf_counter() - started
    assert result.ok and result.attempts == 2
    assert elapsed < 2.5  # the client gave up on the stalled call instead of waiting it out


def test_cache_second_run_makes_no_http_call():
    cache = MemoryResponseCache()
    with LocalChatServer(responder=echo) as server:
        client = make_client(server, cache=cache)
        first = client.run_batch(make_requests(6))
        assert server.request_count == 6
        second = client.run_batch(make_requests(6))
        assert server.request_count == 6
    assert all(r.cached and r.attempts == 0 for r in second)
    assert [r.parsed for r in second] == [r.parsed for r in first]


def test_failures_are_not_cached():
    cache = MemoryResponseCache()
    with LocalChatServer(responder=lambda body: "not json at all") as server:
        make_client(server, cache=cache, max_invalid_retries=0).run_batch(make_requests(2))
    assert len(cache) == 0


def test_duplicate_keys_in_one_batch_are_sent_once():
    requests = make_requests(1) * 3
    with LocalChatServer(responder=echo) as server:
        results = make_client(server).run_batch(requests)
        count = server.request_count
    assert count == 1
    assert all(r.ok for r in results) and [r.cached for r in results] == [False, True, True]


def test_call_budget_stops_cleanly_and_marks_the_rest():
    budget = CallBudget(max_calls=5)
    with LocalChatServer(responder=echo) as server:
        results = make_client(server, concurrency=2, budget=budget).run_batch(make_requests(12))
        count = server.request_count
    assert count == 5
    assert sum(r.ok for r in results) == 5
    assert [r.error for r in results if not r.ok] == [BUDGET_EXHAUSTED] * 7
    assert budget.exhausted


def test_token_budget_stops_further_calls():
    budget = CallBudget(max_tokens=1)  # the first answer spends it
    with LocalChatServer(responder=echo) as server:
        results = make_client(server, concurrency=1, budget=budget).run_batch(make_requests(4))
        count = server.request_count
    assert count == 1
    assert results[0].ok and all(r.error == BUDGET_EXHAUSTED for r in results[1:])


def test_concurrency_is_bounded():
    # The latency is long enough that all 4 overlap even on a loaded machine.
    with LocalChatServer(responder=echo, latency_s=0.3) as server:
        results = make_client(server, concurrency=4).run_batch(make_requests(16))
        peak = server.max_in_flight
    assert all(r.ok for r in results)
    assert peak == 4  # bounded, and the bound is actually used


def test_run_batch_inside_a_running_event_loop():
    async def caller(client: OpenAIJsonChat):
        return client.run_batch(make_requests(2))

    with LocalChatServer(responder=echo) as server:
        results = asyncio.run(caller(make_client(server)))
    assert all(r.ok for r in results)


@pytest.mark.parametrize("concurrency", [64])
def test_server_handles_many_concurrent_connections(concurrency):
    with LocalChatServer(responder=echo, latency_s=0.5) as server:
        results = make_client(server, concurrency=concurrency).run_batch(make_requests(concurrency))
        peak = server.max_in_flight
    assert all(r.ok for r in results)
    assert peak >= concurrency * 0.75  # nearly all were served at the same time, none refused


def test_server_without_json_mode_falls_back_to_the_prompt_instruction():
    def responder(body: dict):
        if "response_format" in body:
            return Reply(status=400, content="response_format is not supported by this server")
        return echo(body)

    with LocalChatServer(responder=responder) as server:
        client = make_client(server)
        results = client.run_batch(make_requests(3))
        count = server.request_count
    assert all(r.ok for r in results)
    assert not client.json_mode and count <= 3 + 3  # at most one refused call per request in flight
