"""Language centering: the language direction goes, the request direction stays."""

from __future__ import annotations

import numpy as np
import pytest

from clio_pipeline.embeddings.language_neutral import center_by_language


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_centering_removes_a_shared_language_offset_and_keeps_topics() -> None:
    rng = np.random.default_rng(0)
    topics = _unit(rng.normal(size=(4, 32)))
    offsets = {"en": np.zeros(32), "zh": 1.5 * _unit(rng.normal(size=32))}
    vectors, languages, topic = [], [], []
    for language, offset in offsets.items():
        for t in range(4):
            for _ in range(100):
                vectors.append(topics[t] + offset + 0.05 * rng.normal(size=32))
                languages.append(language)
                topic.append(t)
    raw = _unit(np.array(vectors, dtype=np.float32))
    neutral = center_by_language(raw, languages, prior_texts=0)
    zh, en = np.array(languages) == "zh", np.array(languages) == "en"
    same_topic = np.array(topic)[:, None] == np.array(topic)[None, :]
    cross = np.outer(zh, en) & same_topic
    other_topic_same_language = np.outer(zh, zh) & ~same_topic
    # Raw: a Chinese request is nearer Chinese requests of other topics than its English counterpart.
    raw_sims = raw @ raw.T
    assert raw_sims[cross].mean() < raw_sims[other_topic_same_language].mean()
    sims = neutral @ neutral.T
    assert sims[cross].mean() > sims[other_topic_same_language].mean() + 0.5
    np.testing.assert_allclose(np.linalg.norm(neutral, axis=1), 1.0, atol=1e-5)


def test_small_languages_move_little_and_undetermined_not_at_all() -> None:
    rng = np.random.default_rng(1)
    big = _unit(rng.normal(size=(500, 16)) + 1.0).astype(np.float32)
    odd = _unit(rng.normal(size=(2, 16)) - 1.0).astype(np.float32)
    vectors = np.vstack([big, odd, odd])
    languages = ["en"] * 500 + ["kk"] * 2 + ["und"] * 2
    out = center_by_language(vectors, languages, prior_texts=50)
    np.testing.assert_allclose(out[-2:], vectors[-2:], atol=1e-6)  # "und" untouched
    moved = np.linalg.norm(out[500:502] - vectors[500:502], axis=1)
    unshrunk = center_by_language(vectors, languages, prior_texts=0)
    assert (moved < np.linalg.norm(unshrunk[500:502] - vectors[500:502], axis=1) / 5).all()
    assert center_by_language(np.zeros((0, 4), np.float32), []).shape == (0, 4)
    with pytest.raises(ValueError):
        center_by_language(vectors, ["en"])
