"""Response cache: validated LLM answers keyed by `protocol.cache_key`.

Re-materializing a partition with unchanged inputs, prompt and model therefore makes no HTTP call.
The client reads every key of a batch before it sends anything and writes the new answers after the
batch, so the DuckDB connection is open for two short moments and never while requests are in flight
(the warehouse allows one writer per file).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from clio_pipeline.warehouse import connect, sql_text


@dataclass(frozen=True)
class CacheRow:
    """One answer to store. `response_json` is the validated answer, as the response model's JSON."""

    cache_key: str
    model: str
    purpose: str
    response_json: str
    prompt_version: str | None = None


class ResponseCache(Protocol):
    """Where the client looks answers up before calling the model and stores new answers after."""

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        """The stored response JSON of every key that is present (absent keys are left out)."""
        ...

    def put_many(self, rows: Iterable[CacheRow]) -> None:
        """Store answers; an existing key is overwritten."""
        ...


class MemoryResponseCache:
    """An in-process cache (tests, notebooks, one-off runs)."""

    def __init__(self) -> None:
        self._rows: dict[str, CacheRow] = {}
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        with self._lock:
            return {k: self._rows[k].response_json for k in keys if k in self._rows}

    def put_many(self, rows: Iterable[CacheRow]) -> None:
        with self._lock:
            for row in rows:
                self._rows[row.cache_key] = row

    def __len__(self) -> int:
        return len(self._rows)


def ensure_llm_tables(con) -> None:
    """Create `llm_cache` and `llm_ledger` if missing (DDL in sql/warehouse/llm.sql)."""
    con.execute(sql_text("warehouse", "llm.sql"))


class DuckDBResponseCache:
    """The `llm_cache` table of the warehouse; every call opens and closes its own connection."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = Path(db_path)

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        unique = list(dict.fromkeys(keys))
        if not unique:
            return {}
        with connect(self.db_path) as con:
            ensure_llm_tables(con)
            # Joining against a one-column relation keeps the query size independent of the batch size.
            con.execute("CREATE TEMP TABLE wanted_keys (cache_key VARCHAR)")
            con.executemany("INSERT INTO wanted_keys VALUES (?)", [[k] for k in unique])
            found = con.execute(
                "SELECT c.cache_key, c.response_json FROM llm_cache c JOIN wanted_keys USING (cache_key)"
            ).fetchall()
        return dict(found)

    def put_many(self, rows: Iterable[CacheRow]) -> None:
        # Last write wins within one call, matching the primary key of the table.
        by_key = {row.cache_key: row for row in rows}
        if not by_key:
            return
        now = datetime.now(timezone.utc)
        values = [
            [r.cache_key, r.model, r.prompt_version, r.purpose, r.response_json, now] for r in by_key.values()
        ]
        with connect(self.db_path) as con:
            ensure_llm_tables(con)
            con.execute("BEGIN TRANSACTION")
            try:
                con.executemany(
                    "INSERT OR REPLACE INTO llm_cache "
                    "(cache_key, model, prompt_version, purpose, response_json, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    values,
                )
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
