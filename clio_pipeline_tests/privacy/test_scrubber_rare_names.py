"""Rare names (in no list) and address fragments: planted values must not survive, ordinary text stays.

The names below were made up for these tests; the first test proves they are in none of the name
lists, so what is exercised is the context and spelling evidence, not the gazetteer.
"""

from __future__ import annotations

import pytest

from clio_pipeline.privacy.detectors_name_context import is_unknown_capitalized, nameness
from clio_pipeline.privacy.detectors_name_words import COMMON_WORDS, KNOWN_NAMES, fold
from clio_pipeline.privacy.scrubber import PiiScrubber, detect, scrub

RARE_WORDS = ["Vendrakis", "Olumbeko", "Zadornova", "Mirtelle", "Kastavich", "Brundovic", "Yelisaveta"]

RARE_NAME_CASES = [
    ("Vendrakis is always late to the standup.", "Vendrakis"),
    ("Yesterday Olumbeko said the build was green.", "Olumbeko"),
    ("I borrowed Zadornova's notes for the exam.", "Zadornova"),
    ("Mirtelle: Where were you last night?\nTom: At home.", "Mirtelle"),
    ("Kastavich, can you send the report?", "Kastavich"),
    ("I had lunch with Brundovic after the meeting.", "Brundovic"),
    ("The novel was written by Yelisaveta in exile.", "Yelisaveta"),
    ("Please add Mirtelle Vendrakis to the account.", "Mirtelle Vendrakis"),
    ("Our new hire Olumbeko Zadornova starts Monday.", "Olumbeko Zadornova"),
    ("The keynote is by Daniel Kastavich this year.", "Kastavich"),
    ("The grant went to Irena T. Brundovic of the lab.", "Irena T. Brundovic"),
    ("Send it to Yelisaveta K Olumbeko today.", "Yelisaveta K Olumbeko"),
    ("follow up with patricia vendrakis next week", "vendrakis"),
    ("Is there a better duo? Zadornova and Mercer were unstoppable.", "Zadornova"),
]


def test_planted_words_are_in_no_list() -> None:
    for word in RARE_WORDS:
        assert fold(word) not in KNOWN_NAMES and fold(word) not in COMMON_WORDS, word
        assert is_unknown_capitalized(word), word


@pytest.mark.parametrize(("text", "secret"), RARE_NAME_CASES)
def test_rare_name_in_name_position_is_scrubbed(text: str, secret: str) -> None:
    result = scrub(text).text
    for part in secret.replace(".", " ").split():
        if len(part) > 2:
            assert part not in result, result
    assert "[NAME]" in result, result


def test_coordination_reaches_back_over_the_conjunction() -> None:
    # "Mercer" is a listed surname; the rare word before "and" is listed with it, so it is a name too.
    result = scrub("Is there a better duo? Kastavich and Mercer were unstoppable.").text
    assert "Kastavich" not in result and "Mercer" not in result, result


EVERYDAY_SENTENCES = [
    "Will you help me plan a trip to Paris in May?",
    "Python is a good first language; Java is more verbose.",
    "Monday was busy, so Friday will be quiet.",
    "Bill the customer after the Rose Bowl game on Sunday.",
    "Docker is installed, and Ubuntu was updated to the latest release.",
    "The user asked how Spotify's shuffle works and whether Netflix is cheaper.",
    "The assistant explained how Kubernetes schedules pods across nodes.",
    "Mark the task as done and grant access to the Victoria dataset.",
    "We visited London and Sydney, then flew to Chelsea for the match.",
    "The history of the Roman Empire and the fall of Constantinople.",
    "Summary: the user wants tips for Excel formulas and Google Sheets.",
]


@pytest.mark.parametrize("text", EVERYDAY_SENTENCES)
def test_everyday_capitals_are_kept(text: str) -> None:
    names = [d for d in detect(text) if d.type == "NAME"]
    assert names == [], names


def test_nameness_separates_listed_names_from_common_words() -> None:
    # Trained on exactly these lists, so this checks the model is wired the right way round.
    names = sorted(KNOWN_NAMES - COMMON_WORDS)[::50]
    words = sorted(COMMON_WORDS - KNOWN_NAMES)[::200]
    mean_names = sum(map(nameness, names)) / len(names)
    mean_words = sum(map(nameness, words)) / len(words)
    assert mean_names > 0 > mean_words, (mean_names, mean_words)


ADDRESS_CASES = [
    ("Ship it to 52 Via delle Ginestre 101, please.", "Ginestre 101"),
    ("My APO is Unit 4410 Box 2231\nDPO AE 09123", "Box 2231"),
    ("Forward to USNS Kettleridge\nFPO AP 96601 thanks", "Kettleridge"),
    ("Our office: Petőfi u. 12., Szeged", "Petőfi u. 12"),
    ("Send the card to 3412 Lindenhof 17\nGrünwald\nGermany 82031", "Lindenhof 17"),
    ("The parcel went to 4821 310 Maple Avenue yesterday.", "4821 310"),
    ("Write to Apt. 12 Springvale NSW\nthanks", "Springvale"),
    ("Post to 5586 Hafnarstræti 31, Reykjavik", "Hafnarstræti 31"),
    ("She lives at 28 Klostergraben 4, Basel", "Klostergraben 4"),
]


@pytest.mark.parametrize(("text", "secret"), ADDRESS_CASES)
def test_address_fragment_is_scrubbed(text: str, secret: str) -> None:
    result = scrub(text).text
    assert secret not in result, result
    assert "[ADDRESS]" in result, result


def test_house_number_read_as_phone_joins_its_street() -> None:
    detections = detect("The parcel went to 4821 310 Maple Avenue yesterday.")
    assert [(d.type, d.text) for d in detections] == [("ADDRESS", "4821 310 Maple Avenue")], detections


def test_phone_on_its_own_line_stays_a_phone() -> None:
    text = "Office: 12 Harbour Road\nMobile: 0490 39 07 81\nDesk: 555"
    detections = PiiScrubber(types=["PHONE", "ADDRESS"]).detect(text)
    phones = [d.text for d in detections if d.type == "PHONE"]
    assert "0490 39 07 81" in phones, detections


@pytest.mark.parametrize(
    "text",
    [
        "Chapter 12 Verse 5 is my favourite passage.",
        "Windows 10 and Office 365 are installed on 25 laptops.",
        "Read pages 10 to 25 of Volume 3 before class.",
        "The unit price is 5 dollars per box.",
    ],
)
def test_numbered_phrases_are_not_addresses(text: str) -> None:
    assert [d for d in detect(text) if d.type == "ADDRESS"] == []


def test_city_before_a_comma_is_not_pulled_into_a_name_list() -> None:
    text = "I am taking a business trip to London, England next month."
    names = [d.text for d in detect(text) if d.type == "NAME"]
    assert all("London" not in name for name in names), names


@pytest.mark.parametrize(
    "text, planted",
    [
        ("Ich wohne in der Am Markt 27, 04109 Leipzig. Kannst du helfen?", "Am Markt 27"),
        ("Bitte schick es an Unter den Linden 5, 10117 Berlin.", "Unter den Linden 5"),
    ],
)
def test_german_preposition_streets_are_scrubbed(text: str, planted: str) -> None:
    assert planted not in scrub(text).text


@pytest.mark.parametrize("text", ["Im Jahr 2020 war alles anders.", "Am Ende 5 Punkte.", "Ich bin am Montag 3 Stunden im Büro."])
def test_german_prepositions_with_numbers_are_not_addresses(text: str) -> None:
    assert scrub(text).text == text
