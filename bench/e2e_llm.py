"""The LLM path of the end-to-end benchmark: facet throughput by concurrency, and the cache's zero calls.

Reuses bench.llm_throughput (its local chat-completions server, facet responder, conversations and
`measure`). The cache check runs the facet extractor twice over the same conversations with the
warehouse's DuckDB response cache, as the `facets` asset does on a re-materialized unchanged day:
the second pass must make no HTTP call at all.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.llm_throughput import chat_server, load_scrubber, make_conversations, measure


def cached_rerun_calls(base_url: str, n: int) -> dict:
    """HTTP calls of a first pass and of an identical second pass through the response cache."""
    from clio_pipeline.facets.llm_backend import LLMFacetExtractor
    from clio_pipeline.llm.cache import DuckDBResponseCache
    from clio_pipeline.llm.client import OpenAIJsonChat
    from clio_pipeline.llm.ledger import Ledger

    scrubber, _ = load_scrubber()
    conversations = make_conversations(n, "cache")
    calls = []
    with tempfile.TemporaryDirectory() as folder:
        cache = DuckDBResponseCache(Path(folder) / "warehouse.duckdb")
        for _ in range(2):
            ledger = Ledger()
            chat = OpenAIJsonChat(base_url, "bench", "local-model", concurrency=32, cache=cache, ledger=ledger)
            LLMFacetExtractor(chat, scrubber=scrubber).extract(conversations)
            calls.append(sum(e.n_calls for e in ledger.entries()))
    return {"n": n, "first_pass_calls": calls[0], "unchanged_rerun_calls": calls[1]}


def llm_path(n: int, concurrency: list[int], latency_s: float = 0.2) -> dict:
    """Requests per second at each concurrency against a server answering after `latency_s`."""
    scrubber, scrubber_name = load_scrubber()
    rows: dict = {"latency_s": latency_s, "n": n, "scrubber": scrubber_name, "levels": {}}
    with chat_server(latency_s, in_process=False) as url:
        measure(url, 8, make_conversations(16, "warmup"), scrubber)
        sequential = measure(url, 1, make_conversations(10, "seq"), scrubber)
        rows["sequential_rps"] = sequential["rps"]
        for level in concurrency:
            result = measure(url, level, make_conversations(n, f"c{level}"), scrubber)
            ideal = level / latency_s
            rows["levels"][level] = {
                "rps": result["rps"], "ideal_rps": ideal, "vs_ideal": result["rps"] / ideal,
                "vs_sequential": result["rps"] / sequential["rps"], "failed": result["failed"], "calls": result["calls"],
            }
        rows["cache"] = cached_rerun_calls(url, min(n, 64))
    return rows
