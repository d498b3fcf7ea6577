"""Phrase names: requests many users share, in English when a cluster has English members, never personal data."""

from __future__ import annotations

import re

import numpy as np
import pytest

from clio_pipeline.clustering.function_words import has_content, is_function_word, trim_function_words
from clio_pipeline.clustering.naming import name_clusters_offline
from clio_pipeline.clustering.phrases import analyse
from clio_pipeline.privacy.policy import FALLBACK_NAME
from clio_pipeline.privacy.word_rule import WordRule, tokenize_words

TAG = re.compile(r" \[([a-z]{2,3})\]$")


def _clusters(groups: list[list[str]], users_per_text: int = 1) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """Summaries of each group, every one from its own user; one embedding direction per group."""
    summaries, users, labels = [], [], []
    for label, texts in enumerate(groups):
        for i, text in enumerate(texts):
            summaries.append(text)
            users.append(f"g{label}-u{i // users_per_text}")
            labels.append(label)
    labels_array = np.asarray(labels)
    embeddings = np.eye(len(groups), dtype=np.float32)[labels_array]
    return summaries, users, labels_array, embeddings


def _name(groups: list[list[str]], min_users: int = 5, users_per_text: int = 1):
    summaries, users, labels, embeddings = _clusters(groups, users_per_text)
    return name_clusters_offline(summaries, users, labels, embeddings, np.eye(len(groups), dtype=np.float32),
                                 min_users=min_users)


ALARMS = [f"set an alarm for {h} tomorrow morning" for h in range(5, 11)] * 2 + [
    "set an alarm to wake me up early", "please set an alarm for the gym"]
LETTERS = [f"write a cover letter for a {job} job application" for job in
           ["nurse", "teacher", "designer", "chef", "pilot", "driver", "baker", "lawyer", "cashier", "editor"]]
WEATHER = [f"what is the weather forecast for {day}" for day in
           ["monday", "tuesday", "friday", "the weekend", "tonight", "sunday", "saturday", "today", "next week"]]


def test_names_are_requests_that_many_users_wrote() -> None:
    labels = _name([ALARMS, LETTERS, WEATHER])
    assert labels[0].name == "Set an alarm"
    assert labels[1].name.startswith("Write a cover letter")
    assert "weather forecast" in labels[2].name.lower()
    for label in labels.values():
        assert label.description.startswith("People ask: ")
        assert "Conversations about" not in label.description and "Also characteristic" not in label.description
    # The description sets the cluster against its nearest clusters, by their names.
    assert labels[0].name in labels[1].description or labels[0].name in labels[2].description


def test_a_phrase_fewer_users_wrote_is_never_the_name() -> None:
    """Two users write "quarterly sales forecast spreadsheet" ten times each; five users ask for budgets."""
    repeated = ["build a quarterly sales forecast spreadsheet"] * 20
    budgets = [f"make a monthly budget plan for {x}" for x in ["rent", "food", "travel", "savings", "school"]]
    labels = _name([repeated + budgets, LETTERS], users_per_text=1)
    summaries, users, _, _ = _clusters([repeated + budgets, LETTERS])
    users[:20] = ["alice"] * 10 + ["bob"] * 10  # the repeated phrase: two users only
    out = name_clusters_offline(summaries, users, np.asarray([0] * 25 + [1] * 10),
                                np.eye(2, dtype=np.float32)[[0] * 25 + [1] * 10], np.eye(2, dtype=np.float32),
                                min_users=5)
    published = f"{out[0].name} {out[0].description}".lower()
    assert "quarterly" not in published and "spreadsheet" not in published
    assert "budget" in out[0].name.lower()
    assert labels[0].name  # with twenty users the same phrase may name it


PLANTED = {
    "email": "jane.doe@example.com",
    "phone": "+1 415 555 0132",
    "card": "4111 1111 1111 1111",
    "surname": "Kowalczyk",
    "first name": "Zbigniew",
    "invented": "zorblaxian",
}


@pytest.mark.parametrize("min_users", [2, 5])
def test_planted_personal_data_never_reaches_names_or_descriptions(min_users: int) -> None:
    """Every summary of one cluster carries the same personal data, so every phrase holding it is shared by
    all its users: only the scrubber and the word rule stand between it and the name."""
    leaky = [f"email {PLANTED['email']} or call {PLANTED['phone']} to book an appointment with "
             f"Dr. {PLANTED['first name']} {PLANTED['surname']} about {PLANTED['invented']} card "
             f"{PLANTED['card']} number {i}" for i in range(12)]
    labels = _name([leaky, LETTERS, ALARMS], min_users=min_users)
    for label in labels.values():
        published = f"{label.name} {label.description}"
        for kind, value in PLANTED.items():
            assert value.lower() not in published.lower(), (kind, published)
        for fragment in ["jane", "doe", "example", "@", "415", "555", "0132", "4111", "kowalczyk", "zbigniew",
                         "zorblaxian"]:
            assert fragment not in published.lower(), (fragment, published)
        assert "[" not in TAG.sub("", label.name) and "[" not in label.description
    assert "appointment" in labels[0].name.lower()  # still named, from the words everyone may see


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "Cooking and", "Cooking"),
    ("en", "Help for the", "Help"),
    ("fr", "Réserver une table et", "Réserver une table"),
    ("de", "Wetter und", "Wetter"),
    ("it", "Prenotare un tavolo e", "Prenotare un tavolo"),
    ("ru", "Погода и", "Погода"),
    ("nl", "Weer en", "Weer"),
    ("tr", "Hava durumu ve", "Hava durumu"),
])
def test_no_name_ends_in_a_function_word(language: str, text: str, expected: str) -> None:
    assert trim_function_words(text, language) == expected


@pytest.mark.parametrize(("language", "text"), [
    ("en", "the and of it"), ("ja", "の に は を"), ("ru", "и в на не"), ("it", "di e che il"),
    ("zh", "的 是 在 了"), ("ar", "في من على"), ("es", "de la que el"), ("id", "yang dan di ini"),
])
def test_function_words_alone_are_no_content(language: str, text: str) -> None:
    assert not has_content(text, language)
    assert all(is_function_word(t, language) for t in tokenize_words(text))


@pytest.mark.parametrize(("language", "text"), [
    ("ja", "明日の天気を教えて"), ("ru", "поставь будильник на семь утра и"), ("it", "imposta una sveglia per le sette e"),
    ("en", "set an alarm for seven and"), ("de", "stell einen Wecker für sieben Uhr und"),
])
def test_candidate_phrases_start_and_end_on_content_words(language: str, text: str) -> None:
    doc = analyse(text, "u", language, lambda word: True)
    assert doc.phrases
    for key in doc.phrases:
        assert not is_function_word(key[0], language) and not is_function_word(key[-1], language), key


JA_ALARM = [f"{when}{h}時にアラームをセットして" for when in ["明日", "今日", "毎朝"] for h in range(5, 9)]
IT_ALARM = [f"imposta una sveglia per domani alle {h}" for h in range(5, 11)] * 2


def test_english_members_name_a_mixed_cluster_in_english() -> None:
    labels = _name([ALARMS + JA_ALARM, LETTERS])
    assert labels[0].name == "Set an alarm"
    assert not TAG.search(labels[0].name)
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", labels[0].description)  # no Japanese words either


def test_a_cluster_without_english_members_is_named_in_its_language_and_tagged() -> None:
    labels = _name([JA_ALARM, IT_ALARM, LETTERS])
    japanese, italian = labels[0].name, labels[1].name
    assert TAG.search(japanese).group(1) == "ja" and "アラーム" in japanese, japanese
    assert TAG.search(italian).group(1) == "it" and "sveglia" in italian.lower()
    assert not TAG.search(labels[2].name)
    for name in (japanese, italian):
        last = tokenize_words(TAG.sub("", name))[-1]
        assert not is_function_word(last, TAG.search(name).group(1)), name


def test_names_of_one_run_are_distinct_and_fallback_when_nothing_is_shared() -> None:
    lonely = ["gardening tomatoes in a small balcony"]  # one user: no phrase reaches min_users
    labels = _name([ALARMS, LETTERS, WEATHER, lonely])
    assert len({labels[c].name for c in range(3)}) == 3
    assert labels[3].name == FALLBACK_NAME
    assert "tomatoes" not in labels[3].description
    texts = ALARMS + LETTERS + WEATHER + lonely
    rule = WordRule.from_texts(texts, [f"u{i}" for i in range(len(texts))], 5)
    assert rule.violations(labels[3].description) == []


RU_ALARM = [f"поставь будильник на {h} утра" for h in ["пять", "шесть", "семь", "восемь", "девять", "десять"]] * 2


def test_the_tag_survives_the_word_rule_that_no_user_wrote_it_for() -> None:
    """"ru" is no word of any summary, so the word rule alone would strip it; the tag is added after it,
    and the hierarchy's privacy pass keeps it while filtering the words before it."""
    from clio_pipeline.hierarchy.naming import NamePrivacy

    labels = _name([RU_ALARM, LETTERS])
    assert TAG.search(labels[0].name).group(1) == "ru", labels[0].name
    assert "будильник" in labels[0].name
    summaries = {f"c{i}": t for i, t in enumerate(RU_ALARM)}
    privacy = NamePrivacy(summaries, {c: f"u{i}" for i, c in enumerate(summaries)}, 5)
    name, _ = privacy.name_and_description("Поставь будильник Zbigniew [ru]", "")
    assert name == "Поставь будильник [ru]"


def test_english_members_too_few_to_share_a_phrase_leave_the_name_to_the_cluster_language() -> None:
    """Two English requests cannot name a cluster privately (no phrase of theirs has five users); its twelve
    Japanese requests can, and the name says it is Japanese."""
    labels = _name([["set an alarm for six", "wake me at seven", *JA_ALARM], LETTERS])
    assert TAG.search(labels[0].name).group(1) == "ja", labels[0].name
    assert "six" not in labels[0].description and "seven" not in labels[0].description


def test_a_phrase_many_users_wrote_across_the_window_can_name_a_small_cluster() -> None:
    """Three English requests in a cluster of translations: the phrase is shared by five users in the window."""
    small = ["set an alarm for the morning", "set an alarm please", "set an alarm at noon", *IT_ALARM]
    elsewhere = ["set an alarm for the gym", "set an alarm for work", *ALARMS[:4]]
    labels = _name([small, LETTERS, elsewhere])
    assert labels[0].name.startswith("Set an alarm"), labels[0].name


@pytest.mark.parametrize(("text", "expected"), [
    ("Make a itinerary", "Make an itinerary"),
    ("Write a essay and a outline", "Write an essay and an outline"),
    ("Ask about a euro account", "Ask about a euro account"),  # said with a consonant
    ("Find a user guide", "Find a user guide"),
    ("Help with credit card's", "Help with credit card"),
    ("Help with Alba", "Help with Alba"),
])
def test_english_names_agree_their_article_and_drop_a_dangling_possessive(text: str, expected: str) -> None:
    from clio_pipeline.clustering.naming import english_grammar

    assert english_grammar(text) == expected


def test_a_cut_phrase_is_named_with_its_article_fixed() -> None:
    """Phrases are cut out of requests: "plan a itinerary" must be published as "an itinerary"."""
    trips = [f"plan a itinerary for {city} in spring" for city in
             ["rome", "paris", "lisbon", "vienna", "prague", "madrid", "berlin", "dublin"]]
    labels = _name([trips, ALARMS, LETTERS])
    assert " a itinerary" not in labels[0].name.lower() and "itinerary" in labels[0].name.lower()


@pytest.mark.parametrize(("language", "text", "never", "kept"), [
    ("en", "Solve this crossword clue. Only output the answer", "clue only", "solve this crossword clue"),
    ("en", "I have a small boat, but unfortunately it leaks", "boat but", "unfortunately it leaks"),
    ("en", "Rent a car in Lisbon because my flight is late", "lisbon because", "rent a car in lisbon"),
    ("fr", "Louer une voiture car mon vol est en retard", "voiture car", "louer une voiture"),
    ("de", "Einen Wecker stellen, aber nicht zu früh", "stellen aber", "wecker stellen"),
])
def test_phrases_stay_inside_one_clause(language: str, text: str, never: str, kept: str) -> None:
    phrases = {" ".join(key) for key in analyse(text, "u1", language, lambda _: True).phrases}
    assert kept in phrases
    assert not any(never in phrase for phrase in phrases)


def test_marks_inside_words_and_numbers_do_not_end_a_clause() -> None:
    phrases = {" ".join(key) for key in analyse("Build a Next.js app for 1,000 users", "u1", "en", lambda _: True).phrases}
    assert "build a next js app" in phrases and "app for 1 000 users" in phrases
    # "car" is a French conjunction, not an English one.
    assert "rent a car today" in {" ".join(k) for k in analyse("Rent a car today", "u1", "en", lambda _: True).phrases}


def test_a_phrase_that_opens_with_a_window_opener_is_not_framed_again() -> None:
    """"Cross the river" starts with a verb the window's requests open with: "Help with cross the river" is not English."""
    from clio_pipeline.clustering.naming import phrase_as_request
    from clio_pipeline.clustering.phrases import Scored

    verb_led = Scored(key=("cross", "the", "river"), text="cross the river", score=1.0, docs=5, opener=False)
    noun_led = Scored(key=("river", "crossing"), text="river crossing", score=1.0, docs=5, opener=False)
    openers = frozenset({"cross", "solve"})
    assert phrase_as_request(verb_led, "en", 0.0, openers) == "cross the river"
    assert phrase_as_request(noun_led, "en", 0.0, openers) == "Help with river crossing"
    assert phrase_as_request(noun_led, "en", 0.9, openers) == "Ask about river crossing"
    assert phrase_as_request(verb_led, "en", 0.0) == "Help with cross the river"
