"""Places, venues and titles are not personal data; the names standing next to them still are."""

from __future__ import annotations

import pytest

from clio_pipeline.facets.summarize import mask_proper_nouns
from clio_pipeline.privacy.scrubber import detect, scrub


def _names(text: str) -> list[str]:
    return [d.text for d in detect(text) if d.type == "NAME"]


@pytest.mark.parametrize(
    "text",
    [
        "Olle Wecker zoagn",  # Bavarian "show all alarms"; Olle is also a Swedish given name
        "Finds Programm fir Marcus Corporation.",
        "is Tarzan of the Apes playing at Cobb Theatres",
        "ABD Virjin Adaları'nda 3 kişilik rezervasyon yap",  # Turkish locative: a place
        "Hallowell Minnesota’daki en iyi osteria’ya gitmek istiyorlar",
        "Metti Do You Love Me nella mia playlist",  # capitalised Italian verb opening an Italian request
    ],
)
def test_places_venues_and_capitalised_verbs_are_not_names(text):
    assert _names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Olle Svensson ringde igår", "Olle"),
        ("Deezer'da Dana'nın şarkısını çal", "Dana"),  # the locative place goes, the genitive person stays
        ("Marion Elise Raven'in Vibrations albümünü çal", "Marion Elise Raven"),
        ("Lisa Park called about the invoice", "Lisa"),  # "park" is also a family name: no venue
        ("Aggiungi Jacob Hoggard alla mia playlist", "Jacob Hoggard"),
        ("Asya spent a year at Allstate as the assistant", "Asya"),  # Turkish word, English sentence
    ],
)
def test_names_next_to_places_and_suffixes_are_still_removed(text, name):
    out = scrub(text).text
    assert name.split()[0] not in out and "[NAME]" in out


@pytest.mark.parametrize(
    "summary",
    [
        "Will it get chillier in Sinclair in 8 hours",
        "Book me a lunch at Boreas for a party of 8",
        "Find me The Twinkler playing at National Amusements",
        "Find a trailer called Storm Center",
        "Show the forecast for South Carolina tomorrow",
        "Play the album \"Vegucated Nights\" on repeat",
    ],
)
def test_summary_backstop_leaves_places_and_titles(summary):
    assert mask_proper_nouns(summary, "en") == (summary, 0)


@pytest.mark.parametrize(
    ("summary", "planted"),
    [
        ("Send the report to Quillon Dravenhart today", "Dravenhart"),
        ("We stayed at Vantreight's house last week", "Vantreight"),  # a person's place
        ("My friend called Ysolde needs a new job", "Ysolde"),  # "called" after a person, not a work
        ("Write a letter for Orlanthe about her cancer", "Orlanthe"),
    ],
)
def test_summary_backstop_still_masks_people(summary, planted):
    masked, count = mask_proper_nouns(summary, "en")
    assert planted not in masked and count >= 1
