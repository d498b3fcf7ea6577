"""Check digits that separate real card numbers and IBANs from look-alike digit runs.

A 16-digit order number or a random account-like string must not be reported as a card or IBAN, and a
real one must be, so the detectors validate candidates with the same checksums the issuers use.
"""

from __future__ import annotations

import string

# Account-number length of each IBAN country (ISO 13616 registry). A candidate with the wrong length
# for its country is rejected even if mod-97 happens to pass (1 chance in 97 for random strings).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
    "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip

_LETTER_VALUES = {letter: str(index + 10) for index, letter in enumerate(string.ascii_uppercase)}


def luhn_valid(digits: str) -> bool:
    """True when `digits` (digits only) passes the Luhn mod-10 check used by payment cards."""
    if not digits.isdigit():
        return False
    total = 0
    # Double every second digit counting from the right (the check digit itself is not doubled).
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def iban_valid(candidate: str) -> bool:
    """True when `candidate` (spaces allowed, any case) is an IBAN of the right length passing mod-97."""
    iban = candidate.replace(" ", "").upper()
    if len(iban) < 15 or not iban.isalnum() or not iban[:2].isalpha() or not iban[2:4].isdigit():
        return False
    expected_length = IBAN_LENGTHS.get(iban[:2])
    if expected_length is not None and len(iban) != expected_length:
        return False
    if expected_length is None and len(iban) > 34:
        return False
    rearranged = iban[4:] + iban[:4]
    try:
        numeric = "".join(_LETTER_VALUES.get(char, char) for char in rearranged)
        return int(numeric) % 97 == 1
    except ValueError:
        return False
