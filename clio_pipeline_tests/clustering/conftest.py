"""Synthetic clusters of facet summaries with known key words, planted rare words and planted PII."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import pytest

TOPICS = {
    "python": [
        "The user asks for help debugging a Python script that raises a KeyError in pandas.",
        "The user wants to fix a KeyError in Python pandas code.",
        "Debugging a Python pandas merge that raises a KeyError.",
        "The user needs help debugging Python code with pandas groupby errors.",
    ],
    "recipe": [
        "The user asks for a vegetarian lasagna recipe for a family dinner.",
        "The user wants a quick vegetarian dinner recipe with lentils.",
        "Request for a vegetarian recipe idea for dinner guests.",
        "The user asks how to adapt a lasagna recipe to be vegetarian for dinner.",
    ],
    "resume": [
        "El usuario pide ayuda para mejorar su currículum para una entrevista de trabajo.",
        "El usuario quiere redactar un currículum y una carta de presentación para un trabajo.",
        "Consejos para preparar una entrevista de trabajo y actualizar el currículum.",
    ],
}
RARE_WORDS = ["zorbington", "quaxville", "flimbertech"]
PII = ["jane.doe@example.com", "+1 415 555 0132", "4111 1111 1111 1111"]


@dataclass
class SummaryClusters:
    summaries: list[str]
    user_ids: list[str]
    labels: np.ndarray
    embeddings: np.ndarray
    centroids: np.ndarray
    topics: list[str]
    rare_words: list[str]
    pii: list[str]


@pytest.fixture(scope="module")
def clusters() -> SummaryClusters:
    """40 summaries per topic from 40 users; a few users add rare words and personal data.

    Embeddings are synthetic (a direction per topic plus noise): the namers only use them to find
    central and nearest-outside summaries, so the real encoder is not needed here.
    """
    rng = random.Random(1)
    nrng = np.random.default_rng(1)
    summaries, users, labels = [], [], []
    for label, (_, pool) in enumerate(TOPICS.items()):
        for i in range(40):
            text = rng.choice(pool)
            if i < 3:  # 3 users (< min_users) mention a rare word, several times each
                text += f" They mention {RARE_WORDS[label]} {RARE_WORDS[label]} twice."
            if i == 5:
                text += f" Contact: {PII[label]}."
            summaries.append(text)
            users.append(f"user-{label}-{i}")
            labels.append(label)
    directions = nrng.normal(size=(len(TOPICS), 16))
    embeddings = directions[labels] + 0.3 * nrng.normal(size=(len(labels), 16))
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    labels_array = np.asarray(labels, dtype=np.int64)
    centroids = np.stack([embeddings[labels_array == c].mean(axis=0) for c in range(len(TOPICS))])
    return SummaryClusters(
        summaries, users, labels_array, embeddings.astype(np.float32), centroids.astype(np.float32),
        list(TOPICS), RARE_WORDS, PII,
    )
