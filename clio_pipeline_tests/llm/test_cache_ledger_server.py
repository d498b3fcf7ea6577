"""DuckDB response cache, token ledger, and the local server's own protocol surface."""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from datetime import date

import duckdb
import pytest
from pydantic import BaseModel

from clio_pipeline.llm.budget import CallBudget
from clio_pipeline.llm.cache import CacheRow, DuckDBResponseCache
from clio_pipeline.llm.client import OpenAIJsonChat
from clio_pipeline.llm.ledger import Ledger, estimate_cost_usd
from clio_pipeline.llm.parsing import extract_json_object
from clio_pipeline.llm.protocol import ChatRequest, ChatResult
from clio_pipeline_tests.support.chat_server import LocalChatServer, Reply


class Name(BaseModel):
    name: str


def requests_for(texts: list[str], purpose: str = "cluster_name") -> list[ChatRequest]:
    return [ChatRequest(cache_key=f"key-{t}", purpose=purpose, system="Name it.", user=t, response_model=Name)
            for t in texts]


def test_duckdb_cache_round_trip_and_overwrite(tmp_path):
    cache = DuckDBResponseCache(tmp_path / "warehouse.duckdb")
    assert cache.get_many(["a"]) == {}
    cache.put_many([CacheRow("a", "m", "p", '{"name": "one"}', "v1"), CacheRow("b", "m", "p", '{"name": "two"}')])
    cache.put_many([CacheRow("a", "m", "p", '{"name": "uno"}', "v2")])
    assert cache.get_many(["a", "b", "missing", "a"]) == {"a": '{"name": "uno"}', "b": '{"name": "two"}'}
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        assert con.execute("SELECT prompt_version FROM llm_cache WHERE cache_key = 'a'").fetchone() == ("v2",)


def test_duckdb_cache_rerun_makes_zero_http_calls(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    with LocalChatServer(responder=lambda body: json.dumps({"name": body["messages"][1]["content"].upper()})) as server:
        first = OpenAIJsonChat(server.base_url, "k", "m", cache=DuckDBResponseCache(db)).run_batch(
            requests_for(["alpha", "beta", "gamma"]))
        assert server.request_count == 3
        # A fresh client and cache object: only the warehouse file carries the answers over.
        second = OpenAIJsonChat(server.base_url, "k", "m", cache=DuckDBResponseCache(db)).run_batch(
            requests_for(["alpha", "beta", "gamma"]))
        assert server.request_count == 3
    assert [r.parsed.name for r in second] == ["ALPHA", "BETA", "GAMMA"] == [r.parsed.name for r in first]
    assert all(r.cached for r in second)


def test_cached_answer_failing_a_changed_model_is_asked_again(tmp_path):
    cache = DuckDBResponseCache(tmp_path / "w.duckdb")
    cache.put_many([CacheRow("key-alpha", "m", "cluster_name", '{"title": "old shape"}')])
    with LocalChatServer(responder=lambda body: '{"name": "fresh"}') as server:
        (result,) = OpenAIJsonChat(server.base_url, "k", "m", cache=cache).run_batch(requests_for(["alpha"]))
        assert server.request_count == 1
    assert result.parsed.name == "fresh" and not result.cached


def test_ledger_counts_calls_tokens_and_replaces_partition(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    ledger = Ledger()
    budget = CallBudget(max_calls=3)
    with LocalChatServer(responder=lambda body: Reply(content='{"name": "n"}', prompt_tokens=100,
                                                      completion_tokens=10)) as server:
        OpenAIJsonChat(server.base_url, "k", "gpt-4o-mini", ledger=ledger, budget=budget,
                       concurrency=1).run_batch(requests_for(["a", "b", "c", "d"]))
    (entry,) = ledger.entries()
    assert (entry.purpose, entry.n_calls, entry.n_cached, entry.n_failed) == ("cluster_name", 3, 0, 1)
    assert (entry.prompt_tokens, entry.completion_tokens) == (300, 30)
    assert entry.est_cost_usd == pytest.approx((300 * 0.15 + 30 * 0.60) / 1e6)
    assert ledger.total_cost_usd() == pytest.approx(entry.est_cost_usd)

    ledger.record(ChatResult(cache_key="x", purpose="facets", parsed=Name(name="n"), cached=True), "gpt-4o-mini")
    assert ledger.flush(db, "facets", date(2026, 1, 2)) == 2
    assert ledger.flush(db, "facets", "2026-01-02") == 2  # replaced, not appended
    Ledger().flush(db, "facets", date(2026, 1, 3))  # an empty ledger clears only its own partition
    with duckdb.connect(str(db)) as con:
        rows = con.execute("SELECT purpose, n_calls, n_cached, prompt_tokens FROM llm_ledger "
                           "WHERE asset = 'facets' ORDER BY purpose").fetchall()
    assert rows == [("cluster_name", 3, 0, 300), ("facets", 0, 1, 0)]


def test_cost_table():
    assert estimate_cost_usd("gpt-4o-mini-2024-07-18", 1_000_000, 0) == pytest.approx(0.15)
    assert estimate_cost_usd("openai/gpt-4o", 0, 1_000_000) == pytest.approx(10.0)
    assert estimate_cost_usd("llama-3.1-8b-local", 10**9, 10**9) == 0.0


def test_extract_json_object_variants():
    assert extract_json_object('```json\n{"a": 1}\n```') == '{"a": 1}'
    assert extract_json_object('Here you go: {"a": {"b": 2}} hope it helps') == '{"a": {"b": 2}}'
    with pytest.raises(ValueError):
        extract_json_object("no object here")


def test_server_models_endpoint_and_chat_protocol_fields():
    with LocalChatServer(model="served-model") as server:
        with urllib.request.urlopen(f"{server.base_url}/models", timeout=5) as response:
            models = json.load(response)
        body = json.dumps({"model": "x", "messages": [{"role": "user", "content": "hi"}]}).encode()
        request = urllib.request.Request(f"{server.base_url}/chat/completions", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:
            completion = json.load(response)
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{server.base_url}/nothing", timeout=5)
        recorded = server.requests
    assert models["data"][0]["id"] == "served-model"
    assert completion["object"] == "chat.completion" and completion["model"] == "x"
    assert completion["choices"][0]["finish_reason"] == "stop"
    assert json.loads(completion["choices"][0]["message"]["content"])
    usage = completion["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 0
    assert missing.value.code == 404
    assert recorded == [json.loads(body)]


def test_server_stops_promptly_during_a_stall():
    import threading
    import time

    server = LocalChatServer(responder=lambda body: Reply(delay_s=30)).start()
    url = f"{server.base_url}/chat/completions"
    body = json.dumps({"model": "x", "messages": []}).encode()

    def call():
        with contextlib.suppress(Exception):  # the stop cuts the call short; only the stop matters
            urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=10)

    caller = threading.Thread(target=call, daemon=True)
    caller.start()
    time.sleep(0.2)
    started = time.perf_counter()
    server.stop()
    assert time.perf_counter() - started < 3.0
