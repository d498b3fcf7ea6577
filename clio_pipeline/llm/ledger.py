"""Token and cost ledger: how many calls, tokens and dollars each asset partition spent, per purpose.

The client feeds every `ChatResult` (and the number of HTTP calls it made) into a `Ledger`; the asset
that ran the step calls `flush(db_path, asset, partition_date)`, which replaces that asset-partition's
rows in `llm_ledger`, so re-materializing a partition never double-counts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from clio_pipeline.llm.cache import ensure_llm_tables
from clio_pipeline.llm.protocol import ChatResult
from clio_pipeline.warehouse import connect

# USD per million tokens (input, output), public list prices; unknown or self-hosted models cost 0.
# Matched on the longest known prefix, so dated snapshots ("gpt-4o-mini-2024-07-18") are priced too.
PRICES_PER_MTOK: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-3.5-turbo": (0.50, 1.50),
    "claude-3-5-haiku": (0.80, 4.00),
    "claude-3-5-sonnet": (3.00, 15.00),
    "claude-3-haiku": (0.25, 1.25),
}


def estimate_cost_usd(model: str, prompt_tokens: int, completion_tokens: int) -> float:
    """Estimated list-price cost of the tokens; 0.0 for a model missing from PRICES_PER_MTOK."""
    name = model.lower().rsplit("/", 1)[-1]  # "openai/gpt-4o-mini" (router-style names) -> "gpt-4o-mini"
    matches = [prefix for prefix in PRICES_PER_MTOK if name.startswith(prefix)]
    if not matches:
        return 0.0
    input_price, output_price = PRICES_PER_MTOK[max(matches, key=len)]
    return (prompt_tokens * input_price + completion_tokens * output_price) / 1_000_000


@dataclass
class LedgerEntry:
    """Totals of one (purpose, model)."""

    purpose: str
    model: str
    n_calls: int = 0  # HTTP calls, retries included
    n_cached: int = 0  # results served from the response cache
    n_failed: int = 0  # results without a valid answer
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def est_cost_usd(self) -> float:
        return estimate_cost_usd(self.model, self.prompt_tokens, self.completion_tokens)


class Ledger:
    """Accumulates per (purpose, model) across batches; thread-safe."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], LedgerEntry] = {}
        self._lock = threading.Lock()

    def record(self, result: ChatResult, model: str, http_calls: int | None = None) -> None:
        """Account one result. `http_calls` defaults to its attempts (0 when served from the cache)."""
        calls = http_calls if http_calls is not None else (0 if result.cached else result.attempts)
        with self._lock:
            entry = self._entries.setdefault((result.purpose, model), LedgerEntry(result.purpose, model))
            entry.n_calls += calls
            entry.n_cached += int(result.cached)
            entry.n_failed += int(not result.ok)
            entry.prompt_tokens += result.prompt_tokens
            entry.completion_tokens += result.completion_tokens

    def add(self, other: LedgerEntry) -> None:
        """Add the totals another ledger kept (a remote worker's) to this one's."""
        with self._lock:
            entry = self._entries.setdefault((other.purpose, other.model), LedgerEntry(other.purpose, other.model))
            for name in ("n_calls", "n_cached", "n_failed", "prompt_tokens", "completion_tokens"):
                setattr(entry, name, getattr(entry, name) + getattr(other, name))

    def entries(self) -> list[LedgerEntry]:
        """A snapshot of the totals, sorted by purpose then model."""
        with self._lock:
            return [LedgerEntry(**vars(e)) for _, e in sorted(self._entries.items())]

    def total_cost_usd(self) -> float:
        """Estimated cost of everything recorded so far."""
        return sum(e.est_cost_usd for e in self.entries())

    def flush(self, db_path: str | Path, asset: str, partition_date: date | str) -> int:
        """Replace `asset`'s rows for `partition_date` in `llm_ledger` with the totals; returns rows written.

        The totals are kept, so flushing twice writes the same rows (idempotent).
        """
        day = date.fromisoformat(partition_date) if isinstance(partition_date, str) else partition_date
        now = datetime.now(timezone.utc)
        rows = [
            [asset, day, e.purpose, e.model, e.n_calls, e.n_cached, e.n_failed, e.prompt_tokens,
             e.completion_tokens, e.est_cost_usd, now]
            for e in self.entries()
        ]
        with connect(db_path) as con:
            ensure_llm_tables(con)
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute("DELETE FROM llm_ledger WHERE asset = ? AND partition_date = ?", [asset, day])
                if rows:
                    con.executemany(
                        "INSERT INTO llm_ledger (asset, partition_date, purpose, model, n_calls, n_cached, "
                        "n_failed, prompt_tokens, completion_tokens, est_cost_usd, recorded_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        rows,
                    )
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return len(rows)
