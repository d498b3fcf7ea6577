"""Detectors for the machine-shaped PII types: EMAIL, URL, HANDLE, IBAN, CARD, SSN, IP, PHONE, DOB.

Each detector is a generator of `Detection`s over one text; overlaps between detectors are resolved by
the scrubber. Every pattern is compiled once at import, and the scrubber only calls a detector when a
cheap character test (a digit, an "@", a "/") says it could match, which keeps the common case fast.
"""

from __future__ import annotations

import ipaddress
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from clio_pipeline.privacy.checksums import iban_valid, luhn_valid


@dataclass(frozen=True)
class Detection:
    """One span of personal data: its PII type, character offsets in the text, the text, a confidence."""

    type: str
    start: int
    end: int
    text: str
    score: float


_PUNCT_TO_SPACE = str.maketrans({c: " " for c in string.punctuation.replace("'", "") + "«»“”‘¿¡…–—\u00a0"})
_DIGIT = re.compile(r"\d")


def keyword_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`: how the detectors write their keyword tables."""
    return frozenset(text.split())


@lru_cache(maxsize=128)
def words_of(text: str) -> frozenset[str]:
    """The lower-cased words of `text`, computed once per text and shared by the detectors.

    Detectors test it for their keywords (a street type, a birth cue, a month) before running a costly
    regex: a set intersection in C is far cheaper than a regex alternation tried at every position.
    """
    return frozenset(text.lower().translate(_PUNCT_TO_SPACE).split())


@lru_cache(maxsize=128)
def digit_count(text: str) -> int:
    """How many digits `text` holds: each numeric type needs a minimum (a card at least 12)."""
    return len(_DIGIT.findall(text))


# ---- EMAIL -------------------------------------------------------------------------------------------
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}\b"
)
# Obfuscated forms people type to dodge scrapers: "jane.doe [at] gmail [dot] com".
_EMAIL_OBFUSCATED = re.compile(
    r"\b[A-Za-z0-9._%+-]+\s*[\[(]\s*at\s*[\])]\s*[A-Za-z0-9-]+(?:\s*[\[(]\s*dot\s*[\])]\s*[A-Za-z]{2,})+",
    re.IGNORECASE,
)


def find_emails(text: str) -> Iterator[Detection]:
    for pattern in (_EMAIL, _EMAIL_OBFUSCATED):
        for m in pattern.finditer(text):
            yield Detection("EMAIL", m.start(), m.end(), m.group(), 0.99)


# ---- URL ---------------------------------------------------------------------------------------------
_COMMON_TLDS = (
    "com|org|net|edu|gov|io|co|me|info|biz|dev|app|ai|us|uk|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|pl|pt|br|"
    "in|ru|jp|cn|ca|au|mx|ar|cz|ie|gr|tr|ly|tv|xyz|site|blog"
)
_URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'`]+"
    rf"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:{_COMMON_TLDS})/[^\s<>\"'`]+",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?)]}'\""


def find_urls(text: str) -> Iterator[Detection]:
    """URLs that carry a path, a query or credentials: those are what can point at one person.

    A bare domain ("https://python.org/") names a site, not a user, and is kept for analysts.
    """
    for m in _URL.finditer(text):
        url = m.group().rstrip(_URL_TRAILING)
        without_scheme = url.split("://", 1)[-1]
        host, _, rest = without_scheme.partition("/")
        identifying = "@" in host or bool(rest.strip("/")) or "?" in host or "#" in host
        if identifying:
            yield Detection("URL", m.start(), m.start() + len(url), url, 0.95)


# ---- HANDLE ------------------------------------------------------------------------------------------
_HANDLE = re.compile(
    r"(?<![\w.@/+-])@(?=[A-Za-z0-9_.]*[A-Za-z])[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,38}[A-Za-z0-9_])?"
)
_REDDIT_USER = re.compile(r"(?<![\w/])/?u/[A-Za-z0-9_-]{3,20}\b")


def find_handles(text: str) -> Iterator[Detection]:
    for pattern in (_HANDLE, _REDDIT_USER):
        for m in pattern.finditer(text):
            yield Detection("HANDLE", m.start(), m.end(), m.group(), 0.9)


# ---- IBAN --------------------------------------------------------------------------------------------
_IBAN = re.compile(
    r"\b[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)\b", re.IGNORECASE
)


def find_ibans(text: str) -> Iterator[Detection]:
    if digit_count(text) < 8:
        return
    for m in _IBAN.finditer(text):
        if iban_valid(m.group()):
            yield Detection("IBAN", m.start(), m.end(), m.group(), 0.99)


# ---- CARD --------------------------------------------------------------------------------------------
_CARD = re.compile(r"\d(?<![\d.,-]\d)(?:[ -]?\d){11,18}(?![\d]|[.,]\d)")


def find_cards(text: str) -> Iterator[Detection]:
    if digit_count(text) < 12:
        return
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if len(set(digits)) > 1 and luhn_valid(digits):
            yield Detection("CARD", m.start(), m.end(), m.group(), 0.97)


# ---- SSN ---------------------------------------------------------------------------------------------
# Area 000, 666 and 900-999, group 00 and serial 0000 are never issued, so they are not SSNs.
_SSN = re.compile(r"\d(?<![\d-]\d)\d\d(?<!000)(?<!666)(?<!9\d\d)([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])")
_SSN_CUED = re.compile(
    r"(?:\bSSN|social security(?: number| no\.?)?)\s*(?:#|number|no\.?|is|:)?\s*((?!000|666|9\d\d)\d{9})\b",
    re.IGNORECASE,
)


def find_ssns(text: str) -> Iterator[Detection]:
    if digit_count(text) < 9:
        return
    for m in _SSN.finditer(text):
        yield Detection("SSN", m.start(), m.end(), m.group(), 0.9)
    if not words_of(text) & {"ssn", "social"}:
        return
    for m in _SSN_CUED.finditer(text):
        yield Detection("SSN", m.start(1), m.end(1), m.group(1), 0.95)


# ---- IP ----------------------------------------------------------------------------------------------
_IPV4 = re.compile(r"\d(?<![\w.]\d)\d{0,2}(?:\.\d{1,3}){3}(?![\w]|\.\d)")
_IPV6_CANDIDATE = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")


def find_ips(text: str) -> Iterator[Detection]:
    for m in _IPV4.finditer(text):
        if any(int(octet) > 255 or (len(octet) > 1 and octet[0] == "0") for octet in m.group().split(".")):
            continue
        yield Detection("IP", m.start(), m.end(), m.group(), 0.95)
    if ":" not in text:
        return
    for m in _IPV6_CANDIDATE.finditer(text):
        candidate = m.group()
        if candidate.count(":") < 2 or not any(c.isalnum() for c in candidate):
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        yield Detection("IP", m.start(), m.end(), candidate, 0.95)


# ---- PHONE -------------------------------------------------------------------------------------------
PHONE_REGIONS = tuple(["US", "GB", "DE", "FR", "ES", "IT", "BR", "PT", "IN", "NL", "CA", "AU", "MX"])
# Digits in groups joined by spaces, dots, dashes, slashes or parentheses, optionally with "+cc".
_PHONE = re.compile(
    r"(?<![\w+./-])(?:(?:\+|00)\d{1,3}[ .-]?(?:\(0\)[ ]?)?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,12}(?:[ .\-/]\d{1,8}){0,5}"
    r"(?:[ ]?(?:x|ext\.?|extension)[ ]?\d{1,6})?(?![\w]|[.,/-]\d)"
)
_EXTENSION = re.compile(r"[ ]?(?:x|ext\.?|extension)[ ]?\d{1,6}$")
_PHONE_CUE = re.compile(
    r"(?:phone|call|tel|mobile|cell|fax|desk|office|reach|whatsapp|text me|sms|number|n[uú]mero|t[eé]l[eé]phone"
    r"|telefon|handy|contact|رقم|هاتف|جوال|موبايل|تلفون|телефон|тел\.|номер|звони|τηλέφωνο|τηλ\.|κινητό|电话|手机|電話|携帯|番号)",
    re.IGNORECASE,
)
_DATE_LIKE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_YEAR_RANGE = re.compile(r"^(?:19|20)\d\d ?[-/] ?(?:19|20)?\d\d$")


def _possible_in_some_region(candidate: str) -> bool:
    for region in PHONE_REGIONS:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return True
    return False


def find_phones(text: str) -> Iterator[Detection]:
    if digit_count(text) < 6:
        return
    for m in _PHONE.finditer(text):
        candidate = m.group()
        number = _EXTENSION.sub("", candidate)
        digits = sum(c.isdigit() for c in number)
        if digits < 6 or digits > 15 or _DATE_LIKE.match(number) or _YEAR_RANGE.match(number):
            continue
        around = text[max(0, m.start() - 40) : m.start()] + " " + text[m.end() : m.end() + 12]
        cued = bool(_PHONE_CUE.search(around))
        international = number.startswith(("+", "00"))
        grouped = any(sep in number for sep in " .-/()")
        if digits < 7 and not (cued and grouped):
            continue
        if international:
            # "+" or the "00" international prefix: a known country code and 8-15 digits (ITU E.164).
            try:
                parsed = phonenumbers.parse("+" + number[2:] if number.startswith("00") else number, None)
                ok = 8 <= digits <= 15 and parsed.country_code is not None
            except phonenumbers.NumberParseException:
                ok = False
            score = 0.95
        elif grouped:
            # National formats vary too much between countries for one validator; the grouping itself
            # is the signal, and phonenumbers only rules out lengths no region allows.
            ok = digits < 7 or _possible_in_some_region(number)
            score = 0.8
        else:
            # A bare run of digits is usually an order or account number, unless someone says "call".
            ok = cued and (digits >= 10 or _possible_in_some_region(number))
            score = 0.7
        if ok:
            yield Detection("PHONE", m.start(), m.end(), candidate, score)
