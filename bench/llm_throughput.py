"""Throughput of LLM facet extraction against the local chat-completions server.

    .venv/bin/python -m bench.llm_throughput                      # 640 conversations at 8/32/64
    .venv/bin/python -m bench.llm_throughput --n 320 --concurrency 32 --latency-s 0.2

The server answers every request after `--latency-s` (200 ms by default), like a remote model, and
runs in its own process (as a real model server does), so its Python work does not compete with the
client's for one interpreter lock; `--in-process` runs it in this process instead.

The ideal throughput at concurrency c is c / latency. Every figure is also reported as a ratio to
baselines measured in the same run, since the machine is shared and noisy:
- `vs ideal`: measured / (c / latency);
- `vs seq`: measured / sequential throughput (concurrency 1), whose ideal is c;
- `cpu ms/req`: the client's CPU per request at zero latency, the ceiling on throughput.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

from clio_pipeline.facets.llm_backend import LLMFacetExtractor
from clio_pipeline.llm.client import OpenAIJsonChat
from clio_pipeline.llm.ledger import Ledger
from clio_pipeline.types import Conversation, Message
from clio_pipeline_tests.support.chat_server import LocalChatServer

TOPICS = ["sorting a list in Python", "a cover letter", "a sourdough recipe", "a SQL join", "a budget plan",
          "a poem about autumn", "a bash script", "a history essay"]


def facet_responder(body: dict) -> str:
    """A valid facet answer whose summary depends on the request (so answers are not all equal)."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    topic = next((t for t in TOPICS if t in user), "a general question")
    return json.dumps({"summary": f"Help with {topic}.", "task": "help with a task", "language": "en",
                       "concerning_score": 1})


def make_conversations(n: int, run: str) -> list[Conversation]:
    """Distinct conversations (the run tag keeps keys apart across runs; no cache is used anyway)."""
    return [
        Conversation(
            conversation_id=f"{run}-{i}",
            user_id=f"u{i % 97}",
            created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
            messages=[
                Message(role="user", content=f"Can you help me with {TOPICS[i % len(TOPICS)]}? Case {run}-{i}. "
                        + "Some more context about what I need. " * 20),
                Message(role="assistant", content="Sure, here is how you could approach it. " * 30),
            ],
        )
        for i in range(n)
    ]


def load_scrubber():
    """The project's scrubber and its name (an import error fails the benchmark, never a silent stand-in)."""
    from clio_pipeline.privacy.scrubber import scrub

    return scrub, "privacy.scrubber.scrub"


@contextmanager
def chat_server(latency_s: float, in_process: bool) -> Iterator[str]:
    """The base URL of a local server answering with `facet_responder` after `latency_s`."""
    if in_process:
        with LocalChatServer(responder=facet_responder, latency_s=latency_s) as server:
            yield server.base_url
        return
    process = subprocess.Popen(
        [sys.executable, "-m", "clio_pipeline_tests.support.chat_server", "--latency-s", str(latency_s),
         "--responder", "bench.llm_throughput:facet_responder"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def measure(base_url: str, concurrency: int, conversations: list[Conversation], scrubber) -> dict:
    """Wall time, client CPU time and outcome of extracting facets from `conversations`."""
    ledger = Ledger()
    chat = OpenAIJsonChat(base_url, "bench", "local-model", concurrency=concurrency, ledger=ledger)
    extractor = LLMFacetExtractor(chat, scrubber=scrubber)
    wall, cpu = time.perf_counter(), time.process_time()
    records = extractor.extract(conversations)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    failed = sum(r.failed for r in records)
    (entry,) = ledger.entries()
    return {"n": len(records), "wall_s": wall, "cpu_s": cpu, "rps": len(records) / wall, "failed": failed,
            "calls": entry.n_calls}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=640, help="Conversations per concurrency level.")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32, 64])
    parser.add_argument("--latency-s", type=float, default=0.2)
    parser.add_argument("--sequential-n", type=int, default=20, help="Conversations for the concurrency-1 baseline.")
    parser.add_argument("--in-process", action="store_true", help="Run the server in this process.")
    args = parser.parse_args(argv)
    scrubber, scrubber_name = load_scrubber()
    print(f"LLM facet extraction: latency {args.latency_s * 1000:.0f} ms, n={args.n}, scrubber={scrubber_name}, "
          f"server={'in-process' if args.in_process else 'subprocess'}")

    with chat_server(0.0, args.in_process) as url:
        measure(url, 8, make_conversations(32, "warmup"), scrubber)  # imports, first connections
        zero = measure(url, 32, make_conversations(args.n, "zero"), scrubber)
    cpu_ms = 1000 * zero["cpu_s"] / zero["n"]
    print(f"zero-latency ceiling: {zero['rps']:.0f} req/s, client cpu {cpu_ms:.2f} ms/req")

    with chat_server(args.latency_s, args.in_process) as url:
        sequential = measure(url, 1, make_conversations(args.sequential_n, "seq"), scrubber)
        print(f"sequential baseline: {sequential['rps']:.2f} req/s "
              f"({1000 / sequential['rps']:.0f} ms/req, ideal {args.latency_s * 1000:.0f})")
        print(f"{'conc':>5} {'req/s':>8} {'ideal':>7} {'vs ideal':>9} {'vs seq':>7} {'wall s':>7} {'failed':>6}")
        for concurrency in args.concurrency:
            result = measure(url, concurrency, make_conversations(args.n, f"c{concurrency}"), scrubber)
            ideal = concurrency / args.latency_s
            print(f"{concurrency:>5} {result['rps']:>8.1f} {ideal:>7.0f} {result['rps'] / ideal:>9.2f} "
                  f"{result['rps'] / sequential['rps']:>7.1f} {result['wall_s']:>7.2f} {result['failed']:>6}")
            if result["failed"] or result["calls"] != result["n"]:
                print(f"  !! {result['failed']} failed, {result['calls']} calls for {result['n']} conversations")


if __name__ == "__main__":
    main()
