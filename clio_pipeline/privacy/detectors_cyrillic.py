"""NAME, ADDRESS and DOB detectors for Cyrillic text (Russian first; Ukrainian, Bulgarian, Serbian share them).

Names: `pymorphy3`'s dictionary and guesser (name_models.cyrillic_name_score) say how likely a word is a
given name, surname or patronymic, in any of its cases ("Всеволода", "Пржевальскому"). A capitalised
word that is probably a name (score >= 0.5), or any word after a cue ("меня зовут", "господин"), starts
a name; following words that may be names (score >= 0.2, or unknown to the dictionary) continue it.
Lower-case and upper-case writing is handled the same way: the score does not depend on case, so
"всеволод пржевальский" and "ВСЕВОЛОД ПРЖЕВАЛЬСКИЙ" are found; in mixed-case text a lower-case word
needs a higher score (0.8) and a dictionary entry, since "вера" and "роза" are also ordinary nouns and
the guesser scores unknown words of other Cyrillic languages (Kazakh "жауады") by Russian endings.
Addresses: street type words ("ул.", "улица", "проспект", "переулок"...) with a house number, and the
"д. 5, кв. 12" tail. Dates: "2 марта 1966 г.", and "родился в 1966 году" after a birth cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.detectors_script_pairs import find_cyrillic_pairs
from clio_pipeline.privacy.name_models import CYRILLIC_NAME_SCORE, cyrillic_is_known, cyrillic_name_score
from clio_pipeline.privacy.vocabulary import is_general_word

_L = "А-Яа-яЁёІіЇїЄєҐґЎўЈјЉљЊњЋћЂђЏџҚқҒғҮүҰұҺһӘәӨөҢң"
_WORD = re.compile(rf"[{_L}]+(?:-[{_L}]+)?")
_CUE = re.compile(
    r"(?:меня\s+зовут|его\s+зовут|её\s+зовут|ее\s+зовут|зовут|звали|моё\s+имя|мое\s+имя|имя\s*:|фамилия\s*:?"
    r"|господин[ау]?|госпож[аеу]|г-н|г-жа|уважаем(?:ый|ая)|дорог(?:ой|ая)|мене\s+звати|звуча\s+се|казвам\s+се)"
    r"[\s,:]+",
    re.IGNORECASE,
)
# Letters of other Cyrillic alphabets (Kazakh, Ukrainian, Belarusian, Serbian, Macedonian...): the Russian
# model's guesser scores their words by Russian endings ("сайын", "алу" come out as surnames), so in such
# a text a name needs a cue, a capital where a sentence cannot start, or a second name-like capital word.
_NON_RUSSIAN = re.compile(r"[ІіЇїЄєҐґЎўЈјЉљЊњЋћЂђЏџҚқҒғҮүҰұҺһӘәӨөҢң]")
# Words after which a capital says "sentence start", not "name".
_SENTENCE_END = ".!?…\n\"«“:"
CONTINUE_SCORE = 0.2
LOWERCASE_SCORE = 0.8

_STREET_TYPES = (
    r"ул\.|улица|улице|улицу|пр-т|проспект[ае]?|пр\.|пер\.|переул(?:ок|ке)|бульвар[ае]?|б-р|шоссе|наб\.|набережн(?:ая|ой)"
    r"|площадь|пл\.|мкр\.?|микрорайон[ае]?|проезд[ае]?|тупик|аллея|вулиця|вул\.|булевард|ulica"
)
_ADDRESS = re.compile(
    rf"(?:(?:г\.|город[ае]?|гор\.|с\.|пос\.|пгт)\s*[{_L}][{_L}-]+,?\s*)?(?:{_STREET_TYPES})\s*[{_L}0-9][{_L}0-9.\- ]{{0,40}}?"
    rf",?\s*(?:(?:д\.|дом)\s*)?\d+[а-яА-Я]?(?:/\d+)?"
    rf"(?:\s*,?\s*(?:корп\.|корпус|к\.|стр\.|строение)\s*\d+)?(?:\s*,?\s*(?:кв\.|квартира|оф\.|офис)\s*\d+)?",
    re.IGNORECASE,
)
# A street cut off before its number (a summary split at the abbreviation "д."): "улица Пушкина, д."
_STREET_BEFORE_HOUSE = re.compile(rf"(?:{_STREET_TYPES})\s*[{_L}][{_L}-]+(?:\s+[{_L}][{_L}-]+)?,?\s*(?:д\.|дом\b)", re.I)
_HOUSE_TAIL = re.compile(r"(?:д\.|дом)\s*\d+[а-я]?(?:\s*,?\s*(?:корп\.|к\.)\s*\d+)?\s*,?\s*(?:кв\.|квартира)\s*\d+", re.I)
_POSTCODE = re.compile(r"(?:индекс|почтовый\s+индекс)\s*:?\s*(\d{6})", re.IGNORECASE)
_MONTHS = (
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    "|січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня"
)
_DATE = re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}(?:\s*(?:г\.|года|год|р\.|року))?", re.IGNORECASE)
_BIRTH = re.compile(
    r"(?:родил(?:ся|ась)|дата\s+рождения|д\.\s?р\.|день\s+рождения|народи(?:вся|лася))\s*:?\s*(?:в\s+|во\s+)?"
    rf"((?:\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?|\d{{4}})(?:\s*(?:г\.|году|года|р\.|році))?)",
    re.IGNORECASE,
)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in _SENTENCE_END


def _may_continue(word: str, lowercase_text: bool) -> bool:
    if not (_is_capitalised(word) or lowercase_text or word.isupper()):
        return cyrillic_name_score(word) >= LOWERCASE_SCORE and cyrillic_is_known(word)
    return cyrillic_name_score(word) >= CONTINUE_SCORE or not (cyrillic_is_known(word) or is_general_word(word))


def _named_pair(text: str, words: list[re.Match[str]], index: int) -> bool:
    """The next word is a capitalised likely name right after this one: "Олена Коваленко"."""
    if index + 1 >= len(words) or text[words[index].end() : words[index + 1].start()] != " ":
        return False
    following = words[index + 1].group()
    return _is_capitalised(following) and (
        cyrillic_name_score(following) >= CYRILLIC_NAME_SCORE or not cyrillic_is_known(following)
    )


def find_cyrillic_names(text: str) -> Iterator[Detection]:
    words = list(_WORD.finditer(text))
    if not words:
        return
    lowercase_text = text == text.lower()
    russian = _NON_RUSSIAN.search(text) is None
    cue_ends = {m.end() for m in _CUE.finditer(text)}
    index = 0
    while index < len(words):
        m = words[index]
        word = m.group()
        cued = m.start() in cue_ends
        score = cyrillic_name_score(word)
        capital = _is_capitalised(word) or word.isupper()
        starts = (
            cued
            or (capital and score >= CYRILLIC_NAME_SCORE)
            or (not capital and score >= LOWERCASE_SCORE and cyrillic_is_known(word))
            or (capital and not _sentence_start(text, m.start()) and score >= CONTINUE_SCORE
                and not cyrillic_is_known(word))
        )
        if starts and not russian and not cued:
            starts = capital and not lowercase_text and (
                (starts and not _sentence_start(text, m.start())) or _named_pair(text, words, index)
            )
        if not starts or len(word) < 2:
            index += 1
            continue
        end = m.end()
        nxt = index + 1
        while nxt < len(words) and nxt - index < 3 and text[end : words[nxt].start()] in (" ", "\u00a0"):
            if not _may_continue(words[nxt].group(), lowercase_text):
                break
            end = words[nxt].end()
            nxt += 1
        start = m.start()
        if index > 0 and not cued and text[words[index - 1].end() : start] in (" ", "\u00a0"):
            # A capitalised word right before a name is its given name even when the dictionary reads it
            # as a word first ("Злата Мельникова": "злата" is also poetic "of gold").
            previous = words[index - 1].group()
            if _is_capitalised(previous) and cyrillic_name_score(previous) >= CONTINUE_SCORE:
                start = words[index - 1].start()
        yield Detection("NAME", start, end, text[start:end], 0.8 if end > m.end() or cued else 0.7)
        index = nxt


def find_cyrillic_addresses(text: str) -> Iterator[Detection]:
    for pattern in (_ADDRESS, _HOUSE_TAIL, _STREET_BEFORE_HOUSE):
        for m in pattern.finditer(text):
            yield Detection("ADDRESS", m.start(), m.end(), m.group(), 0.85)
    for m in _POSTCODE.finditer(text):
        yield Detection("ADDRESS", m.start(1), m.end(1), m.group(1), 0.8)


def find_cyrillic_dates_of_birth(text: str) -> Iterator[Detection]:
    for m in _DATE.finditer(text):
        yield Detection("DOB", m.start(), m.end(), m.group(), 0.85)
    for m in _BIRTH.finditer(text):
        yield Detection("DOB", m.start(1), m.end(1), m.group(1), 0.85)


def find_cyrillic(text: str) -> Iterator[Detection]:
    """All three detectors; the scrubber calls this only for text holding Cyrillic letters."""
    yield from find_cyrillic_dates_of_birth(text)
    yield from find_cyrillic_addresses(text)
    yield from find_cyrillic_names(text)
    yield from find_cyrillic_pairs(text)
