"""The warehouse embedding cache: round trip, second call encodes nothing, no stale/mixed models."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np
import pytest

from clio_pipeline.embeddings.cache import cached_encode, embed_with_cache, lookup, store
from clio_pipeline.embeddings.encoder import SentenceEncoder, text_hash

pytestmark = pytest.mark.slow


class CountingEncoder:
    """Wraps the real encoder and records what it was asked to encode."""

    def __init__(self, inner: SentenceEncoder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.calls: list[list[str]] = []

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.encode(texts)


def test_store_lookup_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(5, 384)).astype(np.float32)
    hashes = [text_hash(f"t{i}") for i in range(5)]
    assert lookup(db, "m", hashes) == {}  # no database yet
    store(db, "m", hashes, vectors)
    store(db, "m", hashes[:2], vectors[:2] + 1)  # existing keys are kept, not duplicated
    found = lookup(db, "m", [*hashes, text_hash("absent")])
    assert set(found) == set(hashes)
    for h, v in zip(hashes, vectors, strict=True):
        np.testing.assert_array_equal(found[h], v)
    assert lookup(db, "other-model", hashes) == {}
    with duckdb.connect(str(db)) as con:
        assert con.execute("SELECT count(*) FROM embedding_cache").fetchone() == (5,)
        assert con.execute("SELECT count(*) FROM embeddings").fetchone() == (0,)  # DDL created it


def test_second_call_encodes_nothing(tmp_path: Path, encoder: SentenceEncoder) -> None:
    db = tmp_path / "wh.duckdb"
    counting = CountingEncoder(encoder)
    texts = ["help with a resume", "python error", "help with a resume", "cooking pasta"]
    first, n_cached, n_encoded = embed_with_cache(db, counting, texts)
    assert (n_cached, n_encoded) == (0, 3)  # the duplicate is encoded once
    assert counting.calls == [["help with a resume", "python error", "cooking pasta"]]
    second, n_cached, n_encoded = embed_with_cache(db, counting, texts[::-1])
    assert (n_cached, n_encoded) == (3, 0)
    assert len(counting.calls) == 1
    np.testing.assert_allclose(second, first[::-1], atol=1e-6)
    np.testing.assert_allclose(first, encoder.encode(texts), atol=1e-5)
    third, n_cached, n_encoded = embed_with_cache(db, counting, ["python error", "a new text"])
    assert (n_cached, n_encoded) == (1, 1)
    assert counting.calls[-1] == ["a new text"]
    assert third.shape == (2, 384) and third.dtype == np.float32


def test_store_rejects_mismatched_shapes(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        store(tmp_path / "wh.duckdb", "m", ["a", "b"], np.zeros((3, 4), dtype=np.float32))


def test_cached_encode_serves_repeated_names_from_the_warehouse(tmp_path: Path, encoder: SentenceEncoder) -> None:
    db = tmp_path / "wh.duckdb"
    counting = CountingEncoder(encoder)
    encode = cached_encode(db, counting)
    names = ["Help with resumes", "Python errors", "Cooking pasta"]
    first = encode(names)
    # The next day offers mostly the same names: only the new one is encoded, in a new process too.
    second = cached_encode(db, counting)(["Python errors", "Tax returns", "Help with resumes"])
    assert counting.calls == [names, ["Tax returns"]]
    np.testing.assert_allclose(second[[0, 2]], first[[1, 0]], atol=1e-6)
    np.testing.assert_allclose(second, encoder.encode(["Python errors", "Tax returns", "Help with resumes"]), atol=1e-5)
    assert encode([]).shape == (0, encoder.dim)
