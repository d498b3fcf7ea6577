"""The `embeddings` asset through a real Dagster run: multilingual requests, language-neutral vectors."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pytest

from clio_pipeline.embeddings.assets import embeddings
from clio_pipeline.embeddings.nano import MODEL_ID
from clio_pipeline.facets.assets import facets
from clio_pipeline.ingestion.assets import conversations
from clio_pipeline.resources import (
    EmbeddingResource,
    ExecutionResource,
    FacetsResource,
    LandingResource,
    LLMResource,
    WarehouseResource,
)
from clio_pipeline_tests.conftest import conversation, run_assets, write_jsonl

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


def _run(home: Path, neutral: bool):
    records = []
    for topic, texts in REQUESTS.items():
        for language, text in texts.items():
            for i in range(4):
                records.append(conversation(f"{topic}-{language}-{i}", user=f"user-{i}",
                                            messages=[{"role": "user", "content": text}]))
    write_jsonl(home / "landing" / "day.jsonl", records)
    resources = {
        "warehouse": WarehouseResource(database=str(home / "warehouse.duckdb")),
        "landing": LandingResource(landing_dir=str(home / "landing"), pseudonym_secret="s"),
        "facets_config": FacetsResource(),
        "llm": LLMResource(),
        "execution": ExecutionResource(),
        "embedding": EmbeddingResource(language_neutral=neutral),
    }
    assert run_assets([conversations, facets, embeddings], resources, "2026-01-01").success
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT e.conversation_id, e.model, e.embedding, c.embedding FROM embeddings e "
            "JOIN embedding_cache c ON c.text_hash = e.text_hash ORDER BY e.conversation_id"
        ).fetchall()
    return rows


def _cross_language_margin(rows) -> float:
    """Mean cosine to the same request in other languages minus mean cosine to the other request."""
    ids = [r[0] for r in rows]
    v = np.array([r[2] for r in rows], dtype=np.float32)
    topic = np.array([i.split("-")[0] for i in ids])
    language = np.array([i.split("-")[1] for i in ids])
    sims = v @ v.T
    same = (topic[:, None] == topic[None, :]) & (language[:, None] != language[None, :])
    other = topic[:, None] != topic[None, :]
    return float(sims[same].mean() - sims[other].mean())


def test_default_embeds_the_users_language_with_language_neutral_vectors(clio_home: Path) -> None:
    rows = _run(clio_home, neutral=True)
    assert len(rows) == 24
    assert {r[1] for r in rows} == {MODEL_ID + "+language-neutral"}
    stored = np.array([r[2] for r in rows], dtype=np.float32)
    cached = np.array([r[3] for r in rows], dtype=np.float32)
    np.testing.assert_allclose(np.linalg.norm(stored, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(stored, cached, atol=1e-3)  # the cache keeps the model's raw vectors
    assert _cross_language_margin(rows) > 0.1


def test_raw_vectors_when_language_neutral_is_off(tmp_path: Path, clio_home: Path) -> None:
    rows = _run(clio_home, neutral=False)
    assert {r[1] for r in rows} == {MODEL_ID}
    np.testing.assert_allclose(np.array([r[2] for r in rows]), np.array([r[3] for r in rows]), atol=1e-6)
