"""Multilingual requests through real Dagster runs: raw vectors stored, centered over the clustering window.

Two days. Day 1 has both requests in three languages; on day 2 German and Chinese users ask only for
the recipe. A language's mean over day 2 alone is then the recipe's direction, so centering each day
on its own moved the same German recipe request differently on the two days; centered over the
window, it is one vector, and base clusters follow requests, not languages.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest
from dagster import DagsterInstance

from clio_pipeline.clustering.assets import base_clusters
from clio_pipeline.clustering.window import read_window
from clio_pipeline.embeddings.assets import embeddings
from clio_pipeline.embeddings.language_neutral import center_by_language
from clio_pipeline.embeddings.nano import MODEL_ID
from clio_pipeline.facets.assets import facets
from clio_pipeline.ingestion.assets import conversations
from clio_pipeline.resources import (
    ClusteringResource,
    EmbeddingResource,
    PrivacyResource,
)
from clio_pipeline_tests.conftest import conversation, pipeline_resources, run_assets, write_jsonl

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# Written for this test: two requests, each in three languages, several times over (different users).
REQUESTS = {
    "recipe": {"en": "Give me a recipe for a vegetarian lasagna with spinach",
               "de": "Gib mir ein Rezept für eine vegetarische Lasagne mit Spinat",
               "zh": "给我一个菠菜素食千层面的食谱"},
    "tax": {"en": "How do I file my income tax return online this year?",
            "de": "Wie reiche ich dieses Jahr meine Einkommensteuererklärung online ein?",
            "zh": "今年我怎样在网上申报个人所得税？"},
}


DAYS = ("2026-01-01", "2026-01-02")
DAY_TWO_ONLY_RECIPE = ("de", "zh")


def _records(day: str) -> list[dict]:
    records = []
    for topic, texts in REQUESTS.items():
        for language, text in texts.items():
            if day == DAYS[1] and topic == "tax" and language in DAY_TWO_ONLY_RECIPE:
                continue
            for i in range(4):
                records.append(conversation(f"{day}-{topic}-{language}-{i}", user=f"user-{i}",
                                            created_at=f"{day}T12:00:00Z",
                                            messages=[{"role": "user", "content": text}]))
    return records


def _run(home: Path, neutral: bool) -> Path:
    for day in DAYS:
        write_jsonl(home / "landing" / f"{day}.jsonl", _records(day))
    db = home / "warehouse.duckdb"
    resources = pipeline_resources(
        home, embedding=EmbeddingResource(language_neutral=neutral),
        clustering=ClusteringResource(window_days=2, pinned_k=2, seed=0),
        privacy=PrivacyResource(min_users=2, min_conversations=2),
    )
    with DagsterInstance.ephemeral() as instance:
        for day in DAYS:
            assert run_assets([conversations, facets, embeddings, base_clusters], resources, day,
                              instance=instance).success
    return db


def _stored(db: Path):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT e.conversation_id, e.model, e.embedding, c.embedding FROM embeddings e "
            "JOIN embedding_cache c ON c.text_hash = e.text_hash ORDER BY e.conversation_id"
        ).fetchall()


def _clusters(db: Path) -> dict[str, set[str]]:
    """Requests ("recipe", "tax") in each base cluster of the last day."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT cluster_id, conversation_id FROM cluster_assignments WHERE partition_date = ?",
                           [DAYS[1]]).fetchall()
    clusters: dict[str, set[str]] = {}
    for cluster_id, conversation_id in rows:
        clusters.setdefault(cluster_id, set()).add(conversation_id.split("-")[3])
    return clusters


def _cross_language_margin(ids: list[str], v: np.ndarray) -> float:
    """Mean cosine to the same request in other languages minus mean cosine to the other request."""
    topic = np.array([i.split("-")[3] for i in ids])
    language = np.array([i.split("-")[4] for i in ids])
    sims = v @ v.T
    same = (topic[:, None] == topic[None, :]) & (language[:, None] != language[None, :])
    other = topic[:, None] != topic[None, :]
    return float(sims[same].mean() - sims[other].mean())


@pytest.fixture(scope="module")
def neutral_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(tmp_path_factory.mktemp("neutral"), neutral=True)


def test_embeddings_stores_the_models_own_vectors(neutral_run: Path) -> None:
    rows = _stored(neutral_run)
    assert len(rows) == 2 * 24 - 2 * 4
    assert {r[1] for r in rows} == {MODEL_ID}
    stored = np.array([r[2] for r in rows], dtype=np.float32)
    np.testing.assert_allclose(stored, np.array([r[3] for r in rows]), atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(stored, axis=1), 1.0, atol=1e-5)


def test_window_centering_gives_one_vector_per_text_and_clusters_requests(neutral_run: Path) -> None:
    window = read_window(neutral_run, *[date.fromisoformat(d) for d in DAYS])
    neutral = window.language_neutral()
    assert len(window) == 40 and window.languages.count("de") == 12
    assert _cross_language_margin(window.conversation_ids, neutral.vectors) > max(
        0.1, _cross_language_margin(window.conversation_ids, window.vectors))
    # The same German recipe request on both days: one vector over the window ...
    day1, day2 = (window.conversation_ids.index(f"{d}-recipe-de-0") for d in DAYS)
    np.testing.assert_allclose(neutral.vectors[day1], neutral.vectors[day2], atol=1e-6)
    # ... where centering each day on its own moved it differently (day 2's German mean is the recipe).
    per_day = {d: center_by_language(window.vectors[rows], [window.languages[i] for i in rows])
               for d in DAYS for rows in [[i for i, c in enumerate(window.conversation_ids) if c.startswith(d)]]}
    index = {d: [c for c in window.conversation_ids if c.startswith(d)].index(f"{d}-recipe-de-0") for d in DAYS}
    moved_apart = np.linalg.norm(per_day[DAYS[0]][index[DAYS[0]]] - per_day[DAYS[1]][index[DAYS[1]]])
    assert moved_apart > 0.2 * np.linalg.norm(neutral.vectors[day1] - window.vectors[day1]), moved_apart
    # base_clusters clustered the centered window: two clusters, one request each.
    assert sorted(map(sorted, _clusters(neutral_run).values())) == [["recipe"], ["tax"]]


def test_language_neutral_off_clusters_the_raw_vectors(tmp_path: Path) -> None:
    db = _run(tmp_path, neutral=False)
    window = read_window(db, *[date.fromisoformat(d) for d in DAYS])
    assert _centroid_error(db, window.ids_vectors()) < 1e-3


def test_base_clusters_are_means_of_the_centered_window(neutral_run: Path) -> None:
    window = read_window(neutral_run, *[date.fromisoformat(d) for d in DAYS])
    assert _centroid_error(neutral_run, window.language_neutral().ids_vectors()) < 1e-3
    assert _centroid_error(neutral_run, window.ids_vectors()) > 1e-3  # not the raw vectors


def _centroid_error(db: Path, vectors: dict[str, np.ndarray]) -> float:
    """Largest distance between a stored base centroid (last day) and the unit mean of its members' `vectors`."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT a.conversation_id, c.centroid FROM cluster_assignments a JOIN clusters c "
                           "USING (partition_date, cluster_id) WHERE a.partition_date = ?", [DAYS[1]]).fetchall()
    members: dict[tuple, list[np.ndarray]] = {}
    for conversation_id, centroid in rows:
        members.setdefault(tuple(centroid), []).append(vectors[conversation_id])
    assert len(members) == 2
    errors = []
    for centroid, rows_ in members.items():
        mean, stored = np.mean(rows_, axis=0), np.asarray(centroid)
        errors.append(np.linalg.norm(mean / np.linalg.norm(mean) - stored / np.linalg.norm(stored)))
    return float(max(errors))
