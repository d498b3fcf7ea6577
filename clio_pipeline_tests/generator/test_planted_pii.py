"""Planted personal data: present verbatim in the user's text, valid, recorded exactly, never elsewhere."""

from __future__ import annotations

import ipaddress
import random
import re
from collections import Counter

import pytest

from clio_pipeline.generator import iban_valid, luhn_valid
from clio_pipeline.generator.pii import IBAN_COUNTRY, fake_card, fake_iban, fake_ssn, fake_value

ALL_TYPES = {"NAME", "EMAIL", "PHONE", "ADDRESS", "CARD", "IBAN", "SSN", "IP", "URL", "HANDLE", "DOB"}


def test_about_thirty_percent_of_conversations_carry_planted_data(generated) -> None:
    share = sum(bool(t["planted"]) for t in generated.truth) / len(generated.truth)
    assert 0.25 <= share <= 0.35
    types = Counter(p["type"] for t in generated.truth for p in t["planted"])
    assert set(types) == ALL_TYPES


def test_every_planted_value_is_in_the_user_text_only(generated) -> None:
    by_id = generated.by_id()
    for t in generated.truth:
        messages = by_id[t["conversation_id"]]["messages"]
        user_text = "\n".join(m["content"] for m in messages if m["role"] == "user")
        assistant_text = "\n".join(m["content"] for m in messages if m["role"] == "assistant")
        for planted in t["planted"]:
            assert planted["value"] in user_text, planted
            assert planted["value"] not in assistant_text, planted


def test_planted_values_are_well_formed(generated) -> None:
    for t in generated.truth:
        for p in t["planted"]:
            value, kind = p["value"], p["type"]
            if kind == "CARD":
                assert luhn_valid(value)
            elif kind == "IBAN":
                assert iban_valid(value) and value[:2] == IBAN_COUNTRY[t["language"]]
            elif kind == "SSN":
                assert t["language"] == "en"
                area, group, serial = value.split("-")
                assert area not in {"000", "666"} and not area.startswith("9") and group != "00" and serial != "0000"
            elif kind == "IP":
                ipaddress.ip_address(value)
            elif kind == "EMAIL":
                assert re.fullmatch(r"[a-z0-9.]+@[a-z0-9.-]+\.[a-z]{2,}", value)
            elif kind == "HANDLE":
                assert re.fullmatch(r"@[a-z0-9_.]+", value)
            elif kind == "URL":
                assert value.startswith(("http://", "https://"))
            elif kind == "PHONE":
                assert sum(ch.isdigit() for ch in value) >= 8


def test_phone_formats_vary_across_languages(generated) -> None:
    phones = {p["value"] for t in generated.truth for p in t["planted"] if p["type"] == "PHONE"}
    prefixes = {v.split(" ")[0] for v in phones}
    assert {"+1", "+44", "+49", "+33", "06"} & prefixes and len(prefixes) >= 8


def test_luhn_known_numbers_and_single_digit_errors() -> None:
    assert luhn_valid("4111 1111 1111 1111") and luhn_valid("378282246310005")
    assert not luhn_valid("4111 1111 1111 1112") and not luhn_valid("not a card")
    rng = random.Random(1)
    for _ in range(200):
        card = fake_card(rng).replace(" ", "").replace("-", "")
        assert luhn_valid(card)
        position = rng.randrange(len(card))
        wrong = card[:position] + str((int(card[position]) + rng.randint(1, 9)) % 10) + card[position + 1 :]
        assert not luhn_valid(wrong)  # Luhn catches every single-digit error


def test_iban_known_examples_and_generated_lengths() -> None:
    assert iban_valid("GB82 WEST 1234 5698 7654 32") and iban_valid("DE89370400440532013000")
    assert not iban_valid("GB82 WEST 1234 5698 7654 33") and not iban_valid("DE00")
    lengths = {"DE": 22, "FR": 27, "ES": 24, "GB": 22, "PT": 25}
    rng = random.Random(2)
    for country, length in lengths.items():
        for _ in range(50):
            iban = fake_iban(rng, country)
            assert iban_valid(iban) and len(iban.replace(" ", "")) == length
            swapped = iban.replace(" ", "")
            swapped = swapped[:-2] + swapped[-1] + swapped[-2]
            assert swapped == iban.replace(" ", "") or not iban_valid(swapped)


def test_french_iban_carries_a_valid_rib_key() -> None:
    rng = random.Random(3)
    for _ in range(50):
        bban = fake_iban(rng, "FR").replace(" ", "")[4:]
        bank, branch, account, key = bban[:5], bban[5:10], bban[10:21], bban[21:]
        assert (89 * int(bank) + 15 * int(branch) + 3 * int(account) + int(key)) % 97 == 0


def test_ssn_areas_exclude_invalid_ranges() -> None:
    rng = random.Random(4)
    areas = {fake_ssn(rng)[:3] for _ in range(5000)}
    assert "000" not in areas and "666" not in areas and not any(a.startswith("9") for a in areas)
    assert "665" in areas or "667" in areas  # the neighbours of 666 remain reachable


@pytest.mark.parametrize("language", ["en", "es", "fr", "de", "pt"])
def test_every_type_generates_in_every_language(language: str) -> None:
    rng = random.Random(5)
    for kind in ALL_TYPES - ({"SSN"} if language != "en" else set()):
        values = {fake_value(rng, kind, language) for _ in range(30)}
        assert len(values) >= 5, kind  # generated, not a fixed list
    with pytest.raises(ValueError):
        fake_value(rng, "PASSPORT", language)
