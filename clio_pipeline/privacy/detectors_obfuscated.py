"""Contact details written to dodge pattern matching: spelled-out e-mails and phone numbers.

- E-mail: "john dot smith at gmail dot com", "jane (at) example (dot) org", "ivan собака mail точка ru",
  in English, Spanish/Portuguese ("arroba", "punto/ponto"), French ("arobase", "point"), German
  ("Punkt") and Russian. The domain must end in a known top-level domain, so "look at this dot com"
  and "at home dot" are left alone.
- Phone: seven or more digits written as words, digits, or both ("five five five, one two three four",
  "nine one seven 555 0134", "cinco cinco cinco..."), in en/es/fr/de/pt/it/ru, with "double"/"triple"
  repeats. Seven digits is the shortest subscriber number; fewer words in a row are usually a count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection

_AT = r"(?:at|arroba|arobase|chez|bei|собака|@|\(at\)|\[at\]|\{at\})"
_DOT = r"(?:dot|punto|ponto|point|punkt|точка|\.|\(dot\)|\[dot\]|\{dot\})"
_TLDS = (
    r"com|org|net|edu|gov|io|co|me|info|biz|dev|app|ai|us|uk|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|pl|pt|br"
    r"|in|ru|jp|cn|ca|au|mx|ar|cz|ie|gr|tr|ua|kz|by|eg|sa|ae|il|kr|tw|hk|sg|za|ng|ke|mail|email"
)
_LOCAL_PART = rf"[A-Za-z0-9_%+-]+(?:\s*{_DOT}\s*[A-Za-z0-9_%+-]+){{0,3}}"
_SPELLED_EMAIL = re.compile(
    rf"(?<![\w@]){_LOCAL_PART}\s+{_AT}\s+[A-Za-z0-9-]+(?:\s*{_DOT}\s*[A-Za-z0-9-]+){{0,2}}\s*{_DOT}\s*(?:{_TLDS})\b",
    re.IGNORECASE,
)
_SPELLED_EMAIL_WORDS = frozenset(
    ["at", "arroba", "arobase", "chez", "bei", "собака", "(at)", "[at]", "{at}"]
)

_DIGIT_WORDS = {
    # en
    "zero": 1, "oh": 1, "o": 1, "one": 1, "two": 1, "three": 1, "four": 1, "five": 1, "six": 1, "seven": 1,
    "eight": 1, "nine": 1,
    # es / pt / it
    "cero": 1, "uno": 1, "dos": 1, "tres": 1, "cuatro": 1, "cinco": 1, "seis": 1, "siete": 1, "ocho": 1,
    "nueve": 1, "um": 1, "dois": 1, "três": 1, "quatro": 1, "sete": 1, "oito": 1, "nove": 1, "due": 1,
    "tre": 1, "quattro": 1, "sei": 1, "sette": 1, "otto": 1,
    # fr / de
    "zéro": 1, "un": 1, "deux": 1, "trois": 1, "cinq": 1, "sept": 1, "huit": 1, "neuf": 1, "null": 1,
    "eins": 1, "zwei": 1, "drei": 1, "vier": 1, "fünf": 1, "sechs": 1, "sieben": 1, "acht": 1, "neun": 1,
    # ru
    "ноль": 1, "один": 1, "два": 1, "три": 1, "четыре": 1, "пять": 1, "шесть": 1, "семь": 1, "восемь": 1,
    "девять": 1,
}
_REPEATS = {"double": 1, "triple": 2, "doble": 1, "doppel": 1}  # "double five" adds one digit more
_TOKEN = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_GLUE = re.compile(r"^[\s,.\-/()]*$")
MIN_SPELLED_DIGITS = 7


def find_spelled_emails(text: str) -> Iterator[Detection]:
    lowered = text.lower()
    if not any(word in lowered for word in _SPELLED_EMAIL_WORDS) and "@" not in text:
        return
    for m in _SPELLED_EMAIL.finditer(text):
        if "@" in m.group() and re.search(r"@\S", m.group()):
            continue  # a plain address; the ordinary detector has it
        yield Detection("EMAIL", m.start(), m.end(), m.group(), 0.9)


def find_spelled_phones(text: str) -> Iterator[Detection]:
    tokens = list(_TOKEN.finditer(text))
    run_start = run_end = None
    digits = 0
    words = 0
    pending_repeat = 0
    for m in tokens:
        value = m.group().lower()
        joined = run_end is not None and _GLUE.match(text[run_end : m.start()])
        if value in _DIGIT_WORDS or value in _REPEATS or (value.isdigit() and len(value) <= 4):
            count = len(value) if value.isdigit() else _DIGIT_WORDS.get(value, 0) + pending_repeat
            pending_repeat = _REPEATS.get(value, 0)
            if run_start is None or not joined:
                if run_start is not None and digits >= MIN_SPELLED_DIGITS and words >= 3:
                    yield Detection("PHONE", run_start, run_end, text[run_start:run_end], 0.8)
                run_start, digits, words = m.start(), 0, 0
            digits += count
            words += 0 if value.isdigit() else 1
            run_end = m.end()
            continue
        if run_start is not None and digits >= MIN_SPELLED_DIGITS and words >= 3:
            yield Detection("PHONE", run_start, run_end, text[run_start:run_end], 0.8)
        run_start = run_end = None
        digits = words = pending_repeat = 0
    if run_start is not None and digits >= MIN_SPELLED_DIGITS and words >= 3:
        yield Detection("PHONE", run_start, run_end, text[run_start:run_end], 0.8)


def may_hold_spelled_digits(text: str) -> bool:
    """Cheap pre-test: a text with fewer than seven words cannot hold a spelled-out phone number."""
    return text.count(" ") >= MIN_SPELLED_DIGITS - 1
