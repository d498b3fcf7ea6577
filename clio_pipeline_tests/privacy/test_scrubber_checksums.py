"""Checksums decide what is a card or an IBAN: look-alike numbers that fail them are not reported."""

from __future__ import annotations

import pytest

from clio_pipeline.privacy.checksums import iban_valid, luhn_valid
from clio_pipeline.privacy.scrubber import detect


@pytest.mark.parametrize(
    "number", ["4111111111111111", "5500000000000004", "378282246310005", "6011111111111117"]
)
def test_luhn_accepts_real_test_card_numbers(number: str) -> None:
    assert luhn_valid(number)


@pytest.mark.parametrize("number", ["4111111111111112", "5500000000000005", "1234567812345678", "12a4"])
def test_luhn_rejects_wrong_check_digit(number: str) -> None:
    assert not luhn_valid(number)


@pytest.mark.parametrize(
    "iban",
    [
        "GB82 WEST 1234 5698 7654 32",
        "DE89370400440532013000",
        "fr1420041010050500013m02606",
        "NL91ABNA0417164300",
    ],
)
def test_iban_accepts_valid(iban: str) -> None:
    assert iban_valid(iban)


@pytest.mark.parametrize(
    "iban",
    [
        "GB83 WEST 1234 5698 7654 32",  # check digits off by one
        "DE89370400440532013001",  # account digit changed
        "DE8937040044053201300",  # wrong length for DE
        "XX00",  # too short
    ],
)
def test_iban_rejects_invalid(iban: str) -> None:
    assert not iban_valid(iban)


def test_invalid_card_number_is_not_a_card() -> None:
    types = {d.type for d in detect("My order number is 4111 1111 1111 1112, where is it?")}
    assert "CARD" not in types


def test_invalid_iban_is_not_an_iban() -> None:
    assert all(d.type != "IBAN" for d in detect("Reference GB83WEST12345698765432 on the invoice."))
    assert [d.type for d in detect("Reference GB82WEST12345698765432 on the invoice.")] == ["IBAN"]


def test_invalid_ssn_areas_are_not_ssns() -> None:
    for number in ("000-12-3456", "666-12-3456", "912-12-3456", "123-00-4567", "123-45-0000"):
        assert all(d.type != "SSN" for d in detect(f"code {number} here")), number
