"""The example requests' vectors, shipped beside the examples so that no run encodes them again.

The task and harm facets compare every summary with ~215 example requests (`task_prototypes.json`,
`harm_prototypes.json`). Encoding them costs every run (each Dagster run is a fresh process) about
5 % of encoding a 4,000-conversation day on two cores, for vectors that never change. So the bundled
model's vectors of each example list ship in `example_vectors.npz`, keyed by the model id and a digest
of the list's texts; `python -m bench.example_vectors` rewrites the file.

Nothing stale can be used: a list whose texts changed has another digest, and another embedding model
has another id. Either way the examples are encoded as before, so a stale or missing file costs time,
never correctness (and a test fails while the shipped file lags the JSON).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # semantic.py imports this module
    from clio_pipeline.facets.semantic import Embedder

VECTORS_FILE = "example_vectors.npz"


def texts_digest(texts: Sequence[str]) -> str:
    """A digest that changes with any text, its order or the number of texts."""
    digest = hashlib.sha256()
    for text in texts:
        encoded = text.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "little"))
        digest.update(encoded)
    return digest.hexdigest()[:32]


def _key(model_id: str, texts: Sequence[str]) -> str:
    return f"{hashlib.sha256(model_id.encode('utf-8')).hexdigest()[:12]}_{texts_digest(texts)}"


@lru_cache(maxsize=1)
def shipped() -> dict[str, np.ndarray]:
    """Key -> float32 vectors, from the shipped file ({} when it is absent)."""
    from clio_pipeline.facets.semantic import package_file  # imported here: semantic imports this module

    path = package_file(VECTORS_FILE)
    if not path.exists():
        return {}
    with np.load(path, allow_pickle=False) as data:
        return {name: np.ascontiguousarray(data[name], dtype=np.float32) for name in data.files}


def example_vectors(encoder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of `texts` by `encoder`: the shipped ones when they are for this model and these texts."""
    found = shipped().get(_key(encoder.model_id, texts))
    if found is not None and found.shape[0] == len(texts):
        return found.copy()
    return encoder.encode(list(texts))


def example_lists() -> list[tuple[str, ...]]:
    """The example lists the facets embed: task examples, harmful examples, benign look-alikes."""
    from clio_pipeline.facets.harm_prototypes import harm_examples, harmful_texts
    from clio_pipeline.facets.semantic import task_example_texts

    return [task_example_texts(), harmful_texts(), harm_examples()[1]]


def vectors_to_ship(encoder: Embedder, lists: Sequence[Sequence[str]]) -> dict[str, np.ndarray]:
    """What `VECTORS_FILE` holds for these example lists, encoded now by `encoder`."""
    return {_key(encoder.model_id, texts): np.asarray(encoder.encode(list(texts)), dtype=np.float32)
            for texts in lists}
