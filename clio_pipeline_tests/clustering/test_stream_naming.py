"""The streamed window's language centering and texts pass against the in-memory path: the same vectors
bit for bit, the same word rule, the same names below the naming budget, and a bounded sample above it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from bench.synthetic_window import write_synthetic_window
from clio_pipeline.clustering.kmeans import faiss_kmeans
from clio_pipeline.clustering.naming import name_clusters_offline
from clio_pipeline.clustering.stream import Codes, StreamedWindow, center_in_place, read_window_streamed
from clio_pipeline.clustering.stream_rule import (
    MIN_NAMING_ROWS_PER_CLUSTER,
    name_from_sample,
    naming_rows,
    window_texts,
)
from clio_pipeline.clustering.window import read_window
from clio_pipeline.embeddings.language_neutral import center_by_language
from clio_pipeline.privacy.word_rule import WordRule
from clio_pipeline.warehouse import connect

START, END = date(2026, 1, 1), date(2026, 1, 3)
MIN_USERS = 3


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("stream-naming") / "warehouse.duckdb"
    write_synthetic_window(db, n=1200, start=START, days=4, dim=32, n_topics=12, noise=1.5, rows_per_user=4,
                           chunk_rows=97)
    # Several languages, one of them undetermined (left as it is by the centering), unevenly spread.
    with connect(db) as con:
        con.execute("UPDATE facets SET language = CASE WHEN hash(conversation_id) % 5 = 0 THEN 'fr' "
                    "WHEN hash(conversation_id) % 7 = 0 THEN '' WHEN hash(conversation_id) % 11 = 0 THEN 'de' "
                    "ELSE 'en' END")
    return db


def test_streamed_read_carries_the_languages_read_window_reads(warehouse: Path) -> None:
    full = read_window(warehouse, START, END)
    streamed = read_window_streamed(warehouse, START, END, chunk_rows=64)
    assert list(streamed.languages) == full.languages
    assert {"fr", "de", "en", "und"} <= set(full.languages)
    assert streamed.ages(END).tolist() == [(END - d).days for d in streamed.partition_dates(np.arange(900))]


def test_centering_in_place_is_center_by_language_bit_for_bit(warehouse: Path) -> None:
    full = read_window(warehouse, START, END)
    streamed = read_window_streamed(warehouse, START, END)
    center_in_place(streamed, chunk_rows=50)  # chunks smaller than every language's rows: sums continue
    expected = center_by_language(full.vectors, full.languages)
    assert not np.array_equal(expected, full.vectors)  # the centering moved something
    assert np.array_equal(streamed.vectors, expected)


def test_centering_refuses_a_window_without_languages() -> None:
    window = StreamedWindow(START, START, ["a"], Codes(np.zeros(1, np.int32), ["u"]),
                            np.ones((1, 4), np.float32), {START: 0})
    with pytest.raises(ValueError, match="without its languages"):
        center_in_place(window)


def test_naming_rows_are_every_row_below_the_budget_and_a_seeded_per_cluster_sample_above() -> None:
    labels = np.repeat(np.arange(4), [500, 300, 50, 150])
    np.random.default_rng(0).shuffle(labels)
    assert np.array_equal(naming_rows(labels, seed=0, budget=1000), np.arange(1000))
    rows = naming_rows(labels, seed=0, budget=400)  # 100 a cluster
    assert np.all(np.diff(rows) > 0)
    kept = np.bincount(labels[rows], minlength=4)
    assert kept.tolist() == [MIN_NAMING_ROWS_PER_CLUSTER, 100, 50, 100]  # a small cluster keeps all of its rows
    assert np.array_equal(rows, naming_rows(labels, seed=0, budget=400))  # a re-run picks the same rows
    assert not np.array_equal(rows, naming_rows(labels, seed=1, budget=400))


def test_texts_pass_counts_the_rule_over_every_summary_and_keeps_only_the_rows_asked_for(warehouse: Path) -> None:
    full = read_window(warehouse, START, END)
    rows = np.array([0, 5, 63, 64, 299, 300, 899])
    texts = window_texts(warehouse, START, END, rows, min_users=MIN_USERS, chunk_rows=64)
    assert texts.summaries == [full.summaries[i] for i in rows]
    expected = WordRule.from_texts(full.summaries, full.user_ids, MIN_USERS)
    assert texts.rule.vocabulary == expected.vocabulary and len(expected.vocabulary) > 10


def test_names_from_every_row_are_the_in_memory_names(warehouse: Path) -> None:
    full = read_window(warehouse, START, END)
    streamed = read_window_streamed(warehouse, START, END)
    result = faiss_kmeans(streamed.vectors, 12, seed=0)
    texts = window_texts(warehouse, START, END, naming_rows(result.labels, seed=0), min_users=MIN_USERS)
    assert len(texts.rows) == len(full)
    names = name_from_sample(name_clusters_offline, streamed, result, texts, min_users=MIN_USERS)
    expected = name_clusters_offline(full.summaries, full.user_ids, result.labels, full.vectors, result.centroids,
                                     min_users=MIN_USERS)
    assert names == expected


def test_names_from_a_sample_name_every_cluster_with_whole_window_counts(warehouse: Path) -> None:
    streamed = read_window_streamed(warehouse, START, END)
    result = faiss_kmeans(streamed.vectors, 6, seed=0)
    rows = naming_rows(result.labels, seed=0, budget=300)
    assert len(rows) < len(streamed)
    texts = window_texts(warehouse, START, END, rows, min_users=MIN_USERS)
    seen: list[int] = []

    def namer(summaries, user_ids, labels, vectors, centroids, *, min_users, rule=None):
        seen.append(len(summaries))
        assert rule is texts.rule  # the whole window's rule, not one counted from the sample
        return name_clusters_offline(summaries, user_ids, labels, vectors, centroids, min_users=min_users, rule=rule)

    names = name_from_sample(namer, streamed, result, texts, min_users=MIN_USERS)
    assert seen == [len(rows)]
    assert sorted(names) == list(range(6))
    sizes = np.bincount(result.labels)
    assert [names[c].n_conversations for c in range(6)] == sizes.tolist()
    users = [len(set(np.asarray(streamed.user_ids.codes)[result.labels == c].tolist())) for c in range(6)]
    assert [names[c].n_users for c in range(6)] == users
