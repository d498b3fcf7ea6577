"""The publication word rule against fake accounts, and the blocking check that backs it up.

Every identifying word below is used by far more accounts than the threshold, as a sybil attack makes
it; the rule must still refuse it because it may be a personal name (any script) or is no language's
general vocabulary. Illness words are general vocabulary and stay publishable as topics.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from clio_pipeline.privacy.published_rows import find_detector_hits
from clio_pipeline.privacy.word_rule import WIDE_USE_FACTOR, WordRule, identifying_words, tokenize_words

MIN_USERS = 25
NAMES = {
    "latin lower": "zorblax vantreight",
    "latin listed": "john smith",
    "latin caps": "MARGUERITE OKONKWO",
    "cyrillic": "Всеволод Пржевальский",
    "greek": "Γιώργος Παπαδόπουλος",
    "arabic": "محمد العتيبي",
    "chinese": "王伟",
    "japanese": "田中太郎",
}
ILLNESS = "cancer hepatitis schizophrenia раком καρκίνος سرطان 肝癌 癌"


def _sybil_rule(text: str, accounts: int) -> WordRule:
    """The rule over summaries where `accounts` fresh accounts wrote `text`, plus ordinary users."""
    texts = [text] * accounts + ["help with my python code"] * MIN_USERS
    users = [f"sybil{i}" for i in range(accounts)] + [f"u{i}" for i in range(MIN_USERS)]
    return WordRule.from_texts(texts, users, MIN_USERS)


@pytest.mark.parametrize("script", sorted(NAMES))
def test_names_never_pass_on_counts(script: str) -> None:
    text = f"{NAMES[script]} {ILLNESS}"
    rule = _sybil_rule(text, accounts=30)
    published = rule.filter_text(text).casefold()
    for word in tokenize_words(NAMES[script]):
        if script != "latin lower" or word != "vantreight":
            assert word not in published, (script, word, published)
    # "vantreight" is spelled like an ordinary word, not a name; it still needs general vocabulary or
    # WIDE_USE_FACTOR x min_users accounts, and 30 are far fewer.
    assert "vantreight" not in published
    for illness in ("cancer", "hepatitis", "раком", "καρκίνος", "سرطان", "肝癌"):
        assert illness.casefold() in published, (illness, published)


def test_wide_use_admits_jargon_but_never_a_name() -> None:
    many = WIDE_USE_FACTOR * MIN_USERS
    rule = _sybil_rule("dataframe agents and zorblax", accounts=many)
    assert rule.allows("dataframe")  # rarer than the frequency lists reach, used by hundreds: jargon
    assert not rule.allows("zorblax")  # name-like spelling: never, whatever the count
    assert not _sybil_rule("dataframe agents", accounts=MIN_USERS * 2).allows("dataframe")


def test_proper_noun_usage_blocks_the_wide_route() -> None:
    texts = [f"I asked Quorvath about it {i}" for i in range(WIDE_USE_FACTOR * MIN_USERS)]
    rule = WordRule.from_texts(texts, [f"s{i}" for i in range(len(texts))], MIN_USERS)
    assert not rule.allows("quorvath")


def test_identifying_words_need_no_counts() -> None:
    assert identifying_words("Cancer treatment questions") == []
    for name in NAMES.values():
        assert identifying_words(f"Questions about {name}"), name
    assert identifying_words("Help for [NAME]") == ["[name]"]


def test_no_personal_data_check_fails_on_an_injected_name() -> None:
    """The blocking check is the backstop: a name-like token that slipped into staged names fails it."""
    row = {"partition_date": date(2026, 1, 7), "cluster_id": "k", "parent_id": None,
           "name": "Hepatitis questions", "description": "Conversations about hepatitis.",
           "n_conversations": 100, "n_users": 50, "audit_score": 5}
    assert find_detector_hits([row]) == []
    for name in ("zorblax", "Всеволод", "王伟", "田中", "Γιώργος", "محمد", "john"):
        hits = find_detector_hits([row | {"name": f"Hepatitis and {name}"}])
        assert hits and "identifying words" in " ".join(hits), name
        hits = find_detector_hits([row | {"description": f"Conversations about {name} and hepatitis."}])
        assert hits, name


def test_language_resources_load_lazily_and_offline() -> None:
    """Importing the scrubber loads no segmenter or dictionary; the first text of a script loads its
    model from the installed package, with every socket blocked."""
    code = (
        "import sys, socket\n"
        "def no(*a, **k): raise OSError('network disabled')\n"
        "socket.socket.connect = no; socket.create_connection = no\n"
        "from clio_pipeline.privacy.scrubber import scrub\n"
        "from clio_pipeline.privacy.word_rule import WordRule\n"
        "scrub('Hello, how do I sort a list in Python?')\n"
        "assert not {'jieba', 'fugashi', 'pymorphy3'} & set(sys.modules), sorted(sys.modules)\n"
        "assert '[NAME]' in scrub('我叫王伟，我想学习编程').text\n"
        "assert '[NAME]' in scrub('私は田中太郎です').text\n"
        "assert '[NAME]' in scrub('Меня зовут Всеволод Пржевальский').text\n"
        "assert {'jieba', 'fugashi', 'pymorphy3'} <= set(sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
