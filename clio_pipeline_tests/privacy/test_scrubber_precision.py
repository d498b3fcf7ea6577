"""Ordinary, PII-free text must come out unchanged: over-scrubbing destroys what analysts need."""

from __future__ import annotations

import json

import pytest

from clio_pipeline.privacy.scrubber import detect, scrub
from clio_pipeline_tests.conftest import SHARED_DATA

PII_FREE = [
    "The user asked for help debugging a Python script that parses CSV files.",
    "Summarize the main arguments of the article about climate policy in New York.",
    "Will you help me plan a trip to Paris in May? I want to see museums on Monday.",
    "How do I convert 1,250,000 yen to dollars at today's rate?",
    "The user wants a recipe for chocolate chip cookies that serves 12 people.",
    "Explain the difference between TCP and UDP in simple terms.",
    "Write a short poem about autumn leaves and the first snow.",
    "The assistant explained how to configure Docker on Ubuntu 22.04 with 4 CPUs.",
    "Compare Windows 11 and macOS for video editing on a budget under $1500.",
    "What are good names for a golden retriever puppy?",
    "Translate 'good morning' into Spanish, French and German.",
    "The meeting moved to 3 pm; the agenda has 5 items and takes 45 minutes.",
    "Grace periods for credit card payments usually last 21 to 25 days.",
    "The user is drafting a cover letter for a software engineering job at a startup.",
    "Calculate 15% of 2,400 and round the result to 2 decimals.",
    "Version 3.10.4 fixed the bug reported in issue 1234 of the project.",
    "Explain how photosynthesis works to a 10 year old.",
    "The user asked about the history of the Roman Empire and Julius Caesar's reforms.",
    "Il utente chiede una ricetta per la pasta al pomodoro.",
    "El usuario pide ayuda para escribir una carta de presentación.",
    "Der Nutzer möchte wissen, wie man eine Excel-Tabelle sortiert.",
    "L'utilisateur demande comment installer Linux sur un vieil ordinateur.",
    "My flight leaves at 10:30 and lands at 14:45 in the afternoon.",
    "Chapter 5 covers sorting algorithms like quicksort and mergesort.",
    "Bake at 180 degrees for 25-30 minutes, then cool for 10 minutes.",
    "Summary: the user wants to improve their credit score before applying for a mortgage.",
]


@pytest.mark.parametrize("text", PII_FREE)
def test_no_detection_on_pii_free_text(text: str) -> None:
    assert detect(text) == [], detect(text)
    assert scrub(text).text == text


CLINC = SHARED_DATA / "clinc150_full.jsonl"


def test_few_detections_on_clinc_sample() -> None:
    if not CLINC.exists():
        pytest.skip("CLINC150 data set not available")
    texts = []
    with CLINC.open() as handle:
        for index, line in enumerate(handle):
            if index % 10 == 0:
                texts.append(json.loads(line)["messages"][0]["content"])
    flagged = sum(1 for text in texts if detect(text))
    # CLINC contains a few genuine names ("call me john"); ordinary requests must not be flagged.
    assert flagged / len(texts) < 0.04, flagged
