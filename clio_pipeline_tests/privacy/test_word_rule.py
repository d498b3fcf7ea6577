"""The distinct-users word rule: rare words (and placeholders) never reach published text."""

from __future__ import annotations

import random

import pytest

from clio_pipeline.privacy.word_rule import STOPWORDS, WordRule, tokenize_words

MIN_USERS = 5


def _corpus_with_planted_rare_words(min_users: int) -> tuple[list[str], list[str], dict[str, int]]:
    """Common words used by many users, plus rare words each used by 1..min_users-1 distinct users.

    A rare word's users write it several times, so a rule that counted texts instead of users would
    let it through.
    """
    rng = random.Random(7)
    common = ["python", "debugging", "recipe", "travel", "résumé", "2024", "datos", "größe"]
    texts, users = [], []
    for i in range(40):
        user = f"u{i}"
        words = rng.sample(common, 4)
        texts.append(f"The user asks about {' and '.join(words)}.")
        users.append(user)
        texts.append(f"Help with {common[i % len(common)]}, please.")
        users.append(user)
    rare = {}
    for n_users in range(1, min_users):
        word = f"zorblax{n_users}"
        rare[word] = n_users
        for j in range(n_users):
            for _ in range(3):  # many texts, few users
                texts.append(f"A question mentioning {word} and python")
                users.append(f"rare{n_users}_{j}")
    rare["8837461"] = 2  # a rare number
    for j in range(2):
        for _ in range(10):
            texts.append("account 8837461 travel")
            users.append(f"acct{j}")
    return texts, users, rare


def test_rare_words_dropped_common_words_kept() -> None:
    texts, users, rare = _corpus_with_planted_rare_words(MIN_USERS)
    rule = WordRule.from_texts(texts, users, MIN_USERS)
    for word in rare:
        assert not rule.allows(word), word
        assert word not in rule.vocabulary
    for word in ["python", "debugging", "recipe", "travel", "résumé", "2024", "datos", "größe"]:
        assert rule.allows(word), word
        assert rule.allows(word.upper())
    published = rule.filter_text("Python debugging for zorblax4 and account 8837461 (zorblax1)")
    assert published == "Python debugging for and"  # "account": 2 users only
    for word in rare:
        assert word not in published.lower()
    assert rule.violations("Python zorblax3 recipe 8837461") == ["zorblax3", "8837461"]


def test_exactly_min_users_is_enough() -> None:
    texts = ["mentions kangaroo"] * MIN_USERS
    rule_ok = WordRule.from_texts(texts, [f"u{i}" for i in range(MIN_USERS)], MIN_USERS)
    rule_short = WordRule.from_texts(texts, [f"u{i % (MIN_USERS - 1)}" for i in range(MIN_USERS)], MIN_USERS)
    assert rule_ok.allows("kangaroo")
    assert not rule_short.allows("kangaroo")


def test_placeholders_never_allowed_even_if_common() -> None:
    texts = [f"User [NAME] asks about [EMAIL] setup {i}" for i in range(30)]
    rule = WordRule.from_texts(texts, [f"u{i}" for i in range(30)], 3)
    assert not rule.allows("[NAME]")
    assert not rule.allows("[name]")
    assert rule.violations("User [NAME] asks about setup") == ["[name]"]
    assert "[" not in rule.filter_text("User [NAME] asks about setup ([EMAIL])")
    assert rule.filter_text("User [NAME] asks about setup ([EMAIL])") == "User asks about setup"


def test_stopwords_are_multilingual_and_always_allowed() -> None:
    rule = WordRule.from_texts([], [], 10)
    for word in ["the", "de", "und", "les", "não", "para", "dans"]:
        assert word in STOPWORDS
        assert rule.allows(word)
    assert not rule.allows("python")
    assert rule.filter_text("Python and pandas") == "and"


def test_tokenizer_is_unicode_aware_and_lower_cased() -> None:
    assert tokenize_words("Größe: São Paulo, don't 42x [NAME]!") == [
        "grösse", "são", "paulo", "don't", "42x", "[name]"
    ]
    # Chinese and Japanese are segmented into words (no spaces to split on).
    assert tokenize_words("日本語 テキスト") == ["日本", "語", "テキスト"]
    assert tokenize_words("我住在南京市") == ["我", "住", "在", "南京市"]
    # Full-width letters fold to ASCII so they cannot dodge the rule.
    assert tokenize_words("ｐｙｔｈｏｎ") == ["python"]


def test_filter_text_tidies_punctuation() -> None:
    rule = WordRule(["python", "errors", "pandas"], min_users=2)
    assert rule.filter_text("Python debugging: errors, secretcorp, pandas") == "Python: errors, pandas"
    assert rule.filter_text("secretcorp, python") == "python"
    assert rule.filter_text("python - secretcorp") == "python"


def test_mismatched_lengths_rejected() -> None:
    with pytest.raises(ValueError):
        WordRule.from_texts(["a"], [], 2)
