"""LLM facets on Ray workers: one global call budget, the response cache and the ledger, without the warehouse.

Workers cannot open the warehouse (it may be on another machine, and DuckDB has one writer per file),
so the engine gives each worker a copy of the step's facet extractor whose chat client
- draws every HTTP call from one `CallBudget` living in a Ray actor (`BudgetActor`): the cap of the run
  is exact across all workers, at the price of one small actor call per HTTP call (a millisecond
  beside a model call of a second). Pre-split quotas would cost nothing per call but strand the
  budget of workers that finish early while others still have work;
- looks answers up in a Parquet snapshot of the warehouse's `llm_cache` (this model, facets only)
  plus the answers workers stored during this job, and stores new answers as Parquet beside them;
- keeps its own `Ledger` per batch and writes it as Parquet.
Each worker keeps the client's own per-worker `concurrency`. After the job the engine loads the new
answers into `llm_cache`, adds the ledgers to the step's ledger and the calls to the run's budget.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from clio_pipeline.execution import exchange
from clio_pipeline.llm.budget import CallBudget
from clio_pipeline.llm.cache import CacheRow
from clio_pipeline.llm.ledger import Ledger, LedgerEntry
from clio_pipeline.types import Conversation, FacetRecord

SNAPSHOT, NEW_ANSWERS, LEDGERS = "llm_cache_snapshot", "llm_cache", "llm_ledger"


class RemoteBudget:
    """The `CallBudget` interface the chat client uses, answered by the run's budget actor."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor

    def try_acquire_call(self) -> bool:
        import ray

        return bool(ray.get(self.actor.try_acquire_call.remote()))

    def record_tokens(self, tokens: int) -> None:
        self.actor.record_tokens.remote(tokens)  # no answer needed: the next acquire sees it


class BudgetCounter(CallBudget):
    """A `CallBudget` that also reports what it counted (an actor's attributes cannot be read remotely)."""

    def used(self) -> tuple[int, int]:
        return self.calls_made, self.tokens_used


class ExchangeResponseCache:
    """The warehouse's answers as of the job's start, plus the answers stored by any worker since."""

    def __init__(self, root: str, day: date) -> None:
        self.root, self.day = root, day

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        paths = exchange.files(self.root, SNAPSHOT, self.day) + exchange.files(self.root, NEW_ANSWERS, self.day)
        if not paths or not keys:
            return {}
        con = duckdb.connect()
        try:
            wanted = pa.table({"cache_key": pa.array(list(dict.fromkeys(keys)), pa.string())})
            con.register("wanted", wanted)
            rows = con.execute("SELECT cache_key, response_json FROM read_parquet(?, union_by_name = true, "
                               "hive_partitioning = false) JOIN wanted USING (cache_key)", [paths]).fetchall()
        finally:
            con.close()
        return dict(rows)

    def put_many(self, rows: Iterable[CacheRow]) -> None:
        rows = list(rows)
        if rows:
            exchange.append(self.root, NEW_ANSWERS, self.day, answers_table(rows))


def answers_table(rows: Sequence[CacheRow]) -> pa.Table:
    return pa.table({
        "cache_key": [r.cache_key for r in rows], "model": [r.model for r in rows],
        "purpose": [r.purpose for r in rows], "response_json": [r.response_json for r in rows],
        "prompt_version": pa.array([r.prompt_version for r in rows], pa.string()),
    })


class RemoteLLMFacetExtractor:
    """The step's LLM facet extractor, with a chat client that works on any Ray worker."""

    backend = "openai"

    def __init__(self, inner: Any, budget_actor: Any, root: str, day: date) -> None:
        self.root, self.day = root, day
        self.inner = copy.copy(inner)
        chat = copy.copy(inner.chat)
        chat.budget = RemoteBudget(budget_actor)
        chat.cache = ExchangeResponseCache(root, day)
        chat.ledger = None  # a fresh one per batch, made where the batch runs
        self.inner.chat = chat

    def extract(self, conversations: Sequence[Conversation]) -> list[FacetRecord]:
        ledger = Ledger()
        self.inner.chat.ledger = ledger
        try:
            return self.inner.extract(conversations)
        finally:
            self.inner.chat.ledger = None
            entries = ledger.entries()
            if entries:  # calls made are paid for, even when the batch fails afterwards
                exchange.append(self.root, LEDGERS, self.day, pa.Table.from_pylist([vars(e) for e in entries]))


def collect(root: str, day: date) -> tuple[list[CacheRow], list[LedgerEntry]]:
    """The answers and ledger totals the workers wrote during the day's job."""
    answers: list[CacheRow] = []
    entries: list[LedgerEntry] = []
    con = duckdb.connect()
    try:
        paths = exchange.files(root, NEW_ANSWERS, day)
        if paths:
            answers = [CacheRow(*row) for row in con.execute(
                "SELECT cache_key, model, purpose, response_json, prompt_version "
                "FROM read_parquet(?, hive_partitioning = false)", [paths]).fetchall()]
        paths = exchange.files(root, LEDGERS, day)
        if paths:
            table = con.sql("SELECT * FROM read_parquet(?, hive_partitioning = false)", params=[paths]).to_arrow_table()
            entries = [LedgerEntry(**row) for row in table.to_pylist()]
    finally:
        con.close()
    return answers, entries
