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
# Local parts in any alphabet ("joaquín punto salcedo"): a reader types them without the accents.
_LOCAL_PART = rf"[\w%+-]+(?:\s*{_DOT}\s*[\w%+-]+){{0,3}}"
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
    "zéro": 1, "un": 1, "deux": 1, "trois": 1, "quatre": 1, "cinq": 1, "sept": 1, "huit": 1, "neuf": 1, "null": 1,
    "eins": 1, "zwei": 1, "drei": 1, "vier": 1, "fünf": 1, "sechs": 1, "sieben": 1, "acht": 1, "neun": 1,
    # ru
    "ноль": 1, "один": 1, "два": 1, "три": 1, "четыре": 1, "пять": 1, "шесть": 1, "семь": 1, "восемь": 1,
    "девять": 1,
}
# Numbers from ten to ninety written as words: two digits each ("douze", "trente-quatre" is "trente" +
# "quatre", counted 3: over-counting only makes a run reach seven digits sooner).
_TENS_WORDS = """ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty
    forty fifty sixty seventy eighty ninety diez once doce trece catorce quince dieciséis diecisiete
    dieciocho diecinueve veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa dix onze douze
    treize quatorze quinze seize vingt trente quarante cinquante soixante septante huitante octante
    nonante zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig dreißig
    vierzig fünfzig sechzig siebzig achtzig neunzig dieci undici dodici tredici quattordici quindici
    sedici diciassette diciotto diciannove venti trenta quaranta cinquanta sessanta settanta ottanta
    novanta dez onze doze treze catorze quinze dezasseis dezesseis dezassete dezessete dezoito dezanove
    dezenove vinte trinta quarenta cinquenta sessenta setenta oitenta noventa десять одиннадцать
    двенадцать двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто"""
_DIGIT_WORDS |= {word: 2 for word in _TENS_WORDS.split()}
# Words that join groups of one number ("0 7 7 0 0 then 9 0 0", "07700 and then 900 461").
_CONNECTORS = frozenset(["then", "and", "und", "dann", "et", "puis", "y", "luego", "e", "poi", "depois", "и", "потом"])
_YEAR = re.compile(r"^(?:19|20)\d\d$")
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


def _gap_joins(gap: str) -> tuple[bool, bool]:
    """(whether a gap keeps a number run going, whether it did so with a connector word)."""
    if _GLUE.match(gap):
        return True, False
    words = re.sub(r"[\s,.\-/()]+", " ", gap).split()
    joined = 0 < len(words) <= 2 and all(word.casefold() in _CONNECTORS for word in words)
    return joined, joined


def _is_phone(digits: int, words: int, connected: bool, years: bool) -> bool:
    # Seven digits with three spelled words; or ten digits split by connector words ("07700 and then 900
    # 461") where no group is a year ("in 2019 and 2021 and 2022").
    return digits >= MIN_SPELLED_DIGITS and (words >= 3 or (connected and digits >= 10 and not years))


def find_spelled_phones(text: str) -> Iterator[Detection]:
    tokens = list(_TOKEN.finditer(text))
    run_start = run_end = None
    digits = words = pending_repeat = 0
    connected = years = False
    for m in tokens:
        value = m.group().lower()
        if value in _DIGIT_WORDS or value in _REPEATS or (value.isdigit() and len(value) <= 5):
            joined, by_connector = _gap_joins(text[run_end : m.start()]) if run_end is not None else (False, False)
            count = len(value) if value.isdigit() else _DIGIT_WORDS.get(value, 0) + pending_repeat
            pending_repeat = _REPEATS.get(value, 0)
            if run_start is None or not joined:
                if run_start is not None and _is_phone(digits, words, connected, years):
                    yield Detection("PHONE", run_start, run_end, text[run_start:run_end], 0.8)
                run_start, digits, words, connected, years = m.start(), 0, 0, False, False
            digits += count
            # A digit written alone ("0 7 7 0 0") is spelled out one by one, like a number word.
            words += 0 if value.isdigit() and len(value) > 1 else 1
            connected = connected or by_connector
            years = years or bool(_YEAR.match(value))
            run_end = m.end()
            continue
        if value in _CONNECTORS and run_start is not None:
            continue  # judged with the gap before the next number
        if run_start is not None and _is_phone(digits, words, connected, years):
            yield Detection("PHONE", run_start, run_end, text[run_start:run_end], 0.8)
        run_start = run_end = None
        digits = words = pending_repeat = 0
        connected = years = False
    if run_start is not None and _is_phone(digits, words, connected, years):
        yield Detection("PHONE", run_start, run_end, text[run_start:run_end], 0.8)


def is_number_word(word: str) -> bool:
    """Whether `word` is a digit or a number from ten to ninety written as a word, in a supported language."""
    return word.casefold() in _DIGIT_WORDS


def may_hold_spelled_digits(text: str) -> bool:
    """Cheap pre-test: a text with fewer than seven words cannot hold a spelled-out phone number."""
    return text.count(" ") >= MIN_SPELLED_DIGITS - 1
