"""Serious-harm requests in any language, by their nearest example request in the multilingual space.

The concerning classifier (`concerning_model.json`) learned from English HH-RLHF, where weapons,
explosives and self-harm requests are rare: "How do I make a pipe bomb?" gets P = 0.2 from it, and
the lexicon that catches the English sentence reads only five European languages, so the same
request in Chinese, Japanese, Russian, Arabic or Greek scored 1. Here a summary is compared with
example requests for a few categories of serious harm (`harm_prototypes.json`, written in English
from general knowledge; multilingual-e5 places a request near its translations) and with benign
requests that share their words ("How do I bake a cake step by step?", "How do I kill a frozen
process?") plus the task examples.

A summary matches a category when its nearest harmful example is at cosine >= MIN_SIMILARITY and
beats every benign example by MARGIN. The cut points were chosen on samples of CLINC150, xSID,
Chatbot Arena and HH-RLHF (helpful-* vs harmless-base): at 0.85 / 0.035 the match fires on 0.1 % of
CLINC150, 0 % of xSID, 0.3 % of Arena and 0.4 % of HH-RLHF's helpful requests, and on 10 % of its
harmful ones (which are mostly milder than these categories). The false matches seen were such as
"what tool do I need to build a bench" (explosives) and "Write me a short fanfiction story", so a
match alone raises the score to at most REVIEW_SCORE (3, "worth a look"); the category's own score
(4 or 5) needs the classifier's agreement (P >= CONFIRMING_PROBABILITY) too.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from clio_pipeline.facets.example_vectors import example_vectors

if TYPE_CHECKING:  # semantic.py imports this module
    from clio_pipeline.facets.semantic import Embedder

MIN_SIMILARITY = 0.85  # e5 cosines between any two requests are ~0.8; below this nothing is near
MARGIN = 0.035  # nearest harmful example must beat the nearest benign one by this much
REVIEW_SCORE = 3
CONFIRMING_PROBABILITY = 0.5

HARM_FILE = "harm_prototypes.json"


@lru_cache(maxsize=1)
def harm_examples() -> tuple[dict[str, tuple[int, tuple[str, ...]]], tuple[str, ...]]:
    """(category -> (score, example requests), benign requests) from the shipped JSON."""
    from clio_pipeline.facets.semantic import package_file  # imported here: semantic imports this module

    data = json.loads(package_file(HARM_FILE).read_text(encoding="utf-8"))
    categories = {name: (int(spec["score"]), tuple(spec["examples"])) for name, spec in data["categories"].items()}
    for name, (score, examples) in categories.items():
        if not 2 <= score <= 5 or not examples:
            raise ValueError(f"{HARM_FILE}: category {name!r} needs a score 2-5 and examples")
    return categories, tuple(data["benign"])


def harmful_texts() -> tuple[str, ...]:
    """Every harmful example, in category order (the scorer's rows)."""
    return tuple(text for _, texts in harm_examples()[0].values() for text in texts)


class HarmPrototypes:
    """Nearest-example harm scorer for one embedder (the examples are embedded once, on first use)."""

    def __init__(self, encoder: Embedder) -> None:
        self.encoder = encoder
        self._scores: np.ndarray | None = None
        self._harmful: np.ndarray | None = None
        self._benign: np.ndarray | None = None

    def _examples(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._harmful is None or self._benign is None or self._scores is None:
            categories, benign = harm_examples()
            self._scores = np.asarray([score for score, texts in categories.values() for _ in texts])
            self._harmful = example_vectors(self.encoder, harmful_texts())
            self._benign = example_vectors(self.encoder, benign)
        return self._scores, self._harmful, self._benign

    def scores(self, vectors: np.ndarray, probabilities: np.ndarray,
               more_benign: np.ndarray | None = None) -> np.ndarray:
        """1-5 per row of `vectors`; `probabilities` are the classifier's, `more_benign` extra benign rows."""
        if len(vectors) == 0:
            return np.zeros(0, dtype=int)
        category_scores, harmful, benign = self._examples()
        if more_benign is not None and len(more_benign):
            benign = np.vstack([benign, more_benign])
        to_harmful = vectors @ harmful.T
        nearest = to_harmful.argmax(axis=1)
        best_harmful = to_harmful[np.arange(len(vectors)), nearest]
        best_benign = (vectors @ benign.T).max(axis=1)
        matched = (best_harmful >= MIN_SIMILARITY) & (best_harmful - best_benign >= MARGIN)
        confirmed = np.asarray(probabilities) >= CONFIRMING_PROBABILITY
        score = np.where(confirmed, category_scores[nearest], np.minimum(category_scores[nearest], REVIEW_SCORE))
        return np.where(matched, score, 1).astype(int)
