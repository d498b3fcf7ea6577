"""One real encoder per test session: loading the model costs seconds, encoding a few texts does not."""

from __future__ import annotations

import pytest

from clio_pipeline.embeddings.encoder import SentenceEncoder


@pytest.fixture(scope="session")
def encoder() -> SentenceEncoder:
    enc = SentenceEncoder("all-MiniLM-L6-v2", device="cpu", batch_size=32)
    enc.encode(["warm up"])  # load now, so a load failure shows up as a fixture error
    return enc
