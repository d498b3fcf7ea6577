"""The shipped function-word and vague-word lists are wordfreq's, cut ahead of time (function_words.json)."""

from __future__ import annotations

import json

import pytest

from clio_pipeline.clustering import function_words as fw

wordfreq = pytest.importorskip("wordfreq")


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads(fw.SHIPPED_LISTS.read_text(encoding="utf-8"))


def test_the_file_covers_every_wordfreq_language_with_the_module_constants(shipped: dict) -> None:
    assert shipped["top_n"] == fw.TOP_N and shipped["generic_zipf"] == fw.GENERIC_ZIPF
    assert set(shipped["languages"]) == set(wordfreq.available_languages())


@pytest.mark.parametrize("language", ["en", "de", "zh", "ar", "ru", "ja"])
def test_function_words_equal_wordfreqs_own_top_words(language: str) -> None:
    expected = set(fw.STOPWORDS) | {w.casefold() for w in wordfreq.top_n_list(language, fw.TOP_N) if not w.isdigit()}
    assert fw.function_words(language) == expected


@pytest.mark.parametrize("language", ["en", "de", "zh", "ar", "es"])
def test_vague_words_agree_with_wordfreq_zipf(language: str) -> None:
    # Words around the threshold, from the frequency list itself: vague exactly when Zipf >= GENERIC_ZIPF.
    # (Latin words in a Chinese or Arabic list are re-tokenised by wordfreq and differ by ~0.1 Zipf.)
    own_script = language in ("en", "de", "es")
    sample = [w for w in wordfreq.top_n_list(language, 800)
              if (len(w) >= fw.MIN_WORD_CHARS or language == "zh") and w.isalpha() and (own_script or not w.isascii())][::3]
    disagree = [w for w in sample if fw.is_vague(w, language) != (wordfreq.zipf_frequency(w, language) >= fw.GENERIC_ZIPF)]
    assert len(sample) > 100 and disagree == []


def test_a_missing_file_falls_back_to_wordfreq(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(fw, "SHIPPED_LISTS", tmp_path / "absent.json")
    for cached in (fw._shipped, fw.function_words, fw.is_vague):
        cached.cache_clear()
    try:
        assert fw._shipped() == {}
        assert "the" in fw.function_words("en") and "der" in fw.function_words("de")
        assert fw.is_vague("good", "en") and not fw.is_vague("alarm", "en")
    finally:
        monkeypatch.undo()
        for cached in (fw._shipped, fw.function_words, fw.is_vague):
            cached.cache_clear()


def test_regional_and_unknown_codes() -> None:
    assert fw.function_words("de-st") == fw.function_words("de")
    assert fw.is_vague("good", "xx")  # a language wordfreq does not know is judged as English
    assert not fw.is_vague("Wecker", "de")
