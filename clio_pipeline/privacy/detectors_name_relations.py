"""Names after a relation or a title, in scripts and languages with no name model of their own.

Hebrew, Devanagari, Thai, Persian, Korean and Turkish names fill their languages' frequency lists
("יוסי" Zipf 4.9, "فرهاد" 4.7, "Şükrü" 4.3), so no "is it a word?" test finds them. Two signals do:

- where they stand: right after a word for a relation or role ("my friend", "my neighbour", "my
  colleague", "the patient", "Dr.", "Mr.") the next one to three words are a person's name when they
  are not among the commonest words of the language (name_models.unmodelled_name_like). Turkish, a
  cased language, also needs the words capitalised; a Korean name must start with a family-name
  syllable; Thai, written without spaces between words, has its names after a title ("คุณสมชาย");
- a name list: two or three adjacent words of a script without a model where each could be a name and
  one is a given or family name of Faker's lists (name_gazetteer.py): "יוסי אברמוביץ".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.name_gazetteer import is_listed_name
from clio_pipeline.privacy.name_lists_scripts import KOREAN_SURNAMES
from clio_pipeline.privacy.name_models import is_frequent_word, unmodelled_name_like
from clio_pipeline.privacy.scripts import DEVANAGARI, HANGUL, HEBREW, LATIN, word_script

_CUES = frozenset(["חבר", "חברה", "החבר", "החברה", "שכן", "השכן", "שכנה", "השכנה", "שלי", "אחי", "אחותי", "אבי", "אמי", "בעלי", "אשתי", "בני", "בתי", "הרופא", "הרופאה", "מר", "גברת", "עמית", "עמיתה", "המנהל", "המטופל", "המטופלת", "दोस्त", "मित्र", "पड़ोसी", "पड़ोसन", "भाई", "बहन", "पिता", "माता", "पति", "पत्नी", "बेटा", "बेटी", "सहकर्मी", "डॉक्टर", "डॉ", "श्री", "श्रीमती", "सुश्री", "मरीज़", "मरीज", "बॉस", "चाचा", "मामा", "دوستم", "دوست", "همسایه", "همسایه\u200cام", "همکارم", "برادرم", "خواهرم", "پدرم", "مادرم", "شوهرم", "همسرم", "پسرم", "دخترم", "دکتر", "آقای", "خانم", "بیمار", "친구", "이웃", "동료", "남편", "아내", "형", "누나", "언니", "오빠", "아들", "딸", "선생님", "환자", "사장님", "komşum", "arkadaşım", "meslektaşım", "kardeşim", "ablam", "abim", "annem", "babam", "eşim", "kocam", "karım", "oğlum", "kızım", "doktorum", "patronum", "hastam", "bay", "bayan", "sayın"])
# Thai titles, written before the given name: the chunk that ends with one is followed by the name.
_THAI_TITLES = ("คุณ", "นางสาว", "นาย", "นาง", "หมอ", "ด.ช.", "ด.ญ.")
_MARKS = "\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0903\u093a-\u094f\u0951-\u0957" \
         "\u0962\u0963\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u200c"
_TOKEN = re.compile(rf"[\w{_MARKS}]+(?:['’][\w{_MARKS}]+)?")
_UNMODELLED = frozenset({HEBREW, DEVANAGARI})
# Hindi postpositions, copulas and conjunctions: never part of a name after a role word.
_HI_FUNCTION = frozenset(["ने", "को", "से", "का", "की", "के", "में", "पर", "तक", "है", "हैं", "था", "थी", "थे", "और", "भी", "तो", "ही"])
# A cased name may have three parts ("Ayşe Nur Yılmaz"); where case cannot end a name, two: the word
# after a two-part name is as uncommon as a name in these lists ("יוסי אברמוביץ חולה", ill).
_MAX_NAME_WORDS = 3
_MAX_UNCASED_WORDS = 2


def _name_word(word: str) -> bool:
    if word in _HI_FUNCTION:
        return False  # "डॉक्टर ने कहा": the doctor (ergative) said
    script = word_script(word)
    if script == HANGUL:  # a family-name syllable and one to three more, maybe with a particle
        return 2 <= len(word) <= 5 and word[0] in KOREAN_SURNAMES and unmodelled_name_like(word)
    if script == LATIN:  # title case: "HIV" or "NASA" after a name is no part of it
        return word[:1].isupper() and not word.isupper() and unmodelled_name_like(word.split("'")[0].split("’")[0])
    return unmodelled_name_like(word)


def _after_cues(text: str, tokens: list[re.Match[str]]) -> Iterator[Detection]:
    for index, cue in enumerate(tokens):
        if cue.group().casefold() not in _CUES:
            continue
        names: list[re.Match[str]] = []
        after = tokens[index + 1 : index + 1 + _MAX_NAME_WORDS]
        if after and word_script(after[0].group()) != LATIN:
            after = after[:_MAX_UNCASED_WORDS]
        for m in after:
            gap = text[(names[-1] if names else cue).end() : m.start()]
            if gap.strip() or not _name_word(m.group()) or m.group().casefold() in _CUES:
                break
            names.append(m)
        if names:
            yield Detection("NAME", names[0].start(), names[-1].end(), text[names[0].start() : names[-1].end()], 0.75)


def _listed_pairs(text: str, tokens: list[re.Match[str]]) -> Iterator[Detection]:
    run: list[re.Match[str]] = []
    for m in [*tokens, None]:
        keep = (m is not None and word_script(m.group()) in _UNMODELLED and m.group() not in _CUES
                and unmodelled_name_like(m.group())
                and (not run or not text[run[-1].end() : m.start()].strip()))
        if keep and len(run) < _MAX_UNCASED_WORDS:
            run.append(m)
            continue
        if len(run) >= 2 and any(is_listed_name(r.group()) and not is_frequent_word(r.group()) for r in run):
            yield Detection("NAME", run[0].start(), run[-1].end(), text[run[0].start() : run[-1].end()], 0.7)
        run = [m] if keep else []


def _thai(text: str) -> Iterator[Detection]:
    """A listed name between spaces; names after a title are found by detectors_name_ko_th.py, which knows
    the words that only begin like a title ("คุณภาพ" quality, "นายก" prime minister)."""
    for chunk in re.finditer(r"\S+", text):
        if chunk.group() not in _THAI_TITLES and is_listed_name(chunk.group()):
            yield Detection("NAME", chunk.start(), chunk.end(), chunk.group(), 0.7)


def find_relation_names(text: str) -> Iterator[Detection]:
    """Names after a relation or title word, and listed-name runs, in the scripts of the module docstring."""
    tokens = list(_TOKEN.finditer(text))
    yield from _after_cues(text, tokens)
    yield from _listed_pairs(text, tokens)
    if max(text) >= "\u0e00" and any("\u0e00" <= c <= "\u0e7f" for c in text):
        yield from _thai(text)
