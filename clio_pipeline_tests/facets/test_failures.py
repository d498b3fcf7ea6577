"""A conversation that breaks facet extraction is recorded as failed and the day goes on.

Real Dagster runs (ingestion, facets, embeddings with the real encoder) into temporary DuckDB files;
the failure is injected into one conversation because no real input is known to break the extractor.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from clio_pipeline.embeddings.assets import embeddings
from clio_pipeline.facets import offline
from clio_pipeline.facets.assets import facets
from clio_pipeline.facets.llm_backend import LLMFacetExtractor
from clio_pipeline.facets.offline import OfflineFacetExtractor
from clio_pipeline.ingestion.assets import conversations
from clio_pipeline.llm.client import OpenAIJsonChat
from clio_pipeline.types import Conversation, Message
from clio_pipeline.warehouse import connect, ensure_warehouse
from clio_pipeline_tests.conftest import conversation, pipeline_resources, read_rows, run_assets, write_jsonl
from clio_pipeline_tests.support.chat_server import LocalChatServer

DAY = "2026-01-01"
POISON = "please summarize this poison pill"
PLANTED = "jane.roe@example.org"  # personal data an exception message might quote


def _resources(home: Path) -> dict:
    return pipeline_resources(home)


def _rows(home: Path, sql: str) -> list[tuple]:
    return read_rows(home / "warehouse.duckdb", sql)


def _breaks_on_poison(monkeypatch: pytest.MonkeyPatch) -> None:
    real = offline.summarize_request

    def summarize(turns, *args, **kwargs):
        if any(POISON in t for t in turns):
            raise RecursionError(f"maximum recursion depth exceeded while reading {PLANTED}")
        return real(turns, *args, **kwargs)

    monkeypatch.setattr(offline, "summarize_request", summarize)


def _turns(text: str) -> list[dict]:
    return [{"role": "user", "content": text}, {"role": "assistant", "content": "Sure."}]


@pytest.mark.integration
@pytest.mark.slow
def test_failed_conversation_is_recorded_and_never_embedded(clio_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_jsonl(clio_home / "landing" / "day.jsonl", [
        conversation("ok-1", "alice"),
        conversation("poisoned", "bob", messages=_turns(f"{POISON}, mail {PLANTED}")),
        conversation("ok-2", "carol", messages=_turns("How do I bake sourdough bread at home?")),
    ])
    _breaks_on_poison(monkeypatch)
    result = run_assets([conversations, facets, embeddings], _resources(clio_home), DAY)
    assert result.success
    rows = _rows(clio_home, "SELECT conversation_id, failed, failure_reason, summary FROM facets ORDER BY 1")
    assert [(cid, failed) for cid, failed, _, _ in rows] == [("ok-1", False), ("ok-2", False), ("poisoned", True)]
    reason, summary = rows[2][2], rows[2][3]
    assert reason == "extraction error: RecursionError" and summary == ""
    assert PLANTED not in json.dumps(rows)  # the exception's text is not stored
    assert [r[0] for r in _rows(clio_home, "SELECT conversation_id FROM embeddings ORDER BY 1")] == ["ok-1", "ok-2"]
    meta = {e.asset_key.path[-1]: e.materialization.metadata for e in result.get_asset_materialization_events()}
    assert meta["facets"]["failed_extractions"].value == 1
    assert "extraction error" in meta["facets"]["failure_reasons"].value and PLANTED not in meta["facets"]["failure_reasons"].value
    assert meta["embeddings"]["skipped_failed_or_empty"].value == 1


def test_offline_extractor_keeps_going_after_one_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    _breaks_on_poison(monkeypatch)
    convs = [_conversation("a", "How do I sort a list in Python?"), _conversation("b", POISON),
             _conversation("c", "Write a haiku about autumn rain.")]
    records = OfflineFacetExtractor().extract(convs)
    assert [(r.conversation_id, r.failed) for r in records] == [("a", False), ("b", True), ("c", False)]
    assert records[1].metrics.n_user_messages == 1 and records[1].is_heuristic


def test_llm_extractor_keeps_going_when_reading_one_answer_raises() -> None:
    """A scrubber (or any step after the call) that raises on one answer costs that conversation only."""
    def scrub(text: str) -> SimpleNamespace:
        if "poison" in text:
            raise ValueError(f"cannot scrub {PLANTED}")
        return SimpleNamespace(text=text, counts={})

    def answer(body: dict) -> str:
        prompt = body["messages"][-1]["content"]
        summary = "The user sent a poison pill." if "poison" in prompt else "The user asks for help."
        return json.dumps({"summary": summary, "task": "other", "language": "en", "concerning_score": 1})

    with LocalChatServer(responder=answer) as server:
        chat = OpenAIJsonChat(server.base_url, "k", "local-model", backoff_base_s=0.01, timeout_s=5)
        records = LLMFacetExtractor(chat, scrubber=scrub).extract(
            [_conversation("a", "Sort a list"), _conversation("b", POISON), _conversation("c", "Plan a trip")])
    assert [(r.conversation_id, r.failed) for r in records] == [("a", False), ("b", True), ("c", False)]
    assert records[1].failure_reason == "extraction error: ValueError"


@pytest.mark.integration
def test_unloadable_metadata_left_by_an_older_ingestion_does_not_stop_facets(clio_home: Path) -> None:
    """A warehouse filled before the depth limit may hold metadata Python's json cannot load."""
    db = clio_home / "warehouse.duckdb"
    ensure_warehouse(db)
    deep = '{"k": ' * 2_000 + "1" + "}" * 2_000
    with connect(db) as con:
        con.execute(
            "INSERT INTO conversations VALUES ('legacy', 'p_x', TIMESTAMPTZ '2026-01-01 10:00:00+00', DATE '2026-01-01', "
            "[{'role': 'user', 'content': 'How do I reverse a list?'}], ?::JSON, 1, 1, 24, 'old.jsonl', 1)",
            [deep],
        )
    result = run_assets([facets], _resources(clio_home), DAY)
    assert result.success
    assert _rows(clio_home, "SELECT conversation_id, failed FROM facets") == [("legacy", False)]


def _conversation(cid: str, text: str) -> Conversation:
    return Conversation(conversation_id=cid, user_id="u", created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
                        messages=[Message(role="user", content=text)])
