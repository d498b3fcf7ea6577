"""The bundled encoder loads offline and produces normalised, semantically sensible vectors."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from clio_pipeline.embeddings.encoder import SentenceEncoder, resolve_model_path, text_hash

pytestmark = pytest.mark.slow


def test_resolve_model_path_finds_bundled_model() -> None:
    for name in ("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
        path = Path(resolve_model_path(name))
        assert (path / "model.safetensors").exists()
        assert (path / "modules.json").exists()
    assert resolve_model_path("/some/other/model") == "/some/other/model"
    assert resolve_model_path("BAAI/bge-small-en") == "BAAI/bge-small-en"


def test_encoder_is_offline_normalised_and_384_d(encoder: SentenceEncoder) -> None:
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    assert encoder.dim == 384
    assert encoder.model_id == "sentence-transformers/all-MiniLM-L6-v2"
    vectors = encoder.encode(["How do I fix a Python KeyError?", "Recipe for banana bread", "x"])
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_similarity_is_semantically_sensible(encoder: SentenceEncoder) -> None:
    texts = [
        "Debugging a Python script that raises a KeyError in a dictionary",
        "Fixing an exception in my Python code when accessing a dict key",
        "Suggestions for a vegetarian lasagna recipe for dinner",
    ]
    v = encoder.encode(texts)
    sims = v @ v.T
    assert sims[0, 1] > sims[0, 2] + 0.3
    assert sims[0, 1] > sims[1, 2] + 0.3


def test_order_is_preserved_and_empty_input(encoder: SentenceEncoder) -> None:
    texts = ["alpha particle physics", "baking sourdough bread", "tax return deadlines"]
    forward = encoder.encode(texts)
    backward = encoder.encode(texts[::-1])
    np.testing.assert_allclose(forward, backward[::-1], atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_lazy_load_imports_nothing_until_used() -> None:
    lazy = SentenceEncoder("all-MiniLM-L6-v2")
    assert lazy._model is None
    assert lazy.model_id == SentenceEncoder("sentence-transformers/all-MiniLM-L6-v2").model_id


def test_text_hash_is_stable_and_content_sensitive() -> None:
    assert text_hash("abc") == text_hash("abc")
    assert text_hash("abc") != text_hash("abd")
    assert len(text_hash("é")) == 64
