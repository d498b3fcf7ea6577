"""The streamed window (chunked read, sampled k-means, batched assignment, naming by groups) against the
in-memory path on the same small warehouse: the same rows, labels and names, and chunking that is real."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from bench.synthetic_window import write_synthetic_window
from clio_pipeline.clustering.kmeans import faiss_kmeans
from clio_pipeline.clustering.stream import (
    assign_batch,
    assign_in_batches,
    iter_window_chunks,
    kmeans_on_sample,
    read_window_streamed,
    training_rows,
)
from clio_pipeline.clustering.stream_rule import window_word_rule
from clio_pipeline.clustering.window import read_window
from clio_pipeline.privacy.word_rule import WordRule

START, END = date(2026, 1, 1), date(2026, 1, 3)
MIN_USERS = 3


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("stream") / "warehouse.duckdb"
    # Four days, of which the window takes three: a day outside must not leak in.
    write_synthetic_window(db, n=1200, start=START, days=4, dim=32, n_topics=12, noise=1.5, rows_per_user=4,
                           chunk_rows=97)
    return db


def test_streamed_read_matches_the_in_memory_read(warehouse: Path) -> None:
    full = read_window(warehouse, START, END)
    chunks = list(iter_window_chunks(warehouse, START, END, chunk_rows=64))
    assert len(chunks) > len(full) // 64  # chunked for real, not one batch
    assert max(len(c.vectors) for c in chunks) <= 64
    streamed = read_window_streamed(warehouse, START, END, chunk_rows=64)
    assert len(streamed) == len(full) == 900
    assert streamed.conversation_ids == full.conversation_ids
    assert list(streamed.user_ids) == full.user_ids
    assert np.array_equal(streamed.vectors, full.vectors)
    rows = np.array([0, 299, 300, 899])
    assert streamed.partition_dates(rows) == [START, START, date(2026, 1, 2), END]


def test_batched_assignment_equals_one_search(warehouse: Path) -> None:
    vectors = read_window_streamed(warehouse, START, END).vectors
    centroids = faiss_kmeans(vectors, 12, seed=0).centroids
    whole = assign_batch(vectors, centroids)
    labels, distances = assign_in_batches(vectors, centroids, batch_rows=37)
    assert np.array_equal(labels, whole[0])
    np.testing.assert_allclose(distances, whole[1], atol=1e-6)


def test_kmeans_on_sample_is_faiss_kmeans_when_the_window_fits_the_sample(warehouse: Path) -> None:
    vectors = read_window_streamed(warehouse, START, END).vectors
    assert training_rows(len(vectors), 12, seed=0) is None  # 900 < 256 * 12
    sampled, full = kmeans_on_sample(vectors, 12, seed=0), faiss_kmeans(vectors, 12, seed=0)
    assert np.array_equal(sampled.labels, full.labels)
    assert np.array_equal(sampled.centroids, full.centroids)


def test_kmeans_on_a_real_sample_trains_on_fewer_rows_and_assigns_every_row(warehouse: Path) -> None:
    vectors = read_window_streamed(warehouse, START, END).vectors
    rows = training_rows(len(vectors), 12, seed=0, per_centroid=20)
    assert rows is not None and len(rows) == 240 and len(set(rows.tolist())) == 240
    result = kmeans_on_sample(vectors, 12, seed=0, per_centroid=20, batch_rows=50)
    assert result.labels.shape == (900,) and result.centroids.shape == (12, 32)
    assert np.array_equal(result.labels, assign_batch(vectors, result.centroids)[0])
    # Trained on 240 of 900 rows, it still finds the 12 planted topics (noisy, but well apart).
    assert len(np.unique(result.labels)) == 12


def test_streamed_word_rule_counts_what_from_texts_counts(warehouse: Path) -> None:
    full = read_window(warehouse, START, END)
    expected = WordRule.from_texts(full.summaries, full.user_ids, MIN_USERS)
    streamed = window_word_rule(warehouse, START, END, MIN_USERS, chunk_rows=50)
    assert streamed.vocabulary == expected.vocabulary and len(expected.vocabulary) > 10
