"""Offline summary and task rules."""

from __future__ import annotations

import re

import pytest

from clio_pipeline.facets.summarize import (
    MAX_SUMMARY_CHARS,
    TASK_TYPES,
    classify_task,
    mask_proper_nouns,
    summarize_request,
)

_SENTENCE_END = re.compile(r"[.!?。！？](\s|$)")


def _sentence_count(text: str) -> int:
    return max(1, len(_SENTENCE_END.findall(text))) if text else 0


@pytest.mark.parametrize(
    ("turns", "must_contain", "must_not_contain"),
    [
        (
            ["Hi!", "Hello there, please write a short poem about autumn leaves."],
            "poem about autumn",
            "please",
        ),
        (["Hola, por favor escribe un resumen de la Revolución francesa."], "resumen", "Hola"),
        (["Bonjour ! Explique-moi la photosynthèse s'il te plaît."], "photosynthèse", "Bonjour"),
        (["Hallo, bitte erkläre mir den Unterschied zwischen TCP und UDP."], "TCP", "bitte"),
        (["Olá, pode me ajudar a planejar uma viagem para o Japão?"], "planejar", "Olá"),
    ],
)
def test_summary_keeps_request_drops_greetings(turns, must_contain, must_not_contain):
    summary = summarize_request(turns)
    assert must_contain in summary
    assert must_not_contain not in summary


def test_summary_is_at_most_two_sentences_and_bounded():
    long_turn = "I need help. " + " ".join(f"Sentence number {i} goes on and on." for i in range(40))
    pasted = "Rewrite the following text. " + "word " * 500
    for turns in ([long_turn], [pasted], ["a" * 1000], ["Fix this. It fails. Badly. Always."]):
        summary = summarize_request(turns)
        assert 0 < len(summary) <= MAX_SUMMARY_CHARS
        assert _sentence_count(summary) <= 2


def test_summary_skips_code_links_and_greeting_only_turns():
    assert summarize_request(["hello!!", "```py\nx = 1\n```", "https://example.com/page"]) == ""
    assert (
        summarize_request(["hey", "why is my loop slow?\n```py\nfor i in x: pass\n```"])
        == "Why is my loop slow?"
    )


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("Fix this python error: TypeError in my function", "write or debug code"),
        ("```js\nconsole.log(x)\n```\nwhy undefined?", "write or debug code"),
        ("Translate 'good morning' into Japanese", "translate text"),
        ("Traduce este texto al inglés, por favor", "translate text"),
        ("Solve the equation 3x + 5 = 11", "solve a math problem"),
        ("Summarize this article for me", "summarise or analyse"),
        ("Fasse diesen Text zusammen: ...", "summarise or analyse"),
        ("Write a cover letter for a nurse position", "write or edit text"),
        ("Écris une lettre à mon propriétaire", "write or edit text"),
        ("Give me 10 ideas for a birthday party theme", "brainstorm ideas"),
        ("Plan a 3-day itinerary for Lisbon", "plan or organise"),
        ("Should I accept the job offer or stay? I need advice", "give advice"),
        ("Explain quantum entanglement simply", "explain a concept"),
        ("Pourquoi le ciel est-il bleu ?", "explain a concept"),
        ("Who won the 1998 world cup?", "answer a factual question"),
        ("Let's role-play: you are a pirate captain", "role-play or chat"),
        ("zzz", "other"),
    ],
)
def test_task_rules(text, task):
    assert classify_task([text]) == task


def test_task_is_always_in_the_closed_vocabulary():
    for text in ["", "My name is John Smith, email john@x.com", "hola", "1234", "何か"]:
        assert classify_task([text]) in TASK_TYPES


def test_mask_proper_nouns():
    masked, n = mask_proper_nouns("Write an email to my boss Karen Whitfield about Monday in English.", "en")
    assert "Karen" not in masked and "Whitfield" not in masked
    assert "[NAME]" in masked and n == 2
    assert "Monday" in masked and "English" in masked and masked.startswith("Write")
    # German capitalises every noun: left alone. Title Case text: left alone.
    assert mask_proper_nouns("Schreib einen Brief an Herrn Müller", "de") == (
        "Schreib einen Brief an Herrn Müller",
        0,
    )
    assert mask_proper_nouns("The Great Gatsby Book Review", "en")[1] == 0
    assert mask_proper_nouns("Explain SQL joins", "en") == ("Explain SQL joins", 0)


def test_mask_proper_nouns_leaves_german_like_dialect_misread_as_another_language():
    # Swiss German read as English or Portuguese: its capitalised nouns ("Wecker", German for alarm clock)
    # are not names, so the backstop stands down as it does for German.
    text = "Du e Wecker dry fürem sächsi em Morge ."
    assert mask_proper_nouns(text, "en") == (text, 0)
    assert mask_proper_nouns(text, "pt") == (text, 0)
    # An English request with a name keeps its mask.
    masked, n = mask_proper_nouns("Send the invoice to Quillon Dravenhart today.", "en")
    assert n >= 1 and "Quillon" not in masked and "Dravenhart" not in masked
