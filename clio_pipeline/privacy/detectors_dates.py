"""DOB detector: full calendar dates anywhere, and partial dates next to a birth cue.

A full date (day, month and year; in any digits, Gregorian or Solar Hijri year, or with the unit
characters 年月日 / 년월일) is scrubbed wherever it appears, because a summary rarely needs one
and a birth date is among the strongest quasi-identifiers. A partial date ("born on 4 May", "born in
1985") is only scrubbed when a birth cue in English, German, French, Spanish, Portuguese or Italian
precedes it, so that "the meeting is on 4 May" stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection, words_of
from clio_pipeline.privacy.detectors import keyword_set as _words

_MONTHS = (
    # en
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    # de
    "januar|jänner|februar|märz|maerz|juni|juli|oktober|dezember|"
    # fr
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|"
    # es
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    # pt
    "janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|dezembro|"
    # it
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUM = r"(?:0?[1-9]|1[0-2])"
# Gregorian years, and Solar Hijri years (13xx-14xx: "۱۳۶۴/۰۵/۱۲" is 1985 in Iran and Afghanistan).
_YEAR4 = r"(?:1[3489]\d\d|20\d\d)"
_ORD = r"(?:st|nd|rd|th|er|º|°|\.)?"

_MONTH_WORDS = frozenset(_MONTHS.split("|"))
_BIRTH_WORDS = _words(
    """
    born birth birthdate dob d.o.b birthday bday geboren geburtsdatum geburtstag né née ne nee
    naissance anniversaire nacido nacida nacimiento cumpleaños nascido nascida nascimento
    aniversário nato nata nascita compleanno
    """
)
_DIGIT_SEPARATOR_DIGIT = re.compile(r"\d[./-]\d")
_NUMERIC_DATE = re.compile(
    rf"(?<![\d./-])(?:{_DAY}[./-]{_MONTH_NUM}[./-](?:{_YEAR4}|\d\d)|{_MONTH_NUM}[./-]{_DAY}[./-](?:{_YEAR4}|\d\d)"
    rf"|{_YEAR4}[./-]{_MONTH_NUM}[./-]{_DAY})(?:[ T]\d\d:\d\d(?::\d\d)?)?(?![\d]|[./-]\d)"
)
_TEXT_DATE = re.compile(
    rf"\b(?:{_DAY}{_ORD}\s*(?:of\s+|de\s+)?(?:{_MONTHS})\.?,?\s*(?:de\s+|del\s+)?{_YEAR4}"
    rf"|(?:{_MONTHS})\.?\s+{_DAY}{_ORD},?\s+{_YEAR4})\b",
    re.IGNORECASE,
)
# Dates written with unit characters, year first: Chinese/Japanese 年月日 and Korean 년월일.
_UNIT_DATE = re.compile(rf"(?<!\d){_YEAR4}\s*[年년]\s*{_MONTH_NUM}\s*[月월]\s*{_DAY}\s*[日일]")
_BIRTH_CUE = re.compile(
    r"\b(?:born|birth\s*date|date\s+of\s+birth|d\.?o\.?b\.?|birthday|bday|geboren|geburtsdatum|geburtstag"
    r"|n[ée]e?\s+le|date\s+de\s+naissance|anniversaire|nac[ií]d[oa]|fecha\s+de\s+nacimiento|cumpleaños"
    r"|nascid[oa]|data\s+de\s+nascimento|aniversário|nato|nata|data\s+di\s+nascita|compleanno)\b",
    re.IGNORECASE,
)
_PARTIAL_AFTER_CUE = re.compile(
    rf"\s*(?::|on|am|le|el|em|il|the|is|was|in|en|im|no|a|de)?\s*(?:on\s+|the\s+)?"
    rf"(?:{_DAY}{_ORD}\s*(?:of\s+|de\s+)?(?:{_MONTHS})\b\.?(?:,?\s*(?:de\s+)?{_YEAR4})?"
    rf"|(?:{_MONTHS})\.?\s+{_DAY}{_ORD}(?:,?\s+{_YEAR4})?\b"
    rf"|{_DAY}[./-]{_MONTH_NUM}\b|{_YEAR4}\b)",
    re.IGNORECASE,
)


def find_dates_of_birth(text: str) -> Iterator[Detection]:
    if _DIGIT_SEPARATOR_DIGIT.search(text):
        for m in _NUMERIC_DATE.finditer(text):
            yield Detection("DOB", m.start(), m.end(), m.group(), 0.85)
    if "년" in text or "年" in text:
        for m in _UNIT_DATE.finditer(text):
            yield Detection("DOB", m.start(), m.end(), m.group(), 0.85)
    words = words_of(text)
    if words.isdisjoint(_MONTH_WORDS) and words.isdisjoint(_BIRTH_WORDS) and "d.o.b" not in text.lower():
        return
    for m in _TEXT_DATE.finditer(text):
        yield Detection("DOB", m.start(), m.end(), m.group(), 0.85)
    for cue in _BIRTH_CUE.finditer(text):
        m = _PARTIAL_AFTER_CUE.match(text, cue.end())
        if m is None:
            continue
        # Report only the date itself, not the connecting words after the cue.
        value = m.group()
        start = m.start() + len(value) - len(value.lstrip())
        lead = re.match(
            r"(?:(?::|on|am|le|el|em|il|the|is|was|in|en|im|no|a|de)\s+)*", text[start : m.end()], re.I
        )
        if lead:
            start += lead.end()
        if start < m.end():
            yield Detection("DOB", start, m.end(), text[start : m.end()], 0.9)
